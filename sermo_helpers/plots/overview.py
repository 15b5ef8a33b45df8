"""Figures for the data overview shared by the stages."""
from __future__ import annotations

import pandas as pd
import seaborn as sns

from ..i18n import label
import matplotlib.dates as mdates

from .. import timeline
from .style import draw_no_data, is_empty, new_axes, number_axis, readable


def plot_weekly_counts(counts: pd.DataFrame, *, language: str, hue: str = "channel",
                       count_label: str = "common.mentions", ax=None):
    """Weekly counts as lines per ``hue`` value; ``counts`` has columns week, <hue>, count."""
    if is_empty(counts):
        return draw_no_data(ax, language, title=label(count_label, language))
    ax = new_axes(ax)
    data = readable(counts, hue, "channel", language) if hue == "channel" else counts
    sns.lineplot(data=data, x="week", y="count", hue=hue, marker="o", ax=ax)
    ax.set_xlabel(label("common.week", language))
    ax.set_ylabel(label(count_label, language))
    ax.set_title(label(count_label, language))
    number_axis(ax.yaxis, language)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d.%m" if language == "nb" else "%d %b"))
    timeline.mark_incomplete(ax, counts, "W", language, column="week")  # the shared rule (a ``complete`` column)
    if ax.get_legend() is not None:  # beside the plot, never over the lines
        ax.legend(title=label("common.channel", language), frameon=False, loc="upper left", bbox_to_anchor=(1, 1))
    return ax
