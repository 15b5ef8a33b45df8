"""The Influence stage in one call, and the tables the handout shows.

:func:`analyse_influence` runs the steps in order (levels, search, network, ranking, circle, map) on a
client's data and returns an :class:`InfluenceResult`. By default every name in it that belongs to a
private person is pseudonymised (:mod:`sermo_helpers.privacy`), so whatever the notebook shows is safe
for the handout; pass ``pseudonymise=False`` only for the consultancy's own work sheet.
The ``*_table`` functions turn result frames into display frames with translated values and headers.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..config import ClientConfig
from ..errors import AnalysisError
from ..i18n import format_percent, label
from ..privacy import pseudonymise as pseudonymise_frame
from .levels import classify_sources, measure_search, summarise_levels
from .network import build_conversation_edges
from .ranking import rank_influencers, select_circle
from .rules import load_ecosystem_rules

MAP_COLUMNS = ["level", "actor", "weight", "detail"]
MAP_PER_LEVEL = {1: 4, 2: 6, 3: 8, 4: 4}


@dataclass(frozen=True)
class InfluenceResult:
    """Every frame of the Influence stage for one client."""

    classified: pd.DataFrame  # mentions with level, kind, source_name, matched_by
    levels: pd.DataFrame  # summarise_levels
    search: pd.DataFrame  # measure_search (level 4)
    edges: pd.DataFrame  # build_conversation_edges
    ranking: pd.DataFrame  # rank_influencers
    circle: pd.DataFrame  # select_circle
    ecosystem_map: pd.DataFrame  # map_ecosystem
    own_actors: tuple[str, ...]  # the client's own accounts as they appear in edges (for plot_network)
    pseudonymised: bool


def map_ecosystem(classified: pd.DataFrame, ranking: pd.DataFrame, search: pd.DataFrame, *,
                  per_level: dict[int, int] | None = None) -> pd.DataFrame:
    """The main actors of each ring, for the ecosystem map: level, actor, weight (0-1 in its level), detail.

    Level 1: the client's own sites and accounts, by mentions; level 2: outlets and sources, by mentions;
    level 3: the best-ranked level-3 actors, by score; level 4: search sources, by sessions.
    ``per_level`` caps the actors per level (default MAP_PER_LEVEL).
    """
    caps = {**MAP_PER_LEVEL, **(per_level or {})}
    parts = []
    for level in (1, 2):
        rows = classified[classified["level"] == level]
        counted = (rows.groupby(["source_name", "kind"], as_index=False).size()
                   .sort_values(["size", "source_name"], ascending=[False, True], kind="stable")
                   .drop_duplicates("source_name").head(caps[level]))
        parts.append(pd.DataFrame({"level": level, "actor": counted["source_name"],
                                   "weight": counted["size"].astype("float64"), "detail": counted["kind"]}))
    influencers = ranking[ranking["level"] == 3].sort_values("rank", kind="stable").head(caps[3])
    parts.append(pd.DataFrame({"level": 3, "actor": influencers["actor"], "weight": influencers["score"],
                               "detail": influencers["role"]}))
    sources = search.head(caps[4])
    parts.append(pd.DataFrame({"level": 4, "actor": sources["name"], "weight": sources["sessions"],
                               "detail": sources["kind"]}))
    frame = pd.concat([part for part in parts if len(part)], ignore_index=True) if any(len(p) for p in parts) \
        else pd.DataFrame({column: [] for column in MAP_COLUMNS})
    frame["level"] = frame["level"].astype("int64")
    frame["weight"] = frame["weight"].astype("float64")
    top = frame.groupby("level")["weight"].transform("max")
    frame["weight"] = (frame["weight"] / top.where(top > 0)).fillna(0.0)
    for column in ("actor", "detail"):
        frame[column] = frame[column].astype("str")
    return frame[MAP_COLUMNS].reset_index(drop=True)


def _score_sentiment(mentions: pd.DataFrame) -> pd.DataFrame:
    """Add a ``polarity`` column when the mentions have none: Listen's ``score_mentions`` when that
    stage provides it, else the workbook's text scorer (:func:`sermo_helpers.text.sentiment.score_texts`)."""
    if "polarity" in mentions.columns or "sentiment" in mentions.columns or "text" not in mentions.columns:
        return mentions
    try:
        from ..listen import score_mentions
    except ImportError:
        score_mentions = None
    if score_mentions is not None:
        scored = score_mentions(mentions)
        if "polarity" in scored.columns and len(scored) == len(mentions):
            return mentions.assign(polarity=scored["polarity"].to_numpy(dtype="float64"))
    try:
        from ..text.sentiment import score_texts
    except ImportError:
        return mentions
    known = mentions["language"] if "language" in mentions.columns else None
    languages = None if known is None or known.isna().any() else known.tolist()
    scored = score_texts(mentions["text"].fillna("").tolist(), languages)
    return mentions.assign(polarity=scored["polarity"].to_numpy(dtype="float64"))


def analyse_influence(data, client: ClientConfig, *, circle_size: int = 15, weights: dict | None = None,
                      rules: pd.DataFrame | None = None, pseudonymise: bool = True,
                      score_sentiment: bool = True) -> InfluenceResult:
    """Run the Influence stage on a client's data (a ClientData from ``open_workbook``/``load_client``).

    Sentiment: a ``polarity`` column if the mentions have one, else (``score_sentiment=True``) Listen's
    ``score_mentions`` when it exists, else the workbook's text scorer; with ``score_sentiment=False``
    and no polarity, the listening tool's labels (``source_sentiment``) or "unknown".
    Raises AnalysisError for missing columns or a circle size outside 10-20.
    """
    rules = load_ecosystem_rules(client=client) if rules is None else rules
    mentions = _score_sentiment(data.mentions) if score_sentiment else data.mentions
    classified = classify_sources(mentions, client, rules=rules)
    search = measure_search(data.web_traffic, rules=rules)
    levels = summarise_levels(classified, search)
    edges = build_conversation_edges(classified)
    ranking = rank_influencers(classified, client, edges=edges, weights=weights)
    circle = select_circle(ranking, size=circle_size, language=client.language, weights=weights)
    ecosystem_map = map_ecosystem(classified, ranking, search)
    if pseudonymise:
        text_columns = ("text",) if "text" in classified.columns else ()
        classified = pseudonymise_frame(classified, client, columns=("author",), text_columns=text_columns)
        edges = pseudonymise_frame(edges, client, columns=("source", "target"))
        ranking = pseudonymise_frame(ranking, client, columns=("actor",))
        circle = pseudonymise_frame(circle, client, columns=("actor",))
        ecosystem_map = pseudonymise_frame(ecosystem_map, client, columns=("actor",))
    own_actors = tuple(sorted(classified.loc[classified["matched_by"] == "own", "author"].dropna().unique()))
    return InfluenceResult(classified, levels, search, edges, ranking, circle, ecosystem_map, own_actors,
                           pseudonymise)


def _translate(values: pd.Series, prefix: str, language: str) -> pd.Series:
    def one(value):
        try:
            return label(f"{prefix}.{value}", language)
        except AnalysisError:  # a kind added to the rules file without a label: show it as written
            return value
    distinct = {value: one(value) for value in values.dropna().unique()}
    return values.map(distinct).astype("str")


def _headers(frame: pd.DataFrame, language: str) -> pd.DataFrame:
    return frame.rename(columns={column: label(f"influence.column.{column}", language) for column in frame.columns})


def levels_table(result: InfluenceResult, *, language: str) -> pd.DataFrame:
    """The level summary with translated level and kind names and headers."""
    frame = result.levels.copy()
    frame["level"] = _translate(frame["level"].astype("str"), "influence.level", language)
    frame["kind"] = _translate(frame["kind"], "influence.kind", language)
    return _headers(frame[["level", "kind", "mentions", "actors", "reach", "engagement", "sessions"]], language)


def search_table(result: InfluenceResult, *, language: str) -> pd.DataFrame:
    """Level 4: search sources with sessions and shares, translated headers."""
    frame = result.search.rename(columns={"name": "source_label"})
    frame = frame.assign(kind=_translate(frame["kind"], "influence.kind", language),
                         share_of_search=[format_percent(v, language, decimals=1) for v in frame["share_of_search"]],
                         share_of_sessions=[format_percent(v, language, decimals=1) for v in frame["share_of_sessions"]])
    frame = frame[["source_label", "kind", "sessions", "share_of_search", "share_of_sessions"]]
    return _headers(frame.rename(columns={"source_label": "source"}), language)


def ranking_table(result: InfluenceResult, *, language: str, top: int = 30) -> pd.DataFrame:
    """The top of the ranking (level as its number) with translated role and stance; the score as 0-100."""
    frame = result.ranking.head(top).copy()
    frame["role"] = _translate(frame["role"], "influence.role", language)
    frame["stance"] = _translate(frame["stance"], "influence.stance", language)
    frame["score"] = (frame["score"] * 100).round()
    columns = ["rank", "actor", "level", "role", "stance", "reach", "engagement", "mentions", "in_degree", "score"]
    return _headers(frame[columns], language)


def circle_table(result: InfluenceResult, *, language: str) -> pd.DataFrame:
    """The circle to engage: who, role, why and the suggested action, in the handout language."""
    frame = result.circle.copy()
    frame["role"] = _translate(frame["role"], "influence.role", language)
    frame["stance"] = _translate(frame["stance"], "influence.stance", language)
    return _headers(frame[["rank", "actor", "role", "stance", "why", "action"]], language)
