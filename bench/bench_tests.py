"""Measures the test suite: its wall time with the README's command, the CPU it takes, and where that CPU goes.

Run: python bench/bench_tests.py [--per-file] [pytest arguments ...]

The whole suite runs as CI runs it (`pytest -q -n 2 --dist loadgroup`, from README.md), and the
script prints the wall time, the CPU time of the test processes and everything they started
(Chromium, the build workers), and the CPU of the whole machine in that time (PostgreSQL
included). Wall time on two cores cannot be under half the machine's CPU time, so the second
figure says how far a target is from reach.

With --per-file the suite runs once more in one process, with each test's CPU read from the
machine's counters before and after it, and the files are listed by the CPU their tests took.
Set KIT_TEST_POSTGRES_URL (and KIT_REQUIRE_POSTGRES=1, KIT_REQUIRE_BROWSER=1) as .ci/run does.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README_ARGS = ["-q", "-p", "no:cacheprovider", "-n", "2", "--dist", "loadgroup"]
PLUGIN = '''
import json, os, time
import pytest

_rows = []


def _busy():
    with open("/proc/stat") as stat:
        values = [int(v) for v in stat.readline().split()[1:]]
    return (sum(values) - values[3] - values[4]) / os.sysconf("SC_CLK_TCK")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    cpu, wall = _busy(), time.perf_counter()
    yield
    _rows.append((item.nodeid, _busy() - cpu, time.perf_counter() - wall))


def pytest_sessionfinish(session):
    with open(os.environ["KIT_BENCH_CPU_OUT"], "w") as out:
        json.dump(_rows, out)
'''


def machine_busy() -> float:
    """CPU seconds the whole machine has spent busy since boot (user, system, irq; not idle or iowait)."""
    with open("/proc/stat") as stat:
        values = [int(v) for v in stat.readline().split()[1:]]
    return (sum(values) - values[3] - values[4]) / os.sysconf("SC_CLK_TCK")


def whole_suite(extra: list[str]) -> None:
    before, children = machine_busy(), resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pytest", *README_ARGS, *extra], cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    tests_cpu = (after.ru_utime - children.ru_utime) + (after.ru_stime - children.ru_stime)
    summary = (done.stdout.strip().splitlines() or ["(no output)"])[-1]
    print(f"whole suite ({' '.join(README_ARGS)}): {summary}")
    print(f"  wall {wall:.1f} s; CPU of the test processes and their children {tests_cpu:.1f} s; "
          f"whole machine busy {machine_busy() - before:.1f} CPU-s on {os.cpu_count()} cores "
          f"(wall can be no less than {(machine_busy() - before) / (os.cpu_count() or 1):.1f} s)")


def per_file(extra: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "kit_bench_cpu.py").write_text(PLUGIN, encoding="utf-8")
        out = Path(folder) / "cpu.json"
        env = {**os.environ, "PYTHONPATH": folder, "KIT_BENCH_CPU_OUT": str(out)}
        subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
                        "-p", "kit_bench_cpu", *extra], cwd=ROOT, env=env, capture_output=True, check=False)
        rows = json.loads(out.read_text(encoding="utf-8"))
    files = defaultdict(lambda: [0.0, 0.0, 0])
    for nodeid, cpu, wall in rows:
        total = files[nodeid.split("::")[0]]
        total[0], total[1], total[2] = total[0] + cpu, total[1] + wall, total[2] + 1
    print(f"one process: {len(rows)} tests, machine CPU {sum(r[1] for r in rows):.1f} s, wall {sum(r[2] for r in rows):.1f} s")
    print("  CPU-s   wall-s  tests  file")
    for name, (cpu, wall, count) in sorted(files.items(), key=lambda item: -item[1][0]):
        print(f"  {cpu:6.1f}  {wall:6.1f}  {count:5d}  {name}")
    print("  the ten tests that take the most CPU:")
    for nodeid, cpu, wall in sorted(rows, key=lambda row: -row[1])[:10]:
        print(f"  {cpu:6.1f}  {wall:6.1f}         {nodeid}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-file", action="store_true", help="also run in one process and list CPU per file")
    known, extra = parser.parse_known_args()
    whole_suite(extra)
    if known.per_file:
        per_file(extra)


if __name__ == "__main__":
    main()
