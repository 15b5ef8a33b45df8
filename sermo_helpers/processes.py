"""Processes of a run die with their parent: nothing of a render outlives the command that started it.

A render has three levels of processes: the ``sermo`` command, one worker per edition, and the
worker's Jupyter kernel (and Chromium for a PDF). Each child asks the Linux kernel to kill it when
its parent dies (``PR_SET_PDEATHSIG`` through ``prctl``), so ``kill -9`` of the command, a ``timeout``
or a cancelled CI job leaves no worker writing a handout and no kernel behind. Where ``prctl`` is not
available (not Linux) :func:`parent_is_alive` lets a process check before it writes.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal

PR_SET_PDEATHSIG = 1
_libc = None


def _prctl():
    global _libc
    if _libc is None:
        name = ctypes.util.find_library("c")
        _libc = ctypes.CDLL(name, use_errno=True) if name else False
    return getattr(_libc, "prctl", None) if _libc else None


def die_with_parent(expected_parent: int | None = None) -> bool:
    """Ask to be killed (SIGKILL) when the parent process dies; True when the request was taken.

    Safe to call between fork and exec (``preexec_fn``). When the parent is already gone
    (``os.getppid()`` differs from ``expected_parent``), the process exits at once.
    """
    prctl = _prctl()
    taken = bool(prctl) and prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    if expected_parent is not None and os.getppid() != expected_parent:
        os._exit(1)
    return taken


def child_dies_with_us() -> None:
    """A ``preexec_fn`` for subprocesses (kernels, Chromium): killed when the process starting them dies."""
    die_with_parent()


def parent_is_alive(expected_parent: int) -> bool:
    """Whether the process that started us is still our parent (it is not when it died)."""
    return os.getppid() == expected_parent


def give_back_freed_memory() -> None:
    """Return the C heap's free pages to the operating system (glibc's ``malloc_trim``; nothing elsewhere).

    Python's strings of a few hundred bytes and up, numpy's arrays and the lists of per-text work
    come from the C heap, which keeps freed pages for reuse: after scoring or reading a large CSV a
    process holds hundreds of MB it no longer uses. Called after each large step of the preparation.
    """
    if _prctl() is None:  # no C library found (or not glibc-like)
        return
    trim = getattr(_libc, "malloc_trim", None)
    if trim is not None:
        trim(0)


def given_back(result):
    """``result``, after :func:`give_back_freed_memory`: for a stage's ``analyse_`` step, whose freed
    copies and lists would otherwise stay in the kernel for the rest of the edition."""
    give_back_freed_memory()
    return result
