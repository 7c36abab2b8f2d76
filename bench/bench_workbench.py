"""Measures the trekker's workbench of kit serve: a workshop's kit built on demand (cold and cached), what the other
requests see while it is made, trekkers of several workshops asking for their kits at once, and 10 trekkers
downloading at once.

Run: python bench/bench_workbench.py [--trekkers 10] [--workshops 10] [--builds 2] [--database URL]

`kit serve` runs as a process of its own on a free loopback port (waitress, 16 threads), with its data folder in a
scratch folder and SQLite (or the database given). The bench goes the trekker's way over HTTP: it reads the form
token from the overview and posts the workbench's kit form, then follows the build's JSON as kit.js does (every
0.2 s here, to time it closely).

- cold: from posting the kit form to the build being done (a worker process starts, makes the cards, legplan,
  matrix, voting sheet and fiches, manual and booklet, calibration sheet, the preflight and the ZIP); meanwhile
  another client GETs a card's form every 0.2 s, and the bench prints the median and the slowest of those GETs;
- cached: posting the same settings again, to the files being there (no build);
- N workshops at once: N trekkers of N workshops post their kit forms at the same moment; the wall time until
  every kit is done, and the median and slowest per trekker (at most --builds builds run at once);
- downloads: N trekkers download the workshop's ZIP (and every file of the kit) at the same moment: the median
  and slowest download, the bytes per second all together, and whether every download is the file on disk.
"""

from __future__ import annotations

import argparse
import hashlib
import http.cookiejar
import json
import re
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_serve import Instance, percentile  # noqa: E402
from kit.workshop.store import Store  # noqa: E402
from kit.workshop.workbench import Workbench, build_folder  # noqa: E402

TOKEN = re.compile(r'name="token" value="([0-9a-f]+)"')
SETTINGS = {"paper": "A4", "cards": "poker", "flip": "long", "offset_x": "0", "offset_y": "0"}


class _Keep303(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Trekker:
    """A browser with its cookie, on one workshop's overview."""

    def __init__(self, url: str, secret: str):
        self.url, self.secret = url, secret
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _Keep303)

    def get(self, path: str, timeout: float = 120) -> bytes:
        with self.opener.open(f"{self.url}{path}", timeout=timeout) as answer:
            return answer.read()

    def ask_kit(self, **settings) -> int:
        """Post the kit form as the overview's page has it; the build's number."""
        page = self.get(f"/o/{self.secret}").decode("utf-8")
        form_token = TOKEN.search(page[page.index('id="legplan"'):]).group(1)
        body = urllib.parse.urlencode({"token": form_token, **SETTINGS, **settings}).encode()
        try:
            self.opener.open(urllib.request.Request(f"{self.url}/o/{self.secret}/kit", data=body), timeout=120)
        except urllib.error.HTTPError as error:
            if error.code != 303:
                raise
            return int(error.headers["Location"].rsplit("/", 1)[1])
        raise SystemExit("the kit form did not answer with a redirect")

    def wait(self, build: int, every: float = 0.2) -> str:
        while True:
            state = json.loads(self.get(f"/o/{self.secret}/builds/{build}.json"))["state"]
            if state in ("done", "failed"):
                return state
            time.sleep(every)


def meanwhile(url: str, stop: threading.Event, timings: list) -> None:
    """A phone that GETs a card's form every 0.2 s while the kit is made."""
    while not stop.is_set():
        began = time.perf_counter()
        with urllib.request.urlopen(url, timeout=60) as answer:
            answer.read()
        timings.append(time.perf_counter() - began)
        stop.wait(0.2)


def cold_and_cached(url: str, store: Store) -> tuple[Trekker, int]:
    workshop, secret = store.create_workshop("Benchgemeente", "2026-03-17", "nl")
    trekker = Trekker(url, secret)
    stop, gets = threading.Event(), []
    phone = threading.Thread(target=meanwhile, args=(f"{url}/w/{workshop.code}/c/T01", stop, gets))
    phone.start()
    began = time.perf_counter()
    build = trekker.ask_kit()
    state = trekker.wait(build)
    cold = time.perf_counter() - began
    stop.set()
    phone.join()
    began = time.perf_counter()
    again = trekker.ask_kit()
    cached = time.perf_counter() - began
    assert again == build and trekker.wait(again) == "done"
    print(f"cold: {cold:.2f} s from the form to the kit ({state}); a card's form meanwhile: median "
          f"{statistics.median(gets) * 1000:.0f} ms, slowest {max(gets) * 1000:.0f} ms over {len(gets)} GETs")
    print(f"cached: {cached * 1000:.0f} ms from the same form to the same files")
    began = time.perf_counter()
    changed = trekker.ask_kit(flip="short")
    trekker.wait(changed)
    print(f"a setting changed (flip short): {time.perf_counter() - began:.2f} s to the new kit")
    return trekker, build


def at_once(jobs: list) -> float:
    """Run each job in a thread of its own, all let go at the same moment; the seconds until the last is done."""
    start = threading.Barrier(len(jobs) + 1)

    def run(job) -> None:
        start.wait()
        job()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    return time.perf_counter() - began


def many_workshops(url: str, store: Store, count: int, limit: int) -> None:
    trekkers = [Trekker(url, store.create_workshop(f"Benchgemeente {n}", "", "nl")[1]) for n in range(count)]
    took, states = [], []

    def ask(trekker: Trekker) -> None:
        began = time.perf_counter()
        states.append(trekker.wait(trekker.ask_kit(), every=1.0))
        took.append(time.perf_counter() - began)

    wall = at_once([partial(ask, trekker) for trekker in trekkers])
    print(f"{count} workshops' kits asked for at once ({limit} built at a time): all done after "
          f"{wall:.1f} s; per trekker median {statistics.median(took):.1f} s, slowest {max(took):.1f} s; "
          f"{states.count('done')} done")


def downloads(trekker: Trekker, store: Store, build: int, data: Path, count: int) -> None:
    workshop = store.workshop_by_secret(trekker.secret)
    made = Workbench(store).get(workshop, build)
    folder = build_folder(data, workshop.code, made.key)
    names = [f["name"] for f in made.files]
    zip_name = next(f["name"] for f in made.files if f["kind"] == "zip")
    expected = {name: hashlib.sha256((folder / name).read_bytes()).hexdigest() for name in names}
    for label, wanted in (("the ZIP", [zip_name]), ("every file", names)):
        took, wrong, size = [], [], []

        def fetch(other: Trekker, wanted=wanted, took=took, wrong=wrong, size=size) -> None:
            began = time.perf_counter()
            for name in wanted:
                data = other.get(f"/o/{trekker.secret}/files/{build}/{urllib.parse.quote(name)}")
                size.append(len(data))
                if hashlib.sha256(data).hexdigest() != expected[name]:
                    wrong.append(name)
            took.append(time.perf_counter() - began)

        others = [Trekker(trekker.url, trekker.secret) for _ in range(count)]  # each with its own connection
        wall = at_once([partial(fetch, other) for other in others])
        print(f"{count} trekkers download {label} ({sum(size) / count / 1e6:.1f} MB each) at once: median "
              f"{statistics.median(took) * 1000:.0f} ms, 95th percentile {percentile(took, 0.95) * 1000:.0f} ms, "
              f"{sum(size) / wall / 1e6:.0f} MB/s together; {len(wrong)} wrong files")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--trekkers", type=int, default=10)
    parser.add_argument("--workshops", type=int, default=10)
    parser.add_argument("--builds", type=int, default=2)
    parser.add_argument("--database", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        data = Path(scratch) / "data"
        database = args.database or f"sqlite:///{Path(scratch) / 'kit.sqlite3'}"
        store = Store(database)
        server = Instance(database, "--data", str(data), "--workbench-per-hour", "0", "--builds", str(args.builds))
        try:
            print(f"kit serve on {store.describe()}, {args.builds} builds at once")
            trekker, build = cold_and_cached(server.url, store)
            downloads(trekker, store, build, data, args.trekkers)
            many_workshops(server.url, store, args.workshops, args.builds)
        finally:
            server.stop()
            store.close()


if __name__ == "__main__":
    main()
