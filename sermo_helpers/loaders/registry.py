"""The format registry: each format is one small module that declares itself here.

A :class:`Format` names the layout, says which canonical frames it yields, recognises a file from
its content (:class:`~.sniff.Head`: encoding, header, first lines; the file name is at most a hint)
and reads it. :func:`recognise` picks the format for a file; :func:`read_source` reads it and
applies the checks every format shares (identifiers, formulas, future dates, duplicates), then
validates each frame against its schema.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import pandas as pd

from ..errors import LoadError, SchemaError
from ..schema import SCHEMAS
from ..threads import thread_map
from . import parsing
from .sniff import HEAD_BYTES, Head

NOT_DATA_NAMES = {".ds_store", "thumbs.db", "desktop.ini", ".gitkeep", ".gitignore"}
NOT_DATA_SUFFIXES = {".md", ".txt", ".pdf", ".png", ".jpg", ".jpeg", ".gif", ".docx", ".doc", ".pptx",
                     ".yaml", ".yml", ".html", ".htm", ".ipynb", ".py", ".log", ".parquet"}
ID_COLUMNS = ("post_id", "mention_id", "in_reply_to", "thread_id")
POST_TYPES = {"photos": "photo", "image": "photo", "ig_image": "photo", "links": "link", "reels": "reel",
              "ig_reel": "reel", "videos": "video", "ig_carousel": "carousel", "carousel_album": "carousel",
              "statuses": "status", "events": "event", "articles": "article"}
TEXT_COLUMNS = ("text", "author")


@dataclass(frozen=True)
class Context:
    """What a reader may need to know about the client: time zone and default account names."""

    timezone: str = "Europe/Oslo"
    accounts: dict = field(default_factory=dict)  # channel -> default account name
    client_name: str = ""
    now: datetime | None = None
    year: int | None = None  # for layouts without a year (legacy Facebook Insights)

    def account(self, channel: str) -> str:
        return self.accounts.get(channel) or self.client_name or "unknown"

    @classmethod
    def for_client(cls, client) -> "Context":
        accounts = {channel: names[0] for channel, names in client.own_accounts.items() if names}
        return cls(timezone=client.timezone, accounts=accounts, client_name=client.display_name,
                   year=client.period_start.year)


@dataclass
class Source:
    """One file to read: a file on disk or a member of a zip archive."""

    name: str  # shown in reports and errors: a path relative to the data folder (zip/member for members)
    path: Path | None = None
    data: bytes | None = None

    def read_bytes(self) -> bytes:
        if self.data is None:
            return self.path.read_bytes()
        return self.data

    def head_bytes(self) -> bytes:
        if self.data is not None:
            return self.data[:HEAD_BYTES]
        with open(self.path, "rb") as handle:
            return handle.read(HEAD_BYTES)

    def handle(self):
        """Something pandas can read: the path on disk, or a bytes buffer for zip members."""
        return str(self.path) if self.data is None else io.BytesIO(self.data)

    @property
    def size(self) -> int:
        return len(self.data) if self.data is not None else self.path.stat().st_size


@dataclass
class Result:
    """What a reader returns: canonical-column frames (not yet validated) and warnings."""

    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    totals: pd.DataFrame | None = None  # platform-reported totals kept beside the rows (YouTube)
    skipped: str | None = None  # a reason when the file is recognised but deliberately not loaded


@dataclass(frozen=True)
class Format:
    """One export layout: declared up front, checked by one contract test."""

    name: str
    description: str
    frames: tuple[str, ...]
    recognise: Callable[[Head], bool]
    read: Callable[[Source, Head, Context], Result]
    needs_sheets: bool = False  # recognise() looks at xlsx sheets


FORMATS: dict[str, Format] = {}


def register(format_: Format) -> Format:
    if format_.name in FORMATS:
        raise ValueError(f"format {format_.name!r} registered twice")
    unknown = set(format_.frames) - set(SCHEMAS)
    if unknown:
        raise ValueError(f"format {format_.name!r} declares unknown frames {sorted(unknown)}")
    FORMATS[format_.name] = format_
    return format_


def formats() -> dict[str, Format]:
    """Every registered format, by name (importing the format modules on first use)."""
    from . import builtin_formats  # noqa: F401  (registers the built-in formats)
    return FORMATS


def is_not_data(name: str) -> bool:
    base = name.rsplit("/", 1)[-1].lower()
    if base in NOT_DATA_NAMES or base.startswith("~$") or base.startswith("._"):
        return True
    dot = base.rfind(".")
    return base.startswith("readme") or (dot >= 0 and base[dot:] in NOT_DATA_SUFFIXES)


def make_head(source: Source) -> Head:
    head = Head.from_bytes(source.name, source.head_bytes())
    if head.is_xlsx:
        head.load_sheets(source.read_bytes())
    return head


def recognise(source: Source, head: Head | None = None) -> Format | None:
    """The registered format that recognises ``source``, or None."""
    head = head or make_head(source)
    for format_ in formats().values():
        try:
            if format_.recognise(head):
                return format_
        except (ValueError, IndexError, KeyError, TypeError):
            continue
    return None


def describe_unknown(head: Head) -> str:
    if not head.raw:
        return "an empty file"
    if head.is_binary:
        return "binary content"
    if head.is_xlsx:
        return "a workbook with sheets " + ", ".join(repr(s) for s in head.sheets)
    if not head.data_lines():
        return "no data lines (only blank or # comment lines)"
    return "a first line " + repr(head.data_lines()[0][:200])


@dataclass
class FileLoad:
    """One file read: its format, validated frames, warnings, and platform totals if any."""

    source: str
    format: str
    frames: dict[str, pd.DataFrame]
    warnings: list[str]
    totals: pd.DataFrame | None = None
    skipped: str | None = None


def read_source(source: Source, context: Context, *, format_name: str | None = None) -> FileLoad:
    """Recognise and read one file into validated canonical frames.

    Raises LoadError (unrecognised, unreadable or malformed file) or SchemaError (columns that do not
    fit their frame), naming the file and, where known, the row and column.
    """
    head = make_head(source)
    if format_name is not None:
        format_ = formats()[format_name]
    else:
        format_ = recognise(source, head)
    if format_ is None:
        known = ", ".join(formats())
        raise LoadError(f"{source.name}: unknown layout; found {describe_unknown(head)}. Known layouts: {known}. "
                        "See sermo_helpers/loaders/README.md for the generic CSV layouts.",
                        path=source.name, expected=f"one of the known layouts ({known})",
                        found=describe_unknown(head))
    result = format_.read(source, head, context)
    warnings = list(result.warnings)
    if head.encoding_warning:
        warnings.insert(0, head.encoding_warning)
    frames = {}
    for name, frame in result.frames.items():
        if not len(frame):
            warnings.append(f"{name}: the file has a header but no data rows")
        frames[name] = finish_frame(frame, name, source=source.name, context=context, warnings=warnings)
    return FileLoad(source.name, format_.name, frames, warnings, result.totals, result.skipped)


def finish_frame(frame: pd.DataFrame, name: str, *, source: str, context: Context,
                 warnings: list[str]) -> pd.DataFrame:
    """The checks every format shares, then schema validation."""
    schema = SCHEMAS[name]
    # integers need no id check (the schema turns them into text exactly); text that is not yet
    # text has no formulas to neutralise
    checks = [(column, parsing.check_ids) for column in ID_COLUMNS if column in frame.columns
              and not pd.api.types.is_integer_dtype(frame[column].dtype)]
    checks += [(column, _neutralise) for column in TEXT_COLUMNS if column in frame.columns
               and pd.api.types.is_string_dtype(frame[column].dtype)]

    def check(item):  # each column on its own thread, with its own warnings (kept in column order)
        column, function = item
        found: list[str] = []
        return column, function(frame[column], source=source, column=column, warnings=found), found

    updates = {}
    for column, checked, found in thread_map(check, checks, rows=len(frame)):
        warnings.extend(found)
        if checked is not frame[column]:
            updates[column] = checked
    if "post_type" in frame.columns and pd.api.types.is_string_dtype(frame["post_type"].dtype):
        kinds = frame["post_type"].str.strip().str.lower().str.replace(r"[\s-]+", "_", regex=True)
        updates["post_type"] = kinds.replace(POST_TYPES)
    if updates:
        frame = frame.assign(**updates)
    try:
        frame = schema.validate(frame, path=source)
    except SchemaError as error:
        # exact repeats of a row (the same export pasted twice) are repaired; other key clashes are errors
        key_problem = "+".join(schema.key)
        if not schema.key or not any(problem[0] == key_problem for problem in error.problems):
            raise
        exact = frame.duplicated()
        if not exact.any():
            raise
        warnings.append(f"{name}: removed {int(exact.sum())} rows that repeat an earlier row exactly")
        frame = schema.validate(frame[~exact], path=source)
    time_column = "published_at" if "published_at" in frame.columns else "date"
    limit = pd.Timestamp(context.now or datetime.now(timezone.utc))
    limit = (limit.tz_localize("UTC") if limit.tzinfo is None else limit.tz_convert("UTC")) + pd.Timedelta(days=1)
    if time_column == "date":
        limit = limit.tz_localize(None)
    times = frame[time_column]
    future = times > limit
    if future.any():
        first = times[future].min()
        warnings.append(f"{name}: dropped {int(future.sum())} rows dated in the future (from {first:%Y-%m-%d}); "
                        "check the export's date format")
        frame = frame[~future].reset_index(drop=True)
    return frame


def _neutralise(values: pd.Series, *, source: str, column: str, warnings: list[str]) -> pd.Series:
    return parsing.neutralise_formulas(values, column=column, warnings=warnings)


def sources_in(folder: Path, *, ignore=(".sermo-cache",)) -> tuple[list[Source], list[tuple[str, str]]]:
    """Every file under ``folder`` (recursively, zip members included), and the skipped ones with reasons."""
    sources: list[Source] = []
    skipped: list[tuple[str, str]] = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if any(part in ignore for part in path.relative_to(folder).parts) or not path.is_file():
            continue
        if is_not_data(relative):
            skipped.append((relative, "not a data file"))
            continue
        with open(path, "rb") as handle:
            magic = handle.read(4)
        if magic == b"PK\x03\x04" and not relative.lower().endswith((".xlsx", ".xlsm")):
            members, member_skips = zip_members(path, relative)
            sources += members
            skipped += member_skips
            continue
        sources.append(Source(relative, path=path))
    return sources, skipped


def zip_members(path: Path, relative: str) -> tuple[list[Source], list[tuple[str, str]]]:
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
