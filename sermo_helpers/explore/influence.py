"""Explore the Influence stage: the ranking and the conversation network, by level, role and size.

Notebook cell: ``explore_influence(influence, client)`` with ``influence = analyse_influence(data, client)``. Controls: ecosystem level, role, and how many
actors the ranking table and the network show (top-N). Everything comes from
:func:`sermo_helpers.influence.analyse_influence` (pseudonymised as in the handout),
:func:`~sermo_helpers.influence.ranking_table` and :func:`~sermo_helpers.plots.influence.plot_network`.
"""
from __future__ import annotations

import dataclasses

import pandas as pd

from .. import present
from ..config import ClientConfig
from ..i18n import label
from .core import Control, Explorer, Snapshot, choice_options


def select_actors(ranking: pd.DataFrame, *, level="all", role: str = "all") -> pd.DataFrame:
    """The ranked actors on ``level`` (1-4) with ``role`` (``all``: any), in rank order."""
    keep = pd.Series(True, index=ranking.index)
    if level != "all":
        keep &= ranking["level"] == int(level)
    if role != "all":
        keep &= ranking["role"] == role
    return ranking[keep].sort_values("rank", kind="stable").reset_index(drop=True)


def render_influence(result, client: ClientConfig, values: dict) -> Snapshot:
    """The Influence view for one set of control values: network figure and ranking table."""
    from ..influence import ranking_table
    from ..plots.influence import plot_network

    language = client.language
    top = max(1, int(values["top"] or 1))
    actors = select_actors(result.ranking, level=values["level"], role=values["role"])
    if actors.empty:
        return Snapshot([present.note(label("explore.nothing_to_show", language))], {"ranking": actors})
    chosen = dataclasses.replace(result, ranking=actors)
    table = ranking_table(chosen, language=language, top=top)
    figure = present.figure(plot_network(result.edges, actors, own_accounts=result.own_actors, language=language,
                                         top=top))
    return Snapshot([figure, present.table(table, language, max_rows=top)], {"ranking": actors.head(top)})


def explore_influence(result, client: ClientConfig, *, top: int = 16, headless: bool | None = None) -> Explorer:
    """Ranking and network, with controls in JupyterLab and static in handouts.

    ``result`` is the :class:`~sermo_helpers.influence.InfluenceResult`; the explorer filters its ranking.
    """
    language = client.language
    levels = sorted(int(level) for level in result.ranking["level"].dropna().unique())
    roles = sorted(result.ranking["role"].dropna().unique())
    controls = [
        Control("level", "dropdown", "explore.level", "all", options=choice_options(levels, language, prefix="influence.level")),
        Control("role", "dropdown", "explore.role", "all",
                options=choice_options(roles, language, prefix="influence.role")),
        Control("top", "integer", "explore.top", top, minimum=1, maximum=100),
    ]
    return Explorer(lambda values: render_influence(result, client, values), controls, language=language,
                    headless=headless)
