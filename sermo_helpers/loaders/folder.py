"""The client's data folder, listed once: which files are the client's inputs.

:class:`ClientFolder` is the one owner of that question. The loaders read its :meth:`sources`, the
cache keys on its :meth:`checksums`, the batch manifest records them, and the workbook's in-kernel
memo uses its :meth:`signature`; nothing else walks the folder. Sub-folders are searched and zip
archives are opened (their members are sources of their own); the workbook's own folders
(:data:`IGNORED_FOLDERS`) are never inputs.
"""
from __future__ import annotations

import zipfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .base import Source

IGNORED_FOLDERS = (".sermo-cache", ".ipynb_checkpoints", "__MACOSX")
NOT_DATA_NAMES = {".ds_store", "thumbs.db", "desktop.ini", ".gitkeep", ".gitignore"}
NOT_DATA_SUFFIXES = {".md", ".txt", ".pdf", ".png", ".jpg", ".jpeg", ".gif", ".docx", ".doc", ".pptx",
                     ".yaml", ".yml", ".html", ".htm", ".ipynb", ".py", ".log", ".parquet"}


def is_not_data(name: str) -> bool:
    """Whether a file name is a note, image, lock file or similar, never an export."""
    base = name.rsplit("/", 1)[-1].lower()
    if base in NOT_DATA_NAMES or base.startswith("~$") or base.startswith("._"):
        return True
    dot = base.rfind(".")
    stem = base[:dot] if dot > 0 else base
    if base.startswith("readme") or stem.endswith(("license", "licence")) or stem in ("copying", "notice"):
        return True
    return dot >= 0 and base[dot:] in NOT_DATA_SUFFIXES


@dataclass(frozen=True)
class InputFile:
    """One file in the data folder: its name relative to the folder and its path on disk."""

    name: str
    path: Path
    size: int
    mtime_ns: int


class ClientFolder:
    """The files of one client's data folder, listed once per object."""

    def __init__(self, root: Path):
        self.root = Path(root)

    @classmethod
    def for_client(cls, client) -> "ClientFolder":
        return cls(client.data_path)

    def exists(self) -> bool:
        return self.root.is_dir()

    @cached_property
    def files(self) -> tuple[InputFile, ...]:
        """Every input file (sorted by name), the workbook's own folders left out."""
        if not self.root.is_dir():
            return ()
        found = []
        for path in sorted(self.root.rglob("*")):
            relative = path.relative_to(self.root)
            if any(part in IGNORED_FOLDERS for part in relative.parts) or not path.is_file():
                continue
            stat = path.stat()
            found.append(InputFile(relative.as_posix(), path, stat.st_size, stat.st_mtime_ns))
        return tuple(found)

    def data_files(self) -> list[InputFile]:
        return [file for file in self.files if not is_not_data(file.name)]

    def signature(self) -> tuple:
        """Names, sizes and modification times: changes whenever an input changes (cheap, no hashing)."""
        return tuple((file.name, file.size, file.mtime_ns) for file in self.files)

    def checksums(self) -> dict[str, str]:
        """SHA-256 of every input file (relative name -> hex digest); unchanged files are not hashed again."""
        from .cache import file_checksums

        sums = file_checksums([file.path for file in self.files])
        return {file.name: sums[str(file.path.resolve())] for file in self.files}

    def sources(self) -> tuple[list[Source], list[tuple[str, str]]]:
        """Every file to read (zip members included), and the files left out with the reason."""
        sources: list[Source] = []
        skipped: list[tuple[str, str]] = []
        for file in self.files:
            if is_not_data(file.name):
                skipped.append((file.name, "not a data file"))
                continue
            with open(file.path, "rb") as handle:
                magic = handle.read(4)
            if magic == b"PK\x03\x04" and not file.name.lower().endswith((".xlsx", ".xlsm")):
                members, member_skips = zip_members(file.path, file.name)
                sources += members
                skipped += member_skips
                continue
            sources.append(Source(file.name, path=file.path))
        return sources, skipped


def zip_members(path: Path, relative: str) -> tuple[list[Source], list[tuple[str, str]]]:
    """The data members of a zip archive as sources (``archive.zip/member``), and the skipped ones."""
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        return [Source(relative, path=path)], []
    members, skipped = [], []
    with archive:
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            if info.is_dir():
                continue
            name = f"{relative}/{info.filename}"
            if is_not_data(info.filename) or "__MACOSX/" in info.filename:
                skipped.append((name, "not a data file"))
                continue
            members.append(Source(name, data=archive.read(info)))
    return members, skipped
