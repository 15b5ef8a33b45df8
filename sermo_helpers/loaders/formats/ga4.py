"""Google Analytics 4 CSV export of traffic acquisition -> web_traffic.

The file starts with ``#`` comment lines (account, property, date range) and may hold several
tables separated by blank lines and more comments; the first table with a date and a source is
read. Source and medium come as two columns (``Session source``, ``Session medium``) or one
(``Session source / medium``). Dates are ``YYYYMMDD``. Norwegian interface headers are accepted.
Rows without a date (``Grand total``) are totals and are left out.
"""
from __future__ import annotations


import pandas as pd

from .. import parsing
from ..base import Context, Format, Result, Source
from ..sniff import Head
from ..tables import column, read_text_table

DATE = ("date", "dato")
SOURCE_MEDIUM = ("session source / medium", "øktkilde / -medium", "source / medium", "kilde / medium",
                 "first user source / medium")
SOURCE = ("session source", "øktkilde", "source", "kilde")
MEDIUM = ("session medium", "øktmedium", "medium")
SESSIONS = ("sessions", "økter")


def _is_ga4(head: Head) -> bool:
    if not head.lines or not head.lines[0].lstrip("\ufeff").startswith("#"):
        return False
    header = set(head.header)
    return bool(header & set(DATE)) and bool(header & set(SESSIONS)) and bool(
        header & (set(SOURCE_MEDIUM) | set(SOURCE)))


def read_ga4(source: Source, head: Head, context: Context) -> Result:
    warnings: list[str] = []
    text = source.read_bytes().decode(head.encoding, errors="replace")
    lines = text.splitlines()
    table: list[str] = []
    for line in lines:
        if line.lstrip("\ufeff").lstrip().startswith("#"):
            if table:
                break
            continue
        if not line.strip():
            if table:
                break
            continue
        table.append(line)
    sub = Source(source.name, data="\n".join(table).encode("utf-8"))
    sub_head = Head.from_bytes(source.name, sub.data[:65536])
    raw = read_text_table(sub, sub_head)
    dates = column(raw, *DATE, required=source.name)
    total = dates.isna() | dates.str.lower().str.contains("total", regex=False).fillna(False)
    if total.any():
        warnings.append(f"left out {int(total.sum())} total rows")
    raw = raw[~total.astype(bool)]
    combined = column(raw, *SOURCE_MEDIUM)
    if combined is not None:
        parts = combined.str.split(" / ", n=1, expand=True, regex=False)
        src = parts[0].str.strip()
        medium = parts[1].str.strip() if parts.shape[1] > 1 else pd.Series("(not set)", index=raw.index)
    else:
        src = column(raw, *SOURCE, required=source.name)
        medium = column(raw, *MEDIUM, required=source.name)
    frame = pd.DataFrame({
        "date": parsing.parse_dates(column(raw, *DATE), source=source.name, column="date",
                                    formats=("%Y%m%d", "%Y-%m-%d", "%d.%m.%Y"), warnings=warnings),
        "source": src.fillna("(not set)"),
        "medium": medium.fillna("(not set)"),
        "sessions": parsing.parse_numbers(column(raw, *SESSIONS, required=source.name), source=source.name,
                                          column="sessions", decimal_comma=sub_head.delimiter == ";"),
    })
    repeated = frame.duplicated(subset=["date", "source", "medium"], keep=False)
    if repeated.any():
        frame = frame.groupby(["date", "source", "medium"], as_index=False, sort=False)["sessions"].sum()
        warnings.append(f"{int(repeated.sum())} rows shared a date, source and medium; their sessions were added")
    return Result({"web_traffic": frame}, warnings)


GA4_TRAFFIC = Format("ga4_traffic", "Google Analytics 4 traffic-acquisition CSV (leading # comment lines).",
                ("web_traffic",), _is_ga4, read_ga4)
