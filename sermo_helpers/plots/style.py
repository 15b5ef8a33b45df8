"""House style for figures: palette, fonts, sizes, and number formats on axes.

Nothing here runs at import time; :func:`apply_house_style` is called by the workbook when a notebook
opens (see :func:`sermo_helpers.workbook.open_workbook`).
"""
from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib.ticker import FuncFormatter

from ..i18n import format_number, format_percent, label, value_label

# Sermo palette: deep fjord blue, sea green, sand, coral for warnings, slate for neutral.
PALETTE = ["#1f4e79", "#2a9d8f", "#e9c46a", "#e76f51", "#6c757d", "#8ab17d", "#264653", "#f4a261"]
SENTIMENT_COLOURS = {"negative": "#e76f51", "neutral": "#adb5bd", "positive": "#2a9d8f"}


def apply_house_style() -> None:
    """Set seaborn's theme and matplotlib defaults for print-readable figures."""
    sns.set_theme(style="whitegrid", palette=PALETTE, font_scale=1.05)
    mpl.rcParams.update({
        "figure.figsize": (9, 4.2),
        "figure.dpi": 110,
        "savefig.dpi": 144,  # sharp when printed at A4 width
        "axes.titleweight": "bold",
        "axes.titlelocation": "left",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "font.family": ["DejaVu Sans", "sans-serif"],
    })


def readable(frame: pd.DataFrame, column: str, kind: str, language: str) -> pd.DataFrame:
    """A copy of ``frame`` whose ``column`` values are in the reader's words (``news`` -> ``nyheter``)."""
    return frame.assign(**{column: [value_label(kind, value, language) for value in frame[column]]})


def new_axes(ax=None, *, figsize=None):
    """The given Axes, or a fresh one on a new figure."""
    if ax is not None:
        return ax
    _, ax = plt.subplots(figsize=figsize)
    return ax


def number_axis(axis, language: str, *, decimals: int = 0, percent: bool = False) -> None:
    """Format an axis' tick labels as numbers (or shares as percentages) in the handout language.

    The figure remembers the language (``sermo_language``), so its alternative text is written in it.
    """
    axis.axes.figure.sermo_language = language
    if percent:
        axis.set_major_formatter(FuncFormatter(lambda value, _: format_percent(value, language, decimals=decimals)))
    else:
        axis.set_major_formatter(FuncFormatter(lambda value, _: format_number(value, language, decimals=decimals)))


def mark_language(ax, language: str) -> None:
    """Record the handout language on the figure, so its alternative text is written in it."""
    ax.figure.sermo_language = language


def describe(ax, facts, language: str, *, complete: bool = False) -> None:
    """Record what the plot shows in numbers (phrases in the handout language) for its alternative text.

    For figures whose numbers :func:`sermo_helpers.present.describe_axes` cannot read from bars and lines
    (a heatmap, a map of names, a network), or reads without their meaning (a cumulative curve): the plot
    function, which knows its data, states them here. ``complete``: these facts say it all, the bars and
    lines are not described again.
    """
    ax.figure.sermo_language = language
    ax.sermo_facts = [str(fact) for fact in facts if fact]
    ax.sermo_facts_complete = complete


NO_DATA_GID = "sermo-no-data"


def draw_no_data(ax=None, language: str = "nb", *, title: str | None = None):
    """An Axes that says, in the handout language, that there is no data to show (returned).

    Used by every plot function given an empty frame, so a sparse client's handout shows a readable
    note instead of an empty or broken figure. ``title`` is the figure's usual title (already in the
    handout language), kept so the reader knows what is missing. The message text carries the gid
    :data:`NO_DATA_GID`, from which :func:`sermo_helpers.present.figure` builds the alternative text.
    """
    ax = new_axes(ax, figsize=(8, 1.6))
    ax.clear()
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.text(0.5, 0.5, label("common.no_data", language), transform=ax.transAxes, ha="center", va="center",
            fontsize=12, color=PALETTE[4], gid=NO_DATA_GID)
    if title:
        ax.set_title(title)
    return ax


def is_empty(frame) -> bool:
    """True when a plot's input has no rows (None counts as empty)."""
    return frame is None or len(frame) == 0
