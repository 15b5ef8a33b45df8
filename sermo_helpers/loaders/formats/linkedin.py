"""LinkedIn page analytics exports (xlsx): content, followers and visitors.

* Content export: sheet ``Metrics`` (one row per day: impressions, unique impressions, clicks,
  reactions, comments, reposts; organic/sponsored/total) -> channel_stats, and sheet ``All posts``
  (one row per post) -> posts.
* Followers export: sheet ``New followers`` -> channel_stats ``new_followers``.
* Visitors export: sheet ``Visitor metrics`` -> channel_stats ``page_views``, ``unique_visitors``.
LinkedIn puts a description line above some headers; the header row is found among the first six
rows. Dates are ``MM/DD/YYYY``; post times are local (client time zone). The account is the client's
LinkedIn account.
"""
from __future__ import annotations

import io

import pandas as pd

from .. import parsing
from ..base import Context, Format, Result, Source
from ..sniff import Head
from ..tables import column

DAILY = {  # sheet -> {metric: header candidates}
    "metrics": {
        "impressions": ("impressions (total)",),
        "reach": ("unique impressions (organic)", "unique impressions (total)"),
        "clicks": ("clicks (total)",),
        "reactions": ("reactions (total)",),
        "comments": ("comments (total)",),
        "shares": ("reposts (total)", "shares (total)"),
    },
    "new followers": {"new_followers": ("total followers",)},
    "visitor metrics": {"page_views": ("total page views (total)",),
                        "unique_visitors": ("total unique visitors (total)",)},
}
POST_SHEET = "all posts"
POST_COUNTS = {"impressions": ("impressions",), "clicks": ("clicks",), "reactions": ("likes", "reactions"),
               "comments": ("comments",), "shares": ("reposts", "shares"), "video_views": ("views",)}


def _sheet_names(head: Head) -> set[str]:
    return {name.strip().lower() for name in head.sheets}


def _is_linkedin(head: Head) -> bool:
    if not head.is_xlsx:
        return False
    names = _sheet_names(head)
    if not (names & (set(DAILY) | {POST_SHEET})):
        return False
    for rows in head.sheets.values():
        for row in rows:
            cells = {cell.lower() for cell in row}
            if "date" in cells or "post title" in cells or "post link" in cells:
                return True
    return False


def _read_sheet(book: dict, name: str) -> pd.DataFrame:
    raw = book[name]
    for position in range(min(6, len(raw))):
        cells = [str(cell).strip().lower() for cell in raw.iloc[position].fillna("")]
        if "date" in cells or "post title" in cells or "post link" in cells:
            frame = raw.iloc[position + 1:].reset_index(drop=True)
            frame.columns = cells
            return frame.dropna(how="all")
    raise parsing.fail(name, "no header row in the first six rows.", expected="a row with Date or Post title",
                       found=str(raw.head(2).values.tolist()))


def read_linkedin(source: Source, head: Head, context: Context) -> Result:
    book = pd.read_excel(io.BytesIO(source.read_bytes()), sheet_name=None, header=None, dtype="str",
                         engine="openpyxl")
    sheets = {name.strip().lower(): name for name in book}
    warnings: list[str] = []
    frames: dict[str, pd.DataFrame] = {}
    account = context.account("linkedin")
    stats = []
    for sheet, metrics in DAILY.items():
        if sheet not in sheets:
            continue
        table = _read_sheet(book, sheets[sheet])
        where = f"{source.name} [{sheets[sheet]}]"
        dates = parsing.parse_dates(column(table, "date", required=where), source=where, column="date",
                                    formats=("%m/%d/%Y", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%d.%m.%Y"),
                                    warnings=warnings)
        for metric, names in metrics.items():
            values = column(table, *names)
            if values is None:
                continue
            stats.append(pd.DataFrame({"date": dates, "channel": "linkedin", "account": account,
                                       "metric": metric,
                                       "value": parsing.parse_numbers(values, source=where, column=names[0])}))
    if stats:
        frames["channel_stats"] = pd.concat(stats, ignore_index=True)
    if POST_SHEET in sheets:
        table = _read_sheet(book, sheets[POST_SHEET])
        where = f"{source.name} [{sheets[POST_SHEET]}]"
        link = column(table, "post link", required=where)
        post_id = link.str.extract(r"(urn:li:(?:activity|share|ugcPost):\d+|\d{15,})", expand=False)
        post = pd.DataFrame({
            "post_id": post_id.fillna(link),
            "channel": "linkedin",
            "account": account,
            "published_at": parsing.parse_times(column(table, "created date", "date", required=where), source=where,
                                                column="created date", tz=context.timezone, warnings=warnings,
                                                formats=("%m/%d/%Y", "%m/%d/%Y %H:%M", "ISO8601",
                                                         "%Y-%m-%d %H:%M:%S")),
            "text": column(table, "post title"),
            "post_type": column(table, "content type", "post type"),
            "permalink": link,
        })
        for target, names in POST_COUNTS.items():
            values = column(table, *names)
            if values is not None:
                post[target] = parsing.parse_numbers(values, source=where, column=names[0])
        frames["posts"] = post
    return Result(frames, warnings)


LINKEDIN_PAGE = Format("linkedin_page_analytics", "LinkedIn page analytics export (xlsx: content, followers, "
                "visitors).", ("channel_stats", "posts"), _is_linkedin, read_linkedin)
