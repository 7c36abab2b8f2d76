"""Measures whole-process build time, peak memory and PDF size for the default kit and synthetic decks.

Run: python bench/bench_build.py [--sizes 600,6000] [--repeat 3]
Each build runs `python -m kit build` in a fresh process, first with an empty
QR cache (cold) and then again with the cache the first run left (warm): the
whole default kit, the default cards alone (`--only cards`), and synthetic
decks of cards (`--only cards`); each card row again without the preflight
that `kit build` runs before writing (`--no-check`), to show what it costs.
The user's cache (hyphenation patterns and icon drawings, see kit.usercache)
is kept, as it is on any machine after its first build.
Synthetic decks repeat the Dutch card texts under new ids, spread over the
five categories, so that text fitting does the same work as for real cards
(the kit caches word widths, QR matrices and icons, never a card's layout).
Peak memory is that of the largest process of the build (its workers included).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
# As on an installed machine, Python keeps the kit's compiled bytecode between runs (some shells turn that off).
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
CONTENT = ROOT / "content"


def synthetic_content(target: Path, count: int) -> Path:
    """A copy of content/ whose nl/cards.yaml holds `count` cards made from the real ones."""
    shutil.copytree(CONTENT, target)
    source = yaml.safe_load((CONTENT / "nl" / "cards.yaml").read_text(encoding="utf-8"))["cards"]
    categories = yaml.safe_load((CONTENT / "nl" / "categories.yaml").read_text(encoding="utf-8"))["categories"]
    per_category = -(-count // len(categories))
    cards = []
    for category in categories:
        pool = [c for c in source if c["category"] == category["id"]]
        for n in range(1, per_category + 1):
            if len(cards) == count:
                break
            card = dict(pool[(n - 1) % len(pool)])
            card["id"] = f"{category['prefix']}{n:04d}"
            cards.append(card)
    (target / "nl" / "cards.yaml").write_text(yaml.safe_dump({"cards": cards}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def run_build(content: Path, out: Path, only: str | None = None, extra: tuple = ()) -> tuple[float, float]:
    """Seconds and peak resident memory (MB) of one `kit build` process."""
    command = [sys.executable, "-m", "kit", "build", "--content", str(content), "--out", str(out), "--config", str(ROOT / "kit.yaml")]
    if only:
        command += ["--only", only]
    command += list(extra)
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"build failed: {process.stderr.read().decode()}")
    return seconds, usage.ru_maxrss / 1024


def pdf_megabytes(folder: Path, pattern: str) -> str:
    return " + ".join(f"{p.stat().st_size / 1e6:.2f}" for p in sorted(folder.glob(pattern)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="600,6000", help="synthetic deck sizes, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="warm runs per row; the median is shown (machines are noisy)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    print(f"{'deck':<16}{'cards':>7}{'cache':>7}{'seconds':>9}{'peak MB':>9}  PDF MB (cards home + printshop)")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        run_build(CONTENT, tmp / "warm-up", "cards", ("--no-check",))  # compiles the kit's bytecode once
        decks = [("default kit", CONTENT, None, ()), ("default cards", CONTENT, "cards", ()),
                 ("  no preflight", CONTENT, "cards", ("--no-check",))]
        for n in sizes:
            content = synthetic_content(tmp / f"content-{n}", n)
            decks += [(f"synthetic-{n}", content, "cards", ()), ("  no preflight", content, "cards", ("--no-check",))]
        for name, content, only, extra in decks:
            out = tmp / f"out-{name.strip().replace(' ', '-')}-{id(content)}"
            for cache, runs in (("cold", 1), ("warm", max(1, args.repeat))):
                measured = [run_build(content, out, only, extra) for _ in range(runs)]
                seconds, peak = statistics.median(m[0] for m in measured), max(m[1] for m in measured)
                manifest = yaml.safe_load((out / "nl" / "manifest.json").read_text())
                cards = len(manifest["files"][0]["cards"])
                print(f"{name:<16}{cards:>7}{cache:>7}{seconds:>9.2f}{peak:>9.0f}  {pdf_megabytes(out / 'nl', 'cards-*.pdf')}", flush=True)


if __name__ == "__main__":
    main()
