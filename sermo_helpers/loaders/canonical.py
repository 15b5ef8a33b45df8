"""Files already in a canonical layout: the demo data and the generic CSVs documented in the README.

A file is canonical for a frame when its header holds every required column of that frame (the
name does not matter). UTF-8 (with or without BOM; Windows-1252 is read with a warning), separated
by ``,`` or ``;`` (``;`` files use decimal commas), times ISO 8601 with an offset or naive local
times in the client's time zone. Identifier and text columns are read as text so ids never become
floats. Extra columns are ignored and named in a warning.

This is the hot path for large mention archives: one C-engine ``read_csv`` with declared dtypes,
then vectorised parsing of the time column only.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import LoadError
from ..schema import BOOL, DATE, DATETIME, FLOAT, SCHEMAS, FrameSchema
from . import parsing
from .registry import Context, Format, Result, Source, register
from .sniff import Head
from .tables import _parser_error, check_header

# Most specific first: a mentions file also has the channel_stats-like columns 'channel' etc.
ORDER = ("mentions", "posts", "web_traffic", "channel_stats")


def recognises(schema: FrameSchema):
    def recognise(head: Head) -> bool:
        if head.is_binary or head.is_zip or not head.header:
            return False
        header = set(head.header)
        if not set(schema.required) <= header:
            return False
        # not a more specific canonical layout
        for other in ORDER[: ORDER.index(schema.name)]:
            if set(SCHEMAS[other].required) <= header:
                return False
        return True
    return recognise


def read_canonical(source: Source, head: Head, context: Context, schema: FrameSchema) -> Result:
    warnings: list[str] = []
    delimiter = head.delimiter
    decimal_comma = delimiter == ";"
    header = head.header
    check_header(header, source.name)
    dtypes = {}
    for col in schema.columns:
        dtypes[col.name] = "float64" if col.kind == FLOAT and not decimal_comma else "str"
    encoding = head.encoding
    kwargs = dict(sep=delimiter, keep_default_na=False, na_values=[""], engine="c")
    used = [name for name in header if name in dtypes]
    extra = [name for name in header if name and name not in dtypes]
    try:
        frame = _read(source, encoding, kwargs, dtypes, used)
    except UnicodeDecodeError as exc:
        warnings.append(f"not UTF-8 (byte 0x{exc.object[exc.start]:02x} after {exc.start} bytes); "
                        "read as Windows-1252/Latin-1")
        encoding = "cp1252"
        frame = _read(source, encoding, kwargs, dtypes, used)
    except ValueError as exc:
        if "could not convert" in str(exc) or "Unable to parse" in str(exc) or "cannot safely" in str(exc):
            frame = _read(source, encoding, kwargs, {name: "str" for name in dtypes}, used)
        else:
            raise _error(source, exc) from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise _error(source, exc) from None
    frame.columns = [name.lstrip("\ufeff").strip().lower() for name in frame.columns]
    if extra:
        warnings.append(f"ignored columns that are not part of the {schema.name} layout: "
                        + ", ".join(repr(name) for name in extra[:10]) + (" …" if len(extra) > 10 else ""))
    updates = {}
    for col in schema.columns:
        if col.name not in frame.columns:
            continue
        values = frame[col.name]
        if col.kind == FLOAT and not pd.api.types.is_float_dtype(values.dtype):
            updates[col.name] = parsing.parse_numbers(values, source=source.name, column=col.name,
                                                      decimal_comma=decimal_comma)
        elif col.kind == DATETIME:
            updates[col.name] = parsing.parse_times(values, source=source.name, column=col.name,
                                                    tz=context.timezone, warnings=warnings,
                                                    required=not col.nullable)
        elif col.kind == DATE:
            updates[col.name] = parsing.parse_dates(values, source=source.name, column=col.name)
    if updates:
        frame = frame.assign(**updates)
    return Result({schema.name: frame}, warnings)


def _read(source, encoding, kwargs, dtypes, used):
    lowered = {name: dtype for name, dtype in dtypes.items()}
    return pd.read_csv(source.handle(), encoding=encoding, dtype=lowered,
                       usecols=lambda name: name.lstrip("\ufeff").strip().lower() in used, **kwargs)


def _error(source: Source, exc: Exception) -> LoadError:
    if isinstance(exc, pd.errors.EmptyDataError):
        return parsing.fail(source.name, "has no rows.", expected="a header row and data rows",
                            found="an empty file")
    return _parser_error(source.name, exc, 0)


def _register(schema: FrameSchema) -> Format:
    return register(Format(
        name=f"canonical_{schema.name}",
        description=f"The canonical {schema.name} layout (the demo data; the generic CSV in the README).",
        frames=(schema.name,),
        recognise=recognises(schema),
        read=lambda source, head, context: read_canonical(source, head, context, schema),
    ))


CANONICAL_FORMATS = {name: _register(SCHEMAS[name]) for name in ORDER}


def read_canonical_csv(path: Path, schema: FrameSchema, *, context: Context | None = None) -> pd.DataFrame:
    """Read ``path`` as a canonical ``schema`` CSV and validate it.

    Raises LoadError (unreadable file) or SchemaError (columns that do not fit), naming the file.
    """
    from .registry import read_source

    loaded = read_source(Source(Path(path).name, path=Path(path)), context or Context(),
                         format_name=f"canonical_{schema.name}")
    return loaded.frames[schema.name]


def canonical_file_name(schema_name: str) -> str:
    return f"{schema_name}.csv"


def find_canonical_files(folder: Path) -> dict[str, Path]:
    """The canonical files present in ``folder`` under their conventional names, keyed by frame name."""
    return {name: folder / canonical_file_name(name) for name in SCHEMAS
            if (folder / canonical_file_name(name)).is_file()}
