"""YouTube Studio advanced-mode export: a zip holding ``Table data.csv``, ``Chart data.csv`` and
``Totals.csv``, or those CSVs on their own; headers in English or Norwegian.

* ``Table data.csv`` (one row per video) -> posts. Its first data row is ``Total``: it is kept
  apart (``ClientData.totals``), never added to the rows, and when it differs from the sum of the
  rows (YouTube leaves out deleted and private videos from the rows) the difference is reported.
* ``Totals.csv`` (one row per day for the channel) -> channel_stats ``video_views``.
* ``Chart data.csv`` (one row per video per day) is recognised and not loaded: its daily sums are
  ``Totals.csv``, and loading both would count the views twice.
Durations (``H:MM:SS``) are checked and not stored (posts have no duration column).
"""
from __future__ import annotations

import pandas as pd

from .. import parsing
from ..base import Context, Format, Result, Source
from ..sniff import Head
from ..tables import column, read_text_table

CONTENT = ("content", "innhold")
TITLE = ("video title", "videotittel", "videoens tittel")
PUBLISHED = ("video publish time", "publiseringstidspunkt for video", "publiseringstidspunkt")
DURATION = ("duration", "varighet", "average view duration", "gjennomsnittlig visningsvarighet")
VIEWS = ("views", "visninger")
IMPRESSIONS = ("impressions", "visninger av miniatyrbilder", "eksponeringer")
DATE = ("date", "dato")
TOTAL_LABELS = {"total", "totalt", "sum"}


def _is_table(head: Head) -> bool:
    header = set(head.header)
    return bool(header & set(CONTENT)) and bool(header & set(VIEWS)) and not header & set(DATE)


def _is_chart(head: Head) -> bool:
    header = set(head.header)
    return bool(header & set(CONTENT)) and bool(header & set(VIEWS)) and bool(header & set(DATE))


def _is_totals(head: Head) -> bool:
    header = [name for name in head.header if name]
    return len(header) == 2 and header[0] in DATE and header[1] in VIEWS


def _decimal_comma(head: Head, raw: pd.DataFrame) -> bool:
    return head.delimiter == ";"


def read_table_data(source: Source, head: Head, context: Context) -> Result:
    raw = read_text_table(source, head)
    warnings: list[str] = []
    content = column(raw, *CONTENT, required=source.name)
    is_total = content.str.strip().str.lower().isin(TOTAL_LABELS).fillna(False).astype(bool)
    rows = raw[~is_total]
    decimal_comma = _decimal_comma(head, raw)
    frame = pd.DataFrame({
        "post_id": content[~is_total],
        "channel": "youtube",
        "account": context.account("youtube"),
        "published_at": parsing.parse_times(column(rows, *PUBLISHED, required=source.name), source=source.name,
                                            column=PUBLISHED[0], tz=context.timezone, warnings=warnings),
        "text": column(rows, *TITLE),
        "post_type": "video",
    })
    duration = column(rows, *DURATION)
    if duration is not None:
        parsing.parse_duration_seconds(duration, source=source.name, column=DURATION[0])
    counts = {"video_views": VIEWS, "impressions": IMPRESSIONS}
    totals = []
    for target, names in counts.items():
        values = column(raw, *names)
        if values is None:
            continue
        numbers = parsing.parse_numbers(values, source=source.name, column=names[0], decimal_comma=decimal_comma)
        frame[target] = numbers[~is_total]
        row_sum = float(numbers[~is_total].sum())
        if is_total.any():
            total = float(numbers[is_total].iloc[0])
            totals.append({"file": source.name, "channel": "youtube", "metric": target, "total_row": total,
                           "sum_of_rows": row_sum, "difference": total - row_sum})
            if abs(total - row_sum) > 1e-9:
                warnings.append(f"Total row says {target} = {total:g} but the video rows sum to {row_sum:g} "
                                f"(difference {total - row_sum:+g}; YouTube leaves deleted or private videos out "
                                "of the rows); the Total row is kept apart and not counted")
    if is_total.sum() > 1:
        warnings.append(f"{int(is_total.sum())} Total rows found; the first is kept as the total")
    if not is_total.any():
        warnings.append("no Total row found (expected as the first data row)")
    return Result({"posts": frame}, warnings,
                  totals=pd.DataFrame(totals) if totals else None)


def read_totals(source: Source, head: Head, context: Context) -> Result:
    raw = read_text_table(source, head)
    warnings: list[str] = []
    frame = pd.DataFrame({
        "date": parsing.parse_dates(column(raw, *DATE, required=source.name), source=source.name, column="date",
                                    warnings=warnings),
        "channel": "youtube",
        "account": context.account("youtube"),
        "metric": "video_views",
        "value": parsing.parse_numbers(column(raw, *VIEWS, required=source.name), source=source.name,
                                       column="views", decimal_comma=head.delimiter == ";"),
    })
    return Result({"channel_stats": frame}, warnings)


def read_chart(source: Source, head: Head, context: Context) -> Result:
    return Result({}, [], skipped="per-video daily rows: not loaded, because Totals.csv holds their daily "
                                  "sums and loading both would count views twice")


TABLE_DATA = Format("youtube_table_data", "YouTube Studio advanced export, Table data.csv (per video, Total row).",
                ("posts",), _is_table, read_table_data)
TOTALS = Format("youtube_totals", "YouTube Studio advanced export, Totals.csv (channel views per day).",
                ("channel_stats",), _is_totals, read_totals)
CHART_DATA = Format("youtube_chart_data", "YouTube Studio advanced export, Chart data.csv (recognised, not "
                "loaded: it would double count Totals.csv).", (), _is_chart, read_chart)
