"""Explore the Strategy stage: the client beside the peers it chooses, over the period it chooses.

Notebook cell: ``explore_strategy(strategy, client)`` with ``strategy = analyse_strategy(data, client)``.
Controls: period, channels of the mentions, which peers to compare with, and a second period to
compare with (:mod:`.compare`: mentions of the client and of each chosen peer in both periods, side by
side and as overlaid lines). The peer comparison is
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


COMPARED_COLUMNS = ["published_at", "channel", "sentiment", "subject"]


def render_strategy(mentions: pd.DataFrame, client: ClientConfig, values: dict) -> Snapshot:
    """Share of voice and the peer table for the chosen period, channels and peers (then the period
    comparison when asked for)."""
    from ..plots.strategy import plot_share_of_voice
    from ..strategy import compare_peers, peer_table
    from ..listen._common import audience_mask, select_rows
    from ..strategy.peers import PEER_INPUTS
    from .compare import render_comparison

    language = client.language
    # the mentions by others (the Listen result's audience), read from the shared prepared frame
    others = pd.Series(audience_mask(mentions), index=mentions.index)
    keep = others & in_period(mentions["published_at"], timezone=client.timezone, start=values["start"],
                              end=values["end"])
    if values["channels"]:
        keep &= mentions["channel"].isin(list(values["channels"]))
    # only the compared columns of the chosen rows are copied (not every text of millions of mentions)
    chosen = select_rows(mentions[[column for column in PEER_INPUTS if column in mentions.columns]],
                         keep).reset_index(drop=True)
    if chosen.empty:
        return Snapshot([present.note(label("explore.nothing_to_show", language))], {"peers": pd.DataFrame()})
    peers = tuple(peer for peer in client.peers if peer.slug in set(values["peers"]))
    comparison = compare_peers(chosen, dataclasses.replace(client, peers=peers))
    figure = present.figure(plot_share_of_voice(comparison, language=language))
    table = present.table(peer_table(comparison, language=language), language)
    snapshot = Snapshot([figure, table], {"peers": comparison})
    if values.get("compare", "none") not in (None, "none"):
        names = {client.slug: client.display_name} | {peer.slug: peer.name for peer in peers}
        subjects = (mentions["subject"].fillna(client.slug) if "subject" in mentions.columns
                    else pd.Series(client.slug, index=mentions.index, dtype="str"))
        wanted = others & subjects.isin(list(names))
        if values["channels"]:
            wanted &= mentions["channel"].isin(list(values["channels"]))
        base = mentions.loc[wanted, [c for c in COMPARED_COLUMNS if c in mentions.columns]]  # narrow: both periods are cut from it, no texts copied
        compared = render_comparison(base, client, values, start=values["start"] or client.period_start,
                                     end=values["end"] or client.period_end, by="subject", names=names,
                                     fill=client.slug)
        snapshot.parts += compared.parts
        snapshot.frames.update(compared.frames)
    return snapshot


def explore_strategy(strategy, client: ClientConfig, *, headless: bool | None = None) -> Explorer:
    """The client beside its peers, with controls in JupyterLab and static in handouts.

    ``strategy`` is the :class:`~sermo_helpers.strategy.StrategyResult`; the explorer filters the mentions
    by others of the Listen result it read (its shared ``prepared`` frame, not a copy).
    """
    from ..listen._common import audience_mentions
    from .compare import compare_controls

    mentions = strategy.listen.prepared
    channels = sorted(audience_mentions(mentions, columns=["channel"])["channel"].dropna().unique())
    controls = [
        *period_controls(client),
        Control("channels", "multiselect", "explore.channels", tuple(channels),
                options=channel_options(channels, client.language)),
        Control("peers", "multiselect", "explore.peer", tuple(peer.slug for peer in client.peers),
                options=tuple((peer.name, peer.slug) for peer in client.peers), hint_key="explore.empty_peers"),
        *compare_controls(client.language),
    ]
    return Explorer(lambda values: render_strategy(mentions, client, values), controls, language=client.language,
                    headless=headless)
