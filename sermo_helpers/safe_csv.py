"""The one CSV writer for every CSV file the workbook writes: formula-safe, and read back unchanged.

A spreadsheet program opening a CSV file runs a cell that starts with ``=``, ``+``, ``-`` or ``@``
as a formula (and a leading tab or carriage return can hide such a start), so a mention id like
``=HYPERLINK(...)`` or a text like ``+cmd|' /C calc'!A0`` written raw is an attack on whoever opens
the file (OWASP, "CSV Injection"). :func:`write_csv` neutralises such text cells by putting an
apostrophe in front of them, which spreadsheets show as text; a cell that already starts with an
apostrophe gets one more, so the change can always be undone. :func:`read_csv` removes exactly one
leading apostrophe from every text cell, so what was written is what is read.

Only text cells are changed; numbers (a negative count is ``-3``) are written as they are.
The one CSV writer outside this module is the demo generator (:mod:`sermo_helpers.demo.write`): it
writes the demo client's *input* exports, byte for byte in the canonical layout the loaders read,
and its texts are the workbook's own; neutralising them would change the data the loaders parse.
"""
from __future__ import annotations

import csv
import io
import os

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def neutralise(cell):
    """``cell`` made safe to open in a spreadsheet (text cells only; other values are returned as they are)."""
    if isinstance(cell, str) and cell.startswith((*FORMULA_STARTS, QUOTE)):
        return QUOTE + cell
    return cell


def restore(cell):
    """The inverse of :func:`neutralise` for a cell read back as text."""
    if isinstance(cell, str) and cell.startswith(QUOTE):
        return cell[1:]
    return cell


def write_csv(frame: pd.DataFrame, target: str | os.PathLike | io.TextIOBase) -> None:
    """Write ``frame`` (without its index) as UTF-8 CSV as RFC 4180 has it, text cells neutralised.

    Records end with CR LF and every text cell is quoted, so a cell holding a carriage return, a
    line feed or only blanks reads back as it was (with ``\\n`` line ends a bare CR in a cell went
    unquoted and split the record when read).

    ``target`` is a path or an open text stream. The caller's frame is not modified.
    """
    safe = frame.copy()
    for column in safe.columns:
        values = safe[column]
        if values.dtype == object:  # mixed values: only the texts among them are changed
            safe[column] = values.map(neutralise)
        elif pd.api.types.is_string_dtype(values.dtype):
            risky = values.str.startswith((*FORMULA_STARTS, QUOTE)).fillna(False).astype(bool)
            if risky.any():
                safe[column] = values.where(~risky, QUOTE + values)
    safe.columns = [neutralise(str(column)) for column in safe.columns]
    options = {"index": False, "lineterminator": "\r\n", "quoting": csv.QUOTE_NONNUMERIC}
    if isinstance(target, (str, os.PathLike)):
        safe.to_csv(target, encoding="utf-8", **options)
    else:
        safe.to_csv(target, **options)


def read_csv(source: str | os.PathLike | io.TextIOBase) -> pd.DataFrame:
    """Read a file written by :func:`write_csv`: every cell as text (empty cells as ``""``), restored."""
    frame = pd.read_csv(source, dtype="str", keep_default_na=False)
    frame.columns = [restore(column) for column in frame.columns]
    for column in frame.columns:
        values = frame[column]
        quoted = values.str.startswith(QUOTE)
        if quoted.any():
            frame[column] = values.where(~quoted, values.str.slice(1))
    return frame
