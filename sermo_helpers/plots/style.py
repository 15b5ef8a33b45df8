"""House style for figures: palette, fonts, sizes, and number formats on axes.

Nothing here runs at import time; :func:`apply_house_style` is called by the workbook when a notebook
opens (see :func:`sermo_helpers.workbook.open_workbook`).
"""
from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import seaborn as sns
from matplotlib.ticker import FuncFormatter

from ..i18n import format_number, format_percent

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


def new_axes(ax=None, *, figsize=None):
    """The given Axes, or a fresh one on a new figure."""
    if ax is not None:
        return ax
    _, ax = plt.subplots(figsize=figsize)
    return ax


def number_axis(axis, language: str, *, decimals: int = 0, percent: bool = False) -> None:
    """Format an axis' tick labels as numbers (or shares as percentages) in the handout language."""
    if percent:
        axis.set_major_formatter(FuncFormatter(lambda value, _: format_percent(value, language, decimals=decimals)))
    else:
        axis.set_major_formatter(FuncFormatter(lambda value, _: format_number(value, language, decimals=decimals)))
