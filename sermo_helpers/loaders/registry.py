"""Which format reads a file, and the checks every format shares.

The formats are the explicit, ordered list :data:`.formats.FORMATS` (one module per platform under
``loaders/formats/``). :func:`recognise` gives a file to the first format that recognises its
content (:class:`~.sniff.Head`: encoding, header, first lines; the file name is at most a hint);
:func:`read_source` reads it and applies the checks every format shares (identifiers, formulas,
future dates, duplicates), then validates each frame against its schema.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

import pandas as pd

from ..errors import LoadError, SchemaError
from ..parallel import thread_map
from ..schema import SCHEMAS
from . import parsing
from .base import ID_COLUMNS, Context, Format, Result, Source  # noqa: F401  (re-exported for callers)
from .folder import is_not_data  # noqa: F401
from .formats import FORMATS
from .sniff import Head

POST_TYPES = {"photos": "photo", "image": "photo", "ig_image": "photo", "links": "link", "reels": "reel",
              "ig_reel": "reel", "videos": "video", "ig_carousel": "carousel", "carousel_album": "carousel",
              "statuses": "status", "events": "event", "articles": "article"}
TEXT_COLUMNS = ("text", "author")


def formats() -> dict[str, Format]:
    """Every format, by name, in the order they are tried."""
    return {format_.name: format_ for format_ in FORMATS}


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


def nearest_format(head: Head) -> tuple[Format, list[str]] | None:
    """The known format whose signature columns the file's header shares most, and the ones it lacks."""
    header = set(head.header)
    if not header:
        return None
    best = None
    for format_ in FORMATS:
        if not format_.signature:
            continue
        shared = len(header & set(format_.signature))
        score = (shared / len(format_.signature), shared)
        if shared and (best is None or score > best[0]):
            best = (score, format_, [name for name in format_.signature if name not in header])
    return (best[1], best[2]) if best else None


def describe_nearest(head: Head) -> str:
    nearest = nearest_format(head)
    if nearest is None:
        return "no known format shares its columns"
    format_, lacking = nearest
    return f"nearest known format {format_.name}, which also needs " + ", ".join(repr(name) for name in lacking)


@dataclass
class FileLoad:
    """One file read: its format, validated frames, warnings, and platform totals if any."""

    source: str
    format: str
    frames: dict[str, pd.DataFrame]
    warnings: list[str]
    totals: pd.DataFrame | None = None
    skipped: str | None = None


def read_source(source: Source, context: Context, *, format_name: str | None = None,
                format_: Format | None = None) -> FileLoad:
    """Recognise and read one file into validated canonical frames.

    Raises LoadError (unrecognised, unreadable or malformed file) or SchemaError (columns that do not
    fit their frame), naming the file and, where known, the row and column.
    """
    head = make_head(source)
    if format_ is not None:
        pass
    elif format_name is not None:
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
