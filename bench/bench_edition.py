"""Measures what the HTML edition (the `html` part, kit.edition) adds to `kit build`, and how long one language's
edition takes to make in memory (what `kit serve` does once per language).

Run: python bench/bench_edition.py [--repeat 5]
Whole-process builds as in bench_build.py (warm QR cache, the median of the runs): the
default kit with and without the html part, and `--only html` alone; then make_edition
in this process for the default Dutch kit.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from bench_build import CONTENT, run_build  # the script's own folder is on the path: bench/bench_build.py

from kit.build.registry import KIT_PARTS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per row; the median is shown (machines are noisy)")
    args = parser.parse_args()
    without = ",".join(part for part in KIT_PARTS if part != "html")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        run_build(CONTENT, out)  # compiles the bytecode and fills the QR cache
        rows = [("default kit", None), ("  without html", without), ("only html", "html")]
        # interleaved, so that the machine's drift touches every row alike
        times: dict = {name: [] for name, _ in rows}
        for _ in range(max(1, args.repeat)):
            for name, only in rows:
                times[name].append(run_build(CONTENT, out, only)[0])
        for name, _ in rows:
            print(f"{name:<16}{statistics.median(times[name]):>7.2f} s  (runs: {', '.join(f'{t:.2f}' for t in times[name])})")
    from kit.build.context import load_context
    from kit.content.config import KitConfig
    from kit.edition import language_edition

    load_context(CONTENT, "nl", KitConfig())
    start = time.perf_counter()
    made = language_edition(CONTENT, "nl", "http://192.168.1.20:8000")
    seconds = time.perf_counter() - start
    print(f"make the nl edition in memory: {seconds * 1000:.0f} ms, {len(made)} files, {sum(len(d) for _, d in made) / 1000:.0f} kB")


if __name__ == "__main__":
    main()
