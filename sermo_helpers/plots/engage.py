"""Figures for the Engage stage: response rates and speed, responders, engagement and timing.

Each function takes a computed frame (from :mod:`sermo_helpers.engage`), draws on ``ax`` (or a
new Axes) and returns the Axes. Texts come from ``templates/labels/engage.yaml``.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.ticker import FuncFormatter

from ..i18n import format_duration
from ..errors import AnalysisError
from ..i18n import format_number, format_percent, label, value_label
from .style import PALETTE, describe, draw_no_data, is_empty, new_axes, number_axis, readable


def _require(frame: pd.DataFrame, columns, argument: str) -> None:
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise AnalysisError(f"{argument}: expected columns {', '.join(columns)}; missing {', '.join(missing)}",
                            argument=argument, expected=", ".join(columns), found="missing " + ", ".join(missing))


def plot_response_rates(metrics: pd.DataFrame, *, language: str, ax=None):
    """Response rate per channel as horizontal bars, each labelled with its rate and median time.

    ``metrics`` is ``compute_response_metrics(..., by="channel")``.
    """
    _require(metrics, ("channel", "response_rate", "median_first_response_minutes", "conversations"), "metrics")
    if is_empty(metrics):
        return draw_no_data(ax, language, title=label("engage.plot.response_rate", language))
    ax = new_axes(ax, figsize=(8, 0.6 * max(len(metrics), 2) + 1.2))
    data = readable(metrics.sort_values("response_rate", ascending=False), "channel", "channel", language)
    texts = [label("engage.plot.rate_annotation", language, rate=format_percent(row.response_rate, language),
                   time=format_duration(row.median_first_response_minutes, language), count=row.conversations)
             for row in data.itertuples()]
    return _share_bars(data, y="channel", x="response_rate", texts=texts, colour=PALETTE[0], right=1.35,
                       labels=("engage.col.response_rate", "common.channel", "engage.plot.response_rate"),
                       language=language, ax=ax)


def _share_bars(data: pd.DataFrame, *, y: str, x: str, texts: list[str], colour, right: float,
                labels: tuple[str, str, str], language: str, ax):
    """Horizontal bars of shares (0–100 %), each with its text; ``labels`` are the x, y and title keys."""
    sns.barplot(data=data, y=y, x=x, color=colour, ax=ax)
    for position, (share, text) in enumerate(zip(data[x], texts)):
        ax.text(min(share, 1.0) + 0.01 if not np.isnan(share) else 0.01, position, text, va="center", fontsize=9)
    ax.set_xlim(0, right)
    ax.set_xticks([0, 0.2, 0.4, 0.6, 0.8, 1.0])
    xlabel, ylabel, title = labels
    ax.set_xlabel(label(xlabel, language))
    ax.set_ylabel(label(ylabel, language))
    ax.set_title(label(title, language))
    number_axis(ax.xaxis, language, percent=True)
    return ax


def plot_response_curve(conversations: pd.DataFrame, *, targets_minutes=(60, 1440), language: str,
                        max_hours: float = 72, ax=None):
    """Share of conversations answered within each number of hours, one line per channel.

    Unanswered conversations stay in the denominator, so a line ends at the channel's response
    rate. Dotted lines mark the targets.
    """
    _require(conversations, ("channel", "first_response_minutes"), "conversations")
    if is_empty(conversations):
        return draw_no_data(ax, language, title=label("engage.plot.response_curve", language))
    ax = new_axes(ax)
    hours = np.linspace(0, max_hours, 289)
    for index, (channel, part) in enumerate(conversations.groupby("channel", sort=True)):
        times = np.sort(part["first_response_minutes"].to_numpy(dtype=float) / 60)
        times = times[~np.isnan(times)]
        shares = np.searchsorted(times, hours, side="right") / len(part)
        ax.plot(hours, shares, label=f"{value_label('channel', channel, language)} (n={len(part)})", color=PALETTE[index % len(PALETTE)], lw=2)
    for target in targets_minutes:
        if target / 60 <= max_hours:
            ax.axvline(target / 60, color="#6c757d", ls=":", lw=1)
            ax.text(target / 60, 1.02, label("engage.plot.target", language, target=format_duration(target, language)),
                    fontsize=8, ha="left", va="bottom", color="#495057")
    ax.set_xlim(0, max_hours)
    ax.set_ylim(0, 1.08)
    ax.set_xlabel(label("engage.axis.hours_to_answer", language))
    ax.set_ylabel(label("engage.axis.share_answered", language))
    ax.set_title(label("engage.plot.response_curve", language))
    number_axis(ax.yaxis, language, percent=True)
    number_axis(ax.xaxis, language)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(title=label("common.channel", language), frameon=False, loc="lower right")
    describe(ax, _response_curve_facts(conversations, targets_minutes, language), language, complete=True)
    return ax


def _response_curve_facts(conversations: pd.DataFrame, targets_minutes, language: str) -> list[str]:
    """Per channel: the share answered within each target and in all (what the curves show)."""
    facts = []
    for channel, part in conversations.groupby("channel", sort=True):
        minutes = part["first_response_minutes"].astype("float64")
        within = [label("engage.plot.response_curve.alt.within", language,
                        share=format_percent(float((minutes <= target).sum()) / len(part), language),
                        target=format_duration(target, language)) for target in targets_minutes]
        facts.append(label("engage.plot.response_curve.alt.channel", language,
                           channel=value_label("channel", channel, language),
                           conversations=label(f"engage.plot.alt.conversations.{'one' if len(part) == 1 else 'other'}",
                                               language, count=format_number(len(part), language)),
                           within=", ".join(within), answered=format_percent(float(minutes.notna().sum()) / len(part),
                                                                             language)))
    return facts


def plot_responders(responders: pd.DataFrame, *, language: str, ax=None):
    """Each responder's share of the client's replies (from ``compute_responders``)."""
    _require(responders, ("responder", "share_of_replies", "replies"), "responders")
    if is_empty(responders):
        return draw_no_data(ax, language, title=label("engage.plot.responders", language))
    ax = new_axes(ax, figsize=(7, 0.5 * max(len(responders), 2) + 1.2))
    texts = [f"{format_percent(row.share_of_replies, language)} ({row.replies})" for row in responders.itertuples()]
    return _share_bars(responders, y="responder", x="share_of_replies", texts=texts, colour=PALETTE[1], right=1.15,
                       labels=("engage.col.share_of_replies", "engage.col.responder", "engage.plot.responders"),
                       language=language, ax=ax)


def plot_engagement_by_type(summary: pd.DataFrame, *, language: str, rate: str = "engagement_rate_by_reach",
                            ax=None):
    """Mean engagement rate per post type, bars grouped by channel (from ``summarise_engagement``)."""
    _require(summary, ("channel", "post_type", rate), "summary")
    if is_empty(summary) or summary[rate].isna().all():
        return draw_no_data(ax, language, title=label("engage.plot.engagement_by_type", language))
    ax = new_axes(ax)
    shown = readable(readable(summary, "channel", "channel", language), "post_type", "engage.post_type", language)
    sns.barplot(data=shown, x="channel", y=rate, hue="post_type", ax=ax)
    ax.set_xlabel(label("common.channel", language))
    ax.set_ylabel(label(f"engage.col.{rate}", language))
    ax.set_title(label("engage.plot.engagement_by_type", language))
    number_axis(ax.yaxis, language, percent=True, decimals=1)
    if ax.get_legend() is not None:
        ax.legend(title=label("engage.col.post_type", language), frameon=False)
    return ax


def plot_posting_heatmap(heatmap: pd.DataFrame, *, language: str, metric: str = "engagement_index",
                         ax=None):
    """Weekday × hour heatmap of the mean ``metric``; each cell shows the number of posts behind it."""
    column = f"mean_{metric}"
    _require(heatmap, ("weekday", "hour", "posts", column), "heatmap")
    if is_empty(heatmap) or heatmap[column].isna().all():
        return draw_no_data(ax, language, title=label("engage.plot.heatmap", language))
    hours = list(range(int(heatmap["hour"].min()), int(heatmap["hour"].max()) + 1)) if len(heatmap) else [0]
    grid = heatmap.pivot(index="weekday", columns="hour", values=column).reindex(index=range(7), columns=hours)
    counts = heatmap.pivot(index="weekday", columns="hour", values="posts").reindex(index=range(7), columns=hours)
    annotations = counts.map(lambda value: "" if pd.isna(value) else str(int(value)))
    ax = new_axes(ax, figsize=(max(6, 0.45 * len(hours) + 2), 4))
    percent = metric != "engagement_index"
    ticks = FuncFormatter(lambda value, _: format_percent(value, language, decimals=1) if percent
                          else format_number(value, language, decimals=1))
    sns.heatmap(grid, annot=annotations, fmt="", cmap="YlGnBu", linewidths=0.5, linecolor="white",
                cbar_kws={"format": ticks}, annot_kws={"fontsize": 7}, ax=ax)
    ax.set_yticks(np.arange(7) + 0.5, [label(f"engage.weekday_short.{day}", language) for day in range(7)], rotation=0)
    ax.set_xlabel(label("engage.axis.hour", language))
    ax.set_ylabel(label("engage.axis.weekday", language))
    ax.set_title(label("engage.plot.heatmap", language))
    value = (lambda number: format_percent(number, language, decimals=1)) if percent else \
        (lambda number: format_number(number, language, decimals=1))
    describe(ax, _heatmap_facts(heatmap, column, value, language, baseline=None if percent else 1.0), language)
    return ax


def _heatmap_facts(heatmap: pd.DataFrame, column: str, value, language: str, *, baseline) -> list[str]:
    """The heatmap in numbers: its best and weakest hour (value and posts behind it) and, for the
    engagement index, how many of the hours with posts lie above the channels' average (1.0)."""
    cells = heatmap.dropna(subset=[column]).sort_values(["weekday", "hour"], kind="stable")
    if cells.empty:
        return []

    def when(row) -> str:
        return label("engage.best_time_value", language, weekday=label(f"engage.weekday.{int(row['weekday'])}", language),
                     hour=int(row["hour"]))

    high = cells.loc[cells[column].idxmax()]
    low = cells.loc[cells[column].idxmin()]
    def posts(count) -> str:
        return label(f"engage.plot.heatmap.alt.posts.{'one' if int(count) == 1 else 'other'}", language,
                     count=int(count))

    facts = [label("engage.plot.heatmap.alt.high", language, when=when(high), value=value(high[column]),
                   posts=posts(high["posts"])),
             label("engage.plot.heatmap.alt.low", language, when=when(low), value=value(low[column]),
                   posts=posts(low["posts"]))]
    if baseline is not None:
        facts.append(label("engage.plot.heatmap.alt.above", language, above=int((cells[column] > baseline).sum()),
                           cells=len(cells)))
    return facts
