"""The client's data folder, listed once: which files are the client's inputs.

:class:`ClientFolder` is the one owner of that question. The loaders read its :meth:`sources`, the
cache keys on its :meth:`checksums`, the batch manifest records them, and the workbook's in-kernel
memo uses its :meth:`signature`; nothing else walks the folder. Sub-folders are searched and zip
archives are opened (their members are sources of their own); the workbook's own folders
(:data:`IGNORED_FOLDERS`) are never inputs.
"""
from __future__ import annotations

import fnmatch
import os
import zipfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .. import paths
from ..errors import LoadError
from .base import Source

DATA_ROOTS_VARIABLE = "SERMO_DATA_ROOTS"
SETTINGS_FILE = "settings.yaml"
SYSTEM_FOLDERS = ("/proc", "/sys", "/dev", "/etc", "/boot", "/root", "/var", "/usr", "/bin", "/sbin", "/lib")


def allowed_roots() -> list[Path]:
    """Where client data folders may be: the project's ``data/``, the folders listed under
    ``data_roots:`` in the project's ``settings.yaml``, and those in ``$SERMO_DATA_ROOTS``
    (separated by ``:``)."""
    roots = [paths.data_dir()]
    settings = paths.project_root() / SETTINGS_FILE
    if settings.is_file():
        from ..config import read_yaml

        listed = (read_yaml(settings, what="settings file") or {}).get("data_roots") or []
        if not isinstance(listed, list) or not all(isinstance(item, str) and item.strip() for item in listed):
            raise LoadError(f"{SETTINGS_FILE}: data_roots must be a list of folders.", path=SETTINGS_FILE,
                            expected="a list of folders", found=type(listed).__name__)
        roots += [paths.resolve(item) for item in listed]
    roots += [Path(item) for item in os.environ.get(DATA_ROOTS_VARIABLE, "").split(os.pathsep) if item.strip()]
    return [root.resolve() for root in roots]


def resolve_data_folder(data_folder: str, *, slug: str = "") -> Path:
    """The client's data folder, resolved and checked to lie inside an allowed root (:func:`allowed_roots`).

    Raises LoadError with a clear reason for a folder under a home directory (``~``), a system folder
    (``/proc``, ``/etc``, …) or any folder outside the allowed roots, before anything in it is read.
    """
    who = f"Client {slug!r}: " if slug else ""
    hint = (f"put the exports under data/ (e.g. data/clients/{slug or '<slug>'}) or add the folder to data_roots: "
            f"in {SETTINGS_FILE}")
    text = str(data_folder).strip()
    if text.startswith("~"):
        raise LoadError(f"{who}data_folder {text!r} is in a home directory, which the workbook does not read; {hint}.",
                        path=text, expected="a folder inside an allowed root", found="a home directory (~)")
    candidate = paths.resolve(text)
    try:
        resolved = candidate.resolve()
    except (OSError, RuntimeError) as error:
        raise LoadError(f"{who}data_folder {text!r} cannot be resolved ({type(error).__name__}); {hint}.", path=text,
                        expected="a folder inside an allowed root", found="an unresolvable path") from None
    for system in SYSTEM_FOLDERS:
        if resolved == Path(system) or resolved.is_relative_to(system) or candidate.is_relative_to(system):
            raise LoadError(f"{who}data_folder {text!r} is a system folder ({system}), never client data; {hint}.",
                            path=text, expected="a folder inside an allowed root", found=f"a system folder ({system})")
    roots = allowed_roots()
    if not any(resolved.is_relative_to(root) for root in roots):
        shown = ", ".join(root.name if root == paths.data_dir().resolve() else str(root) for root in roots)
        raise LoadError(f"{who}data_folder {text!r} is outside the folders the workbook reads ({shown}); {hint}.",
                        path=text, expected="a folder inside " + shown, found="a folder elsewhere")
    return resolved

IGNORED_FOLDERS = (".sermo-cache", ".ipynb_checkpoints", "__MACOSX")
NOT_DATA_NAMES = {".ds_store", "thumbs.db", "desktop.ini", ".gitkeep", ".gitignore"}
NOT_DATA_SUFFIXES = {".md", ".txt", ".pdf", ".png", ".jpg", ".jpeg", ".gif", ".docx", ".doc", ".pptx",
                     ".yaml", ".yml", ".html", ".htm", ".ipynb", ".py", ".log", ".parquet"}


#: Sentiment labels an earlier version of the workbook saved inside the data folder (``labels/``). They are
#: the workbook's own work, never client data: skipped with a one-line notice, never read as an export
#: (labels now live in ``editions/<slug>/work/labels/``, :mod:`sermo_helpers.labels`).
OLD_LABELS_FOLDER = "labels"
OLD_LABELS_NOTICE = ("sentiment labels saved by an earlier version of the workbook, not client data; not read. "
                     "Labels now live in editions/<slug>/work/labels/: move the file there to keep using them")


def old_labels_notice(name: str) -> str | None:
    """The notice for a file of the old labels location (``labels/sentiment_labels.csv``, its lock and
    temporary files), None for any other file."""
    folder, _, base = name.rpartition("/")
    if folder != OLD_LABELS_FOLDER:
        return None
    if base == "sentiment_labels.csv" or (base.startswith(".sentiment_labels.csv.")
                                          and base.endswith((".lock", ".tmp"))):
        return OLD_LABELS_NOTICE
    return None


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

    def __init__(self, root: Path, *, ignore: tuple[str, ...] = ()):
        self.root = Path(root)
        self.ignore = tuple(ignore)  # names or * patterns (the client file's ignore_files)

    @classmethod
    def for_client(cls, client) -> "ClientFolder":
        """The client's folder, checked to lie inside an allowed root (LoadError otherwise)."""
        return cls(resolve_data_folder(client.data_folder, slug=client.slug),
                   ignore=getattr(client, "ignore_files", ()))

    def is_ignored(self, name: str) -> bool:
        """Whether ``name`` (relative to the folder; ``archive.zip/member`` for members) is to be left out."""
        return any(fnmatch.fnmatchcase(name, pattern) or fnmatch.fnmatchcase(name.rsplit("/", 1)[-1], pattern)
                   for pattern in self.ignore)

    def exists(self) -> bool:
        return self.root.is_dir()

    @cached_property
    def files(self) -> tuple[InputFile, ...]:
        """Every input file (sorted by name): the workbook's own folders and ignored files left out."""
        return tuple(file for file in self.all_files if not self.is_ignored(file.name))

    @cached_property
    def ignored(self) -> tuple[str, ...]:
        """The files left out because the client file's ``ignore_files`` lists them."""
        return tuple(file.name for file in self.all_files if self.is_ignored(file.name))

    @cached_property
    def all_files(self) -> tuple[InputFile, ...]:
        return self._walked[0]

    @cached_property
    def links_refused(self) -> tuple[tuple[str, str], ...]:
        """Symbolic links that lead outside the data folder: refused by name, never followed or read."""
        return self._walked[1]

    @cached_property
    def _walked(self) -> tuple[tuple[InputFile, ...], tuple[tuple[str, str], ...]]:
        if not self.root.is_dir():
            return (), ()
        root = self.root.resolve()
        found, refused = [], []
        for folder, folders, names in os.walk(self.root, followlinks=False):
            base = Path(folder)
            folders[:] = sorted(name for name in folders if name not in IGNORED_FOLDERS)
            for name in list(folders):
                path = base / name
                if path.is_symlink():
                    folders.remove(name)  # a linked folder is never walked (no loops, no escapes)
                    if not path.resolve().is_relative_to(root):
                        refused.append((path.relative_to(self.root).as_posix(),
                                        "a link to a folder outside the data folder; not followed"))
            for name in sorted(names):
                path = base / name
                relative = path.relative_to(self.root).as_posix()
                if path.is_symlink():
                    target = path.resolve()
                    if not target.is_relative_to(root):
                        refused.append((relative, "a link to a file outside the data folder; not read"))
                        continue
                if not path.is_file():
                    continue
                stat = path.stat()
                found.append(InputFile(relative, path, stat.st_size, stat.st_mtime_ns))
        found.sort(key=lambda file: file.name)
        return tuple(found), tuple(sorted(refused))

    def data_files(self) -> list[InputFile]:
        return [file for file in self.files if not is_not_data(file.name) and old_labels_notice(file.name) is None]

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
        sources: list[Source] = [Source(name, refusal=reason) for name, reason in self.links_refused
                                 if not self.is_ignored(name)]
        skipped: list[tuple[str, str]] = []
        for file in self.files:
            notice = old_labels_notice(file.name)
            if notice is not None:  # the workbook's own labels, left in the data folder by an earlier version
                skipped.append((file.name, notice))
                continue
            if is_not_data(file.name):
                skipped.append((file.name, "the columns.yaml escape hatch: read as settings, not data"
                                if file.name == "columns.yaml" else "not a data file"))
                continue
            with open(file.path, "rb") as handle:
                magic = handle.read(4)
            if magic == b"PK\x03\x04" and not file.name.lower().endswith((".xlsx", ".xlsm")):
                members, member_skips = zip_members(file.path, file.name)
                for member in members:
                    if self.is_ignored(member.name):
                        skipped.append((member.name, "ignored"))
                    else:
                        sources.append(member)
                skipped += member_skips
                continue
            sources.append(Source(file.name, path=file.path))
        return sources, skipped


#: Limits on zip archives (a "zip bomb" expands a few megabytes into gigabytes): per member and per
#: archive, uncompressed; and the compression ratio of a member. Real exports stay far below them.
MAX_MEMBER_BYTES = 1 << 30  # 1 GiB
MAX_ARCHIVE_BYTES = 2 << 30  # 2 GiB
MAX_RATIO = 200  # uncompressed / compressed, for members above RATIO_FLOOR_BYTES
RATIO_FLOOR_BYTES = 1 << 20  # small members may compress better than that (a 0-filled 100 kB file)
_CHUNK = 1 << 20


def zip_members(path: Path, relative: str) -> tuple[list[Source], list[tuple[str, str]]]:
    """The data members of a zip archive as sources (``archive.zip/member``), and the skipped ones.

    A member over the limits (:data:`MAX_MEMBER_BYTES`, :data:`MAX_RATIO`, and
    :data:`MAX_ARCHIVE_BYTES` for the archive) is not expanded: its source carries the refusal. The
    sizes the archive declares are checked first, and the bytes actually expanded are counted while
    reading, so an archive that understates its sizes is caught too.
    """
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        return [Source(relative, path=path)], []
    members, skipped = [], []
    expanded = 0
    with archive:
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            if info.is_dir():
                continue
            name = f"{relative}/{info.filename}"
            if is_not_data(info.filename) or "__MACOSX/" in info.filename:
                skipped.append((name, "not a data file"))
                continue
            refusal = _over_limits(info.file_size, info.compress_size, expanded)
            if refusal is None:
                data, refusal = _expand(archive, info, expanded)
            if refusal is not None:
                members.append(Source(name, refusal=refusal))
                continue
            expanded += len(data)
            members.append(Source(name, data=data))
    return members, skipped


def _over_limits(size: int, compressed: int, expanded: int) -> str | None:
    def mib(count):
        return f"{count / (1 << 20):,.0f} MiB"

    if size > MAX_MEMBER_BYTES:
        return (f"expands to {mib(size)}, above the limit of {mib(MAX_MEMBER_BYTES)} per file in an archive "
                "(a zip bomb, or an export to unpack and split by hand)")
    if size > RATIO_FLOOR_BYTES and size > MAX_RATIO * max(compressed, 1):
        return (f"expands {size / max(compressed, 1):,.0f} times ({mib(size)} from {compressed:,} bytes), above "
                f"the limit of {MAX_RATIO} times: refused as a zip bomb")
    if expanded + size > MAX_ARCHIVE_BYTES:
        return (f"the archive expands to more than {mib(MAX_ARCHIVE_BYTES)} in all; unpack it and put the "
                "files in the data folder")
    return None


def _expand(archive: zipfile.ZipFile, info: zipfile.ZipInfo, expanded: int) -> tuple[bytes | None, str | None]:
    """The member's bytes, read in chunks and stopped as soon as a limit is passed."""
    parts, size = [], 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(_CHUNK):
                size += len(chunk)
                refusal = _over_limits(size, info.compress_size, expanded)
                if refusal is not None:
                    return None, refusal + " (the archive declared a smaller size)"
                parts.append(chunk)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:  # also CRC errors, bad compression
        return None, f"the member cannot be unpacked ({type(error).__name__}: {str(error)[:120]})"
    return b"".join(parts), None
