"""Work on every core the process may use: threads for column work, processes for per-text work.

Arrow's and numpy's kernels release the GIL, so the columns of a large frame (or the pieces of one
column) can be processed by threads at the same time (:func:`thread_map`). Per-text work in Python
(scoring, the criticism flags, masking and pseudonymising texts) holds the GIL, so it is shared
between worker processes forked from the caller (:func:`process_map`).

Both use at most :func:`core_budget` cores: all the cores this process may run on, unless
``SERMO_CORES`` says fewer. ``sermo render`` sets it for each edition's kernel when it renders
several editions at once (``--workers``), so the editions share the machine's cores instead of each
taking all of them.

:func:`fork_call` starts one call in a forked process and lets the caller take its value later: an
edition's look-ahead (:func:`sermo_helpers.workbook.shared_result`) works beside it.

Small inputs are processed in the calling thread. Results always come back in input order, and an
exception in one item is raised in the caller, as a plain loop would.

The calling thread works through the items too, and only waits for items another thread has
already started. So a call made from inside a pool thread (a column check that splits its own
column) can never wait for a pool that is busy with its caller: it does the work itself.
"""
from __future__ import annotations

import contextlib
import functools
import multiprocessing
import os
import pickle
import signal
import sys
import threading
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Iterable, TypeVar

from .errors import AnalysisError
from .processes import die_with_parent, give_back_freed_memory

Item = TypeVar("Item")
Result = TypeVar("Result")

#: Below this many rows a column is processed in the calling thread (the hand-over costs more).
PARALLEL_ROWS = 100_000


#: Below this many texts, per-text work is done in the calling process (forking costs more).
PROCESS_ROWS = 100_000

CORES_VARIABLE = "SERMO_CORES"  # the cores this process (an edition's kernel) may use; set by the batch runner


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity), at least 1."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def core_budget() -> int:
    """The cores this process may use: ``$SERMO_CORES`` when set to a whole number of at least 1,
    else :func:`available_cores`."""
    value = os.environ.get(CORES_VARIABLE, "").strip()
    if value.isdigit() and int(value) >= 1:
        return int(value)
    return available_cores()


@functools.cache
def _pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=core_budget(), thread_name_prefix="sermo-columns")


# a forked child (a batch worker) has none of the parent's threads: it starts its own pool
os.register_at_fork(after_in_child=_pool.cache_clear)


def thread_map(function: Callable[[Item], Result], items: Iterable[Item], *, rows: int) -> list[Result]:
    """``[function(item) for item in items]``, shared with the thread pool when ``rows`` is large."""
    items = list(items)
    if rows < PARALLEL_ROWS or len(items) < 2 or core_budget() < 2:
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

    helpers = [_pool().submit(work) for _ in range(min(core_budget(), len(items)) - 1)]
    work()
    for helper in helpers:
        if not helper.cancel():  # not started: nothing left for it; started: it finishes its item
            helper.result()
    for failure in failures:
        if failure is not None:
            raise failure
    return results


_TASK: tuple | None = None  # (function, items) of the running process_map, inherited by its forked workers


def _run_task(index: int):
    function, items = _TASK
    return function(items[index])


def can_fork_workers() -> bool:
    """Whether worker processes may be forked here: on Linux (forking is safe and cheap there, and the
    workers inherit the caller's state, so nothing is pickled on the way in), and not from a daemonic
    process (which may not have children)."""
    return sys.platform.startswith("linux") and not multiprocessing.current_process().daemon


def process_map(function: Callable[[Item], Result], items: Iterable[Item], *, rows: int,
                workers: int | None = None, meanwhile: Callable[[], object] | None = None) -> list[Result]:
    """``[function(item) for item in items]``, shared between forked worker processes when ``rows``
    (the texts the items cover) is large.

    ``function`` may be any callable, also a closure: the workers are forked after it is made and
    inherit it with everything it reads (the frame, the scorer, compiled patterns), so only the item's
    position goes to a worker and only its result comes back (pickled). Results come back in input
    order; at most one item per worker is in work at a time. An exception in a worker is raised in
    the caller with its type and message (the worker's traceback is its ``__cause__``).

    ``workers`` defaults to :func:`core_budget`; with fewer than two, fewer than two items, fewer
    than :data:`PROCESS_ROWS` rows, or where workers cannot be forked (:func:`can_fork_workers`), the
    items are processed in the calling process, one after the other. One worker is forked when
    ``meanwhile`` is given and the budget has two cores: the caller works beside it (``workers=1``:
    the items in one worker while ``meanwhile`` runs here).

    ``meanwhile`` (no arguments; its value is not kept) is called in the calling process while the
    workers work, once they are forked (they never see its half-done work); without workers, after
    the items.
    """
    global _TASK
    items = list(items)
    count = min(core_budget() if workers is None else workers, len(items))
    least = 1 if meanwhile is not None and core_budget() >= 2 else 2  # with meanwhile the caller is the second
    if rows < PROCESS_ROWS or count < least or not can_fork_workers() or _TASK is not None:
        results = [function(item) for item in items]
        if meanwhile is not None:
            meanwhile()
        return results
    _TASK = (function, items)
    try:
        # a pool that notices a worker's death: one killed (out of memory, a signal) ends the call
        # with an error instead of waiting for its result for ever
        with ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("fork"),
                                 initializer=die_with_parent) as pool:  # no worker outlives a killed kernel
            results = []
            try:
                pending = pool.map(_run_task, range(len(items)))  # every worker is forked by now
                if meanwhile is not None:
                    meanwhile()
                for result in pending:
                    results.append(result)
                    give_back_freed_memory()  # each result arrives pickled: its bytes are freed at once
            except BrokenProcessPool as error:
                raise AnalysisError(
                    f"a worker process ended without its result after {len(results)} of {len(items)} pieces "
                    "(killed: out of memory or by a signal); nothing was kept. Free memory or set "
                    f"{CORES_VARIABLE}=1 to work in one process, and run again.",
                    argument=CORES_VARIABLE, expected="every worker to return its piece",
                    found="a worker that ended abruptly") from error
            return results
    finally:
        _TASK = None



class Pending:
    """The value of a call running in one forked process (:func:`fork_call`). The process writes its
    pickled value into a pipe that a thread of the caller drains, so it ends (and gives back the
    memory it shares with the caller) as soon as its value is written, not when the caller asks."""

    def __init__(self, pid: int, pipe: int):
        self._pid, self._chunks, self._status = pid, [], None
        self._reader = threading.Thread(target=self._drain, args=(pipe,), name="sermo-ahead", daemon=True)
        self._reader.start()

    def _drain(self, pipe: int) -> None:
        with os.fdopen(pipe, "rb") as stream:
            while chunk := stream.read(1 << 20):
                self._chunks.append(chunk)
        self._status = os.waitpid(self._pid, 0)[1]

    def result(self):
        """The call's value (waiting for it); its exception is raised here with its type and message,
        AnalysisError when the process ended without a value (killed)."""
        try:
            self._reader.join()
        except BaseException:  # interrupted while waiting: the process is not waited for
            self.discard()
            raise
        payload = b"".join(self._chunks)
        self._chunks = []
        if not payload or not os.WIFEXITED(self._status) or os.WEXITSTATUS(self._status) != 0:
            raise AnalysisError("a look-ahead process ended without its result (killed: out of memory or by a "
                                "signal)", argument=CORES_VARIABLE, expected="the process's result",
                                found="a process that ended abruptly")
        done, value = pickle.loads(payload)
        if not done:
            raise value
        return value

    def discard(self) -> None:
        """Give up the value: the process is ended at once (its memory given back)."""
        if self._status is None:
            try:
                os.kill(self._pid, signal.SIGKILL)
            except ProcessLookupError:  # (already ended and reaped)
                pass


@contextlib.contextmanager
def budget_while(cores: int):
    """Within the block, :func:`core_budget` is ``cores`` (at least 1): the caller's share while a
    process it started (:func:`fork_call`) works beside it, so the two keep to the budget together."""
    previous = os.environ.get(CORES_VARIABLE)
    os.environ[CORES_VARIABLE] = str(max(1, cores))
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(CORES_VARIABLE, None)
        else:
            os.environ[CORES_VARIABLE] = previous


def fork_call(function: Callable[[], Result], *, cores: int = 1) -> Pending | None:
    """``function()`` started in one forked process that may use ``cores`` cores (``SERMO_CORES`` there);
    its value comes back pickled by :meth:`Pending.result`. The process inherits the caller's state, as
    :func:`process_map`'s workers do, sees nothing the caller does after the fork, and is killed
    with the caller.

    None where it cannot help or cannot start: a budget below two cores (the call would only take
    the caller's core), where workers cannot be forked (:func:`can_fork_workers`), inside a
    :func:`process_map`, or when the system refuses a new process.
    """
    if core_budget() < 2 or not can_fork_workers() or _TASK is not None:
        return None
    parent = os.getpid()
    reading, writing = os.pipe()
    try:
        pid = os.fork()
    except OSError:  # no process to be had (a limit on processes or memory): the caller does the work
        os.close(reading)
        os.close(writing)
        return None
    if pid == 0:  # the forked process: compute, write the pickled value, end (never returns)
        status = 1
        try:
            os.close(reading)
            die_with_parent(parent)
            os.environ[CORES_VARIABLE] = str(cores)  # its own parallel work stays within its share
            try:
                payload = pickle.dumps((True, function()), protocol=5)
            except Exception as error:  # noqa: BLE001 - raised in the caller by Pending.result
                try:
                    payload = pickle.dumps((False, error), protocol=5)
                except Exception:  # noqa: BLE001 - an error that cannot be pickled: its type and message
                    payload = pickle.dumps((False, AnalysisError(f"{type(error).__name__}: {error}")), protocol=5)
            with os.fdopen(writing, "wb") as stream:
                stream.write(payload)
            status = 0
        finally:
            os._exit(status)
    os.close(writing)
    return Pending(pid, reading)
