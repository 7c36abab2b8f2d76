"""Runs independent pieces of a build on all cores: forked workers share the parent's loaded state.

Results come back in order, so output does not depend on how work was split.
Where fork is not available, or there is one core, everything runs in-process.
"""

from __future__ import annotations

import multiprocessing
import os

_TASK = None


def _call(item):
    return _TASK(item)


def workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def fork_map(function, items: list, processes: int | None = None) -> list:
    """[function(item) for item in items], spread over forked processes when that helps.

    Items and results cross process boundaries (pickled); `function` does not.
    """
    global _TASK
    processes = min(processes or workers(), len(items))
    nested = multiprocessing.current_process().daemon  # a pool worker cannot start workers of its own
    if processes <= 1 or nested or "fork" not in multiprocessing.get_all_start_methods():
        return [function(item) for item in items]
    _TASK = function  # inherited by the forked workers; never pickled
    try:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            return pool.map(_call, items, chunksize=1)
    finally:
        _TASK = None
