"""Explore the Strategy stage: the client beside the peers it chooses, over the period it chooses.

Notebook cell: ``explore_strategy(strategy, client)`` with ``strategy = analyse_strategy(data, client)``.
Controls: period, channels of the mentions, and which peers to compare with. The comparison is
:func:`sermo_helpers.strategy.compare_peers` on the selected mentions of the Listen result the Strategy
result read (the default view is the result's own peer table), drawn by :func:`~sermo_helpers.plots.strategy.plot_share_of_voice` and shown by
:func:`~sermo_helpers.strategy.peer_table`, as in the handout.
"""
from __future__ import annotations

import dataclasses

import pandas as pd

from .. import present
from ..config import ClientConfig
from ..i18n import label
from .core import Control, channel_options, Explorer, Snapshot, in_period, period_controls


def render_strategy(mentions: pd.DataFrame, client: ClientConfig, values: dict) -> Snapshot:
    """Share of voice and the peer table for the chosen period, channels and peers."""
    from ..plots.strategy import plot_share_of_voice
    from ..strategy import compare_peers, peer_table

    from ..strategy.peers import PEER_INPUTS

    language = client.language
    keep = in_period(mentions["published_at"], timezone=client.timezone, start=values["start"], end=values["end"])
    if "is_own" in mentions.columns:  # the mentions by others (the Listen result's audience)
        keep &= ~mentions["is_own"].fillna(False).astype(bool)
    if values["channels"]:
        keep &= mentions["channel"].isin(list(values["channels"]))
    # only the compared columns of the chosen rows are copied (not every text of millions of mentions)
    chosen = mentions.loc[keep, [column for column in PEER_INPUTS if column in mentions.columns]].reset_index(drop=True)
    if chosen.empty:
        return Snapshot([present.note(label("explore.nothing_to_show", language))], {"peers": pd.DataFrame()})
    peers = tuple(peer for peer in client.peers if peer.slug in set(values["peers"]))
    comparison = compare_peers(chosen, dataclasses.replace(client, peers=peers))
    figure = present.figure(plot_share_of_voice(comparison, language=language))
    table = present.table(peer_table(comparison, language=language), language)
    return Snapshot([figure, table], {"peers": comparison})


def explore_strategy(strategy, client: ClientConfig, *, headless: bool | None = None) -> Explorer:
    """The client beside its peers, with controls in JupyterLab and static in handouts.

    ``strategy`` is the :class:`~sermo_helpers.strategy.StrategyResult`; the explorer filters the mentions
    by others of the Listen result it read (its shared ``prepared`` frame, not a copy).
    """
    from ..listen._common import audience_mentions

    mentions = strategy.listen.prepared
    channels = sorted(audience_mentions(mentions, columns=["channel"])["channel"].dropna().unique())
    controls = [
        *period_controls(client),
        Control("channels", "multiselect", "explore.channels", tuple(channels),
                options=channel_options(channels, client.language)),
        Control("peers", "multiselect", "explore.peer", tuple(peer.slug for peer in client.peers),
                options=tuple((peer.name, peer.slug) for peer in client.peers), hint_key="explore.empty_peers"),
    ]
    return Explorer(lambda values: render_strategy(mentions, client, values), controls, language=client.language,
                    headless=headless)
