"""Figures of the Influence stage: the four-ring ecosystem map and the conversation network.

Both take frames that are already pseudonymised (``analyse_influence`` does it), draw names in a
print-readable size (at least 8 pt on a page-wide figure), and label everything in the handout language.
"""
from __future__ import annotations

import math
import textwrap

import matplotlib.pyplot as plt
import networkx as nx
import pandas as pd
from matplotlib.patches import Circle, FancyArrowPatch

from ..errors import AnalysisError
from ..i18n import label
from .style import PALETTE, describe, draw_no_data, is_empty, new_axes

LEVEL_COLOURS = {1: "#1f4e79", 2: "#2a9d8f", 3: "#e9c46a", 4: "#adb5bd"}
ROLE_COLOURS = {"advocate": "#2a9d8f", "critic": "#e76f51", "journalist": "#1f4e79", "expert": "#8ab17d",
                "amplifier": "#e9c46a", "own": "#6c757d"}
NAME_FONT_SIZE = 8.5
MAX_NAME_LENGTH = 22
OPEN_SECTOR = math.radians(100)


def _short(name: str) -> str:
    return name if len(name) <= MAX_NAME_LENGTH else name[:MAX_NAME_LENGTH - 1].rstrip() + "…"


def plot_ecosystem_map(data: pd.DataFrame, *, language: str, ax=None):
    """Four concentric rings (1 own web at the centre, 4 search outside) with each ring's main actors.

    ``data``: columns level (1-4), actor, weight (0-1 within the level), as from ``map_ecosystem``.
    Names are spread evenly round their ring, the heaviest first at the top; a name's weight sets
    its boldness. Raises AnalysisError naming a missing column. Returns the Axes.
    """
    missing = [column for column in ("level", "actor", "weight") if column not in data.columns]
    if missing:
        raise AnalysisError(f"plot_ecosystem_map needs the column(s) {', '.join(missing)}", argument="data",
                            expected="level, actor, weight", found=", ".join(map(str, data.columns)))
    if is_empty(data):
        return draw_no_data(ax, language, title=label("influence.map.title", language))
    ax = new_axes(ax, figsize=(7.5, 7.5))
    for level in (4, 3, 2, 1):
        ax.add_patch(Circle((0, 0), level, facecolor=LEVEL_COLOURS[level], alpha=0.22 if level > 1 else 0.35,
                            edgecolor="white", linewidth=2.5, zorder=level * -1))
        title = label(f"influence.level.{level}", language)
        ax.text(0, level - 0.12 if level > 1 else 0.58, textwrap.fill(title, 18) if level == 1 else title,
                ha="center", va="top", fontsize=9.5, fontweight="bold", color="#264653", zorder=5)
    for level, group in data.groupby("level", sort=True):
        group = group.sort_values("weight", ascending=False, kind="stable")
        count = len(group)
        radius = 0.0 if level == 1 and count == 1 else (0.2 if level == 1 else level - 0.5)
        for position, (actor, weight) in enumerate(zip(group["actor"], group["weight"])):
            # Spread names over the ring, leaving a sector of OPEN_SECTOR at the top for the ring's title.
            step = (2 * math.pi - OPEN_SECTOR) / max(count - 1, 1) if count > 1 else 0.0
            angle = math.pi / 2 - OPEN_SECTOR / 2 - position * step if count > 1 else -math.pi / 2
            if level > 1 and count > 4:  # alternate inner and outer track so neighbours do not collide
                radius = level - 0.5 + (0.2 if position % 2 else -0.2)
            x, y = radius * math.cos(angle), radius * math.sin(angle)
            if level == 1:
                x, y = 0.0, -0.05 - position * 0.24
            ax.text(x, y, _short(str(actor)), ha="center", va="center", fontsize=NAME_FONT_SIZE,
                    fontweight="bold" if weight >= 0.5 else "normal", color="#1b1b1b", zorder=6,
                    bbox={"boxstyle": "round,pad=0.25", "facecolor": "white", "edgecolor": LEVEL_COLOURS[level],
                          "alpha": 0.9, "linewidth": 0.8})
    ax.set_xlim(-4.15, 4.15)
    ax.set_ylim(-4.15, 4.15)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(label("influence.map.title", language))
    describe(ax, [label(f"influence.map.alt.level.{'one' if len(group) == 1 else 'other'}", language, level=label(f"influence.level.{int(level)}", language),
                        count=len(group), names=", ".join(map(_short, group.sort_values("weight", ascending=False,
                                                                                          kind="stable")["actor"]
                                                               .astype(str).head(MAX_NAMED))))
                  for level, group in data.groupby("level", sort=True)], language)
    return ax


def _shell_positions(shells) -> dict:
    """Nodes evenly spaced on circles: ``shells`` is a list of (nodes, radius); each shell is turned by half a
    step against the previous one so that neighbours on adjacent shells do not line up."""
    layout, turn = {}, math.pi / 2
    for nodes, radius in shells:
        count = len(nodes)
        for position, node in enumerate(nodes):
            angle = turn - 2 * math.pi * position / max(count, 1)
            layout[node] = (radius * math.cos(angle), radius * math.sin(angle))
        turn += math.pi / max(count, 1)
    return layout


def plot_network(edges: pd.DataFrame, ranking: pd.DataFrame, *, language: str, top: int = 16,
                 own_accounts=(), ax=None):
    """The conversation network among the ``top`` best-ranked actors (and the client's own accounts).

    ``edges``: source, target, weight (``build_conversation_edges``); ``ranking``: actor, rank, score,
    role (``rank_influencers``). Arrow A -> B: A replied to or named B; node size: score; colour: role.
    Each actor's node carries its rank (the ranking table's "Plass"), and a key beside the network names
    them, so no name ever covers another; the own accounts are named in the role legend. Nodes are
    placed in a fixed order (ranks, then own accounts sorted by name), so the same data give the same
    figure in any process. The alternative text states the number of actors and links and the most
    central actors. Returns the Axes.
    """
    for name, frame, needed in (("edges", edges, ("source", "target", "weight")),
                                ("ranking", ranking, ("actor", "rank", "score", "role"))):
        missing = [column for column in needed if column not in frame.columns]
        if missing:
            raise AnalysisError(f"plot_network: {name} lacks {', '.join(missing)}", argument=name,
                                expected=", ".join(needed), found=", ".join(map(str, frame.columns)))
    ax = new_axes(ax, figsize=(8.5, 8))
    chosen = ranking.sort_values("rank", kind="stable").head(top)
    roles = dict(zip(chosen["actor"], chosen["role"]))
    scores = dict(zip(chosen["actor"], chosen["score"]))
    ranks = {actor: int(rank) for actor, rank in zip(chosen["actor"], chosen["rank"])}
    own = sorted(dict.fromkeys(str(name) for name in own_accounts))  # a fixed order, never a set's
    keep = set(roles) | set(own)
    shown = edges[edges["source"].isin(keep) & edges["target"].isin(keep)]
    linked = set(shown["source"]) | set(shown["target"])
    graph = nx.DiGraph()
    graph.add_nodes_from(roles)
    graph.add_nodes_from(node for node in own if node in linked and node not in roles)
    for source, target, weight in zip(shown["source"], shown["target"], shown["weight"]):
        graph.add_edge(source, target, weight=float(weight))
    if graph.number_of_nodes() == 0:
        return draw_no_data(ax, language, title=label("influence.network.title", language, shown=0))
    # Shells: the client's own accounts in the centre, the six best-ranked actors, then the rest, by rank.
    ranked = [actor for actor in chosen["actor"] if actor in graph]
    centre = [node for node in graph.nodes if node not in roles]
    layout = _shell_positions([(centre, 0.0 if len(centre) == 1 else 0.18), (ranked[:6], 0.52), (ranked[6:], 1.05)])
    top_score = max(scores.values(), default=1.0) or 1.0
    sizes = {node: 220 + 700 * (scores.get(node, top_score) / top_score) for node in graph.nodes}
    heaviest = max((data["weight"] for *_, data in graph.edges(data=True)), default=1.0)
    for source, target, data in graph.edges(data=True):
        ax.add_patch(FancyArrowPatch(layout[source], layout[target], arrowstyle="-|>", mutation_scale=12,
                                     color="#6c757d", alpha=0.6, linewidth=0.6 + 2.4 * data["weight"] / heaviest,
                                     shrinkA=math.sqrt(sizes[source]) / 2, shrinkB=math.sqrt(sizes[target]) / 2,
                                     connectionstyle="arc3,rad=0.12", zorder=1))
    for node in graph.nodes:
        role = "own" if node not in roles else roles[node]
        x, y = layout[node]
        colour = ROLE_COLOURS.get(role, PALETTE[4])
        ax.scatter([x], [y], s=sizes[node], color=colour, edgecolors="white", linewidths=1.2, zorder=2)
        if node in ranks:
            ax.text(x, y, str(ranks[node]), ha="center", va="center", fontsize=NAME_FONT_SIZE, fontweight="bold",
                    color="#1b1b1b" if colour in LIGHT_FILLS else "white", zorder=3)
    used = sorted({roles.get(node, "own") for node in graph.nodes}, key=list(ROLE_COLOURS).index)
    handles = [plt.Line2D([], [], marker="o", linestyle="", markersize=9, color=ROLE_COLOURS[role],
                          label=label(f"influence.role.{role}", language) if role != "own" else
                          label("influence.network.own_named", language, names=", ".join(map(_short, centre))))
               for role in used]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=9)
    # The key of the numbers: a figure legend (an axes' second legend would be clipped to the axes).
    key = [plt.Line2D([], [], linestyle="", label=f"{ranks[actor]:>2}".replace(" ", "\u2007") + f"  {_short(str(actor))}") for actor in ranked]
    ax.figure.legend(handles=key, loc="lower left", bbox_to_anchor=(1.0, 0.0), bbox_transform=ax.transAxes,
                     frameon=False, fontsize=NAME_FONT_SIZE, handlelength=0, handletextpad=0,
                     title=label("influence.network.key", language),
                     title_fontproperties={"size": 9, "weight": "bold"}, alignment="left")
    ax.set_title(label("influence.network.title", language, shown=len(roles)))
    ax.text(0, -0.02, label("influence.network.caption", language), transform=ax.transAxes, fontsize=8.5,
            va="top", color="#495057")
    ax.margins(0.12)
    ax.set_aspect("equal")
    ax.axis("off")
    describe(ax, _network_facts(graph, ranked, ranks, roles, language), language)
    return ax


# Fills on which a dark number reads better than a white one (contrast at least 4.5:1 either way chosen).
LIGHT_FILLS = {ROLE_COLOURS[role] for role in ("advocate", "critic", "expert", "amplifier")}
MAX_NAMED = 5  # actors named in the network's alternative text


def _network_facts(graph, ranked, ranks, roles, language: str) -> list[str]:
    """The network in numbers: actors, own accounts and links; the best-ranked actors with role and links."""
    facts = [label("influence.network.alt.size", language, actors=len(ranked), own=len(graph) - len(ranked),
                   links=graph.number_of_edges())]
    named = [label("influence.network.alt.actor", language, rank=ranks[actor], actor=_short(str(actor)),
                   role=_lower_first(label(f"influence.role.{roles[actor]}", language)),
                   links=graph.degree(actor))
             for actor in ranked[:MAX_NAMED]]
    if named:
        facts.append(label("influence.network.alt.top", language, actors=", ".join(named)))
    return facts


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]
