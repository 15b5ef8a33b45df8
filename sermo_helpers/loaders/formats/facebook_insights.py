"""Legacy Facebook Insights post-level export (the layout of the UCI "Facebook metrics" data).

``;``-separated, one row per post, newest first, either the long header (``Lifetime Post Total
Reach``, ``Lifetime Post Total Impressions``, ``Lifetime Engaged Users``…) or its abbreviated form
(``T_Reach``, ``T_Impression``, ``Engaged_Users``…). Missing cells are missing values, not zero.

The layout has no post id and no date, only ``Post Month``, ``Post Weekday`` (1 = Sunday) and
``Post Hour``. Ids are made from the file name and row (``<file>#<row>``); publication times are
rebuilt by walking the rows from oldest to newest and giving each post the first day, on or after
the previous post's, that has its month and weekday (a later hour on the same day stays on that
day). The year comes from a four-digit year in the file name (``insights_2014.csv``), else from the
client's period, and the warning says which. Times are local (client time zone) at the full hour.
"""
from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from .. import parsing
from ..base import Context, Format, Result, Source
from ..sniff import Head
from ..tables import column, read_text_table, unused_numeric_columns

LONG = {
    "lifetime post total reach": "reach", "lifetime post total impressions": "impressions",
    "comment": "comments", "like": "reactions", "share": "shares",
    "lifetime post consumers": "clicks", "type": "post_type",
}
SHORT = {"t_reach": "reach", "t_impression": "impressions", "consumers": "clicks"}


def _is_legacy(head: Head) -> bool:
    header = set(head.header)
    return ({"type", "paid"} <= header and ("lifetime post total reach" in header or "t_reach" in header))


def _year(source: Source, context: Context) -> tuple[int, str]:
    match = re.search(r"(?<!\d)(20\d{2}|19\d{2})(?!\d)", source.name)
    if match:
        return int(match.group(1)), "from the file name"
    year = context.year or dt.date.today().year
    return year, "from the client's period (put the year in the file name to set it)"


def rebuild_times(months, weekdays, hours, *, year: int) -> list[dt.datetime]:
    """Rebuild publication times (oldest row last, as Insights lists them) from month/weekday/hour.

    Walking from the oldest row, each post gets the first day on or after the previous post's day
    that has its weekday, within its month (a post of the same weekday stays on the same day; a walk
    that would leave the month stays on the month's last such weekday). A month lower than the
    previous one starts the next year.
    """
    out: list[dt.datetime | None] = [None] * len(months)
    current = None
    for position in range(len(months) - 1, -1, -1):
        month, weekday, hour = int(months[position]), int(weekdays[position]), int(hours[position])
        if current is not None and month < current.month:
            year += 1
        start = dt.date(year, month, 1)
        day = current if current is not None and current >= start else start
        target = (weekday - 2) % 7  # Insights: 1 = Sunday; Python: Monday = 0
        while day.weekday() != target:
            day += dt.timedelta(days=1)
        while day.month != month:
            day -= dt.timedelta(days=7)
        current = day
        out[position] = dt.datetime.combine(day, dt.time(hour % 24))
    return out


def read_legacy_insights(source: Source, head: Head, context: Context) -> Result:
    raw = read_text_table(source, head)
    warnings: list[str] = []
    needed = {"month": ("post month", "month"), "weekday": ("post weekday", "weekday"),
              "hour": ("post hour", "hour")}
    parts = {}
    for key, names in needed.items():
        values = parsing.parse_numbers(column(raw, *names, required=source.name), source=source.name,
                                       column=names[0])
        if values.isna().any():
            row = int(values.isna().to_numpy().nonzero()[0][0]) + 1
            raise parsing.fail(source.name, "the post's time cannot be rebuilt.", column=names[0], row=row,
                               expected="a number in every row", found="an empty cell")
        parts[key] = values.astype(int).tolist()
    year, why = _year(source, context)
    times = rebuild_times(parts["month"], parts["weekday"], parts["hour"], year=year)
    stem = source.name.rsplit("/", 1)[-1]
    frame = pd.DataFrame({
        "post_id": [f"{stem}#{row}" for row in range(1, len(raw) + 1)],
        "channel": "facebook",
        "account": context.account("facebook"),
        "published_at": parsing.localise(pd.Series(pd.to_datetime(times)), tz=context.timezone,
                                         source=source.name, column="post hour", warnings=warnings),
        "text": pd.Series(pd.NA, index=raw.index, dtype="str"),
    })
    mapping = {**LONG, **SHORT}
    for name, target in mapping.items():
        if name in raw.columns and target not in frame.columns:
            if target == "post_type":
                frame[target] = raw[name].str.lower()
            else:
                frame[target] = parsing.parse_numbers(raw[name], source=source.name, column=name,
                                                      decimal_comma=head.delimiter == ";").to_numpy()
    empty = int(raw.isna().sum().sum())
    warnings.append(f"legacy Insights layout has no post ids or dates: ids made from the file name and row; "
                    f"times rebuilt from month, weekday and hour in {year} ({why})")
    if empty:
        warnings.append(f"{empty} empty cells kept as missing values (not zero)")
    return Result({"posts": frame}, warnings)


LEGACY_INSIGHTS = Format("facebook_insights_legacy", "Legacy Facebook Insights post-level export (';', long or "
                "abbreviated header, no ids or dates).", ("posts",), _is_legacy, read_legacy_insights,
                         signature=("type", "paid", "lifetime post total reach", "post month"))


# --- The classic "Facebook Insights Data Export" CSVs (post level and page level) -------------------
#
# UTF-8 with BOM, comma-separated, the header quoted where a name has spaces, and a second line that
# describes each column (``Lifetime: The total number of people your Page post was served to.
# (Unique Users)``): it is not data and is left out. Some names occur twice (``Lifetime Organic
# watches at 95%``: unique users and total count); the first is used and a warning says so. Times
# (``Posted``: ``06/15/2015 10:30:00 AM``) carry no offset and are read as the client's local time.
# Organic and paid reach and impressions are kept apart; numeric columns without a canonical column
# are named in a warning.

POST_LEVEL = {  # canonical column -> header candidates (lower case), first present wins
    "reach": ("lifetime post organic reach", "lifetime post total reach"),
    "paid_reach": ("lifetime post paid reach",),
    "impressions": ("lifetime post organic impressions", "lifetime post total impressions"),
    "paid_impressions": ("lifetime post paid impressions",),
    "reactions": ("lifetime post stories by action type - like",
                  "lifetime talking about this (post) by action type - like"),
    "comments": ("lifetime post stories by action type - comment",
                 "lifetime talking about this (post) by action type - comment"),
    "shares": ("lifetime post stories by action type - share",
               "lifetime talking about this (post) by action type - share"),
    "clicks": ("lifetime post consumers",),
    "video_views": ("lifetime organic video views", "lifetime total video views", "lifetime post total video views"),
}
PAGE_LEVEL = {  # canonical metric -> header candidates
    "followers": ("lifetime total likes",),
    "new_followers": ("daily new likes",),
    "unfollows": ("daily unlikes",),
    "engagements": ("daily page engaged users",),
    "reach": ("daily total reach",),
    "organic_reach": ("daily organic reach",),
    "impressions": ("daily total impressions",),
    "organic_impressions": ("daily organic impressions",),
}
DESCRIPTION_PREFIXES = ("lifetime:", "daily:", "weekly:", "28 days:")
INSIGHTS_PREFIXES = ("lifetime ", "daily ", "weekly ", "28 days ")


def _has_description_row(head: Head) -> bool:
    lines = head.data_lines()
    if len(lines) < 2:
        return False
    from ..sniff import split_line
    cells = [cell.strip().lower() for cell in split_line(lines[1], head.delimiter)]
    return any(cell.startswith(DESCRIPTION_PREFIXES) for cell in cells)


def _is_post_level(head: Head) -> bool:
    header = set(head.header)
    return {"post id", "posted"} <= header and any(name.startswith("lifetime ") for name in header)


def _is_page_level(head: Head) -> bool:
    header = head.header
    return bool(header) and header[0] == "date" and sum(name.startswith(INSIGHTS_PREFIXES)
                                                        for name in header) >= 2


def _read_insights_table(source: Source, head: Head, warnings: list[str]) -> pd.DataFrame:
    skip = [0] if _has_description_row(head) else None
    return read_text_table(source, head, allow_repeated=True, warnings=warnings, skip_rows=skip)


def _unused_warning(raw: pd.DataFrame, used: set[str], warnings: list[str]) -> None:
    unused = unused_numeric_columns(raw, used)
    if unused:
        warnings.append(f"{len(unused)} numeric columns not used (no canonical column for them): "
                        + ", ".join(repr(name) for name in unused))


def read_post_level(source: Source, head: Head, context: Context) -> Result:
    warnings: list[str] = []
    raw = _read_insights_table(source, head, warnings)
    frame = pd.DataFrame({
        "post_id": column(raw, "post id", required=source.name),
        "channel": "facebook",
        "account": context.account("facebook"),
        "published_at": parsing.parse_times(column(raw, "posted", required=source.name), source=source.name,
                                            column="Posted", tz=context.timezone, warnings=warnings,
                                            formats=("%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M",
                                                     "ISO8601", "%Y-%m-%d %H:%M:%S")),
        "text": column(raw, "post message"),
        "post_type": column(raw, "type"),
        "permalink": column(raw, "permalink"),
    })
    used = {"post id", "posted", "post message", "type", "permalink", "countries", "languages",
            "audience targeting"}
    for target, names in POST_LEVEL.items():
        for name in names:
            if name in raw.columns:
                frame[target] = parsing.parse_numbers(raw[name], source=source.name, column=name)
                used.add(name)
                break
    if "reach" in frame and "lifetime post organic reach" in used and "lifetime post total reach" in raw.columns:
        used.add("lifetime post total reach")  # organic + paid: both are kept
    if "impressions" in frame and "lifetime post organic impressions" in used:
        used.add("lifetime post total impressions")
    _unused_warning(raw, used, warnings)
    if not context.accounts.get("facebook"):
        warnings.append("the file does not name the page; posts are stored under "
                        f"{context.account('facebook')!r} (set own_accounts.facebook in the client file)")
    return Result({"posts": frame}, warnings)


def read_page_level(source: Source, head: Head, context: Context) -> Result:
    warnings: list[str] = []
    raw = _read_insights_table(source, head, warnings)
    dates = parsing.parse_dates(column(raw, "date", required=source.name), source=source.name, column="Date",
                                warnings=warnings)
    pieces, used = [], {"date"}
    for metric, names in PAGE_LEVEL.items():
        for name in names:
            if name in raw.columns:
                pieces.append(pd.DataFrame({"date": dates, "channel": "facebook",
                                            "account": context.account("facebook"), "metric": metric,
                                            "value": parsing.parse_numbers(raw[name], source=source.name,
                                                                           column=name)}))
                used.add(name)
                break
    _unused_warning(raw, used, warnings)
    if not pieces:
        raise parsing.fail(source.name, "no page metric this workbook knows.", column="Lifetime Total Likes",
                           expected="columns such as " + ", ".join(names[0] for names in PAGE_LEVEL.values()),
                           found=", ".join(list(raw.columns)[:10]))
    stats = pd.concat(pieces, ignore_index=True)
    return Result({"channel_stats": stats[stats["value"].notna()].reset_index(drop=True)}, warnings)


INSIGHTS_POST_LEVEL = Format("facebook_insights_post_level", "Facebook Insights Data Export (Post Level) CSV: "
                             "BOM, description row, Lifetime Post … columns.", ("posts",), _is_post_level,
                             read_post_level, signature=("post id", "posted", "lifetime post total reach"))
INSIGHTS_PAGE_LEVEL = Format("facebook_insights_page_level", "Facebook Insights Data Export (Page Level) CSV: "
                             "Date, Lifetime Total Likes, Daily New Likes, … with a description row.",
                             ("channel_stats",), _is_page_level, read_page_level,
                             signature=("date", "lifetime total likes", "daily new likes"))
