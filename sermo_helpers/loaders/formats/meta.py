"""Meta Business Suite exports: Facebook and Instagram post exports, Facebook page-level daily files.

* Post exports: UTF-8 with BOM, 30+ columns that vary from month to month; only the columns below
  are used and any may be missing except the id and the publish time. ``Publish time`` is
  ``MM/DD/YYYY HH:MM`` in the page's local time (read as the client's time zone). Numbers may be
  quoted with thousands commas (``"15,000"``).
* Page-level daily files: UTF-16 LE, a ``sep=,`` line and a metric-name line before a
  ``"Date","Primary"`` header; one file per metric. The account is the client's Facebook account.
"""
from __future__ import annotations

import re

import pandas as pd

from .. import parsing
from ..base import Context, Format, Result, Source
from ..sniff import Head
from ..tables import column, missing, read_text_table

POST_COUNTS = {  # canonical column -> export columns, first present wins
    "impressions": ("views", "impressions"),
    "reach": ("reach",),
    "reactions": ("reactions", "likes"),
    "comments": ("comments",),
    "shares": ("shares",),
    "clicks": ("total clicks", "link clicks"),
    "saves": ("saves",),
    "video_views": ("3-second video views", "plays"),
}
PAGE_METRICS = {
    "views": "impressions", "impressions": "impressions", "facebook views": "impressions",
    "reach": "reach", "facebook reach": "reach", "viewers": "reach",
    "follows": "new_followers", "new follows": "new_followers", "facebook follows": "new_followers",
    "followers": "followers", "visits": "profile_visits", "facebook visits": "profile_visits",
    "interactions": "engagements", "content interactions": "engagements", "link clicks": "clicks",
}


def _post_frame(raw: pd.DataFrame, source: Source, context: Context, *, channel: str,
                id_column: str, account_columns: tuple[str, ...], text_columns: tuple[str, ...]) -> Result:
    warnings: list[str] = []
    decimal_comma = False
    frame = pd.DataFrame(index=raw.index)
    frame["post_id"] = column(raw, id_column, required=source.name)
    frame["channel"] = channel
    account = None
    for name in account_columns:
        account = column(raw, name)
        if account is not None:
            break
    frame["account"] = account if account is not None else context.account(channel)
    frame["account"] = frame["account"].fillna(context.account(channel))
    frame["published_at"] = parsing.parse_times(column(raw, "publish time", required=source.name),
                                                source=source.name, column="publish time",
                                                tz=context.timezone, warnings=warnings,
                                                formats=("%m/%d/%Y %H:%M", "%m/%d/%Y %H:%M:%S",
                                                         "ISO8601", "%d.%m.%Y %H:%M"))
    text = missing(raw)
    for name in text_columns:  # first non-empty of description, title, ...
        candidate = column(raw, name)
        if candidate is not None:
            text = text.fillna(candidate)
    frame["text"] = text
    frame["post_type"] = column(raw, "post type")
    frame["permalink"] = column(raw, "permalink")
    for target, names in POST_COUNTS.items():
        for name in names:
            values = column(raw, name)
            if values is not None:
                frame[target] = parsing.parse_numbers(values, source=source.name, column=name,
                                                      decimal_comma=decimal_comma)
                break
    return Result({"posts": frame}, warnings)


def read_facebook_posts(source: Source, head: Head, context: Context) -> Result:
    raw = read_text_table(source, head)
    return _post_frame(raw, source, context, channel="facebook", id_column="post id",
                       account_columns=("page name",), text_columns=("description", "title", "message"))


def read_instagram_posts(source: Source, head: Head, context: Context) -> Result:
    raw = read_text_table(source, head)
    return _post_frame(raw, source, context, channel="instagram", id_column="post id",
                       account_columns=("account username", "account name"),
                       text_columns=("description", "caption"))


def _metric_name(line: str) -> str:
    return line.strip().strip('"').strip().lower()


def read_facebook_daily(source: Source, head: Head, context: Context) -> Result:
    lines = head.lines
    start = 1 if lines and lines[0].strip().lower().startswith("sep=") else 0
    name = _metric_name(lines[start]) if len(lines) > start else ""
    metric = PAGE_METRICS.get(name) or re.sub(r"[^a-z0-9]+", "_", name).strip("_") or "value"
    warnings = []
    if name not in PAGE_METRICS:
        warnings.append(f"metric {name!r} is not a known Meta page metric; stored as {metric!r}")
    delimiter = lines[0].strip().split("=", 1)[1].strip().strip('"')[:1] if start else ","
    raw = read_text_table(source, head, skip_lines=start + 1, delimiter=delimiter or ",")
    frame = pd.DataFrame({
        "date": parsing.parse_dates(column(raw, "date", required=source.name), source=source.name, column="date",
                                    warnings=warnings),
        "channel": "facebook",
        "account": context.account("facebook"),
        "metric": metric,
        "value": parsing.parse_numbers(column(raw, "primary", "value", required=source.name),
                                       source=source.name, column="primary"),
    })
    if not context.accounts.get("facebook"):
        warnings.append("the file does not name the page; rows are stored under "
                        f"{context.account('facebook')!r} (set own_accounts.facebook in the client file)")
    return Result({"channel_stats": frame}, warnings)


def _is_facebook_posts(head: Head) -> bool:
    return head.has_columns("post id", "page id")


def _is_instagram_posts(head: Head) -> bool:
    return head.has_columns("post id", "account id", "account username") and not head.has_columns("page id")


def _is_facebook_daily(head: Head) -> bool:
    lines = [line.strip() for line in head.lines if line.strip()]
    start = 1 if lines and lines[0].lower().startswith("sep=") else 0
    if len(lines) < start + 2:
        return False
    header = [cell.strip().strip('"').lower() for cell in lines[start + 1].split(",")]
    return header[:2] == ["date", "primary"]


FACEBOOK_POSTS = Format("meta_facebook_posts", "Meta Business Suite Facebook post export (CSV).", ("posts",),
                _is_facebook_posts, read_facebook_posts)
INSTAGRAM_POSTS = Format("meta_instagram_posts", "Meta Business Suite Instagram post export (CSV).", ("posts",),
                _is_instagram_posts, read_instagram_posts)
FACEBOOK_DAILY = Format("meta_facebook_page_daily", "Meta Business Suite page-level daily metric (UTF-16 CSV: "
                "sep=, line, metric name line, Date/Primary header).", ("channel_stats",),
                _is_facebook_daily, read_facebook_daily)
