"""Figures for stage 1, Listen: volume, tone, share of voice, top terms and spikes.

Each function takes the tidy frame a :mod:`sermo_helpers.listen` analysis returns, draws on ``ax``
(or a new Axes) with labels in the handout language, and returns the Axes.
"""
from __future__ import annotations

import matplotlib.dates as mdates
import pandas as pd
import seaborn as sns

from .. import timeline
from ..errors import AnalysisError
from ..i18n import format_number, format_percent, label
from .style import (
    PALETTE,
    describe,
    mark_language,
    SENTIMENT_COLOURS,
    draw_no_data,
    is_empty,
    new_axes,
    number_axis,
    readable,
)

SENTIMENTS = ("negative", "neutral", "positive")


def _check(frame: pd.DataFrame, columns, *, name: str) -> None:
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise AnalysisError(f"{name} needs the columns {', '.join(columns)}; missing {', '.join(missing)}",
                            argument=missing[0], expected=", ".join(columns), found=", ".join(map(str, frame.columns)))


def _date_axis(ax, language: str) -> None:
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d.%m" if language == "nb" else "%d %b"))


def plot_volume(counts: pd.DataFrame, *, by: str = "channel", language: str, ax=None, freq: str | None = None):
    """Mentions per period as one line per ``by`` value (from ``count_mentions_over_time``).

    ``freq`` (D, W or M; inferred from the periods when None) sets the x axis: one distinct tick per
    period (:func:`sermo_helpers.timeline.time_axis`), whole numbers on the y axis; a ``complete``
    column (from :func:`sermo_helpers.timeline.fill_periods`) shades an incomplete last period."""
    _check(counts, ["period", by, "count"], name="plot_volume")
    freq = freq or (timeline.infer_freq(counts["period"]) if not is_empty(counts) else "W")
    title = "listen.volume_by_language" if by == "language" else "listen.volume_by_channel"
    title = title if freq == "W" else f"{title}.{freq}"  # the title names the period the points count
    if is_empty(counts):
        return draw_no_data(ax, language, title=label(title, language))
    ax = new_axes(ax)
    data = counts.copy()
    if by == "language":
        data[by] = data[by].map(lambda code: label(f"listen.language.{code}", language))
    else:
        data = readable(data, by, "channel", language)
    sns.lineplot(data=data, x="period", y="count", hue=by, marker="o", ax=ax, palette=PALETTE[:data[by].nunique()])
    ax.set_title(label(title, language))
    ax.set_ylabel(label("listen.mentions", language))
    timeline.time_axis(ax, data["period"], freq, language)
    timeline.count_axis(ax.yaxis, language)
    timeline.mark_incomplete(ax, counts, freq, language)
    mark_language(ax, language)
    if ax.get_legend() is not None:
        legend_title = label("listen.language" if by == "language" else "common.channel", language)
        ax.legend(title=legend_title, frameon=False, loc="upper left", bbox_to_anchor=(1, 1))
    return ax


def plot_sentiment_over_time(weekly: pd.DataFrame, *, language: str, ax=None):
    """Stacked shares of negative, neutral and positive mentions per period, with net sentiment as
    a line (from ``sentiment_over_time``)."""
    _check(weekly, ["period", *(f"{s}_share" for s in SENTIMENTS), "net_sentiment"], name="plot_sentiment_over_time")
    if is_empty(weekly):
        return draw_no_data(ax, language, title=label("listen.tone_over_time", language))
    ax = new_axes(ax)
    bottom = pd.Series(0.0, index=weekly.index)
    width = pd.Timedelta(days=5)
    for sentiment in SENTIMENTS:
        share = weekly[f"{sentiment}_share"].fillna(0.0)
        ax.bar(weekly["period"], share, bottom=bottom, width=width, color=SENTIMENT_COLOURS[sentiment],
               label=label(f"sentiment.{sentiment}", language), align="edge")
        bottom = bottom + share
    ax.plot(weekly["period"] + width / 2, weekly["net_sentiment"], color="#264653", marker="o", linewidth=2,
            label=label("listen.net_sentiment", language))
    ax.axhline(0, color="#264653", linewidth=0.8)
    ax.set_ylim(min(-0.2, float(weekly["net_sentiment"].min(skipna=True) or 0) - 0.05), 1.0)
    ax.set_title(label("listen.tone_over_time", language))
    ax.set_xlabel(label("listen.week", language))
    ax.set_ylabel(label("listen.share", language))
    number_axis(ax.yaxis, language, percent=True)
    _date_axis(ax, language)
    timeline.mark_incomplete(ax, weekly, timeline.infer_freq(weekly["period"]), language)  # the shared rule
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1, 1))
    return ax


def plot_share_of_voice(share: pd.DataFrame, *, language: str, ax=None):
    """Horizontal bars of each subject's share of voice, the client highlighted (from ``share_of_voice``)."""
    _check(share, ["name", "share", "is_client"], name="plot_share_of_voice")
    if is_empty(share) or not share["share"].fillna(0).gt(0).any():
        return draw_no_data(ax, language, title=label("listen.share_of_voice", language))
    ax = new_axes(ax, figsize=(8, 0.6 * len(share) + 1.2))
    colours = [PALETTE[0] if is_client else PALETTE[4] for is_client in share["is_client"]]
    ax.barh(share["name"], share["share"], color=colours)
    ax.invert_yaxis()
    for y, value in enumerate(share["share"]):
        ax.text(value, y, " " + format_percent(value, language), va="center")
    ax.set_title(label("listen.share_of_voice", language))
    ax.set_xlabel(label("listen.share", language))
    ax.set_ylabel("")
    number_axis(ax.xaxis, language, percent=True)
    return ax


def plot_top_terms(terms: pd.DataFrame, *, title: str = "listen.top_words", language: str, ax=None):
    """Horizontal bars of the top terms, most frequent on top (from ``top_terms``); ``title`` is a label key."""
    _check(terms, ["term", "mentions"], name="plot_top_terms")
    if is_empty(terms):
        return draw_no_data(ax, language, title=label(title, language))
    ax = new_axes(ax, figsize=(8, 0.35 * max(len(terms), 3) + 1.2))
    sns.barplot(data=terms, y="term", x="mentions", color=PALETTE[0], ax=ax, orient="h")
    ax.set_title(label(title, language))
    ax.set_xlabel(label("listen.mentions", language))
    ax.set_ylabel("")
    number_axis(ax.xaxis, language)
    # The terms are the mentions' own words (any language): quoted in the alternative text.
    shown = [label("figure.alt.quoted", language, name=term, value=format_number(count, language))
             for term, count in zip(terms["term"].head(MAX_QUOTED), terms["mentions"].head(MAX_QUOTED))]
    if len(terms) > MAX_QUOTED:
        shown.append(label("figure.alt.more", language, count=len(terms) - MAX_QUOTED))
    describe(ax, shown, language, complete=True)
    return ax


MAX_QUOTED = 8  # terms named in a top-terms chart's alternative text (as present.MAX_DESCRIBED)


def plot_spikes(days: pd.DataFrame, spikes: pd.DataFrame, *, language: str, ax=None):
    """Daily mentions with the usual level and the spike limit, spikes shaded (from
    ``compute_baseline`` and ``detect_spikes``)."""
    _check(days, ["day", "count", "baseline", "limit"], name="plot_spikes")
    if is_empty(days):
        return draw_no_data(ax, language, title=label("listen.spikes", language))
    ax = new_axes(ax)
    ax.plot(days["day"], days["count"], color=PALETTE[0], linewidth=1.2, label=label("listen.mentions", language))
    ax.plot(days["day"], days["baseline"], color=PALETTE[4], linestyle="--", label=label("listen.baseline", language))
    ax.plot(days["day"], days["limit"], color=PALETTE[3], linestyle=":", label=label("listen.limit", language))
    for spike in spikes.itertuples(index=False):
        ax.axvspan(spike.start, spike.end + pd.Timedelta(days=1), color=PALETTE[3], alpha=0.15)
        ax.annotate(label("listen.spike", language), (spike.peak_day, spike.peak_count), textcoords="offset points",
                    xytext=(8, -4), color=PALETTE[3], fontweight="bold")
    ax.set_title(label("listen.spikes", language))
    ax.set_xlabel(label("listen.day", language))
    ax.set_ylabel(label("listen.mentions", language))
    number_axis(ax.yaxis, language)
    _date_axis(ax, language)
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1, 1))
    return ax
