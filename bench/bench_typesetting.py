"""Measures what the typesetting rules and the fallback fonts cost: whole-process build times of the default kit, and of
a customised legplan whose municipality name needs every fallback font.

Run: python bench/bench_typesetting.py [--repeat 5] [--base DIR]
`--base` names another checkout of the kit (say, main before this change, from `git archive main | tar -x -C DIR`):
each build then runs once with that tree and once with this one, interleaved, so that the machine's drift hits
both alike, and the medians are printed side by side. The legplan rows run with the user's cache warm (the bold
fallback instance made), and the first row of all with an empty cache shows what making that instance costs once.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = "Gemeente Tiếng Việt Ελληνικά Кириллица مرحبا"
BUILDS = {
    "kit build --lang nl": ["build", "--lang", "nl"],
    "kit build --lang fr": ["build", "--lang", "fr"],
    "kit build --all-languages": ["build", "--all-languages"],
    "kit legplan, Latin name": ["legplan", "--municipality", "Sint-Genesius-Rode", "--size", "A1"],
    "kit legplan, every script": ["legplan", "--municipality", SCRIPTS, "--size", "A1"],
}


def timed(tree: Path, args: list[str], cache: Path) -> float:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPATH=str(tree), XDG_CACHE_HOME=str(cache))
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "kit", *args, "--out", out], cwd=tree, env=env, capture_output=True, text=True)
        took = time.perf_counter() - start
    if done.returncode:
        return float("nan")  # the base may not know an option (a script it cannot print)
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--base", type=Path, help="another checkout of the kit to compare with")
    options = parser.parse_args()
    trees = {"this": ROOT} if options.base is None else {"base": options.base.resolve(), "this": ROOT}
    with tempfile.TemporaryDirectory() as caches:
        for name, tree in trees.items():
            cold = Path(caches) / f"cold-{name}"
            print(f"{name}: kit legplan, every script, empty cache: {timed(tree, BUILDS['kit legplan, every script'], cold):.2f} s")
        warm = {name: Path(caches) / f"warm-{name}" for name in trees}
        for name, tree in trees.items():  # warm each tree's cache: hyphenation patterns, icons, the bold instance
            for args in BUILDS.values():
                timed(tree, args, warm[name])
        print(f"\n{'median of ' + str(options.repeat) + ' runs, seconds':<34}" + "".join(f"{name:>10}" for name in trees))
        for label, args in BUILDS.items():
            runs = {name: [] for name in trees}
            for _ in range(options.repeat):
                for name, tree in trees.items():
                    runs[name].append(timed(tree, args, warm[name]))
            print(f"{label:<34}" + "".join(f"{statistics.median(values):>10.2f}" for values in runs.values()))


if __name__ == "__main__":
    main()
