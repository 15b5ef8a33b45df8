"""Compare two periods: the selection against the period before it (same length) or a chosen one.

One comparison for every explorer (Listen, Influence, Strategy): :func:`compare_controls` are the
controls, :func:`render_comparison` the view. :func:`previous_period` gives the default second
period; :func:`compare_mentions` the side-by-side numbers (mentions, negative mentions and their
share, mentions per channel, or per subject or actor, each with the change); :func:`overlay_series`
the two periods' counts per day (or week) aligned on "day 1, day 2, …" for overlaid lines;
:func:`plot_overlay` draws them. The mentions are whatever the explorer selected with its other
controls (Listen: channels, tone, language, subject, search; Influence: the actors shown; Strategy:
channels and the subjects compared), so both periods are filtered alike.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from ..i18n import format_date, format_number, format_share, label
from ..timeline import choose_freq, count_axis, fill_periods
from .core import Control, Snapshot, in_period

NONE = "none"
COMPARE_CHOICES = (NONE, "previous", "chosen")


def compare_controls(language: str) -> list[Control]:
    """Compare with: none, the previous period of equal length, or a chosen period (its From/To)."""
    return [Control("compare", "dropdown", "explore.compare", NONE,
                    options=tuple((label(f"explore.compare.{choice}", language), choice) for choice in COMPARE_CHOICES)),
            Control("compare_start", "date", "explore.compare_start", None),
            Control("compare_end", "date", "explore.compare_end", None)]


def previous_period(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The period of equal length that ends the day before ``start``."""
    days = (end - start).days + 1
    return start - dt.timedelta(days=days), start - dt.timedelta(days=1)


def _in(mentions: pd.DataFrame, timezone: str, start, end) -> pd.DataFrame:
    return mentions[in_period(mentions["published_at"], timezone=timezone, start=start, end=end)]


def compare_mentions(mentions: pd.DataFrame, *, timezone: str, period: tuple, against: tuple,
                     language: str, by: str = "channel", names: dict | None = None,
                     fill: str | None = None) -> pd.DataFrame:
    """Side-by-side numbers: columns measure, this (the selection), other (the second period), change, key.

    Measures: mentions, negative mentions, negative share, then mentions per value of ``by``
    (``channel``, ``subject`` or ``actor``; values present in either period, in ``names`` order when
    given, else alphabetically; ``names`` maps a value to its shown name; ``fill`` stands for a missing
    value, e.g. the client's slug for untagged mentions). ``change`` is this − other
    (share: in points); ``key`` is the measure's name (``channel:x``, ``subject:y`` for the split).
    """
    first, second = _in(mentions, timezone, *period), _in(mentions, timezone, *against)

    def numbers(rows):
        negative = int((rows["sentiment"] == "negative").sum())
        values = {"mentions": float(len(rows)), "negative": float(negative),
                  "negative_share": negative / len(rows) if len(rows) else float("nan")}
        return values

    this, other = numbers(first), numbers(second)
    rows = [(label(f"explore.compare.{key}", language), this[key], other[key]) for key in this]
    split = [rows_[by] if fill is None else rows_[by].fillna(fill) for rows_ in (first, second)]
    seen = set(split[0].dropna()) | set(split[1].dropna())
    values = [value for value in (names or {}) if value in seen] + sorted(seen - set(names or {}))
    for value in values:
        shown = (names or {}).get(value) or (_channel_name(value, language) if by == "channel" else str(value))
        rows.append((label(f"explore.compare.{by}", language, **{by: shown}),
                     float((split[0] == value).sum()), float((split[1] == value).sum())))
    table = pd.DataFrame(rows, columns=["measure", "this", "other"])
    table["change"] = table["this"] - table["other"]
    table["key"] = [*this.keys(), *(f"{by}:{value}" for value in values)]
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


def render_comparison(base: pd.DataFrame, client, values: dict, *, start, end, by: str = "channel",
                      names: dict | None = None, fill: str | None = None) -> Snapshot:
    """The selection (``start``..``end``) against the second period the compare controls choose.

    ``base`` holds the mentions the explorer selected with every control but the period (both
    periods are cut from it alike). Parts: the side-by-side table and the overlaid lines; frames
    ``comparison`` (:func:`compare_mentions`) and ``overlay`` (:func:`overlay_series`)."""
    from .. import present

    language = client.language
    if values.get("compare") == "chosen":
        against = (values.get("compare_start"), values.get("compare_end"))
        if None in against or against[0] > against[1]:
            return Snapshot([present.note(label("explore.compare.need_dates", language))], {})
    else:
        against = previous_period(start, end)
    table = compare_mentions(base, timezone=client.timezone, period=(start, end), against=against, language=language,
                             by=by, names=names, fill=fill)
    series = overlay_series(base, timezone=client.timezone, period=(start, end), against=against)
    this = f"{format_date(start, language)}–{format_date(end, language)}"
    other = f"{format_date(against[0], language)}–{format_date(against[1], language)}"

    def shown(key, value):
        return format_share(value, language) if key == "negative_share" else format_number(value, language)

    frame = pd.DataFrame({"measure": table["measure"],
                          "this": [shown(k, v) for k, v in zip(table["key"], table["this"])],
                          "other": [shown(k, v) for k, v in zip(table["key"], table["other"])]})
    markup = present.table(frame.rename(columns={"measure": label("explore.compare.measure", language),
                                                 "this": this, "other": other}), language, max_rows=len(frame))
    figure = present.figure(plot_overlay(series, period=(start, end), against=against, language=language))
    return Snapshot([markup, figure], {"comparison": table, "overlay": series})
