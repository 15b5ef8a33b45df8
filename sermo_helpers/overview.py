"""The data basis of an edition: what was loaded, how much, and for which dates.

Shown at the end of the Strategy stage so a reader knows what the conclusions rest on.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:  # a type only: loaders import engage, which imports this module
    from .loaders import ClientData

FRAMES = ("channel_stats", "posts", "mentions", "web_traffic")


def summarise_data(data: "ClientData") -> pd.DataFrame:
    """One row per canonical frame: rows, channels, first and last day."""
    rows = []
    for name in FRAMES:
        frame = getattr(data, name)
        column = "published_at" if "published_at" in frame else "date"
        channels = frame["channel"].nunique() if "channel" in frame else float("nan")
        rows.append({
            "frame": name,
            "rows": len(frame),
            "channels": channels,
            "first_day": frame[column].min() if len(frame) else pd.NaT,
            "last_day": frame[column].max() if len(frame) else pd.NaT,
        })
    return pd.DataFrame(rows)


def count_by_week(frame: pd.DataFrame, *, timezone: str, by: str = "channel",
                  time_column: str = "published_at") -> pd.DataFrame:
    """Rows per local calendar week (weeks start on Monday) and ``by`` value, tidy: week, by, count."""
    local = frame[time_column].dt.tz_convert(timezone).dt.tz_localize(None)
    week = local.dt.to_period("W-SUN").dt.start_time
    counts = (pd.DataFrame({"week": week, by: frame[by]})
              .groupby(["week", by], observed=True).size().rename("count").reset_index())
    return counts
