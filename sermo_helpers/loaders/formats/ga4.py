"""Google Analytics 4 CSV exports -> web_traffic.

A GA4 export starts with a ``#`` comment block (report name, account, property, ``# Start date:
20240401``, ``# End date: …``) and holds **one or more tables separated by blank lines** (a
"Reports snapshot" holds many small ones: ``Nth day``, users by country, page titles, …). Every
table that carries sessions (or, without sessions, users) by day and by traffic source is read:

* the day is ``Date`` (``YYYYMMDD``) or ``Date + hour (YYYYMMDDHH)`` (hours are added up per day);
* the source is ``Session source / medium`` (one column), ``Session source`` + ``Session medium``, or
  a channel group (``Session primary channel group (Default channel group)``): the group's name is
  the source and its medium follows GA4's definitions (``Organic Search`` -> ``organic``, which feeds
  ecosystem level 4; ``Direct`` -> ``(none)``; ``Referral`` -> ``referral``; …).

When tables break the same sessions down in different ways (channel group and source / medium), only
the first breakdown is read, so no session is counted twice. Every table left out is named in a
warning with the reason. Norwegian interface headers are accepted. Rows without a date (``Grand
total``) are totals and are left out.
"""
from __future__ import annotations

import pandas as pd

from .. import parsing
from ..base import Context, Format, Result, Source
from ..sniff import Head, split_line
from ..tables import column, read_text_table

DATE = ("date", "dato")
DATE_HOUR = ("date + hour (yyyymmddhh)", "dato + time (ååååmmddtt)")
SOURCE_MEDIUM = ("session source / medium", "øktkilde / -medium", "source / medium", "kilde / medium",
                 "first user source / medium")
SOURCE = ("session source", "øktkilde", "source", "kilde")
MEDIUM = ("session medium", "øktmedium", "medium")
SESSIONS = ("sessions", "økter")
USERS = ("total users", "active users", "users", "totalt antall brukere", "aktive brukere", "brukere")
CHANNEL_GROUP_MEDIUM = {  # GA4's default channel groups -> the medium that defines them
    "organic search": "organic", "paid search": "cpc", "direct": "(none)", "referral": "referral",
    "organic social": "social", "paid social": "paid social", "email": "email", "organic video": "video",
    "paid video": "paid video", "display": "display", "affiliates": "affiliate", "organic shopping": "organic",
    "paid shopping": "paid shopping", "paid other": "paid other", "cross-network": "cross-network",
    "audio": "audio", "sms": "sms", "mobile push notifications": "push", "unassigned": "(not set)",
    "organisk søk": "organic", "direkte": "(none)", "henvisning": "referral", "organisk sosial": "social",
    "e-post": "email", "ikke tilordnet": "(not set)",
}


def _is_channel_group(name: str) -> bool:
    return "channel group" in name or "kanalgruppe" in name


def _tables(text: str) -> list[tuple[int, list[str]]]:
    """(first physical line number, lines) of each table: runs of lines between blanks and comments."""
    tables, current, start = [], [], 0
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip("\ufeff").lstrip().startswith("#"):
            if current:
                tables.append((start, current))
                current = []
            continue
        if not current:
            start = number
        current.append(line)
    if current:
        tables.append((start, current))
    return tables


def _breakdown(header: list[str]) -> str | None:
    names = set(header)
    if not names & set(DATE + DATE_HOUR):
        return None
    if names & set(SOURCE_MEDIUM) or (names & set(SOURCE) and names & set(MEDIUM)):
        return "source / medium"
    if any(_is_channel_group(name) for name in header):
        return "channel group"
    return None


def _is_ga4(head: Head) -> bool:
    if not head.lines or not head.lines[0].lstrip("\ufeff").startswith("#"):
        return False
    comments = " ".join(line.lower() for line in head.lines if line.lstrip().startswith("#"))
    if "start date" in comments or "startdato" in comments:
        return True
    header = set(head.header)
    return bool(header & set(DATE)) and bool(header & set(SESSIONS))


def _describe(header: list[str]) -> str:
    return ", ".join(repr(cell) for cell in header[:4]) + (" …" if len(header) > 4 else "")


def read_ga4(source: Source, head: Head, context: Context) -> Result:
    warnings: list[str] = []
    text = source.read_bytes().decode(head.encoding, errors="replace").lstrip("\ufeff")
    frames, chosen, left_out = [], None, []
    for number, (line, lines) in enumerate(_tables(text), start=1):
        delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
        header = [cell.strip().lower() for cell in split_line(lines[0], delimiter)]
        label = f"table {number} (line {line}: {_describe(header)})"
        kind = _breakdown(header)
        measure = next((name for name in SESSIONS if name in header), None) or next(
            (name for name in USERS if name in header), None)
        if not any(any(char.isalpha() for char in cell) for cell in header):
            left_out.append(f"{label}: no column names (a grand total)")
            continue
        if kind is None or measure is None:
            missing = []
            if not set(header) & set(DATE + DATE_HOUR):
                missing.append("no date")
            if kind is None and set(header) & set(DATE + DATE_HOUR):
                missing.append("no channel group or source / medium")
            if measure is None:
                missing.append("no sessions or users")
            left_out.append(f"{label}: {', '.join(missing) or 'not traffic by day and source'}")
            continue
        if chosen is not None and kind != chosen:
            left_out.append(f"{label}: the same sessions by {kind}, already read by {chosen}; not counted twice")
            continue
        chosen = kind
        frames.append(_read_table(source, lines, line, delimiter, kind, measure, warnings))
    if not frames:
        raise parsing.fail(source.name, "no table of sessions (or users) by day and traffic source.",
                           column="Sessions", expected="a table with Date, a channel group or source / medium, and Sessions",
                           found="; ".join(left_out) or "no tables")
    if left_out:
        warnings.append("tables left out: " + "; ".join(left_out))
    frame = pd.concat(frames, ignore_index=True)
    repeated = frame.duplicated(subset=["date", "source", "medium"], keep=False)
    if repeated.any():
        frame = frame.groupby(["date", "source", "medium"], as_index=False, sort=False)["sessions"].sum()
        warnings.append(f"{int(repeated.sum())} rows shared a date, source and medium; their sessions were added")
    return Result({"web_traffic": frame}, warnings)


def _read_table(source: Source, lines: list[str], line: int, delimiter: str, kind: str, measure: str,
                warnings: list[str]) -> pd.DataFrame:
    where = f"{source.name} (table at line {line})"
    sub = Source(where, data="\n".join(lines).encode("utf-8"))
    raw = read_text_table(sub, Head.from_bytes(where, sub.data[:65536]), delimiter=delimiter)
    hourly = column(raw, *DATE_HOUR)
    days = column(raw, *DATE) if hourly is None else hourly.str.slice(0, 8)
    total = days.isna() | days.str.lower().str.contains("total", regex=False).fillna(False)
    if total.any():
        warnings.append(f"left out {int(total.sum())} total rows")
    keep = ~total.astype(bool)
    raw, days = raw[keep], days[keep]
    if kind == "source / medium":
        combined = column(raw, *SOURCE_MEDIUM)
        if combined is not None:
            parts = combined.str.split(" / ", n=1, expand=True, regex=False)
            src = parts[0].str.strip()
            medium = parts[1].str.strip() if parts.shape[1] > 1 else pd.Series("(not set)", index=raw.index)
        else:
            src, medium = column(raw, *SOURCE), column(raw, *MEDIUM)
    else:
        group = raw[next(name for name in raw.columns if _is_channel_group(name))].str.strip()
        src = group
        medium = group.str.lower().map(CHANNEL_GROUP_MEDIUM)
        unknown = sorted(set(group[medium.isna() & group.notna()]))
        if unknown:
            warnings.append("channel groups GA4 does not define, stored with medium '(not set)': "
                            + ", ".join(repr(name) for name in unknown))
    if measure not in SESSIONS:
        warnings.append(f"{where}: no sessions column; {measure!r} stored as sessions")
    frame = pd.DataFrame({
        "date": parsing.parse_dates(days, source=where, column="date", formats=("%Y%m%d", "%Y-%m-%d", "%d.%m.%Y"),
                                    warnings=warnings),
        "source": src.fillna("(not set)"),
        "medium": medium.fillna("(not set)"),
        "sessions": parsing.parse_numbers(raw[measure], source=where, column=measure,
                                          decimal_comma=delimiter == ";"),
    })
    if hourly is not None:
        frame = frame.groupby(["date", "source", "medium"], as_index=False, sort=False)["sessions"].sum()
        warnings.append(f"{where}: hourly sessions added up per day")
    return frame


GA4_TRAFFIC = Format("ga4_traffic", "Google Analytics 4 CSV export (# comment block, one or more tables): "
                     "sessions by day and channel group or source / medium.", ("web_traffic",), _is_ga4, read_ga4,
                     signature=("date", "session source / medium", "sessions"))
