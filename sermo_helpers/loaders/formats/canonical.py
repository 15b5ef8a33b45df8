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

import csv
import io
import threading
from pathlib import Path

import pandas as pd
import pyarrow as pa

from ...errors import LoadError
from ...parallel import PARALLEL_ROWS, core_budget, thread_map
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
    frame = None
    if source.size >= CHUNKED_BYTES:
        frame = _read_in_parallel(source, encoding, kwargs, dtypes)
        if frame is None:
            frame = _read_in_chunks(source, encoding, kwargs, dtypes)
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


PARALLEL_UTF8 = ("utf-8", "utf-8-sig")  # encodings in which a line feed byte always ends a character


def _read_in_parallel(source, encoding, kwargs, dtypes):
    """A large UTF-8 file on disk cut into one byte range per core at line ends and read on every core
    (the C parser releases the GIL while it tokenises), each range READ_CHUNK_ROWS rows at a time, the
    pieces put together in file order: the frame one read of the whole file gives (as with
    :func:`_read_in_chunks`, pieces are joined only when every piece's inferred dtypes agree), in
    about half the time on two cores.

    None, and the caller reads the file in one pass, whenever the result might differ from that
    pass: the file is not UTF-8 or is a zip member, a single core, a cut that falls inside a quoted
    cell (its range then ends inside a string, which the C parser refuses), pieces whose inferred
    dtypes differ, a row with more cells than the header (an implied index), or any error at all
    (the one-pass read then raises it, with its own row numbers).
    """
    if source.path is None or encoding not in PARALLEL_UTF8:
        return None
    cores = core_budget()
    if cores < 2:
        return None
    try:
        ranges = _cut_at_line_ends(source.path, cores, kwargs.get("sep", ","))
    except OSError:
        return None
    if len(ranges) < 2:
        return None
    try:  # the column names as the one-pass read gives them (its own header parsing)
        with io.BufferedReader(_ByteRange(source.path, *ranges[0]), 2**16) as head:
            names = list(pd.read_csv(head, encoding=encoding, nrows=0, **kwargs).columns)
    except Exception:  # noqa: BLE001 - the one-pass read raises it
        return None
    failed = threading.Event()  # one range failed: the others stop early

    def read_range(index):
        start, end = ranges[index]
        options = dict(kwargs, dtype=dtypes, chunksize=READ_CHUNK_ROWS)
        if index > 0:
            options.update(header=None, names=names, encoding="utf-8")
        else:
            options.update(encoding=encoding)
        chunks = []
        try:
            with pd.read_csv(io.BufferedReader(_ByteRange(source.path, start, end), 2**20), **options) as reader:
                for chunk in reader:
                    # a row with one cell more than the header makes its first cell an index
                    if failed.is_set() or not isinstance(chunk.index, pd.RangeIndex):
                        failed.set()
                        return None
                    chunks.append(chunk)
        except Exception:  # noqa: BLE001 - the one-pass read raises it again, with the file's own row numbers
            failed.set()
            return None
        return chunks

    pieces = thread_map(read_range, range(len(ranges)), rows=max(PARALLEL_ROWS, len(ranges) * READ_CHUNK_ROWS))
    if failed.is_set() or any(piece is None for piece in pieces):
        return None
    chunks = [chunk for piece in pieces for chunk in piece]
    if not chunks or any(not chunk.dtypes.equals(chunks[0].dtypes) or list(chunk.columns) != names for chunk in chunks):
        return None
    return chunks[0] if len(chunks) == 1 else pd.concat(chunks, ignore_index=True)


def _cut_at_line_ends(path: Path, count: int, sep: str) -> list[tuple[int, int]]:
    """``count`` byte ranges of about equal size covering the file (header in the first), each
    ending just after a line feed that seems to end a record: the next line splits into as many
    cells as the header (a guess only; a cut inside a quoted cell is caught when the range is read)."""
    size = path.stat().st_size
    cuts = [0]
    with open(path, "rb") as handle:
        header = handle.readline()
        width = _cells(header, sep)
        for k in range(1, count):
            handle.seek(max(size * k // count, cuts[-1], len(header)))
            handle.readline()  # to the next line end
            position = handle.tell()
            for _ in range(64):  # a line that reads as a whole record
                line = handle.readline()
                if not line or _cells(line, sep) == width:
                    break
                position = handle.tell()
            if position >= size:
                break
            if position > cuts[-1]:
                cuts.append(position)
    cuts.append(size)
    return [(start, end) for start, end in zip(cuts, cuts[1:]) if end > start]


def _cells(line: bytes, sep: str) -> int:
    try:
        return len(next(csv.reader([line.decode("utf-8", errors="replace").rstrip("\r\n")], delimiter=sep)))
    except (csv.Error, StopIteration):
        return -1


class _ByteRange(io.RawIOBase):
    """Bytes ``start`` to ``end`` of a file, read as if they were the whole file."""

    def __init__(self, path: Path, start: int, end: int):
        super().__init__()
        self._file = open(path, "rb", buffering=0)
        self._file.seek(start)
        self._left = end - start

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        wanted = min(len(buffer), self._left)
        if wanted <= 0:
            return 0
        got = self._file.readinto(memoryview(buffer)[:wanted]) or 0
        self._left -= got
        return got

    def close(self) -> None:
        self._file.close()
        super().close()


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
