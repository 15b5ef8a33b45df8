"""Writing files safely: whole or not at all, and one writer at a time.

Every file the workbook writes (handouts, executed notebooks, the run manifest, labels, demo data)
goes through :func:`atomic_write` or :func:`open_atomic`: the content is written to a temporary file
in the same folder, flushed to disk, then renamed over the target, so a reader (or a crash, a kill,
a full disk) never leaves half a file; on failure the temporary file is removed and the old file
stays as it was. :func:`file_lock` serialises read–modify–write cycles between processes (an
advisory ``flock`` on a lock file beside the target).
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import IO, Iterator

SHARED_MODE = 0o644  # what the workbook writes is meant to be read by the team


@contextlib.contextmanager
def open_atomic(path: str | os.PathLike, mode: str = "w", *, encoding: str | None = "utf-8",
                newline: str | None = None, permissions: int = SHARED_MODE) -> Iterator[IO]:
    """A stream to a temporary file that replaces ``path`` when the block ends without error.

    ``mode`` is ``"w"`` (text) or ``"wb"`` (bytes). The folder is created when missing. The
    temporary file (``.<name>.<random>.tmp`` in the same folder) is removed on any error, including
    KeyboardInterrupt; the target then keeps its old content. Raises OSError from the file system.
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"open_atomic writes whole files: mode must be 'w' or 'wb', got {mode!r}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        binary = mode == "wb"
        with os.fdopen(handle, mode, encoding=None if binary else encoding,
                       newline=None if binary else newline) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, permissions)  # mkstemp makes it private (0600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def atomic_write(path: str | os.PathLike, data: str | bytes, *, encoding: str = "utf-8",
                 permissions: int = SHARED_MODE) -> Path:
    """Write ``data`` (text or bytes) to ``path`` whole or not at all; return the path.

    Raises OSError (e.g. ENOSPC, EACCES); the old file is then unchanged.
    """
    with open_atomic(path, "wb" if isinstance(data, bytes) else "w", encoding=encoding,
                     permissions=permissions) as stream:
        stream.write(data)
    return Path(path)


def fsync_folder(folder: str | os.PathLike) -> None:
    """Flush a folder's entries (renames into it) to disk; a no-op where folders cannot be opened."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


@contextlib.contextmanager
def file_lock(path: str | os.PathLike, *, timeout: float | None = None) -> Iterator[Path]:
    """Hold an exclusive lock for ``path`` (on ``.<name>.lock`` beside it) for the block.

    Other processes asking for the same lock wait (up to ``timeout`` seconds, then TimeoutError).
    The lock is released when the block ends or the process dies. Only processes that use this
    lock are kept out; the lock file is left in place (removing it would race with waiters).
    """
    import fcntl
    import time

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = path.with_name(f".{path.name}.lock")
    descriptor = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        if timeout is None:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        else:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise TimeoutError(f"{path} is locked by another process (waited {timeout:g} s)") \
                            from None
                    time.sleep(0.05)
        yield path
    finally:
        os.close(descriptor)  # closing releases the lock


def describe_os_error(error: OSError, doing: str) -> str:
    """One plain line for a file-system error: what we were doing, on which file, and why."""
    import errno

    reasons = {errno.ENOSPC: "no space left on the device", errno.EDQUOT: "the disk quota is used up",
               errno.EACCES: "permission denied", errno.EPERM: "operation not permitted",
               errno.EROFS: "the file system is read-only", errno.ENOENT: "no such file or folder"}
    reason = reasons.get(error.errno, error.strerror or str(error))
    where = f" {error.filename}" if error.filename else ""
    return f"{doing}{where}: {reason}"
