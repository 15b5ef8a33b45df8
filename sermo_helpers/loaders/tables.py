"""Reading delimited text into a frame of text cells, with pandas errors turned into LoadErrors.

Readers of platform exports read every cell as text (so ids never become floats and numbers in
Norwegian or English notation are parsed by :mod:`.parsing` under the file's rules) and then pick
their columns with :func:`column`. Column names are stripped and lower-cased.
"""
from __future__ import annotations

import csv
import io
import re

import pandas as pd

from ..errors import LoadError
from .parsing import fail
from .base import Source
from .sniff import Head, split_line


def check_header(cells: list[str], source: str) -> None:
    """Raise when a header names a column twice or has an empty name among named ones."""
    seen: dict[str, int] = {}
    for cell in cells:
        name = cell.lstrip("\ufeff").strip().lower()
        if name:
            seen[name] = seen.get(name, 0) + 1
    repeated = [name for name, count in seen.items() if count > 1]
    if repeated:
        raise fail(source, f"the header names column {repeated[0]!r} {seen[repeated[0]]} times; which one holds "
                   "the data is ambiguous. Remove or rename the extra column.", column=repeated[0],
                   expected="each column name once", found=f"{seen[repeated[0]]} columns named {repeated[0]!r}")


def _parser_error(source: str, exc: Exception, skip: int) -> LoadError:
    message = str(exc).strip()
    match = re.search(r"line (\d+), saw (\d+)", message)
    expected_fields = re.search(r"Expected (\d+) fields", message)
    if match:
        line = int(match.group(1))
        return fail(source, "a row has more cells than the header (a stray delimiter or a cut/merged row).",
                    row=line - 1 - skip, expected=f"{expected_fields.group(1) if expected_fields else 'as many'} "
                    "cells, like the header", found=f"{match.group(2)} cells")
    if "EOF inside string" in message:
        row = re.search(r"row (\d+)", message)
        return fail(source, "the file ends inside a quoted cell (the file is cut off or a quote is not closed).",
                    row=int(row.group(1)) - skip if row else None, expected="a closing quote",
                    found="end of file")
    return fail(source, f"could not be read as a table: {message}", expected="delimited text",
                found=message)


def read_text_table(source: Source, head: Head, *, skip_lines: int = 0, delimiter: str | None = None,
                    comment: str | None = None, encoding: str | None = None,
                    allow_repeated: bool = False, warnings: list[str] | None = None,
                    skip_rows: list[int] | None = None) -> pd.DataFrame:
    """Every cell as text (``str``; empty cells missing), column names stripped and lower-cased.

    A header naming a column twice is an error, unless ``allow_repeated`` (layouts known to repeat
    names, such as legacy Insights): then the first such column is kept and ``warnings`` says
    whether the others held the same values. ``skip_rows`` are data rows (0 = first row under the
    header) that are not data, such as a description row.
    """
    encoding = encoding or head.encoding
    delimiter = delimiter or head.delimiter
    header_line = _header_line(head, skip_lines, comment)
    header_cells = split_line(header_line, delimiter) if header_line is not None else None
    if header_cells is not None and not allow_repeated:
        check_header(header_cells, source.name)
    try:
        frame = _read(source, encoding, delimiter, skip_lines, comment, skip_rows)
    except UnicodeDecodeError as exc:
        if encoding in ("utf-8", "utf-8-sig"):
            head.encoding_warning = (f"not UTF-8 (byte 0x{exc.object[exc.start]:02x} after the first "
                                     f"{exc.start} bytes); read as Windows-1252/Latin-1")
            frame = _read(source, "cp1252", delimiter, skip_lines, comment, skip_rows)
        else:
            raise fail(source.name, f"is not valid {encoding} text ({exc.reason}).", expected=encoding,
                       found="other bytes") from None
    except pd.errors.EmptyDataError:
        raise fail(source.name, "has no header row.", expected="a header row and data rows",
                   found="an empty file") from None
    except (pd.errors.ParserError, csv.Error) as exc:
        raise _parser_error(source.name, exc, skip_lines) from None
    if allow_repeated and header_cells is not None and len(header_cells) == frame.shape[1]:
        return _first_of_repeated(frame, [cell.lstrip("\ufeff").strip().lower() for cell in header_cells],
                                  warnings)
    frame.columns = [str(name).lstrip("\ufeff").strip().lower() for name in frame.columns]
    return frame


def _first_of_repeated(frame: pd.DataFrame, names: list[str], warnings: list[str] | None) -> pd.DataFrame:
    keep, first = [], {}
    for position, name in enumerate(names):
        if name in first:
            same = frame.iloc[:, position].equals(frame.iloc[:, first[name]])
            if warnings is not None:
                warnings.append(f"the header names column {name!r} more than once; "
                                + ("the copies hold the same values, kept once" if same else
                                   "they hold different values: the first is used, the others left out"))
            continue
        first[name] = position
        keep.append(position)
    out = frame.iloc[:, keep].copy()
    out.columns = [names[position] for position in keep]
    return out


def unused_numeric_columns(frame: pd.DataFrame, used) -> list[str]:
    """Columns not in ``used`` whose filled cells are all numbers (``1234``, ``1,234``, ``12.5``, ``-``)."""
    unused = []
    for name in frame.columns:
        if name in used:
            continue
        values = frame[name].dropna()
        values = values[~values.isin(["-", "–"])]
        if len(values) and values.str.fullmatch(r"-?[\d\s.,\u00a0]+%?").all():
            unused.append(name)
    return unused


def _header_line(head: Head, skip_lines: int, comment: str | None) -> str | None:
    lines = head.lines[skip_lines:]
    for line in lines:
        if line.strip() and not (comment and line.lstrip().startswith(comment)):
            return line
    return None


def _read(source: Source, encoding: str, delimiter: str, skip_lines: int, comment: str | None,
          skip_rows: list[int] | None = None) -> pd.DataFrame:
    handle = source.handle()
    if comment:
        # '#' may appear inside cells, so drop whole comment lines instead of using read_csv(comment=)
        text = source.read_bytes().decode(encoding)
        kept = [line for line in text.splitlines()[skip_lines:] if not line.lstrip().startswith(comment)]
        handle, skip_lines, encoding = io.StringIO("\n".join(kept)), 0, None
    if skip_rows:  # rows under the header, counted after the skipped lines (the header is row -1)
        skiprows = list(range(skip_lines)) + [skip_lines + 1 + row for row in skip_rows]
    else:
        skiprows = skip_lines
    return pd.read_csv(handle, sep=delimiter, dtype="str", keep_default_na=False, na_values=[""],
                       skiprows=skiprows, encoding=encoding, skip_blank_lines=True, engine="c")


def column(frame: pd.DataFrame, *names: str, required: str | None = None) -> pd.Series | None:
    """The first of ``names`` present in ``frame`` (lower-case names); None, or LoadError if ``required``."""
    for name in names:
        if name.lower() in frame.columns:
            return frame[name.lower()]
    if required:
        raise LoadError(f"{required}: required column missing; expected one of {', '.join(repr(n) for n in names)}; "
                        f"found columns {', '.join(repr(c) for c in frame.columns[:30])}.", path=required,
                        column=names[0], expected=" or ".join(names), found="no such column")
    return None


def missing(frame: pd.DataFrame) -> pd.Series:
    return pd.Series(pd.NA, index=frame.index, dtype="str")
