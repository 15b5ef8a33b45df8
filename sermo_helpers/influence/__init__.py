"""Stage 2, Influence: the four-level ecosystem, who moves the conversation, and the circle to engage.

Start with :func:`analyse_influence` (prepared data -> :class:`InfluenceResult`, computed once per
edition and shared with Strategy). Steps (each a module that computes frames and knows nothing of files
or figures): :mod:`.levels` (levels 1-4 by the ecosystem rules of :mod:`sermo_helpers.ecosystem`,
search), :mod:`.network` (reply/mention graph, PageRank, betweenness), :mod:`.ranking` (composite
score, roles, circle), and :mod:`.summary` (:func:`analyse_influence` and the handout tables).
"""
from ..ecosystem import load_ecosystem_rules, match_rule
from .levels import classify_sources, measure_search, measure_video_search, summarise_levels
from .network import build_conversation_edges, compute_network_position, compute_pagerank
from .ranking import DEFAULT_WEIGHTS, explain_choice, rank_influencers, select_circle, suggest_action
from .summary import (InfluenceResult, analyse_influence, circle_table, levels_table, map_ecosystem,
                      ranking_table, search_table)

__all__ = [
    "DEFAULT_WEIGHTS", "InfluenceResult", "analyse_influence", "build_conversation_edges", "circle_table",
    "classify_sources", "compute_network_position", "compute_pagerank", "levels_table", "load_ecosystem_rules",
    "map_ecosystem", "match_rule", "measure_search", "measure_video_search", "rank_influencers", "ranking_table", "search_table",
    "select_circle", "suggest_action", "summarise_levels", "explain_choice",
]
