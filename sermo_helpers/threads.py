"""Column work on every core: Arrow's and numpy's kernels release the GIL, so the columns of a large
frame (or the chunks of one column) can be processed by threads at the same time.

Small inputs are processed in the calling thread; results always come back in input order and an
exception in one item is raised in the caller, as a plain loop would.
"""
from __future__ import annotations

import functools
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, Iterable, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

_PREFIX = "sermo-columns"

#: Below this many rows a column is processed in the calling thread (the hand-over costs more).
PARALLEL_ROWS = 100_000


@functools.cache
def _pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=max(1, os.cpu_count() or 1), thread_name_prefix=_PREFIX)


# a forked child (a batch worker) has none of the parent's threads: it starts its own pool
os.register_at_fork(after_in_child=_pool.cache_clear)


def thread_map(function: Callable[[Item], Result], items: Iterable[Item], *, rows: int) -> list[Result]:
    """``[function(item) for item in items]``, on a shared thread pool when ``rows`` is large."""
    items = list(items)
    nested = threading.current_thread().name.startswith(_PREFIX)  # waiting on our own pool could deadlock
    if rows < PARALLEL_ROWS or len(items) < 2 or (os.cpu_count() or 1) < 2 or nested:
        return [function(item) for item in items]
    return list(_pool().map(function, items))
