"""Measures kit serve under a workshop's load: phones that each open a card form and save it, all at once.

Run: python bench/bench_serve.py [--phones 30] [--saves 5] [--database URL]
Starts the real server (waitress, 16 threads) on a free loopback port with a
fresh SQLite file (or the given database), lets every phone GET its form and
POST `--saves` answers as fast as it can, then prints saves per second, the
median and 95th-percentile time of a save, and checks that every save is stored.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import logging
import re
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kit.workshop.store import Store
from kit.workshop.web.app import create_app
from kit.workshop.web.server import make_server, stop

TOKEN = re.compile(r'name="token" value="([0-9a-f]+)"')


class _Keep303(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def phone_run(base: str, card: str, saves: int, timings: list, failures: list, start: threading.Barrier) -> None:
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _Keep303)
    url = f"{base}/c/{card}"
    with opener.open(url, timeout=60) as response:
        form_token = TOKEN.search(response.read().decode()).group(1)
    start.wait()
    for n in range(saves):
        body = urllib.parse.urlencode({"token": form_token, "green": str(n), "red": "0", "motivation": f"{card} {n}"}).encode()
        began = time.perf_counter()
        try:
            opener.open(urllib.request.Request(url, data=body), timeout=60)
            failures.append(f"{card}: no redirect")
        except urllib.error.HTTPError as error:
            if error.code != 303:
                failures.append(f"{card}: HTTP {error.code}")
        timings.append(time.perf_counter() - began)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=30)
    parser.add_argument("--saves", type=int, default=5)
    parser.add_argument("--database", help="database URL (default: a fresh SQLite file)")
    args = parser.parse_args()
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    scratch = tempfile.mkdtemp(prefix="kit-bench-serve-")
    store = Store(args.database or f"sqlite:///{scratch}/kit.sqlite3")
    workshop, _ = store.create_workshop("Benchgemeente", "2026-03-17", "nl")
    server = make_server(create_app(store), "127.0.0.1", 0)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.effective_port}/w/{workshop.code}"
    cards = [f"{p}{n:02d}" for p in "TCODR" for n in range(1, 6)]
    timings, failures = [], []
    start = threading.Barrier(args.phones + 1)
    phones = [threading.Thread(target=phone_run, args=(base, cards[i % len(cards)], args.saves, timings, failures, start))
              for i in range(args.phones)]
    for t in phones:
        t.start()
    start.wait()
    began = time.perf_counter()
    for t in phones:
        t.join()
    elapsed = time.perf_counter() - began
    stored = store.count_answers(workshop)
    stop(server)
    thread.join(timeout=10)
    timings.sort()
    print(f"database: {store.describe()}")
    print(f"{args.phones} phones x {args.saves} saves = {len(timings)} saves in {elapsed:.2f} s: "
          f"{len(timings) / elapsed:.0f} saves/s; per save median {statistics.median(timings) * 1000:.0f} ms, "
          f"95th percentile {timings[int(len(timings) * 0.95) - 1] * 1000:.0f} ms")
    print(f"stored {stored} of {len(timings)}; failures: {len(failures)}")
    store.close()
    if failures or stored != len(timings):
        sys.exit(1)


if __name__ == "__main__":
    main()
