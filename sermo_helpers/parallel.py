"""Column work on every core: Arrow's and numpy's kernels release the GIL, so the columns of a large
frame (or the pieces of one column) can be processed by threads at the same time.

Small inputs are processed in the calling thread. Results always come back in input order, and an
exception in one item is raised in the caller, as a plain loop would.

The calling thread works through the items too, and only waits for items another thread has
already started. So a call made from inside a pool thread (a column check that splits its own
column) can never wait for a pool that is busy with its caller: it does the work itself.
"""
from __future__ import annotations

import functools
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, Iterable, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

#: Below this many rows a column is processed in the calling thread (the hand-over costs more).
PARALLEL_ROWS = 100_000


def _workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


@functools.cache
def _pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=_workers(), thread_name_prefix="sermo-columns")


# a forked child (a batch worker) has none of the parent's threads: it starts its own pool
os.register_at_fork(after_in_child=_pool.cache_clear)


def thread_map(function: Callable[[Item], Result], items: Iterable[Item], *, rows: int) -> list[Result]:
    """``[function(item) for item in items]``, shared with the thread pool when ``rows`` is large."""
    items = list(items)
    if rows < PARALLEL_ROWS or len(items) < 2 or _workers() < 2:
        return [function(item) for item in items]
    results: list = [None] * len(items)
    failures: list[BaseException | None] = [None] * len(items)
    taken = iter(range(len(items)))
    lock = threading.Lock()

    def work() -> None:
        while True:
            with lock:
                index = next(taken, None)
            if index is None:
                return
            try:
                results[index] = function(items[index])
            except BaseException as error:  # noqa: BLE001 - re-raised in the caller below
                failures[index] = error

    helpers = [_pool().submit(work) for _ in range(min(_workers(), len(items)) - 1)]
    work()
    for helper in helpers:
        if not helper.cancel():  # not started: nothing left for it; started: it finishes its item
            helper.result()
    for failure in failures:
        if failure is not None:
            raise failure
    return results
