"""Explore the Engage stage: response to people who get in touch.

Notebook cell: ``explore_engage(engage, client)`` with ``engage = analyse_engage(data, client)``, in place of the handout's response table and
chart. Controls: period (conversations opened on those local days), channels, and the tone of the
opening message. It filters the Engage result's conversations; nothing is rebuilt. The view is the handout's: the response table
(:func:`sermo_helpers.engage.handout.response_table`) and response rate per channel
(:func:`~sermo_helpers.plots.engage.plot_response_rates`), both computed by the Engage package.
"""
from __future__ import annotations

import pandas as pd

from .. import present
from ..config import ClientConfig
from ..i18n import label
from .core import Control, Explorer, Snapshot, choice_options, in_period, period_controls

SENTIMENTS = ("negative", "neutral", "positive")


def select_conversations(conversations: pd.DataFrame, *, timezone: str, start=None, end=None, channels=None,
                         sentiment: str = "all") -> pd.DataFrame:
    """Conversations opened in the period, on the channels, and opened with that tone (``all``: any)."""
    keep = in_period(conversations["opened_at"], timezone=timezone, start=start, end=end)
    if channels:
        keep &= conversations["channel"].isin(list(channels))
    if sentiment and sentiment != "all":
        keep &= (conversations["opening_sentiment"] == sentiment).fillna(False)
    return conversations[keep].reset_index(drop=True)


def render_engage(conversations: pd.DataFrame, client: ClientConfig, values: dict) -> Snapshot:
    """The Engage view for one set of control values: the handout's response table and chart."""
    from ..engage.handout import response_metrics_table
    from ..engage.response import compute_response_metrics
    from ..plots.engage import plot_response_rates

    language = client.language
    chosen = select_conversations(conversations, timezone=client.timezone, start=values["start"],
                                  end=values["end"], channels=values["channels"], sentiment=values["sentiment"])
    parts, frames = [], {"conversations": chosen}
    if chosen.empty:
        parts.append(present.note(label("explore.nothing_to_show", language)))
    else:
        by_channel = compute_response_metrics(chosen, targets_minutes=client.response_targets_minutes, by="channel")
        frames["response"] = by_channel
        overall = compute_response_metrics(chosen, targets_minutes=client.response_targets_minutes)
        parts.append(response_metrics_table(overall, by_channel, client=client))
        parts.append(present.figure(plot_response_rates(by_channel, language=language)))
    return Snapshot(parts, frames)


def explore_engage(engage, client: ClientConfig, *, headless: bool | None = None) -> Explorer:
    """Response rate and speed by channel, with controls in JupyterLab and static in handouts.

    ``engage`` is the :class:`~sermo_helpers.engage.EngageResult`; the explorer filters its conversations.
    """
    conversations = engage.conversations
    channels = sorted(set(conversations["channel"].dropna()))
    controls = [
        *period_controls(client),
        Control("channels", "multiselect", "explore.channels", tuple(channels),
                options=tuple((channel, channel) for channel in channels)),
        Control("sentiment", "dropdown", "explore.opening_sentiment", "all",
                options=choice_options(SENTIMENTS, client.language, prefix="sentiment")),
    ]
    return Explorer(lambda values: render_engage(conversations, client, values), controls,
                    language=client.language, headless=headless)
