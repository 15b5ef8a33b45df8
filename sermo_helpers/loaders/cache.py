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
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from .. import paths
from .registry import Context, Source

CACHE_VERSION = "1"
FRAME_FILES = ("channel_stats", "posts", "mentions", "web_traffic", "totals", "report")


def cache_root(slug: str) -> Path:
    return paths.editions_dir() / ".cache" / slug


def checksum(source: Source) -> str:
    if source.data is not None:
        return hashlib.sha256(source.data).hexdigest()
    with open(source.path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def cache_key(files: list[tuple[str, Path]], context: Context) -> str:
    """The key for a set of files on disk (relative name, path) read with ``context``."""
    digest = hashlib.sha256()
    digest.update(f"sermo-loaders {CACHE_VERSION}\n{context.timezone}\n{sorted(context.accounts.items())}\n"
                  f"{context.client_name}\n{context.year}\n".encode())
    for name, path in sorted(files):
        digest.update(f"{name}\0{checksum(Source(name, path=path))}\n".encode())
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
