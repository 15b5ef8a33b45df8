"""Meta Business Suite exports, in any interface language: Facebook and Instagram post exports, and
page-level daily metric files of either platform.

Headers are recognised through the vocabularies in ``data/reference/export_headers.csv`` (English,
bokmål, nynorsk, Swedish, Danish, German, Spanish, French), so ``Identificador de la publicación``
is read as ``Post ID``.

* Post exports: UTF-8 with BOM, 30+ columns that vary from month to month; only the columns below
  are used and any may be missing except the id and the publish time. ``Publish time`` is
  ``MM/DD/YYYY HH:MM`` in the page's local time (read as the client's time zone). Numbers may be
  quoted with thousands commas (``"15,000"``). Numeric columns that are not used are named in a
  warning.
* Daily metric files: UTF-16 LE, a ``sep=,`` line and a metric-name line (``Views``, ``Alcance de
  Instagram``, ``Instagram-rekkevidde``) before a header of a date column (``Date``, ``Fecha``,
  ``Dato``) and ``Primary``; one file per metric. The channel is the platform the metric line names
  (Instagram or Facebook); when it names none, the client's only Meta account in ``own_accounts``
  decides, else Facebook, with a warning. The account is the client's account on that channel.
"""
from __future__ import annotations

import re

import pandas as pd

from .. import parsing
from ..base import Context, Format, Result, Source
from ..sniff import Head
from ..tables import column, missing, read_text_table, unused_numeric_columns
from ..vocabulary import header_concept, metric_concept, normalise

POST_COUNTS = {  # canonical column -> concepts, first present wins
    "impressions": ("views", "impressions"),
    "reach": ("reach",),
    "reactions": ("reactions", "likes"),
    "comments": ("comments",),
    "shares": ("shares",),
    "clicks": ("total_clicks", "link_clicks"),
    "saves": ("saves",),
    "video_views": ("video_views_3s", "plays"),
}
DAILY_METRICS = {  # concept named in the metric line -> canonical metric
    "views": "impressions", "impressions": "impressions", "reach": "reach", "viewers": "reach",
    "follows": "new_followers", "followers": "followers", "visits": "profile_visits",
    "interactions": "engagements", "link_clicks": "clicks",
}
META_CHANNELS = ("instagram", "facebook")


def _concepts(cells: list[str]) -> list[str]:
    return [header_concept(cell) or normalise(cell) for cell in cells]


def _translated(raw: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, str]]:
    """The frame with its columns renamed to concepts (first of repeated names kept), and concept -> header."""
    names = _concepts(list(raw.columns))
    original = {}
    keep = []
    for position, name in enumerate(names):
        if name not in original:
            original[name] = raw.columns[position]
            keep.append(position)
    frame = raw.iloc[:, keep].copy()
    frame.columns = [names[position] for position in keep]
    return frame, original


def _require(raw: pd.DataFrame, concept: str, source: Source, header_of: dict[str, str]) -> pd.Series:
    if concept in raw.columns:
        return raw[concept]
    spellings = [original for _, language, original in _spellings(concept)]
    label = concept.replace("_", " ")
    raise parsing.fail(source.name, f"required column missing: the {label} column, written "
                       + ", ".join(repr(name) for name in spellings[:8]) + " depending on the interface language; "
                       "found columns " + ", ".join(repr(header_of[name]) for name in list(raw.columns)[:30]) + ".",
                       column=label, expected=f"a {label} column", found="no such column")


def _spellings(concept: str):
    from ..vocabulary import spellings
    return spellings(concept)


def _post_frame(raw: pd.DataFrame, source: Source, context: Context, *, channel: str,
                account_columns: tuple[str, ...], text_columns: tuple[str, ...]) -> Result:
    warnings: list[str] = []
    raw, header_of = _translated(raw)
    used = {"post_id", "publish_time", "post_type", "permalink", "page_id", "account_id", *account_columns,
            *text_columns}
    frame = pd.DataFrame(index=raw.index)
    frame["post_id"] = _require(raw, "post_id", source, header_of)
    frame["channel"] = channel
    account = None
    for name in account_columns:
        account = column(raw, name)
        if account is not None:
            break
    frame["account"] = account if account is not None else context.account(channel)
    frame["account"] = frame["account"].fillna(context.account(channel))
    frame["published_at"] = parsing.parse_times(_require(raw, "publish_time", source, header_of),
                                                source=source.name, column=header_of.get("publish_time", "publish time"),
                                                tz=context.timezone, warnings=warnings,
                                                formats=("%m/%d/%Y %H:%M", "%m/%d/%Y %H:%M:%S",
                                                         "ISO8601", "%d.%m.%Y %H:%M", "%d/%m/%Y %H:%M"))
    text = missing(raw)
    for name in text_columns:  # first non-empty of description, title, ...
        candidate = column(raw, name)
        if candidate is not None:
            text = text.fillna(candidate)
    frame["text"] = text
    frame["post_type"] = column(raw, "post_type")
    frame["permalink"] = column(raw, "permalink")
    for target, names in POST_COUNTS.items():
        for name in names:
            values = column(raw, name)
            if values is not None:
                frame[target] = parsing.parse_numbers(values, source=source.name, column=header_of[name])
                used.add(name)
                break
    unused = unused_numeric_columns(raw, used)
    if unused:
        warnings.append("numeric columns not used (no canonical column for them): "
                        + ", ".join(repr(header_of.get(name, name)) for name in unused))
    return Result({"posts": frame}, warnings)


def read_facebook_posts(source: Source, head: Head, context: Context) -> Result:
    raw = read_text_table(source, head, allow_repeated=True)
    return _post_frame(raw, source, context, channel="facebook", account_columns=("page_name",),
                       text_columns=("description", "title", "message"))


def read_instagram_posts(source: Source, head: Head, context: Context) -> Result:
    raw = read_text_table(source, head, allow_repeated=True)
    return _post_frame(raw, source, context, channel="instagram",
                       account_columns=("account_username", "account_name"), text_columns=("description", "caption"))


def _daily_layout(head: Head) -> tuple[int, str, list[str]] | None:
    """(index of the header line, the metric line, the header cells) of a daily file, or None."""
    lines = [line for line in head.lines if line.strip()]
    start = 1 if lines and lines[0].strip().lower().startswith("sep=") else 0
    if len(lines) < start + 2:
        return None
    delimiter = _delimiter(lines)
    cells = [cell.strip().strip('"') for cell in lines[start + 1].split(delimiter)]
    if len(cells) < 2 or header_concept(cells[0]) != "date" or header_concept(cells[1]) not in ("primary", None):
        return None
    if header_concept(cells[1]) is None and len(cells) != 2:
        return None
    return start + 1, lines[start], cells


def _delimiter(lines: list[str]) -> str:
    if lines and lines[0].strip().lower().startswith("sep="):
        return lines[0].strip().split("=", 1)[1].strip().strip('"')[:1] or ","
    return ","


def daily_channel(metric_line: str, context: Context, warnings: list[str]) -> str:
    """The platform a daily file is about: named in its metric line, else the client's only Meta account."""
    text = normalise(metric_line)
    for channel in META_CHANNELS:
        if channel in text:
            return channel
    own = [channel for channel in META_CHANNELS if context.accounts.get(channel)]
    channel = own[0] if len(own) == 1 else "facebook"
    warnings.append(f"the metric line {metric_line.strip()!r} does not name the platform; stored as {channel} "
                    + ("(the client's only Meta account)" if len(own) == 1 else
                       "(Meta Business Suite's page files are Facebook unless they say Instagram)"))
    return channel


def read_daily(source: Source, head: Head, context: Context) -> Result:
    layout = _daily_layout(head)
    header_index, metric_line, cells = layout
    warnings: list[str] = []
    concept = metric_concept(metric_line, tuple(DAILY_METRICS))
    name = normalise(metric_line)
    channel = daily_channel(metric_line, context, warnings)
    if concept is None:
        metric = re.sub(r"[^a-z0-9]+", "_", name).strip("_") or "value"
        warnings.append(f"metric {metric_line.strip()!r} is not a known Meta metric; stored as {metric!r}")
    else:
        metric = DAILY_METRICS[concept]
    lines = [line for line in head.lines if line.strip()]
    raw = read_text_table(source, head, skip_lines=_physical_index(head, header_index),
                          delimiter=_delimiter(lines))
    date_column, value_column = raw.columns[0], raw.columns[1]
    frame = pd.DataFrame({
        "date": parsing.parse_dates(raw[date_column], source=source.name, column=cells[0], warnings=warnings),
        "channel": channel,
        "account": context.account(channel),
        "metric": metric,
        "value": parsing.parse_numbers(raw[value_column], source=source.name, column=cells[1]),
    })
    if not context.accounts.get(channel):
        warnings.append("the file does not name the account; rows are stored under "
                        f"{context.account(channel)!r} (set own_accounts.{channel} in the client file)")
    return Result({"channel_stats": frame}, warnings)


def _physical_index(head: Head, nonblank_index: int) -> int:
    """The physical line number (0-based) of the ``nonblank_index``-th non-blank line."""
    seen = -1
    for number, line in enumerate(head.lines):
        if line.strip():
            seen += 1
            if seen == nonblank_index:
                return number
    return nonblank_index


def _header_concepts(head: Head) -> set[str]:
    return set(_concepts(head.header))


def _is_facebook_posts(head: Head) -> bool:
    concepts = _header_concepts(head)
    return {"post_id", "page_id", "publish_time"} <= concepts or {"post_id", "page_id"} <= concepts


def _is_instagram_posts(head: Head) -> bool:
    concepts = _header_concepts(head)
    return {"post_id", "account_id"} <= concepts and bool(concepts & {"account_username", "account_name"}) \
        and "page_id" not in concepts


def _is_daily(head: Head) -> bool:
    return _daily_layout(head) is not None


FACEBOOK_POSTS = Format("meta_facebook_posts", "Meta Business Suite Facebook post export (CSV, any interface "
                        "language).", ("posts",), _is_facebook_posts, read_facebook_posts,
                        signature=("post id", "page id", "publish time"))
INSTAGRAM_POSTS = Format("meta_instagram_posts", "Meta Business Suite Instagram post export (CSV, any interface "
                         "language).", ("posts",), _is_instagram_posts, read_instagram_posts,
                         signature=("post id", "account id", "account username", "publish time"))
DAILY = Format("meta_page_daily", "Meta Business Suite daily metric of a Facebook page or Instagram account "
               "(UTF-16 CSV: sep=, line, metric-name line, date/Primary header; any interface language).",
               ("channel_stats",), _is_daily, read_daily, signature=("date", "primary"))
