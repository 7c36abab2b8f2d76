"""Runs independent pieces of a build on all cores: process pools (concurrent.futures) whose forked workers share
the parent's loaded state, and streaming consumers that assemble a file while its pages are still being made.

Results come back in order, so output does not depend on how work was split.
Where there is no fork (Windows) or it is not the platform's way (macOS starts
processes with spawn: fork is unsafe with its system libraries), big work (a big
deck's chunks of cards, several languages) goes to spawned workers, which start a
fresh interpreter and import what they need; the small helpers that pay off only
because a fork is free (the manual beside the rest, the preflight's warm workers)
run in this process. With one core everything runs in this process. Every way
gives the same bytes. KIT_START_METHOD=fork, spawn or none (one process) chooses.
Work sent to workers is a module-level function (or a functools.partial of one):
spawn pickles it, fork would not need to.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import sys
from concurrent.futures import Future, ProcessPoolExecutor

_TASK = None
METHODS = ("fork", "spawn")


def workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def start_method() -> str | None:
    """How this build starts workers: "fork", "spawn", or None (one process); see the module's docstring."""
    chosen = os.environ.get("KIT_START_METHOD", "").strip().lower()
    available = multiprocessing.get_all_start_methods()
    if chosen in METHODS:
        return chosen if chosen in available else None
    if chosen:  # "none", "one", "0": everything in this process
        return None
    return "fork" if "fork" in available and sys.platform != "darwin" else "spawn" if "spawn" in available else None


def _may_start() -> bool:
    """More than one core, and not inside a worker (workers start none of their own)."""
    return workers() > 1 and not multiprocessing.current_process().daemon and multiprocessing.parent_process() is None


def can_fork() -> bool:
    """Whether cheap helpers pay off: workers are forked (they share what this process loaded), more than one core."""
    return start_method() == "fork" and _may_start()


def can_spread() -> bool:
    """Whether big work goes to other processes: forked, or spawned where there is no fork; more than one core."""
    return start_method() is not None and _may_start()


def _install(task) -> None:
    global _TASK
    _TASK = task


def _call(item):
    return _TASK(item)


def _pool(processes: int, initializer=None, initargs=()) -> ProcessPoolExecutor:
    """Workers started the build's way: forked, everything loaded comes along; spawned, what they are given is pickled."""
    return ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context(start_method()), initializer=initializer,
                               initargs=initargs)


def fork_map(function, items: list, processes: int | None = None) -> list:
    """[function(item) for item in items], spread over other processes when that helps (see can_spread).

    Items and results cross process boundaries (pickled); `function` is pickled once per worker under spawn.
    """
    return list(fork_imap(function, items, processes))


def fork_imap(function, items: list, processes: int | None = None):
    """Like fork_map, but yields each result, in order, as soon as it and those before it are done."""
    processes = min(processes or workers(), len(items))
    if processes <= 1 or not can_spread():
        yield from map(function, items)
        return
    with _pool(processes, _install, (function,)) as pool:
        yield from pool.map(_call, items)


def in_fork(function, item) -> Future:
    """`function(item)` in a forked process of its own, while this one goes on (in this process without fork);
    the process ends when the result is in. `function` comes along with the fork; `item` and the result are pickled."""
    if not can_fork():
        done = Future()
        done.set_result(function(item))
        return done
    pool = _pool(1, _install, (function,))
    future = pool.submit(_call, item)
    future.add_done_callback(lambda _: pool.shutdown(wait=False))
    return future


class ReadyPool:
    """Forked workers started ahead of their work: they import what it needs while this process goes on.

    `map` sends items and a function that the workers find by name (a module-level function:
    the workers were forked before it was chosen). Without fork, work runs in this process.
    """

    def __init__(self, modules: tuple, processes: int | None = None):
        self._pool = None
        if can_fork():
            count = processes or workers()
            self._pool = _pool(count, import_all, (modules,))
            for _ in range(count):  # start every worker now (a pool starts them on demand)
                self._pool.submit(int)

    def map(self, function, items: list) -> list:
        if self._pool is None or len(items) < 2:
            return [function(item) for item in items]
        return list(self._pool.map(function, items))

    def submit(self, function, item) -> Future:
        """Start `function(item)` in a worker (or run it now, without workers); its future holds the result."""
        if self._pool is not None:
            return self._pool.submit(function, item)
        done = Future()
        done.set_result(function(item))
        return done

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def import_all(modules: tuple) -> None:
    """Import ahead; a module that fails to import fails again, with its message, when the work needs it
    (a worker whose start-up raised would break the whole pool)."""
    import importlib

    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:
            pass


class Consumer:
    """A process (forked or spawned, see can_spread) that works through items while this process is still making them.

    `function(items)` runs in the child on an iterator over everything `send` was given,
    in order; `result()` returns what it returned (or raises what it raised). Items and
    the result are pickled; `function` is inherited by a fork, pickled for spawn. `send`
    never waits for the child: a queue's feeder thread writes the items to the pipe.
    A pool (concurrent.futures) has no such stream from one task to another, so the
    two card files of a big deck are assembled by consumers, never held whole by one process.
    """

    @staticmethod
    def send_all(consumers: list, items: list) -> None:
        """Send the same items to several consumers, pickled once."""
        data = pickle.dumps(items, protocol=pickle.HIGHEST_PROTOCOL)
        for consumer in consumers:
            consumer._items.put(data)

    def __init__(self, function):
        context = multiprocessing.get_context(start_method())
        self._items = context.Queue()
        self._result, child = context.Pipe(duplex=False)
        self._process = context.Process(target=_consume, args=(function, self._items, child), daemon=True)
        self._process.start()
        child.close()

    def result(self):
        self._items.put(None)
        failed, value = self._result.recv()
        if failed:
            self.cancel()  # items it never read may still be queued: do not wait to hand them over
            raise value
        self._process.join()
        return value

    def cancel(self) -> None:
        """Stop the child without waiting for its result (this process or the child failed)."""
        self._process.kill()
        self._process.join()
        self._items.cancel_join_thread()  # what is still queued for the child is dropped


def _consume(function, queue, result) -> None:
    def items():
        while (batch := queue.get()) is not None:
            yield from pickle.loads(batch)

    stream = items()
    try:
        result.send((False, function(stream)))
    except BaseException as exc:  # reported to the parent, which raises it
        result.send((True, exc))
