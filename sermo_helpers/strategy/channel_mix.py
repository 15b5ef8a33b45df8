"""Channel mix against the audience: the client's effort and results per channel beside where Norwegians are.

Audience figures live in ``data/reference/audience.csv`` (every number with its source and period).
:func:`load_audience` reads and checks it; :func:`select_audience` picks one measure, the most recent
period per channel; :func:`compare_channel_mix` sets the client's posts, reach and followers per
channel beside those figures and gives each channel a verdict:

- **effort share** = the channel's posts / all the client's posts on channels with an audience figure;
- **audience share** = the channel's figure / the sum of the figures over the client's channels;
- **over** when effort share >= over_ratio x audience share and exceeds it by at least over_gap;
  **under** when effort share <= under_ratio x audience share and falls short by at least under_gap;
  otherwise **balanced**; **no_figure** for a channel without an audience figure; **absent** for a
  channel with a figure where the client did not publish.
"""
from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd

from .. import paths
from ..errors import AnalysisError, LoadError

AUDIENCE_COLUMNS = ["channel", "measure", "value", "period", "source", "reference"]
DEFAULT_THRESHOLDS = {"over_ratio": 2.0, "over_gap": 0.1, "under_ratio": 0.6, "under_gap": 0.1}
MIX_COLUMNS = ["channel", "posts", "posts_per_week", "effort_share", "reach", "reach_per_post", "engagements",
               "followers", "audience", "audience_share", "gap", "verdict", "period", "source"]
TOTALS = ("internet", "social_media")  # rows about all channels together, not one channel
VERDICTS = ("over", "under", "balanced", "absent", "no_figure")


def default_audience_path() -> Path:
    return paths.reference_dir() / "audience.csv"


def load_audience(path: str | Path | None = None) -> pd.DataFrame:
    """Read the audience figures (default ``data/reference/audience.csv``), every row with its source.

    Raises LoadError naming the file, the 1-based line and the column of the first bad row.
    """
    path = Path(path) if path is not None else default_audience_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LoadError(f"No audience figures at {path}; expected a CSV with columns {', '.join(AUDIENCE_COLUMNS)}.",
                        path=str(path), expected="an audience file", found="nothing") from None
    numbered = [(number, line) for number, line in enumerate(text.splitlines(), start=1)
                if line.strip() and not line.lstrip().startswith("#")]
    if not numbered:
        raise LoadError(f"{path} holds no figures.", path=str(path), expected="a header and rows", found="nothing")
    frame = pd.read_csv(io.StringIO("\n".join(line for _, line in numbered)), dtype="str", keep_default_na=False)
    missing = [column for column in AUDIENCE_COLUMNS if column not in frame.columns]
    if missing:
        raise LoadError(f"{path}: expected columns {', '.join(AUDIENCE_COLUMNS)}; missing {', '.join(missing)}.",
                        path=str(path), row=numbered[0][0], column=missing[0], expected=", ".join(AUDIENCE_COLUMNS),
                        found=", ".join(frame.columns))
    values = pd.to_numeric(frame["value"], errors="coerce")
    for position, (number, _) in enumerate(numbered[1:]):
        for column in ("channel", "measure", "period", "source"):
            if not frame.at[position, column].strip():
                raise LoadError(f"{path}, line {number}: every figure needs a {column}.", path=str(path), row=number,
                                column=column, expected=f"a {column}", found="an empty cell")
        if np.isnan(values[position]) or values[position] < 0:
            raise LoadError(f"{path}, line {number}: value must be a number of zero or more, found "
                            f"{frame.at[position, 'value']!r}.", path=str(path), row=number, column="value",
                            expected="a number >= 0", found=repr(frame.at[position, "value"]))
    out = frame[AUDIENCE_COLUMNS].copy()
    out["channel"] = out["channel"].str.strip().str.lower()
    out["value"] = values.astype("float64")
    for column in ("measure", "period", "source", "reference"):
        out[column] = out[column].str.strip().astype("str")
    out["channel"] = out["channel"].astype("str")
    return out


def select_audience(audience: pd.DataFrame, *, measure: str) -> pd.DataFrame:
    """One row per channel for ``measure``: the most recent period's figure, with its period and source.

    Rows about all channels together (TOTALS: internet, social_media) are left out.

    Raises AnalysisError naming the measure when no figure has it.
    """
    rows = audience[(audience["measure"] == measure) & ~audience["channel"].isin(TOTALS)]
    if not len(rows):
        known = ", ".join(sorted(audience["measure"].unique()))
        raise AnalysisError(f"no audience figures for measure {measure!r} (known: {known})", argument="measure",
                            expected=known, found=repr(measure))
    latest = rows.sort_values(["channel", "period"], kind="stable").groupby("channel").tail(1)
    return latest.set_index("channel")[["value", "period", "source"]].sort_index()


def classify_channel(effort_share: float, audience_share: float, *, over_ratio: float, over_gap: float,
                     under_ratio: float, under_gap: float) -> str:
    """over, under or balanced for one channel (see the module docstring); inclusive at the thresholds."""
    gap = effort_share - audience_share
    if effort_share >= over_ratio * audience_share and gap >= over_gap - 1e-12:
        return "over"
    if effort_share <= under_ratio * audience_share and -gap >= under_gap - 1e-12:
        return "under"
    return "balanced"


def compare_channel_mix(channels: pd.DataFrame, audience: pd.DataFrame, *,
                        channel_stats: pd.DataFrame | None = None, weeks: float | None = None,
                        thresholds: dict | None = None) -> pd.DataFrame:
    """The client's effort and results per channel beside the audience figures, with a verdict per channel.

    Parameters
    ----------
    channels : the client's posts per channel, Engage's
        :func:`~sermo_helpers.engage.content.summarise_channels` (``EngageResult.channels``).
    audience : :func:`select_audience`'s result (index channel; value, period, source).
    channel_stats : canonical statistics; the last ``followers`` value per channel is reported when given.
    weeks : the period's length in weeks, for ``posts_per_week`` (NaN when not given).
    thresholds : over_ratio, over_gap, under_ratio, under_gap (DEFAULT_THRESHOLDS for missing keys).

    Returns MIX_COLUMNS, one row per channel the client published on or that has a figure, the client's
    channels first by posts. ``audience`` keeps the figure; shares are 0-1.
    """
    limits = {**DEFAULT_THRESHOLDS, **(thresholds or {})}
    per_channel = channels.set_index("channel")[["posts", "reach", "engagements"]]
    channels = list(per_channel.sort_values("posts", ascending=False, kind="stable").index)
    channels += [name for name in audience.index if name not in channels]
    frame = per_channel.reindex(channels)
    frame["posts"] = frame["posts"].fillna(0).astype("int64")
    figure = audience["value"].reindex(channels)
    present = frame["posts"] > 0
    with_figure = present & figure.notna()
    effort_total = frame.loc[with_figure, "posts"].sum()
    audience_total = figure[with_figure].sum()
    frame["posts_per_week"] = frame["posts"] / weeks if weeks else np.nan
    frame["effort_share"] = (frame["posts"] / effort_total).where(with_figure) if effort_total else np.nan
    frame["reach_per_post"] = (frame["reach"] / frame["posts"]).where(present)
    frame["audience"] = figure
    frame["audience_share"] = (figure / audience_total).where(with_figure) if audience_total else np.nan
    frame["gap"] = frame["effort_share"] - frame["audience_share"]
    frame["followers"] = _last_followers(channel_stats, channels)
    verdicts = []
    for name in channels:
        if not present[name]:
            verdicts.append("absent")
        elif not with_figure[name]:
            verdicts.append("no_figure")
        else:
            verdicts.append(classify_channel(frame.at[name, "effort_share"], frame.at[name, "audience_share"],
                                             **limits))
    frame["verdict"] = verdicts
    frame["period"] = audience["period"].reindex(channels)
    frame["source"] = audience["source"].reindex(channels)
    out = frame.reset_index().rename(columns={"index": "channel"})
    for column in ("channel", "verdict", "period", "source"):
        out[column] = out[column].astype("str")
    for column in MIX_COLUMNS:
        if column not in ("channel", "verdict", "period", "source", "posts"):
            out[column] = out[column].astype("float64")
    return out[MIX_COLUMNS]


def _last_followers(channel_stats: pd.DataFrame | None, channels: list[str]) -> pd.Series:
    if channel_stats is None or not len(channel_stats):
        return pd.Series(np.nan, index=channels, dtype="float64")
    rows = channel_stats[(channel_stats["metric"] == "followers") & channel_stats["value"].notna()]
    rows = rows.assign(channel=rows["channel"].astype("str").str.lower()).sort_values("date")
    last = rows.groupby(["channel", "account"])["value"].last().groupby("channel").sum()
    return last.reindex(channels).astype("float64")
