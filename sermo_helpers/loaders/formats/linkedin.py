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
from ..tables import column, missing

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


DISTRIBUTION = {"organic", "sponsored", "total"}


def _distribution_column(table: pd.DataFrame) -> str | None:
    """The column that marks rows Organic / Sponsored / Total (``Post type`` in LinkedIn's export)."""
    for name in table.columns:
        values = table[name].dropna().astype("str").str.strip().str.lower()
        values = values[values != ""]
        if len(values) and set(values) <= DISTRIBUTION:
            return name
    return None


def _posts(table: pd.DataFrame, where: str, account: str, context: Context, warnings: list[str]) -> pd.DataFrame:
    """One row per post. A boosted post comes as an Organic row, one Sponsored row per campaign and a
    Total row: impressions stay organic (``impressions``) and paid (``paid_impressions``, the sum of
    the Sponsored rows); interactions (clicks, reactions, comments, reposts, views) are the post's
    totals, since they happened on the same post."""
    link = column(table, "post link", required=where)
    post_id = link.str.extract(r"(urn:li:(?:activity|share|ugcPost):\d+|\d{15,})", expand=False).fillna(link)
    marker_name = _distribution_column(table)
    marker = (table[marker_name].astype("str").str.strip().str.lower() if marker_name is not None
              else pd.Series("organic", index=table.index))
    kind = None
    for name in ("content type", "post type"):  # the first filled one; an empty column never hides the next
        if name in table.columns and name != marker_name:
            values = table[name].where(table[name].astype("str").str.strip() != "")
            kind = values if kind is None else kind.fillna(values)
    counts = {}
    for target, names in POST_COUNTS.items():
        values = column(table, *names)
        if values is not None:
            counts[target] = parsing.parse_numbers(values, source=where, column=names[0])
    base = pd.DataFrame({"post_id": post_id, "marker": marker, **counts})
    if marker_name is None:
        repeated = base["post_id"].duplicated(keep=False)
        if repeated.any():
            first = base.loc[repeated, "post_id"].iloc[0]
            raise parsing.fail(where, f"post {first!r} appears in {int(repeated.sum())} rows, and no column marks the "
                               "rows Organic, Sponsored or Total, so they cannot be told apart.", column="post link",
                               row=int(repeated.to_numpy().nonzero()[0][0]) + 1,
                               expected="one row per post, or rows marked Organic/Sponsored/Total",
                               found=f"{int(repeated.sum())} rows for one post")
    first_rows = ~base["post_id"].duplicated()
    post = pd.DataFrame({
        "post_id": post_id[first_rows],
        "channel": "linkedin",
        "account": account,
        "published_at": parsing.parse_times(column(table, "created date", "date", required=where), source=where,
                                            column="created date", tz=context.timezone, warnings=warnings,
                                            formats=("%m/%d/%Y", "%m/%d/%Y %H:%M", "ISO8601",
                                                     "%Y-%m-%d %H:%M:%S"))[first_rows],
        "text": column(table, "post title")[first_rows] if "post title" in table.columns else missing(table)[first_rows],
        "post_type": kind[first_rows] if kind is not None else missing(table)[first_rows],
        "permalink": link[first_rows],
    }).set_index("post_id", drop=False)
    numbers = [target for target in counts]
    by_kind = {name: base[base["marker"] == name].groupby("post_id", sort=False)[numbers].sum(min_count=1)
               for name in DISTRIBUTION}
    organic, sponsored, total = by_kind["organic"], by_kind["sponsored"], by_kind["total"]
    for target in numbers:
        if target == "impressions":
            post["impressions"] = organic[target].reindex(post.index)
            post["paid_impressions"] = sponsored[target].reindex(post.index)
            continue
        summed = organic[target].reindex(post.index).add(sponsored[target].reindex(post.index), fill_value=0)
        post[target] = total[target].reindex(post.index).fillna(summed) if len(total) else summed
    boosted = int(post.index.isin(sponsored.index).sum())
    if boosted:
        warnings.append(f"{boosted} boosted posts: organic and sponsored (paid) impressions kept apart; "
                        "interactions are the post's totals")
        if "impressions" in numbers and len(total):
            expected = organic["impressions"].reindex(total.index, fill_value=0) + sponsored["impressions"].reindex(
                total.index, fill_value=0)
            off = (total["impressions"] - expected).abs() > 0.5
            if off.any():
                warnings.append(f"{int(off.sum())} Total rows differ from Organic + Sponsored impressions "
                                f"(e.g. post {off[off].index[0]!r}); the Organic and Sponsored rows are used")
    return post.reset_index(drop=True)


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
        frames["posts"] = _posts(table, where, account, context, warnings)
    return Result(frames, warnings)


LINKEDIN_PAGE = Format("linkedin_page_analytics", "LinkedIn page analytics export (xlsx: content, followers, "
                "visitors).", ("channel_stats", "posts"), _is_linkedin, read_linkedin)


# --- LinkedIn creator (personal profile) analytics export -------------------------------------------
#
# xlsx with sheets DISCOVERY (overall impressions and unique views for the period), ENGAGEMENT (Date,
# Impressions, Engagements; one row per day, not in date order), TOP POSTS (two tables side by side:
# the top posts by engagements and by impressions, up to 50 each), FOLLOWERS (``Total followers on
# 8/5/2024:`` then Date, New followers) and DEMOGRAPHICS (shares of followers; not loaded). Dates are
# ``M/D/YYYY``.

CREATOR_SHEETS = {"discovery", "engagement", "top posts", "followers"}


def _is_creator(head: Head) -> bool:
    return head.is_xlsx and CREATOR_SHEETS <= _sheet_names(head)


def _table_at(raw: pd.DataFrame, first: str) -> tuple[int, list[str]] | None:
    for position in range(min(8, len(raw))):
        cells = [str(cell).strip().lower() for cell in raw.iloc[position].fillna("")]
        if cells and cells[0] == first:
            return position, cells
    return None


def read_creator(source: Source, head: Head, context: Context) -> Result:
    book = pd.read_excel(io.BytesIO(source.read_bytes()), sheet_name=None, header=None, dtype="str",
                         engine="openpyxl")
    sheets = {name.strip().lower(): frame for name, frame in book.items()}
    warnings: list[str] = []
    account = context.account("linkedin")
    stats, totals = [], []
    dates_formats = ("%m/%d/%Y", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S")
    engagement = sheets["engagement"]
    found = _table_at(engagement, "date")
    if found is not None:
        position, cells = found
        table = engagement.iloc[position + 1:].dropna(how="all").reset_index(drop=True)
        table.columns = cells
        where = f"{source.name} [ENGAGEMENT]"
        dates = parsing.parse_dates(table["date"], source=where, column="Date", formats=dates_formats,
                                    warnings=warnings)
        for metric in ("impressions", "engagements"):
            if metric in table.columns:
                stats.append(pd.DataFrame({"date": dates, "channel": "linkedin", "account": account, "metric": metric,
                                           "value": parsing.parse_numbers(table[metric], source=where,
                                                                          column=metric.title())}))
    followers = sheets["followers"]
    found = _table_at(followers, "date")
    if found is not None:
        position, cells = found
        table = followers.iloc[position + 1:].dropna(how="all").reset_index(drop=True)
        table.columns = cells
        where = f"{source.name} [FOLLOWERS]"
        if "new followers" in table.columns:
            stats.append(pd.DataFrame({
                "date": parsing.parse_dates(table["date"], source=where, column="Date", formats=dates_formats,
                                            warnings=warnings),
                "channel": "linkedin", "account": account, "metric": "new_followers",
                "value": parsing.parse_numbers(table["new followers"], source=where, column="New followers")}))
        label = str(followers.iloc[0, 0] or "")
        day = pd.Series([label.split(" on ", 1)[-1].rstrip(": ")]) if " on " in label else None
        if day is not None and followers.shape[1] > 1:
            stats.append(pd.DataFrame({
                "date": parsing.parse_dates(day, source=where, column="Total followers on", formats=dates_formats,
                                            warnings=warnings),
                "channel": "linkedin", "account": account, "metric": "followers",
                "value": parsing.parse_numbers(pd.Series([followers.iloc[0, 1]], dtype="str"), source=where,
                                               column="Total followers")}))
    discovery = sheets["discovery"]
    for position in range(len(discovery)):
        name = str(discovery.iloc[position, 0] or "").strip().lower()
        if name == "impressions" and stats:
            total = float(parsing.parse_numbers(pd.Series([discovery.iloc[position, 1]], dtype="str"),
                                                source=f"{source.name} [DISCOVERY]", column="Impressions").iloc[0])
            daily = pd.concat(stats)
            summed = float(daily.loc[daily["metric"] == "impressions", "value"].sum())
            totals.append({"file": source.name, "channel": "linkedin", "metric": "impressions", "total_row": total,
                           "sum_of_rows": summed, "difference": total - summed})
    frames = {"channel_stats": pd.concat(stats, ignore_index=True)} if stats else {}
    posts = _creator_posts(sheets["top posts"], source, account, context, warnings)
    if posts is not None:
        frames["posts"] = posts
    warnings.append("sheet DEMOGRAPHICS (shares of followers by job title, location, …) is not loaded")
    return Result(frames, warnings, totals=pd.DataFrame(totals) if totals else None)


def _creator_posts(raw: pd.DataFrame, source: Source, account: str, context: Context,
                   warnings: list[str]) -> pd.DataFrame | None:
    where = f"{source.name} [TOP POSTS]"
    found = _table_at(raw, "post url")
    if found is None:
        return None
    position, cells = found
    body = raw.iloc[position + 1:]
    tables = []
    for start, name in enumerate(cells):  # two tables side by side, each starting with "Post URL"
        if name == "post url" and start + 2 < len(cells):
            part = body.iloc[:, start:start + 3].dropna(how="all")
            part.columns = ["url", "published", cells[start + 2]]
            tables.append(part)
    if not tables:
        return None
    # a URL may be listed in both tables, and the second table lists some URLs without date or figures
    merged = pd.concat(tables, ignore_index=True).groupby("url", sort=False, as_index=False).first()
    undated = merged["published"].isna()
    if undated.any():
        warnings.append(f"TOP POSTS: {int(undated.sum())} post URLs are listed without a publish date or figures; "
                        "left out")
        merged = merged[~undated].reset_index(drop=True)
    post_id = merged["url"].str.extract(r"(urn:li:(?:activity|share|ugcPost):\d+)", expand=False).fillna(merged["url"])
    post = pd.DataFrame({
        "post_id": post_id, "channel": "linkedin", "account": account,
        "published_at": parsing.parse_times(merged["published"], source=where, column="Post publish date",
                                            tz=context.timezone, warnings=warnings, formats=("%m/%d/%Y", "ISO8601")),
        "text": pd.Series(pd.NA, index=merged.index, dtype="str"), "permalink": merged["url"],
    })
    if "impressions" in merged.columns:
        post["impressions"] = parsing.parse_numbers(merged["impressions"], source=where, column="Impressions")
    if "engagements" in merged.columns:
        warnings.append("TOP POSTS: 'Engagements' per post (reactions, comments and reposts together) has no "
                        "canonical column and is not used; the sheet lists only the top posts, not all")
    return post.reset_index(drop=True)


LINKEDIN_CREATOR = Format("linkedin_creator_analytics", "LinkedIn creator (personal profile) analytics xlsx: "
                          "DISCOVERY, ENGAGEMENT, TOP POSTS, FOLLOWERS, DEMOGRAPHICS.", ("channel_stats", "posts"),
                          _is_creator, read_creator)
