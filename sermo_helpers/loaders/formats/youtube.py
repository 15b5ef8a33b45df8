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
                ("posts",), _is_table, read_table_data, signature=("content", "video title", "views"))
TOTALS = Format("youtube_totals", "YouTube Studio advanced export, Totals.csv (channel views per day).",
                ("channel_stats",), _is_totals, read_totals, signature=("date", "views"))
CHART_DATA = Format("youtube_chart_data", "YouTube Studio advanced export, Chart data.csv (recognised, not "
                "loaded: it would double count Totals.csv).", (), _is_chart, read_chart, signature=("date", "content", "views"))


# --- The advanced export by traffic source ---------------------------------------------------------
#
# ``Table data.csv``: ``Traffic source, Views, Watch time (hours), Average view duration,
# Impressions, …`` with a ``Total`` row first; ``Chart data.csv``: ``Date, Traffic source, Views`` (one
# row per source per day). The chart's rows go to channel_stats as ``video_views_from_<source>``
# (``video_views_from_youtube_search``, ``video_views_from_external``, …): how much of the channel's
# viewing comes from search is ecosystem level 4. The table has no dates: its Total row is kept in
# the totals with the sum of the sources, and the file is otherwise not loaded (the chart holds the
# same views by day).

TRAFFIC_SOURCE = ("traffic source", "trafikkilde", "trafikkkilde")


def _is_source_table(head: Head) -> bool:
    header = set(head.header)
    return bool(header & set(TRAFFIC_SOURCE)) and bool(header & set(VIEWS)) and not header & set(DATE)


def _is_source_chart(head: Head) -> bool:
    header = set(head.header)
    return bool(header & set(TRAFFIC_SOURCE)) and bool(header & set(VIEWS)) and bool(header & set(DATE))


def source_metric(names: pd.Series) -> pd.Series:
    """``YouTube search`` -> ``video_views_from_youtube_search``."""
    slug = names.str.strip().str.lower().str.replace(r"[^0-9a-zæøå]+", "_", regex=True).str.strip("_")
    return "video_views_from_" + slug


def read_source_table(source: Source, head: Head, context: Context) -> Result:
    raw = read_text_table(source, head)
    warnings: list[str] = []
    sources = column(raw, *TRAFFIC_SOURCE, required=source.name)
    is_total = sources.str.strip().str.lower().isin(TOTAL_LABELS).fillna(False).astype(bool)
    views = parsing.parse_numbers(column(raw, *VIEWS, required=source.name), source=source.name, column="views",
                                  decimal_comma=head.delimiter == ";")
    row_sum = float(views[~is_total].sum())
    totals = None
    if is_total.any():
        total = float(views[is_total].iloc[0])
        totals = pd.DataFrame([{"file": source.name, "channel": "youtube", "metric": "video_views_by_traffic_source",
                                "total_row": total, "sum_of_rows": row_sum, "difference": total - row_sum}])
        if abs(total - row_sum) > 0.5:
            warnings.append(f"Total row says views = {total:g} but the traffic sources sum to {row_sum:g} "
                            f"(difference {total - row_sum:+g}), so the Total row is kept apart")
    search = views[~is_total][sources[~is_total].str.strip().str.lower() == "youtube search"].sum()
    share = f", YouTube search {search / row_sum:.1%} of views" if row_sum else ""
    return Result({}, warnings, totals=totals,
                  skipped=f"views by traffic source without dates ({int((~is_total).sum())} sources{share}): "
                          "kept as totals, the daily split is read from Chart data.csv")


def read_source_chart(source: Source, head: Head, context: Context) -> Result:
    raw = read_text_table(source, head)
    warnings: list[str] = []
    sources = column(raw, *TRAFFIC_SOURCE, required=source.name)
    frame = pd.DataFrame({
        "date": parsing.parse_dates(column(raw, *DATE, required=source.name), source=source.name, column="date",
                                    warnings=warnings),
        "channel": "youtube",
        "account": context.account("youtube"),
        "metric": source_metric(sources.fillna("unknown")),
        "value": parsing.parse_numbers(column(raw, *VIEWS, required=source.name), source=source.name,
                                       column="views", decimal_comma=head.delimiter == ";"),
    })
    return Result({"channel_stats": frame}, warnings)


SOURCE_TABLE = Format("youtube_traffic_source_table", "YouTube Studio advanced export by traffic source, Table "
                      "data.csv (Total row and one row per source; no dates: kept as totals).", (),
                      _is_source_table, read_source_table,
                      signature=("traffic source", "views"))
SOURCE_CHART = Format("youtube_traffic_source_chart", "YouTube Studio advanced export by traffic source, Chart "
                      "data.csv (views per source per day).", ("channel_stats",), _is_source_chart,
                      read_source_chart, signature=("date", "traffic source", "views"))
