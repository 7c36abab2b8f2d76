"""Measures kit serve under a workshop's load, on SQLite and PostgreSQL, with one instance or two behind no proxy.

Run: python bench/bench_serve.py [--phones 30,100,300] [--saves 5] [--instances 1,2] [--postgres URL]
                                 [--keepalive 300 --hold 20]

Each instance is a real `kit serve` process (waitress, 16 threads) on a free loopback
port; with two, the phones take turns between them and both use one database. Every
phone GETs its card's form and POSTs `--saves` answers as fast as it can, all phones
at the same moment; the bench prints saves per second, the median and 95th percentile
of a save, and checks that every save is stored. The rate limits are off (every phone
here has the same address).

`--keepalive N --hold S`: N phones save once and keep their connection open S seconds,
as browsers do; meanwhile one more phone GETs pages, and the bench prints the median
and 95th percentile of those GETs (they used to wait for the held connections).
"""

from __future__ import annotations

import argparse
import http.client
import http.cookiejar
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kit.workshop.store import Store  # noqa: E402

TOKEN = re.compile(r'name="token" value="([0-9a-f]+)"')
CARDS = [f"{p}{n:02d}" for p in "TCODR" for n in range(1, 6)]


class _Keep303(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Instance:
    """One `kit serve` process on loopback."""

    def __init__(self, database: str, *options: str):
        self.port = free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kit", "serve", "--port", str(self.port), "--database", database, "--saves-per-minute", "0",
             "--lookups-per-minute", "0", "--creations-per-hour", "0",
             "--history", "100000", *options],  # every save kept, so that stored == sent proves none was lost
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "PYTHONDONTWRITEBYTECODE": ""})
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise SystemExit(f"kit serve did not start on port {self.port}")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def phone(urls: list[str], saves: int, timings: list, failures: list, start: threading.Barrier) -> None:
    """GET the form from the first instance, then save `saves` times, taking turns between the instances."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _Keep303)
    with opener.open(urls[0], timeout=120) as response:
        form_token = TOKEN.search(response.read().decode()).group(1)
    start.wait()
    for n in range(saves):
        url = urls[n % len(urls)]
        body = urllib.parse.urlencode({"token": form_token, "green": str(n), "red": "0", "motivation": f"{url} {n}"}).encode()
        began = time.perf_counter()
        try:
            opener.open(urllib.request.Request(url, data=body), timeout=120)
            failures.append("no redirect")
        except urllib.error.HTTPError as error:
            if error.code != 303:
                failures.append(f"HTTP {error.code}")
        except OSError as error:
            failures.append(type(error).__name__)
        timings.append(time.perf_counter() - began)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * share + 0.999) - 1)]


def saves_run(database: str, phones: int, saves: int, instances: int) -> str:
    store = Store(database)
    workshop, _ = store.create_workshop("Benchgemeente", "2026-03-17", "nl")
    servers = [Instance(database) for _ in range(instances)]
    try:
        timings, failures = [], []
        start = threading.Barrier(phones + 1)
        threads = []
        for i in range(phones):
            card = CARDS[i % len(CARDS)]
            urls = [f"{s.url}/w/{workshop.code}/c/{card}" for s in servers[i % instances:] + servers[:i % instances]]
            threads.append(threading.Thread(target=phone, args=(urls, saves, timings, failures, start)))
        for t in threads:
            t.start()
        start.wait()
        began = time.perf_counter()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - began
        stored = store.count_answers(workshop)
    finally:
        for server in servers:
            server.stop()
        store.close()
    kind = database.split(":", 1)[0].split("+")[0]
    verdict = "ok" if not failures and stored == len(timings) else f"LOST: stored {stored} of {len(timings)}, {len(failures)} failures"
    return (f"{kind:<10} {instances}  {phones:>5} x {saves}  {len(timings) / elapsed:7.0f}  "
            f"{statistics.median(timings) * 1000:7.0f}  {percentile(timings, 0.95) * 1000:7.0f}  {verdict}")


def keepalive_run(database: str, phones: int, hold: float) -> str:
    """`phones` keep-alive connections that saved once and stay open `hold` seconds, and GETs beside them."""
    store = Store(database)
    workshop, _ = store.create_workshop("Benchgemeente", "2026-03-17", "nl")
    server = Instance(database)
    held, timings = [], []
    try:
        for i in range(phones):
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
            connection.request("GET", f"/w/{workshop.code}/c/{CARDS[i % len(CARDS)]}")
            connection.getresponse().read()  # the connection stays open, as a browser keeps it
            held.append(connection)
        deadline = time.time() + hold
        while time.time() < deadline:
            began = time.perf_counter()
            with urllib.request.urlopen(f"{server.url}/w/{workshop.code}", timeout=60) as response:
                response.read()
            timings.append(time.perf_counter() - began)
            time.sleep(0.1)
    finally:
        for connection in held:
            connection.close()
        server.stop()
        store.close()
    kind = database.split(":", 1)[0].split("+")[0]
    return (f"{kind:<10} {phones} connections held {hold:g} s: {len(timings)} GETs beside them, median "
            f"{statistics.median(timings) * 1000:.0f} ms, 95th percentile {percentile(timings, 0.95) * 1000:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", default="30,100,300", help="phone counts, comma-separated")
    parser.add_argument("--saves", type=int, default=5)
    parser.add_argument("--instances", default="1,2", help="instance counts, comma-separated")
    parser.add_argument("--postgres", default=os.environ.get("KIT_TEST_POSTGRES_URL", ""),
                        help="a PostgreSQL database URL (default: $KIT_TEST_POSTGRES_URL; none: SQLite only)")
    parser.add_argument("--keepalive", type=int, default=0, help="phones that keep their connection open")
    parser.add_argument("--hold", type=float, default=20.0)
    args = parser.parse_args()
    scratch = tempfile.mkdtemp(prefix="kit-bench-serve-")
    databases = [f"sqlite:///{scratch}/kit.sqlite3"] + ([args.postgres] if args.postgres else [])
    if args.keepalive:
        for database in databases:
            print(keepalive_run(database, args.keepalive, args.hold), flush=True)
        return
    print("database   n  phones x saves  saves/s  median ms  p95 ms")
    for database in databases:
        for instances in (int(n) for n in args.instances.split(",")):
            for phones in (int(n) for n in args.phones.split(",")):
                print(saves_run(database, phones, args.saves, instances), flush=True)


if __name__ == "__main__":
    main()
