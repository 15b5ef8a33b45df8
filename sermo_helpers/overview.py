"""The data basis of an edition: what was loaded, how much, for which dates, and which files were left out.

Shown at the end of the Strategy stage so a reader knows what the conclusions rest on.
"""
from __future__ import annotations

import pandas as pd

from .loaders import ClientData, left_out_files

FRAMES = ("channel_stats", "posts", "mentions", "web_traffic")


def summarise_data(data: ClientData) -> pd.DataFrame:
    """One row per canonical frame: rows, channels, first and last day; then one row per file left out
    (refused, not recognised, or listed in ``ignore_files``) naming the file, with the reason in
    ``left_out``. Channels of an empty frame are "not reported" (missing), not 0."""
    rows = []
    for name in FRAMES:
        frame = getattr(data, name)
        column = "published_at" if "published_at" in frame else "date"
        channels = frame["channel"].nunique() if "channel" in frame and len(frame) else float("nan")
        rows.append({
            "frame": name,
            "rows": len(frame),
            "channels": channels,
            "first_day": frame[column].min() if len(frame) else pd.NaT,
            "last_day": frame[column].max() if len(frame) else pd.NaT,
        })
    summary = pd.DataFrame(rows)
    left = left_out_files(data)
    if left.empty:
        return summary
    files = pd.DataFrame({"frame": left["file"], "rows": 0, "channels": float("nan"), "first_day": pd.NaT,
                          "last_day": pd.NaT, "left_out": left["status"] + ": " + left["reason"]})
    summary["left_out"] = pd.Series(pd.NA, index=summary.index, dtype="str")
    return pd.concat([summary, files], ignore_index=True)


DATA_BASIS_COLUMNS = {"frame": "data_basis.source", "rows": "data_basis.rows", "channels": "data_basis.channels",
                      "first_day": "data_basis.first_day", "last_day": "data_basis.last_day"}


def show_data_basis(data: ClientData, *, language: str):
    """The handout's "Datagrunnlag" section: a heading, one sentence and what each source holds, in the
    reader's words (no frame or column names; labels ``data_basis.*``)."""
    from . import present
    from .i18n import label

    summary = summarise_data(data)
    summary["frame"] = [label(f"data_basis.frame.{name}", language) if name in FRAMES
                        else label("data_basis.left_out_file", language, file=name) for name in summary["frame"]]
    columns = DATA_BASIS_COLUMNS | ({"left_out": "data_basis.left_out"} if "left_out" in summary else {})
    return present.Html(
        present.heading("data_basis.heading", language, anchor="sec-data-basis").markup
        + present.paragraph("data_basis.lead", language).markup
        + present.table(summary, language, columns=columns,
                        formats={"first_day": "date", "last_day": "date"}).markup)


def count_by_week(frame: pd.DataFrame, *, timezone: str, by: str = "channel",
                  time_column: str = "published_at") -> pd.DataFrame:
    """Rows per local calendar week (weeks start on Monday) and ``by`` value, tidy: week, by, count,
    complete (False for a last week the data end within, :func:`sermo_helpers.timeline.flag_complete`)."""
    from .timeline import flag_complete

    local = frame[time_column].dt.tz_convert(timezone).dt.tz_localize(None)
    week = local.dt.to_period("W-SUN").dt.start_time
    counts = (pd.DataFrame({"week": week, by: frame[by]})
              .groupby(["week", by], observed=True).size().rename("count").reset_index())
    return flag_complete(counts, freq="W", column="week", last_day=local.max().date() if len(local.dropna()) else None)
