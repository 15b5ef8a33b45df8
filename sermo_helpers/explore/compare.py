"""Compare two periods: the selection against the period before it (same length) or a chosen one.

:func:`previous_period` gives the default second period; :func:`compare_mentions` the side-by-side
numbers (mentions, negative mentions and their share, mentions per channel, each with the change);
:func:`overlay_series` the two periods' counts per day (or week) aligned on "day 1, day 2, …" for
overlaid lines; :func:`plot_overlay` draws them. The mentions are whatever the explorer selected
with its other controls (channels, tone, language, subject, search), so both periods are filtered
alike.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from ..i18n import format_date, label
from ..timeline import choose_freq, count_axis, fill_periods
from .core import in_period


def previous_period(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The period of equal length that ends the day before ``start``."""
    days = (end - start).days + 1
    return start - dt.timedelta(days=days), start - dt.timedelta(days=1)


def _in(mentions: pd.DataFrame, timezone: str, start, end) -> pd.DataFrame:
    return mentions[in_period(mentions["published_at"], timezone=timezone, start=start, end=end)]


def compare_mentions(mentions: pd.DataFrame, *, timezone: str, period: tuple, against: tuple,
                     language: str) -> pd.DataFrame:
    """Side-by-side numbers: columns measure, this (the selection), other (the second period), change.

    Measures: mentions, negative mentions, negative share, then mentions per channel (channels
    present in either period, alphabetically). ``change`` is this − other (share: in points).
    """
    first, second = _in(mentions, timezone, *period), _in(mentions, timezone, *against)

    def numbers(rows):
        negative = int((rows["sentiment"] == "negative").sum())
        values = {"mentions": float(len(rows)), "negative": float(negative),
                  "negative_share": negative / len(rows) if len(rows) else float("nan")}
        return values

    this, other = numbers(first), numbers(second)
    rows = [(label(f"explore.compare.{key}", language), this[key], other[key]) for key in this]
    channels = sorted(set(first["channel"].dropna()) | set(second["channel"].dropna()))
    for channel in channels:
        rows.append((label("explore.compare.channel", language, channel=_channel_name(channel, language)),
                     float((first["channel"] == channel).sum()), float((second["channel"] == channel).sum())))
    table = pd.DataFrame(rows, columns=["measure", "this", "other"])
    table["change"] = table["this"] - table["other"]
    table["key"] = [*this.keys(), *(f"channel:{channel}" for channel in channels)]
    return table


def _channel_name(channel: str, language: str) -> str:
    from ..errors import SermoError

    try:
        return label(f"channel.{channel}", language)
    except SermoError:
        return channel


def overlay_series(mentions: pd.DataFrame, *, timezone: str, period: tuple, against: tuple) -> pd.DataFrame:
    """Counts per period step of both periods: columns which (this/other), step (1, 2, …), period, count."""
    from ..listen._common import local_period

    freq = choose_freq(*period)
    parts = []
    for which, (start, end) in (("this", period), ("other", against)):
        rows = _in(mentions, timezone, start, end)
        counted = pd.DataFrame({"period": local_period(rows["published_at"], freq=freq, timezone=timezone),
                                "count": 1.0})
        filled = fill_periods(counted, freq=freq, start=start, end=end)
        filled["step"] = range(1, len(filled) + 1)
        filled["which"] = which
        parts.append(filled)
    return pd.concat(parts, ignore_index=True)[["which", "step", "period", "count", "complete"]]


def plot_overlay(series: pd.DataFrame, *, period: tuple, against: tuple, language: str, ax=None):
    """The two periods as overlaid lines over step 1, 2, … (the x axis names the steps' kind)."""
    from ..plots.style import new_axes

    ax = new_axes(ax)
    freq = choose_freq(*period)
    for which, (start, end), style in (("this", period, "-"), ("other", against, "--")):
        part = series[series["which"] == which]
        name = f"{format_date(start, language)}–{format_date(end, language)}"
        ax.plot(part["step"], part["count"], style, marker="o", label=name,
                color="#1d3557" if which == "this" else "#e76f51")
    ax.set_xticks(sorted(series["step"].unique()))
    ax.set_xlabel(label(f"explore.compare.step.{freq}", language))
    ax.set_ylabel(label("listen.mentions", language))
    ax.set_title(label("explore.compare.title", language))
    count_axis(ax.yaxis, language)
    ax.legend(frameon=False)
    return ax
