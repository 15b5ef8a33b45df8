"""X (Twitter) tweet-activity export: one row per tweet of the client's account.

Header ``Tweet id, Tweet permalink, Tweet text, time, impressions, engagements, engagement rate,
retweets, replies, likes, user profile clicks, url clicks, …, media views, …``; ``time`` as
``2020-02-10 18:00 +0000``. Tweet ids are 18–19 digits and are read as text; an id in scientific
notation (opened and saved in Excel) is an error. The account is taken from the permalink. The
2015-era layout names the likes column ``favorites``; numeric columns that have no canonical column
(engagements, profile clicks, …) are named in a warning, never dropped silently.
"""
from __future__ import annotations

import pandas as pd

from .. import parsing
from ..base import Context, Format, Result, Source
from ..sniff import Head
from ..tables import column, read_text_table, unused_numeric_columns

COUNTS = {
    "impressions": ("impressions",),
    "reactions": ("likes", "favorites"),  # "favorites" in the 2015-era layout
    "comments": ("replies",),
    "shares": ("retweets", "reposts"),
    "clicks": ("url clicks",),
    "video_views": ("media views",),
}


def _is_tweet_activity(head: Head) -> bool:
    return head.has_columns("tweet id", "tweet permalink", "time", "impressions")


def read_tweet_activity(source: Source, head: Head, context: Context) -> Result:
    raw = read_text_table(source, head)
    warnings: list[str] = []
    permalink = column(raw, "tweet permalink")
    account = permalink.str.extract(r"(?:twitter|x)\.com/([^/]+)/status", expand=False)
    frame = pd.DataFrame({
        "post_id": column(raw, "tweet id", required=source.name),
        "channel": "x",
        "account": account.fillna(context.account("x")),
        "published_at": parsing.parse_times(column(raw, "time", required=source.name), source=source.name,
                                            column="time", tz=context.timezone, warnings=warnings,
                                            formats=("%Y-%m-%d %H:%M %z", "%Y-%m-%d %H:%M:%S %z", "ISO8601",
                                                     "%Y-%m-%d %H:%M")),
        "text": column(raw, "tweet text"),
        "permalink": permalink,
    })
    used = {"tweet id", "tweet permalink", "tweet text", "time"}
    for target, names in COUNTS.items():
        for name in names:
            if name in raw.columns:
                frame[target] = parsing.parse_numbers(raw[name], source=source.name, column=name,
                                                      decimal_comma=head.delimiter == ";")
                used.add(name)
                break
    unused = unused_numeric_columns(raw, used)
    if unused:
        warnings.append("numeric columns not used (no canonical column for them): "
                        + ", ".join(repr(name) for name in unused))
    return Result({"posts": frame}, warnings)


TWEET_ACTIVITY = Format("x_tweet_activity", "X/Twitter tweet-activity export (CSV).", ("posts",),
                _is_tweet_activity, read_tweet_activity,
                        signature=("tweet id", "tweet permalink", "tweet text", "time", "impressions"))
