"""Measures the online legplan: how long a move takes to show on 30 other boards, and what 30 participants cost the server.

Run: python bench/bench_board.py [--boards 30] [--seconds 40] [--moves-every 2] [--instances 1,2] [--postgres URL]

`kit serve` runs as its own process (waitress, 16 threads) on a free loopback port,
on SQLite and, with a URL, on PostgreSQL; with two instances the boards and the
mover take turns between them and share one database. Each of the `--boards`
participants joined with a name and behaves as static/board.js does: it asks
`board.json?since=<version>` once a second (from a random moment, so the boards do
not poll in step) and places one of its stickers every few seconds. Another
browser moves a card every `--moves-every` seconds. For every move the bench notes
when each board first got a version at least as new as the move's, and prints the
median and 95th percentile of those delays (from sending the move), with the
requests per second and the CPU time the kit serve processes used (from
/proc/<pid>/stat, as a share of one core), and checks the stickers' totals.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import random
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_serve import Instance, percentile  # noqa: E402

from kit.content.catalog import DEFAULT_CONTENT, load_language  # noqa: E402
from kit.workshop.board import STICKERS, Boards  # noqa: E402
from kit.workshop.store import Store  # noqa: E402

TOKEN = re.compile(r'name="token" value="([0-9a-f]+)"')
POLL_SECONDS = 1.0  # as static/board.js
ZONES = ("short", "long", "aside", "existing", "pile")


class _Keep303(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One browser on the board: its cookies, its form token, its instance."""

    def __init__(self, url: str, code: str, name: str = ""):
        self.url, self.code = url, code
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _Keep303)
        with self.opener.open(f"{url}/w/{code}/board", timeout=60) as response:
            self.token = TOKEN.search(response.read().decode()).group(1)
        if name:
            self.post("join", {"name": name})
        self.requests = 0

    def post(self, action: str, data: dict) -> dict:
        body = urllib.parse.urlencode({"token": self.token, **data}).encode()
        request = urllib.request.Request(f"{self.url}/w/{self.code}/board/{action}", data=body,
                                         headers={"Accept": "application/json"})
        try:
            with self.opener.open(request, timeout=60) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as error:
            text = error.read()
            return json.loads(text) if error.code != 303 and text[:1] == b"{" else {"ok": error.code == 303}

    def poll(self, since: int) -> int:
        with self.opener.open(f"{self.url}/w/{self.code}/board.json?since={since}", timeout=60) as response:
            return json.loads(response.read())["version"]


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def participant(browser: Browser, cards: list[str], stop: threading.Event, seen: list, counts: dict, lock) -> None:
    """Poll once a second, note when each version arrived, and now and then place a sticker."""
    version, placed = 0, 0
    time.sleep(random.uniform(0, POLL_SECONDS))
    next_sticker = time.perf_counter() + random.uniform(1, 4)
    while not stop.is_set():
        began = time.perf_counter()
        newer = browser.poll(version)
        arrived = time.perf_counter()
        if newer != version:
            seen.append((newer, arrived))
            version = newer
        counts["polls"] += 1
        if placed < 2 * STICKERS and arrived >= next_sticker:
            colour = "green" if placed % 2 == 0 else "red"
            answer = browser.post("sticker", {"card": cards[placed], "colour": colour})
            with lock:
                counts["stickers"] += bool(answer.get("ok"))
            placed += 1
            next_sticker = arrived + random.uniform(1.5, 4.5)
        time.sleep(max(0.0, POLL_SECONDS - (time.perf_counter() - began)))


def run(database: str, boards: int, seconds: float, moves_every: float, instances: int) -> str:
    store = Store(database)
    workshop, _ = store.create_workshop("Benchgemeente", "2026-03-17", "nl")
    catalog = load_language(DEFAULT_CONTENT, "nl")
    voted = [c.id for c in catalog.cards if not c.blank and catalog.category(c.category).voting]
    movable = [c.id for c in catalog.cards if not c.blank]
    servers = [Instance(database, "--board-actions-per-minute", "0", "--joins-per-hour", "0") for _ in range(instances)]
    try:
        people = [Browser(servers[n % instances].url, workshop.code, f"Deelnemer {n}") for n in range(boards)]
        mover = Browser(servers[-1].url, workshop.code)
        stop, lock = threading.Event(), threading.Lock()
        seen = [[] for _ in people]
        counts = {"polls": 0, "stickers": 0}
        threads = [threading.Thread(target=participant, args=(person, random.sample(voted, 2 * STICKERS), stop, seen[n], counts,
                                                              lock)) for n, person in enumerate(people)]
        cpu_before = sum(cpu_seconds(s.process.pid) for s in servers)
        began = time.perf_counter()
        for thread in threads:
            thread.start()
        moves = []
        time.sleep(2.0)  # every board has its first state
        while time.perf_counter() - began < seconds:
            sent = time.perf_counter()
            answer = mover.post("move", {"card": random.choice(movable), "zone": random.choice(ZONES)})
            moves.append((answer["state"]["version"], sent))
            time.sleep(moves_every + random.uniform(-0.3, 0.3))
        time.sleep(POLL_SECONDS * 2.5)  # the last move reaches every board
        stop.set()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - began
        cpu = sum(cpu_seconds(s.process.pid) for s in servers) - cpu_before
    finally:
        for server in servers:
            server.stop()
    delays, missed = [], 0
    for version, sent in moves:
        for board_seen in seen:
            arrival = next((at for got, at in board_seen if got >= version and at >= sent), None)
            if arrival is None:
                missed += 1
            else:
                delays.append(arrival - sent)
    state = Boards(store).state(workshop)
    placed = sum(green + red for green, red in state.online.values())
    store.close()
    kind = database.split(":", 1)[0].split("+")[0]
    requests = counts["polls"] + counts["stickers"] + len(moves)
    verdict = "ok" if placed == counts["stickers"] and not missed else \
        f"CHECK: {placed} stickers stored of {counts['stickers']}, {missed} moves not seen"
    return (f"{kind:<10} {instances}  {boards:>6}  {len(moves):>5}  {statistics.median(delays) * 1000:9.0f}  "
            f"{percentile(delays, 0.95) * 1000:6.0f}  {requests / elapsed:6.0f}  {cpu / elapsed * 100:5.0f} %  {placed:>8}  {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--boards", type=int, default=30, help="participants with the board open")
    parser.add_argument("--seconds", type=float, default=40.0)
    parser.add_argument("--moves-every", type=float, default=2.0)
    parser.add_argument("--instances", default="1", help="instance counts, comma-separated")
    parser.add_argument("--postgres", default=os.environ.get("KIT_TEST_POSTGRES_URL", ""),
                        help="a PostgreSQL database URL (default: $KIT_TEST_POSTGRES_URL; none: SQLite only)")
    args = parser.parse_args()
    scratch = tempfile.mkdtemp(prefix="kit-bench-board-")
    databases = [f"sqlite:///{scratch}/kit.sqlite3"] + ([args.postgres] if args.postgres else [])
    print("database   n  boards  moves  median ms  p95 ms  req/s    CPU  stickers")
    for database in databases:
        for instances in (int(n) for n in args.instances.split(",")):
            print(run(database, args.boards, args.seconds, args.moves_every, instances), flush=True)


if __name__ == "__main__":
    main()
