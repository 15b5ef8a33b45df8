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
from ..tables import column, read_text_table

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
                "abbreviated header, no ids or dates).", ("posts",), _is_legacy, read_legacy_insights)
