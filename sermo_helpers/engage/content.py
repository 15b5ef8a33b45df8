"""Engagement on the client's own posts: rates, by post type and channel, and best time to post.

Definitions the handout names (each defined once, in ``RATES``):

- **engagements** = reactions + comments + shares of a post (the public interactions). When any
  of the three is not reported the post's engagements are unknown (NaN), never zero.
- **engagement rate by reach** = engagements / reach (accounts that saw the post).
- **engagement rate by impressions** = engagements / impressions (times it was shown).
- **engagement rate by followers** = engagements / followers of the account on the day of
  publication (``channel_stats`` metric ``followers``, the latest value on or before that day).
- **conversation rate** = comments / followers; **amplification rate** = shares / followers;
  **applause rate** = reactions / followers (per post, after Avinash Kaushik).
- **engagement index** = a post's engagement rate by reach / the mean engagement rate by reach of
  its channel's posts in the frame (1.0 = the channel's average). It makes posts on channels with
  very different typical rates comparable, so the best time to post is not just the best channel.

A rate is NaN when its numerator is not reported or its denominator is missing or zero. Group
summaries average the per-post rates over the posts where the rate is known, and report how
many posts that is.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import require_columns

ENGAGEMENT_PARTS = ("reactions", "comments", "shares")

# rate name -> (numerator, denominator); the one place the formulas are written down
RATES = {
    "engagement_rate_by_reach": ("engagements", "reach"),
    "engagement_rate_by_impressions": ("engagements", "impressions"),
    "engagement_rate_by_followers": ("engagements", "followers"),
    "conversation_rate": ("comments", "followers"),
    "amplification_rate": ("shares", "followers"),
    "applause_rate": ("reactions", "followers"),
}
COUNT_COLUMNS = ("reach", "impressions", "reactions", "comments", "shares")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
VIDEO_TYPES = ("video", "reel")


def measure_video_share(posts: pd.DataFrame) -> tuple[float, int]:
    """**Video share** = posts of type video or reel / posts with a known type; returns (share, posts
    with a known type), the share NaN when no post has a type."""
    if "post_type" not in posts.columns:
        return np.nan, 0
    types = posts["post_type"].dropna().astype("str").str.lower()
    if not len(types):
        return np.nan, 0
    return float(types.isin(VIDEO_TYPES).mean()), len(types)


def _sum_reported(values: pd.Series) -> float:
    return values.sum(min_count=1)


def summarise_channels(posts: pd.DataFrame) -> pd.DataFrame:
    """**Posts per channel**: one row per channel (lower case) with ``posts``, ``reach`` and ``engagements``
    (sums of the reported values, reactions + comments + shares where any is reported; missing, not 0,
    when the platform reports none, as X and YouTube give no reach), most posts first.
    The one count of the client's posts per channel: Engage's tables and Strategy's channel mix read it.
    """
    _require(posts, ("post_id", "channel", "reach"))
    work = posts.assign(channel=posts["channel"].astype("str").str.lower())
    engagements = work[list(ENGAGEMENT_PARTS)].sum(axis=1, min_count=1) \
        if set(ENGAGEMENT_PARTS) <= set(work.columns) else pd.Series(np.nan, index=work.index)
    summary = (work.assign(_engagements=engagements)
               .groupby("channel").agg(posts=("post_id", "size"), reach=("reach", _sum_reported),
                                       engagements=("_engagements", _sum_reported)))
    summary = summary.sort_values("posts", ascending=False, kind="stable").reset_index()
    summary["channel"] = summary["channel"].astype("str")
    summary["posts"] = summary["posts"].astype("int64")
    return summary


def compute_engagements(posts: pd.DataFrame) -> pd.Series:
    """Engagements per post: reactions + comments + shares; NaN when any part is not reported."""
    _require(posts, ENGAGEMENT_PARTS)
    parts = posts[list(ENGAGEMENT_PARTS)].astype("float64")
    return parts.sum(axis=1, min_count=len(ENGAGEMENT_PARTS)).where(parts.notna().all(axis=1)).rename("engagements")


def compute_rate(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """``numerator / denominator``, NaN where either is missing or the denominator is zero."""
    denominator = denominator.astype("float64")
    return numerator.astype("float64") / denominator.where(denominator > 0)


def attach_followers(posts: pd.DataFrame, channel_stats: pd.DataFrame, *,
                     timezone: str = "Europe/Oslo") -> pd.DataFrame:
    """A copy of ``posts`` with ``followers``: the account's latest count on or before the post's local day.

    Raises AnalysisError naming missing columns.
    """
    _require(posts, ("channel", "account", "published_at"))
    _require(channel_stats, ("date", "channel", "account", "metric", "value"), name="channel_stats")
    is_followers = (channel_stats["metric"] == "followers") & channel_stats["value"].notna()
    followers = channel_stats.loc[is_followers, ["date", "channel", "account", "value"]]
    followers = followers.rename(columns={"value": "followers"}).sort_values("date")
    local_day = posts["published_at"].dt.tz_convert(timezone).dt.tz_localize(None).dt.normalize()
    left = posts.assign(_day=local_day.astype("datetime64[us]"), _order=np.arange(len(posts)))
    left = left.drop(columns=["followers"], errors="ignore").sort_values("_day")
    merged = pd.merge_asof(left, followers.astype({"date": "datetime64[us]"}), left_on="_day", right_on="date",
                           by=["channel", "account"], direction="backward")
    merged = merged.sort_values("_order").drop(columns=["_day", "_order", "date"])
    merged.index = posts.index
    return merged


def compute_post_engagement(posts: pd.DataFrame, *, channel_stats: pd.DataFrame | None = None,
                            timezone: str = "Europe/Oslo") -> pd.DataFrame:
    """One row per post: engagements, every rate in ``RATES``, the engagement index, local weekday and hour.

    Parameters
    ----------
    posts : canonical posts. A ``followers`` column, if present, is used as it is; otherwise
        followers come from ``channel_stats`` (see :func:`attach_followers`), or are missing.
    channel_stats : canonical channel statistics with the ``followers`` metric, or None.
    timezone : the client's time zone, for ``weekday`` (0 = Monday) and ``hour``.

    Adds ``missing_counts``: how many of reach, impressions, reactions, comments and shares the post
    does not report. The input is not modified.
    """
    _require(posts, ("post_id", "channel", "published_at") + COUNT_COLUMNS)
    frame = posts
    if "followers" not in frame.columns:
        if channel_stats is not None:
            frame = attach_followers(frame, channel_stats, timezone=timezone)
        else:
            frame = frame.assign(followers=np.nan)
    out = frame.copy()
    out["engagements"] = compute_engagements(frame)
    for name, (numerator, denominator) in RATES.items():
        out[name] = compute_rate(out[numerator], out[denominator])
    channel_mean = out.groupby("channel")["engagement_rate_by_reach"].transform("mean")
    out["engagement_index"] = compute_rate(out["engagement_rate_by_reach"], channel_mean)
    local = out["published_at"].dt.tz_convert(timezone)
    out["weekday"] = local.dt.day_of_week.astype("int64")
    out["hour"] = local.dt.hour.astype("int64")
    out["missing_counts"] = out[list(COUNT_COLUMNS)].isna().sum(axis=1).astype("int64")
    return out


def count_missing_cells(posts: pd.DataFrame, *, columns=COUNT_COLUMNS) -> pd.DataFrame:
    """Missing cells per count column: columns ``column``, ``missing``, ``posts`` (rows checked)."""
    _require(posts, tuple(columns))
    return pd.DataFrame({"column": list(columns),
                         "missing": [int(posts[column].isna().sum()) for column in columns],
                         "posts": len(posts)})


def summarise_engagement(post_engagement: pd.DataFrame, *, by=("channel", "post_type")) -> pd.DataFrame:
    """Per group: posts, mean comments/shares/reactions per post, and the mean of every rate.

    ``post_engagement`` is the frame from :func:`compute_post_engagement`; ``by`` a column name or
    a list of them (e.g. "channel", ["channel", "post_type"]). Columns: the group columns, ``posts``,
    ``posts_measured`` (posts whose engagements are known), ``comments_per_post``,
    ``shares_per_post``, ``reactions_per_post``, then each rate in ``RATES``. Sorted by the groups.
    """
    keys = [by] if isinstance(by, str) else list(by)
    _require(post_engagement, tuple(keys) + tuple(RATES) + ("engagements",))
    grouped = post_engagement.groupby(keys, sort=True, dropna=False)
    result = grouped.agg(
        posts=("post_id", "size"),
        posts_measured=("engagements", "count"),
        comments_per_post=("comments", "mean"),
        shares_per_post=("shares", "mean"),
        reactions_per_post=("reactions", "mean"),
        **{name: (name, "mean") for name in RATES},
    ).reset_index()
    for column in ("posts", "posts_measured"):
        result[column] = result[column].astype("int64")
    return result


def compute_posting_heatmap(post_engagement: pd.DataFrame, *,
                            metric: str = "engagement_index") -> pd.DataFrame:
    """Best time to post: one row per weekday × hour with posts, the posts measured, and the mean.

    Columns ``weekday`` (0 = Monday), ``hour`` (0–23, local), ``posts``, ``posts_measured`` (posts
    where ``metric`` is known) and ``mean_<metric>``. Only cells with at least one post appear; a
    cell's mean from one or two posts is a hint, not a finding, which is why the count is kept.
    """
    _require(post_engagement, ("weekday", "hour", metric))
    grouped = post_engagement.groupby(["weekday", "hour"], sort=True)
    result = grouped.agg(posts=(metric, "size"), posts_measured=(metric, "count"),
                         mean=(metric, "mean")).reset_index()
    result = result.rename(columns={"mean": f"mean_{metric}"})
    for column in ("weekday", "hour", "posts", "posts_measured"):
        result[column] = result[column].astype("int64")
    return result


def best_posting_times(heatmap: pd.DataFrame, *, metric: str = "engagement_index",
                       min_posts: int = 3, top: int = 3) -> pd.DataFrame:
    """The ``top`` weekday × hour cells by mean ``metric`` among cells with at least ``min_posts`` measured posts."""
    column = f"mean_{metric}"
    _require(heatmap, ("weekday", "hour", "posts_measured", column), name="heatmap")
    eligible = heatmap[heatmap["posts_measured"] >= min_posts]
    return eligible.sort_values([column, "posts_measured"], ascending=[False, False]).head(top).reset_index(drop=True)


def _require(frame: pd.DataFrame, columns, *, name: str = "posts") -> None:
    require_columns(frame, columns, step=name)
