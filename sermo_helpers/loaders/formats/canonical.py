"""Files already in a canonical layout: the demo data and the generic CSVs documented in the README.

A file is canonical for a frame when its header holds every required column of that frame (the
name does not matter). UTF-8 (with or without BOM; Windows-1252 is read with a warning), separated
by ``,`` or ``;`` (``;`` files use decimal commas), times ISO 8601 with an offset or naive local
times in the client's time zone. Identifier and text columns are read as text so ids never become
floats. Extra columns are ignored and named in a warning.

This is the hot path for large mention archives: one C-engine ``read_csv`` (identifiers declared as
text, other columns inferred), then vectorised parsing of the time column and the schema's checks.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa

from ...errors import LoadError
from ...schema import DATE, DATETIME, FLOAT, SCHEMAS, STRING, FrameSchema
from .. import parsing
from ..base import ID_COLUMNS, Context, Format, Result, Source
from ..sniff import Head
from ..tables import _parser_error, check_header

ARROW_TEXT = pd.ArrowDtype(pa.large_string())

# Most specific first. A file is taken as canonical for a frame when its header holds that frame's
# distinctive columns; every other required column is then checked by the schema, so a generic CSV
# that lacks one gets an error naming it instead of "unknown layout".
ORDER = ("mentions", "posts", "web_traffic", "channel_stats")
DISTINCTIVE = {
    "mentions": {"mention_id"},
    "posts": {"post_id", "published_at"},
    "web_traffic": {"date", "source", "medium", "sessions"},
    "channel_stats": {"date", "metric", "value"},
}


def recognises(schema: FrameSchema):
    def recognise(head: Head) -> bool:
        if head.is_binary or head.is_zip or not head.header:
            return False
        header = set(head.header)
        if not DISTINCTIVE[schema.name] <= header:
            return False
        return not any(DISTINCTIVE[other] <= header for other in ORDER[: ORDER.index(schema.name)])
    return recognise


def read_canonical(source: Source, head: Head, context: Context, schema: FrameSchema) -> Result:
    warnings: list[str] = []
    delimiter = head.delimiter
    decimal_comma = delimiter == ";"
    header = head.header
    check_header(header, source.name)
    # Identifier columns are declared as Arrow text: the C reader builds them directly, never as
    # numbers (no lost digits or leading zeros anywhere in the file, no second read of sparse id
    # columns that looked like floats) and far faster than with pandas' own text dtype. Other columns
    # are inferred (declaring every text column costs more than it saves on a fresh process).
    # Columns are named by position, so the file's own spelling of a header does not matter.
    dtypes: dict[int, object] = {}
    for position, name in enumerate(header):
        if name in ID_COLUMNS and name in schema.names:
            dtypes[position] = ARROW_TEXT
        elif name in schema.names and schema.column(name).kind == FLOAT and decimal_comma:
            dtypes[position] = object
    encoding = head.encoding
    kwargs = dict(sep=delimiter, keep_default_na=False, na_values=[""], engine="c")
    known = set(schema.names)
    extra = [name for name in header if name and name not in known]
    try:
        frame = _read(source, encoding, kwargs, dtypes)
    except UnicodeDecodeError as exc:
        warnings.append(f"not UTF-8 (byte 0x{exc.object[exc.start]:02x} after {exc.start} bytes); "
                        "read as Windows-1252/Latin-1")
        encoding = "cp1252"
        frame = _read(source, encoding, kwargs, dtypes)
    except ValueError as exc:
        if "could not convert" in str(exc) or "Unable to parse" in str(exc) or "cannot safely" in str(exc):
            frame = _read(source, encoding, kwargs, {position: object for position, name in enumerate(header)
                                                     if name in known})
        else:
            raise _error(source, exc) from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise _error(source, exc) from None
    numeric_text = [position for position, name in enumerate(frame.columns) if name in known
                    and schema.column(name).kind == STRING and position not in dtypes
                    and pd.api.types.is_float_dtype(frame.iloc[:, position].dtype)
                    and frame.iloc[:, position].notna().any()]
    if numeric_text:  # text that looked like numbers with gaps (digits could be lost): read again as text
        dtypes.update({position: ARROW_TEXT for position in numeric_text})
        frame = _read(source, encoding, kwargs, dtypes)
    arrow_text = [position for position, dtype in enumerate(frame.dtypes) if dtype == ARROW_TEXT]
    if arrow_text:  # the same Arrow data as pandas' own text dtype (no copy)
        frame = frame.copy(deep=False)
        for position in arrow_text:
            frame.isetitem(position, frame.iloc[:, position].astype("str"))
    if extra:
        warnings.append(f"ignored columns that are not part of the {schema.name} layout: "
                        + ", ".join(repr(name) for name in extra[:10]) + (" …" if len(extra) > 10 else ""))
    updates = {}
    for col in schema.columns:
        if col.name not in frame.columns:
            continue
        values = frame[col.name]
        if col.kind == STRING and pd.api.types.is_integer_dtype(values.dtype):  # ids are read as text
            updates[col.name] = values.astype("str")
            continue
        if col.kind == FLOAT and not pd.api.types.is_numeric_dtype(values.dtype):
            updates[col.name] = parsing.parse_numbers(values, source=source.name, column=col.name,
                                                      decimal_comma=decimal_comma)
        elif col.kind == DATETIME:
            updates[col.name] = parsing.parse_times(values, source=source.name, column=col.name,
                                                    tz=context.timezone, warnings=warnings,
                                                    required=not col.nullable)
        elif col.kind == DATE:
            updates[col.name] = parsing.parse_dates(values, source=source.name, column=col.name,
                                                    warnings=warnings)
    if updates:
        frame = frame.assign(**updates)
    return Result({schema.name: frame}, warnings)


CHUNKED_BYTES = 64 * 2**20  # files at least this large are read READ_CHUNK_ROWS rows at a time
READ_CHUNK_ROWS = 200_000


def _read(source, encoding, kwargs, dtypes):
    """The file as read by pandas, column names as in the sniffed header (lower case, no BOM)."""
    # no usecols: with it the C parser silently drops the extra cells of a too-long row
    frame = _read_in_chunks(source, encoding, kwargs, dtypes) if source.size >= CHUNKED_BYTES else None
    if frame is None:
        frame = pd.read_csv(source.handle(), encoding=encoding, dtype=dtypes, **kwargs)
    frame.columns = [name.lstrip("\ufeff").strip().lower() for name in frame.columns]
    return frame


def _read_in_chunks(source, encoding, kwargs, dtypes):
    """A large file read in pieces of READ_CHUNK_ROWS rows and put together (Arrow text columns are
    joined without a copy): the C parser's working memory is then a piece's, not the whole file's
    (measured at 1,000,000 mentions: a peak of +437 MiB instead of +760 for a frame of 424 MiB).

    None when the pieces' inferred dtypes differ (a column empty in one piece, numbers in one and
    text in another): the caller then reads the file whole, so the frame is always the one a single
    read gives."""
    with pd.read_csv(source.handle(), encoding=encoding, dtype=dtypes, chunksize=READ_CHUNK_ROWS, **kwargs) as reader:
        pieces = []
        for piece in reader:
            if pieces and not piece.dtypes.equals(pieces[0].dtypes):
                return None
            pieces.append(piece)
    if len(pieces) <= 1:
        return pieces[0] if pieces else None
    return pd.concat(pieces, ignore_index=True)


def _error(source: Source, exc: Exception) -> LoadError:
    if isinstance(exc, pd.errors.EmptyDataError):
        return parsing.fail(source.name, "has no rows.", expected="a header row and data rows",
                            found="an empty file")
    return _parser_error(source.name, exc, 0)


def _format(schema: FrameSchema) -> Format:
    return Format(
        name=f"canonical_{schema.name}",
        description=f"The canonical {schema.name} layout (the demo data; the generic CSV in the README).",
        frames=(schema.name,),
        recognise=recognises(schema),
        read=lambda source, head, context: read_canonical(source, head, context, schema),
        signature=tuple(dict.fromkeys((*sorted(DISTINCTIVE[schema.name]), *schema.required))),
    )


CANONICAL_FORMATS = {name: _format(SCHEMAS[name]) for name in ORDER}


def read_canonical_csv(path: Path, schema: FrameSchema, *, context: Context | None = None) -> pd.DataFrame:
    """Read ``path`` as a canonical ``schema`` CSV and validate it.

    Raises LoadError (unreadable file) or SchemaError (columns that do not fit), naming the file.
    """
    from ..registry import read_source

    loaded = read_source(Source(Path(path).name, path=Path(path)), context or Context(),
                         format_name=f"canonical_{schema.name}")
    return loaded.frames[schema.name]


def canonical_file_name(schema_name: str) -> str:
    return f"{schema_name}.csv"


def find_canonical_files(folder: Path) -> dict[str, Path]:
    """The canonical files present in ``folder`` under their conventional names, keyed by frame name."""
    return {name: folder / canonical_file_name(name) for name in SCHEMAS
            if (folder / canonical_file_name(name)).is_file()}
