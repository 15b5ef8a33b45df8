"""Explore the Influence stage: the ranking and the conversation network, by level, role and size.

Notebook cell: ``explore_influence(influence, client)`` with ``influence = analyse_influence(data, client)``.
Controls: ecosystem level, role, and how many actors the ranking table and the network show (top-N);
an actor to open ("Vis omtaler for aktør": the mentions the ranking counts for it and the replies
others wrote to them, :func:`~sermo_helpers.explore.drill.actor_mentions`, as many rows as its
``mentions``); and a period comparison (:mod:`.compare`) of the mentions by the actors shown:
From/To choose the period compared, the ranking and the network always cover the whole period.
Everything comes from :func:`sermo_helpers.influence.analyse_influence` (pseudonymised as in the
handout), :func:`~sermo_helpers.influence.ranking_table` and
:func:`~sermo_helpers.plots.influence.plot_network`.
"""
from __future__ import annotations

import dataclasses

import pandas as pd

from .. import present
from ..config import ClientConfig
from ..i18n import format_number, label
from .core import Control, Explorer, Snapshot, choice_options, period_controls
from .drill import reveal_control

NONE = "none"
ACTOR_OPTIONS_MAXIMUM = 100  # actors offered for drill-down (the best-ranked; "Vis antall" goes up to 100 too)
COMPARED_COLUMNS = ["published_at", "channel", "sentiment"]
ACTOR_COLUMNS = {"published_at": "explore.column.time", "channel": "common.channel",
                 "author": "explore.column.author", "sentiment": "explore.column.sentiment",
                 "text": "explore.column.text"}


def select_actors(ranking: pd.DataFrame, *, level="all", role: str = "all") -> pd.DataFrame:
    """The ranked actors on ``level`` (1-4) with ``role`` (``all``: any), in rank order."""
    keep = pd.Series(True, index=ranking.index)
    if level != "all":
        keep &= ranking["level"] == int(level)
    if role != "all":
        keep &= ranking["role"] == role
    return ranking[keep].sort_values("rank", kind="stable").reset_index(drop=True)


def actor_options(ranking: pd.DataFrame, language: str) -> tuple:
    """``(shown, value)`` for the actor drill-down: "none", then the best-ranked actors with their mentions."""
    ordered = ranking.sort_values("rank", kind="stable").head(ACTOR_OPTIONS_MAXIMUM)
    return ((label("explore.drill.none_actor", language), NONE),
            *((label("explore.drill.actor_option", language, actor=row.actor,
                     count=format_number(row.mentions, language)), row.actor)
              for row in ordered.itertuples(index=False)))


def actors_mentions(result, client: ClientConfig, actors) -> pd.DataFrame:
    """The mentions the ranking counts for ``actors`` (about the client, not the client's own accounts):
    a narrow frame (time, channel, tone, actor) for the period comparison, never a copy of every text."""
    from ..influence.ranking import _actor_of

    classified = result.classified
    about = classified["subject"].isna() | (classified["subject"] == client.slug) \
        if "subject" in classified.columns else pd.Series(True, index=classified.index)
    counted = about & (classified["matched_by"] != "own")
    actor = _actor_of(classified[["author", "source_name", "level"]])
    keep = counted & actor.isin(list(actors)).fillna(False)
    return classified.loc[keep, COMPARED_COLUMNS].assign(actor=actor[keep])


def render_actor(result, client: ClientConfig, actor: str, *, links: bool, values: dict | None = None) -> tuple[list, dict]:
    """The chosen actor's mentions (as many as the ranking counts) and the replies others wrote to them
    (names in place of pseudonyms when "Vis navn" is on in JupyterLab)."""
    from .drill import actor_mentions, revealed, rows_html

    language = client.language
    mentions, replies = actor_mentions(result, actor, client)
    mentions, notes = revealed(mentions, client, values or {}, links=links)
    replies, _ = revealed(replies, client, values or {}, links=links)
    counted = result.ranking.loc[result.ranking["actor"] == actor, "mentions"]
    parts = [present.note(label("explore.drill.actor_caption", language, actor=actor,
                                mentions=format_number(len(mentions), language),
                                replies=format_number(len(replies), language),
                                counted=format_number(counted.iloc[0] if len(counted) else len(mentions), language))),
             *notes]
    for rows in (mentions, replies):
        parts.append(rows_html(rows, language, columns=ACTOR_COLUMNS) if links
                     else present.table(rows, language, columns=ACTOR_COLUMNS, max_rows=len(rows)))
    return parts, {"actor_mentions": mentions, "actor_replies": replies}


def render_influence(result, client: ClientConfig, values: dict, *, links: bool = False) -> Snapshot:
    """The Influence view for one set of control values: network figure and ranking table, then the
    chosen actor's mentions and the period comparison when asked for."""
    from ..influence import ranking_table
    from ..plots.influence import plot_network
    from .compare import render_comparison

    language = client.language
    top = max(1, int(values["top"] or 1))
    actors = select_actors(result.ranking, level=values["level"], role=values["role"])
    if actors.empty:
        parts, frames = [present.note(label("explore.nothing_to_show", language))], {"ranking": actors}
    else:
        chosen = dataclasses.replace(result, ranking=actors)
        table = ranking_table(chosen, language=language, top=top)
        figure = present.figure(plot_network(result.edges, actors, own_accounts=result.own_actors, language=language,
                                             top=top))
        parts, frames = [figure, present.table(table, language, max_rows=top)], {"ranking": actors.head(top)}
    if values.get("actor", NONE) not in (None, NONE):
        drilled, drilled_frames = render_actor(result, client, values["actor"], links=links, values=values)
        parts += drilled
        frames.update(drilled_frames)
    if values.get("compare", NONE) not in (None, NONE) and not actors.empty:
        shown = actors.head(top)["actor"].tolist()
        start, end = values.get("start") or client.period_start, values.get("end") or client.period_end
        compared = render_comparison(actors_mentions(result, client, shown), client, values, start=start, end=end,
                                     by="actor", names={name: name for name in shown})
        parts += compared.parts
        frames.update(compared.frames)
    return Snapshot(parts, frames)


def explore_influence(result, client: ClientConfig, *, top: int = 16, headless: bool | None = None) -> Explorer:
    """Ranking and network, with controls in JupyterLab and static in handouts.

    ``result`` is the :class:`~sermo_helpers.influence.InfluenceResult`; the explorer filters its ranking.
    """
    from .compare import compare_controls
    from .core import is_headless

    headless = is_headless() if headless is None else headless
    language = client.language
    levels = sorted(int(level) for level in result.ranking["level"].dropna().unique())
    roles = sorted(result.ranking["role"].dropna().unique())
    controls = [
        Control("level", "dropdown", "explore.level", "all", options=choice_options(levels, language, prefix="influence.level")),
        Control("role", "dropdown", "explore.role", "all",
                options=choice_options(roles, language, prefix="influence.role")),
        Control("top", "integer", "explore.top", top, minimum=1, maximum=100),
        Control("actor", "dropdown", "explore.drill.actor", NONE, options=actor_options(result.ranking, language)),
        reveal_control(),
        *period_controls(client),
        *compare_controls(language),
    ]
    return Explorer(lambda values: render_influence(result, client, values, links=not headless), controls,
                    language=language, headless=headless)
