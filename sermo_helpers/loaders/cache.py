"""Parquet cache of a client's canonical frames, keyed by the checksums of its input files.

The key is a SHA-256 over the loader version, the client settings that change how files are read
(time zone, default accounts, year) and every data file's relative path and SHA-256. A cache entry
is a folder ``editions/.cache/<slug>/<key>/`` holding one Parquet file per frame plus the load
report and platform totals; it is written to a temporary folder and renamed into place, so a
reader never sees half an entry. Older entries of the same client are removed after a new one is
written. :func:`query_mentions` runs SQL with DuckDB over the cached Parquet files without loading
them into pandas first.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

import pandas as pd

from .. import paths
from .base import Context, Source

CACHE_VERSION = "1"
FRAME_FILES = ("channel_stats", "posts", "mentions", "web_traffic", "totals", "report")


def cache_root(slug: str) -> Path:
    return paths.editions_dir() / ".cache" / slug


def checksum(source: Source) -> str:
    if source.data is not None:
        return hashlib.sha256(source.data).hexdigest()
    return file_checksums([source.path])[str(Path(source.path).resolve())]


# A file whose size, modification time and inode are unchanged since it was hashed is not hashed
# again (hashing a large archive costs more than reading the cache). An entry is trusted only if the
# file had not been modified for MEMO_MARGIN_NS before it was hashed, so a change within the
# file system's timestamp resolution cannot go unnoticed.
MEMO_MARGIN_NS = 2_000_000_000


def memo_path() -> Path:
    return paths.editions_dir() / ".cache" / "checksums.json"


def file_checksums(files: list[Path]) -> dict[str, str]:
    """SHA-256 of each file (resolved path -> hex digest), reusing the memo for unchanged files."""
    memo = _read_memo()
    sums, changed = {}, False
    for path in files:
        resolved = Path(path).resolve()
        stat = resolved.stat()
        known = memo.get(str(resolved))
        if (known and known["size"] == stat.st_size and known["mtime_ns"] == stat.st_mtime_ns
                and known["inode"] == stat.st_ino and stat.st_mtime_ns < known["hashed_at_ns"] - MEMO_MARGIN_NS):
            sums[str(resolved)] = known["sha256"]
            continue
        hashed_at = time.time_ns()
        with open(resolved, "rb") as handle:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
        after = resolved.stat()
        sums[str(resolved)] = digest
        if (after.st_size, after.st_mtime_ns) == (stat.st_size, stat.st_mtime_ns):  # not changed while read
            memo[str(resolved)] = {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "inode": stat.st_ino,
                                   "hashed_at_ns": hashed_at, "sha256": digest}
            changed = True
    if changed:
        _write_memo(memo)
    return sums


def _read_memo() -> dict:
    try:
        memo = json.loads(memo_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return memo if isinstance(memo, dict) else {}


def _write_memo(memo: dict) -> None:
    """Written to a temporary file and renamed: a reader never sees half a memo. Concurrent writers
    (batch workers) may lose each other's new entries, which only costs a hash later."""
    target = memo_path()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=target.parent, prefix=".checksums-", suffix=".json",
                                         delete=False, encoding="utf-8") as handle:
            json.dump(memo, handle)
        os.replace(handle.name, target)
    except OSError:
        pass  # the memo is an optimisation: without it files are hashed again


def cache_key(checksums: dict[str, str], context: Context, *, extra: str = "") -> str:
    """The key for a folder's files (relative name -> SHA-256, :meth:`.ClientFolder.checksums`) read
    with ``context``."""
    digest = hashlib.sha256()
    digest.update(f"sermo-loaders {CACHE_VERSION}\n{context.timezone}\n{sorted(context.accounts.items())}\n"
                  f"{context.client_name}\n{context.year}\n{extra}\n".encode())
    for name, sha in sorted(checksums.items()):
        digest.update(f"{name}\0{sha}\n".encode())
    return digest.hexdigest()[:32]


def entry(slug: str, key: str) -> Path:
    return cache_root(slug) / key


def read_entry(slug: str, key: str) -> dict[str, pd.DataFrame] | None:
    """The cached frames for ``key``, or None when there is no complete entry."""
    folder = entry(slug, key)
    if not (folder / "report.parquet").is_file():
        return None
    frames = {}
    for name in FRAME_FILES:
        path = folder / f"{name}.parquet"
        if path.is_file():
            frames[name] = pd.read_parquet(path)
    return frames


def write_entry(slug: str, key: str, frames: dict[str, pd.DataFrame | None]) -> Path | None:
    """Write the frames atomically; return the entry folder, or None when the cache cannot be written."""
    root = cache_root(slug)
    final = root / key
    try:
        root.mkdir(parents=True, exist_ok=True)
        temporary = Path(tempfile.mkdtemp(prefix=".writing-", dir=root))
        temporary.chmod(0o755)
    except OSError:
        return None
    try:
        for name, frame in frames.items():
            if frame is not None:
                frame.to_parquet(temporary / f"{name}.parquet", index=False)
        try:
            os.rename(temporary, final)
        except OSError:  # another process wrote the same entry first
            shutil.rmtree(temporary, ignore_errors=True)
    except Exception:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    for other in root.iterdir():
        if other.is_dir() and other.name != key and not other.name.startswith(".writing-"):
            shutil.rmtree(other, ignore_errors=True)
    return final
