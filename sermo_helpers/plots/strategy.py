"""Figures of the Strategy stage: effort against audience per channel, and share of voice among peers.

Both take the frames of :func:`sermo_helpers.strategy.analyse_strategy` and label everything in the
handout language; shares on the axes are percentages in the language's format.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import AnalysisError
from ..i18n import label
from .style import PALETTE, draw_no_data, new_axes, number_axis

HIGHLIGHT = PALETTE[0]
MUTED = "#adb5bd"


def _require(data: pd.DataFrame, columns, function: str) -> None:
    missing = [column for column in columns if column not in data.columns]
    if missing:
        raise AnalysisError(f"{function} needs the column(s) {', '.join(missing)}", argument="data",
                            expected=", ".join(columns), found=", ".join(map(str, data.columns)))


def _channel_name(channel: str, language: str) -> str:
    try:
        return label(f"channel.{channel}", language)
    except AnalysisError:
        return channel


def plot_channel_mix(data: pd.DataFrame, *, language: str, ax=None):
    """Paired horizontal bars per channel: share of the client's posts beside share of the audience.

    ``data``: columns channel, effort_share, audience_share (0-1), as from ``compare_channel_mix``; channels
    without both shares are left out. Raises AnalysisError naming a missing column. Returns the Axes.
    """
    _require(data, ("channel", "effort_share", "audience_share"), "plot_channel_mix")
    shown = data.dropna(subset=["effort_share", "audience_share"]).reset_index(drop=True)
    if shown.empty:
        return draw_no_data(ax, language, title=label("strategy.plot.channel_mix_title", language))
    ax = new_axes(ax, figsize=(8, 0.6 * max(len(shown), 2) + 1.4))
    positions = np.arange(len(shown))
    height = 0.38
    ax.barh(positions - height / 2, shown["effort_share"], height=height, color=HIGHLIGHT,
            label=label("strategy.plot.effort", language))
    ax.barh(positions + height / 2, shown["audience_share"], height=height, color=MUTED,
            label=label("strategy.plot.audience", language))
    ax.set_yticks(positions, [_channel_name(name, language) for name in shown["channel"]])
    ax.invert_yaxis()
    ax.set_xlabel(label("strategy.plot.share", language))
    ax.set_title(label("strategy.plot.channel_mix_title", language))
    number_axis(ax.xaxis, language, percent=True)
    ax.legend(loc="lower right", frameon=False)
    return ax


def plot_share_of_voice(data: pd.DataFrame, *, language: str, ax=None):
    """Horizontal bars of share of voice per organisation, the client highlighted.

    ``data``: columns name, share_of_voice, is_client, as from ``compare_peers``. Returns the Axes.
    """
    _require(data, ("name", "share_of_voice", "is_client"), "plot_share_of_voice")
    if not data["share_of_voice"].fillna(0).gt(0).any():
        return draw_no_data(ax, language, title=label("strategy.plot.share_of_voice_title", language))
    ax = new_axes(ax, figsize=(8, 0.55 * max(len(data), 2) + 1.2))
    colours = [HIGHLIGHT if is_client else MUTED for is_client in data["is_client"]]
    ax.barh(np.arange(len(data)), data["share_of_voice"], color=colours)
    ax.set_yticks(np.arange(len(data)), list(data["name"]))
    ax.invert_yaxis()
    ax.set_xlabel(label("strategy.plot.share", language))
    ax.set_title(label("strategy.plot.share_of_voice_title", language))
    number_axis(ax.xaxis, language, percent=True)
    return ax
