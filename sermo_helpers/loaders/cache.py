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
import io
import json
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Callable

import pandas as pd
import pyarrow as pa

from .. import paths
from .base import Context, Source

CACHE_VERSION = "2"
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


def _vouches(known: dict | None, stat: os.stat_result) -> bool:
    """Whether the memo's record ``known`` still gives the checksum of a file with status ``stat``:
    the same size, modification time and inode, and unchanged for MEMO_MARGIN_NS before it was hashed."""
    return bool(known and known["size"] == stat.st_size and known["mtime_ns"] == stat.st_mtime_ns
                and known["inode"] == stat.st_ino and stat.st_mtime_ns < known["hashed_at_ns"] - MEMO_MARGIN_NS)


def file_checksums(files: list[Path]) -> dict[str, str]:
    """SHA-256 of each file (resolved path -> hex digest), reusing the memo for unchanged files."""
    memo = _read_memo()
    sums, changed = {}, False
    for path in files:
        resolved = Path(path).resolve()
        stat = resolved.stat()
        known = memo.get(str(resolved))
        if _vouches(known, stat):
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


def unhashed(files: list[Path]) -> dict[Path, os.stat_result]:
    """The files :func:`file_checksums` would hash (the memo does not vouch for them), with their
    status now."""
    memo = _read_memo()
    out = {}
    for path in files:
        resolved = Path(path).resolve()
        stat = resolved.stat()
        known = memo.get(str(resolved))
        if not _vouches(known, stat):
            out[resolved] = stat
    return out


def status(files: list[Path]) -> dict[Path, os.stat_result]:
    """Every file's status now (for :func:`unchanged`)."""
    resolved = [Path(path).resolve() for path in files]
    return {path: path.stat() for path in resolved}


def settled(stats: dict[Path, os.stat_result]) -> bool:
    """Whether every file was last modified more than MEMO_MARGIN_NS ago: a file whose size, time and
    inode are the same later then has the same content (the memo's own rule)."""
    now = time.time_ns()
    return all(stat.st_mtime_ns < now - MEMO_MARGIN_NS for stat in stats.values())


def unchanged(stats: dict[Path, os.stat_result]) -> bool:
    """Whether every file still has the size, modification time and inode it had in ``stats``."""
    try:
        return all((now.st_size, now.st_mtime_ns, now.st_ino) == (stat.st_size, stat.st_mtime_ns, stat.st_ino)
                   for path, stat in stats.items() for now in [path.stat()])
    except OSError:
        return False


MEMO_FIELDS = {"size": int, "mtime_ns": int, "inode": int, "hashed_at_ns": int, "sha256": str}


def _read_memo() -> dict:
    """The memo, keeping only well-formed entries (a damaged entry only costs a hash)."""
    try:
        memo = json.loads(memo_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(memo, dict):
        return {}
    return {path: known for path, known in memo.items()
            if isinstance(known, dict) and all(isinstance(known.get(field), kind) for field, kind in MEMO_FIELDS.items())
            and len(known["sha256"]) == 64}


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


# Rows per Parquet row group: a large frame is decoded one group at a time when read (reading
# 1,000,000 mentions: a peak of +509 MiB instead of +595 with one group; the same frame).
ROW_GROUP_ROWS = 100_000
MANIFEST = "entry.json"  # the entry's own record: versions and each file's size and SHA-256


class CacheWarning(UserWarning):
    """A cache entry was damaged or stale and is rebuilt from the exports."""


def schema_version() -> str:
    """A digest of every frame's column names and kinds: an entry written for other schemas is stale."""
    from ..schema import SCHEMAS

    text = ";".join(f"{name}:" + ",".join(f"{c.name}/{c.kind}" for c in schema.columns)
                    for name, schema in SCHEMAS.items())
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _digest(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def frame_files(folder: Path, name: str) -> list[Path]:
    """The Parquet files of one frame in an entry, in row order (one, or one per part)."""
    files = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["files"]
    return [folder / f"{file}.parquet" for file in files if str(file).partition(".")[0] == name]


def read_entry(slug: str, key: str, *, read: bool = True) -> dict[str, pd.DataFrame] | None:
    """The cached frames for ``key``, or None when there is no entry or it cannot be trusted.

    An entry is trusted only when its manifest names this cache and schema version and every file
    it lists is present with its recorded size and SHA-256, and reads as Parquet. A damaged entry
    (a file removed, truncated or overwritten, a foreign version) is removed with a
    :class:`CacheWarning`, and the caller rebuilds it from the exports. With ``read=False`` the entry
    is only verified (an empty dict when it can be trusted).
    """
    import warnings

    folder = entry(slug, key)
    if not folder.is_dir():
        return None
    problem = None
    frames: dict[str, pd.DataFrame] = {}
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
            raise ValueError("manifest is not a mapping of files")
        if manifest.get("version") != CACHE_VERSION or manifest.get("schema") != schema_version():
            problem = "written by another version of the workbook"
        elif "report" not in manifest["files"]:
            problem = "the load report is not listed"
        else:
            parts: dict[str, list[Path]] = {}
            for name, record in manifest["files"].items():
                path = folder / f"{name}.parquet"
                frame_name, _, number = str(name).partition(".")
                if (frame_name not in FRAME_FILES or not isinstance(record, dict)
                        or number != ("" if frame_name not in parts else str(len(parts[frame_name])))):
                    problem = f"unknown entry {str(name)[:40]!r}"  # (parts must follow their frame, in order)
                    break
                if not path.is_file():
                    problem = f"{name}.parquet is missing"
                    break
                if path.stat().st_size != record.get("size") or _digest(path) != record.get("sha256"):
                    problem = f"{name}.parquet does not match its checksum"
                    break
                parts.setdefault(frame_name, []).append(path)
            if read and problem is None:
                for name, paths in parts.items():  # a frame written in parts is read as one
                    frames[name] = pd.read_parquet(paths[0] if len(paths) == 1 else [str(path) for path in paths])
    except FileNotFoundError:
        problem = "its manifest is missing"
    except (OSError, ValueError, TypeError, KeyError, pa.ArrowException) as error:  # ArrowInvalid is a ValueError
        problem = f"it cannot be read ({type(error).__name__})"
    if problem is None:
        return frames
    warnings.warn(f"the cached data of {slug!r} was damaged ({problem}); it is rebuilt from the exports",
                  CacheWarning, stacklevel=3)
    shutil.rmtree(folder, ignore_errors=True)
    return None


#: No column statistics are written: nothing reads them, and they cost a comparison of every text
#: (at 2,000,000 mentions about a sixth of the write's CPU). The frames read back are the same.
#: (Writing only few-valued columns with a dictionary saved a little more CPU but raised the peak of
#: reading the cache back by about 50 MiB, so every column keeps Parquet's default dictionary.)
PARQUET_OPTIONS = {"index": False, "row_group_size": ROW_GROUP_ROWS, "write_statistics": False}


#: A frame of at least PART_ROWS rows is written as one Parquet file per core (at most MAX_PARTS):
#: ``mentions.parquet``, ``mentions.1.parquet``, … in row order, listed in that order in the manifest
#: and read back as one frame (the same frame; at 2,000,000 mentions the write takes about half the
#: time on two cores).
PART_ROWS = 4 * ROW_GROUP_ROWS
MAX_PARTS = 4


class _Hashing(io.RawIOBase):
    """A file being written that hashes every byte on the way (SHA-256)."""

    def __init__(self, handle):
        super().__init__()
        self._handle = handle
        self._written = 0
        self.sha256 = hashlib.sha256()

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        data = memoryview(data).cast("B")
        self.sha256.update(data)
        self._handle.write(data)
        self._written += len(data)
        return len(data)

    def tell(self) -> int:
        return self._written

    def flush(self) -> None:
        self._handle.flush()


def write_entry(slug: str, key: str | Callable[[], str | None],
                frames: dict[str, pd.DataFrame | None]) -> Path | None:
    """Write the frames atomically; return the entry folder, or None when the cache cannot be written.

    The frames' files are written (and hashed for the manifest) on every core, the largest first.
    ``key`` may be a function giving the key (or None: nothing is kept), called while the files are
    written, so the input files can be hashed on a core the writing leaves idle. An entry already
    there under that key is then kept (it holds the same frames) and the new files are removed."""
    from ..parallel import core_budget, thread_map

    root = cache_root(slug)
    later = callable(key)
    final = None if later else root / key
    try:
        root.mkdir(parents=True, exist_ok=True)
        temporary = Path(tempfile.mkdtemp(prefix=".writing-", dir=root))
        temporary.chmod(0o755)
    except OSError:
        return None

    def write(file: str, name: str, start: int, end: int) -> tuple[str, dict]:
        path = temporary / f"{file}.parquet"
        frame, options = frames[name], PARQUET_OPTIONS
        if (start, end) != (0, len(frame)):  # a part: every part of a frame with the frame's own types
            frame, options = frame.iloc[start:end], {**PARQUET_OPTIONS, "schema": schemas[name]}
        with open(path, "wb") as handle, _Hashing(handle) as hashing:  # hashed as written, not read again
            frame.to_parquet(hashing, **options)
        return file, {"size": path.stat().st_size, "sha256": hashing.sha256.hexdigest()}

    try:
        count = core_budget()
        pieces = []  # (file name, frame name, first row, end row), the largest first
        for name in sorted((name for name, frame in frames.items() if frame is not None),
                           key=lambda name: -len(frames[name])):
            rows = len(frames[name])
            split = min(count, MAX_PARTS) if rows >= PART_ROWS else 1
            cuts = [rows * part // split for part in range(split + 1)]
            pieces += [(name if part == 0 else f"{name}.{part}", name, cuts[part], cuts[part + 1])
                       for part in range(split)]
        # the types of a frame written in parts come from the whole frame: a part's own (a text column
        # empty in one part: a null type) would make the parts unreadable as one frame
        schemas = {name: pa.Schema.from_pandas(frames[name], preserve_index=False)
                   for name in {name for file, name, _, _ in pieces if file != name}}
        tasks = pieces[:count] + ([None] if later else []) + pieces[count:]  # the key beside the largest files
        done = thread_map(lambda piece: ("", key()) if piece is None else write(*piece), tasks,
                          rows=sum(len(frame) for frame in frames.values() if frame is not None))
        written = dict(item for item in done if item[0])
        if later:
            final = next((root / value for name, value in done if not name and value), None)
            if final is None or read_entry(slug, final.name, read=False) is not None:  # no key, or there already
                shutil.rmtree(temporary, ignore_errors=True)
                return final
        files = {file: written[file] for name in frames for file, frame_name, _, _ in pieces
                 if frame_name == name}  # the caller's order, each frame's parts in order
        (temporary / MANIFEST).write_text(json.dumps({"version": CACHE_VERSION, "schema": schema_version(),
                                                      "files": files}), encoding="utf-8")
        try:
            os.rename(temporary, final)
        except OSError:  # another process wrote the same entry first
            shutil.rmtree(temporary, ignore_errors=True)
    except Exception:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    for other in root.iterdir():
        if other.is_dir() and other.name != final.name and not other.name.startswith(".writing-"):
            shutil.rmtree(other, ignore_errors=True)
    return final
