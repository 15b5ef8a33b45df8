"""Channel mix against the audience: the client's effort and results per channel beside where Norwegians are.

Audience figures live in ``data/reference/audience.csv`` (every number with its publisher, publication,
period and address; ``current`` or ``history``). :func:`load_audience` reads and checks it (one current
row per channel and measure, never older than another row of its channel and measure);
:func:`select_audience` picks one measure's current figure per channel (history rows, such as TNS Gallup
2009, never enter a client's channel mix); :func:`audience_age` says how old each figure is at the end of
the period analysed (older than STALE_AFTER_YEARS is flagged); :func:`compare_channel_mix` sets the client's posts, reach and followers per
channel beside those figures and gives each channel a verdict:

- **effort share** = the channel's posts / all the client's posts on channels with an audience figure;
- **audience share** = the channel's figure / the sum of the figures over the client's channels;
- **over** when effort share >= over_ratio x audience share and exceeds it by at least over_gap;
  **under** when effort share <= under_ratio x audience share and falls short by at least under_gap;
  otherwise **balanced**; **no_figure** for a channel without an audience figure; **absent** for a
  channel with a figure where the client did not publish.
"""
from __future__ import annotations

import calendar
import datetime as dt
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd

from .. import paths
from ..errors import AnalysisError, LoadError

AUDIENCE_COLUMNS = ["channel", "measure", "value", "period", "status", "publisher", "publication", "published",
                    "url", "reference"]
STATUSES = ("current", "history")
STALE_AFTER_YEARS = 2
_PERIOD = re.compile(r"^(\d{4})(?:-Q([1-4])|-(0[1-9]|1[0-2]))?$")
DEFAULT_THRESHOLDS = {"over_ratio": 2.0, "over_gap": 0.1, "under_ratio": 0.6, "under_gap": 0.1}
MIX_COLUMNS = ["channel", "posts", "posts_per_week", "effort_share", "reach", "reach_per_post", "engagements",
               "followers", "audience", "audience_share", "gap", "verdict", "period", "source"]
TOTALS = ("internet", "social_media")  # rows about all channels together, not one channel
VERDICTS = ("over", "under", "balanced", "absent", "no_figure")


def default_audience_path() -> Path:
    return paths.reference_dir() / "audience.csv"


def period_end(period: str) -> dt.date:
    """The last day of a period written as a year (``2024``), a quarter (``2022-Q3``) or a month (``2023-01``).

    Raises ValueError for anything else."""
    match = _PERIOD.match(period.strip()) if isinstance(period, str) else None
    if not match:
        raise ValueError(f"a period is a year (2024), a quarter (2022-Q3) or a month (2023-01), found {period!r}")
    year, quarter, month = match.groups()
    year = int(year)
    month = int(quarter) * 3 if quarter else int(month) if month else 12
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def load_audience(path: str | Path | None = None) -> pd.DataFrame:
    """Read the audience figures (default ``data/reference/audience.csv``), every row with its publication.

    Returns AUDIENCE_COLUMNS plus ``source`` (the publication, as tables show it) and ``period_end`` (a
    date). Checks every row (channel, measure, period, status, publisher and publication given; a value of
    zero or more; a period as a year, quarter or month; an address for every current figure) and every
    channel and measure (at most one current row, and it is the newest of its channel and measure).
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
    frame = frame[AUDIENCE_COLUMNS].apply(lambda column: column.str.strip())
    values = pd.to_numeric(frame["value"], errors="coerce")
    ends = []
    lines = [number for number, _ in numbered[1:]]
    for position, number in enumerate(lines):
        def refuse(column, expected, found):
            raise LoadError(f"{path}, line {number}: {column} must be {expected}, found {found}.", path=str(path),
                            row=number, column=column, expected=expected, found=found)
        for column in ("channel", "measure", "period", "status", "publisher", "publication"):
            if not frame.at[position, column]:
                raise LoadError(f"{path}, line {number}: every figure needs a {column}.", path=str(path), row=number,
                                column=column, expected=f"a {column}", found="an empty cell")
        if np.isnan(values[position]) or values[position] < 0:
            refuse("value", "a number >= 0", repr(frame.at[position, "value"]))
        if frame.at[position, "status"] not in STATUSES:
            refuse("status", " or ".join(STATUSES), repr(frame.at[position, "status"]))
        if frame.at[position, "status"] == "current" and not frame.at[position, "url"].startswith(("https://", "http://")):
            refuse("url", "the address where the figure was read (every current figure has one)",
                   repr(frame.at[position, "url"]) if frame.at[position, "url"] else "an empty cell")
        try:
            ends.append(period_end(frame.at[position, "period"]))
        except ValueError:
            refuse("period", "a year (2024), a quarter (2022-Q3) or a month (2023-01)", repr(frame.at[position, "period"]))
    out = frame.copy()
    out["channel"] = out["channel"].str.lower()
    out["value"] = values.astype("float64")
    out["source"] = out["publication"]
    out["period_end"] = pd.Series(ends, index=out.index, dtype="object")
    _check_current(out, lines, path)
    for column in out.columns:
        if column not in ("value", "period_end"):
            out[column] = out[column].astype("str")
    return out


def _check_current(frame: pd.DataFrame, lines: list[int], path: Path) -> None:
    """At most one current row per channel and measure, and none older than a row of its channel and measure."""
    for (channel, measure), rows in frame.groupby(["channel", "measure"], sort=False):
        current = rows[rows["status"] == "current"]
        if len(current) > 1:
            number = lines[current.index[1]]
            raise LoadError(f"{path}, line {number}: {channel} {measure} has more than one current figure; mark all "
                            "but the newest as history.", path=str(path), row=number, column="status",
                            expected="one current figure per channel and measure", found=f"{len(current)}")
        newest_end = max(rows["period_end"])
        if len(current) and current["period_end"].iloc[0] < newest_end:
            number = lines[current.index[0]]
            newest = rows.loc[rows["period_end"] == newest_end, "period"].iloc[0]
            raise LoadError(f"{path}, line {number}: the current {channel} {measure} figure ({current['period'].iloc[0]}) "
                            f"is older than another row of it ({newest}); the newest figure is the current one.",
                            path=str(path), row=number, column="period", expected=f"the newest period ({newest})",
                            found=current["period"].iloc[0])


def select_audience(audience: pd.DataFrame, *, measure: str) -> pd.DataFrame:
    """One row per channel for ``measure``: its current figure, with period, period_end, source (the
    publication) and publisher. History rows (TNS Gallup 2009, superseded quarters) are never chosen, and
    rows about all channels together (TOTALS: internet, social_media) are left out.

    Raises AnalysisError naming the measure when no current figure has it.
    """
    rows = audience[(audience["measure"] == measure) & ~audience["channel"].isin(TOTALS)
                    & (audience["status"] == "current")]
    if not len(rows):
        known = ", ".join(sorted(audience.loc[audience["status"] == "current", "measure"].unique()))
        raise AnalysisError(f"no current audience figures for measure {measure!r} (known: {known})",
                            argument="measure", expected=known, found=repr(measure))
    return rows.set_index("channel")[["value", "period", "period_end", "source", "publisher"]].sort_index()


def audience_age(figures: pd.DataFrame, *, as_of: dt.date, stale_after_years: int = STALE_AFTER_YEARS
                 ) -> pd.DataFrame:
    """How old each chosen figure (:func:`select_audience`) is at ``as_of`` (the end of the period analysed).

    Returns, per channel: period, period_end, ``age_days`` (days from the end of the figure's period to
    ``as_of``) and ``stale`` (True when the period ended more than ``stale_after_years`` years before
    ``as_of``).
    """
    limit = _years_before(as_of, stale_after_years)
    ages = pd.DataFrame({"period": figures["period"], "period_end": figures["period_end"]}, index=figures.index)
    ages["age_days"] = [(as_of - end).days for end in figures["period_end"]]
    ages["stale"] = [end < limit for end in figures["period_end"]]
    return ages


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


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
