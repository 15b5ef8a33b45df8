"""The Influence stage in one call, and the tables the handout shows.

:func:`analyse_influence` runs the steps in order (levels, search, network, ranking, circle, map) on a
client's prepared data and returns an :class:`InfluenceResult`. The prepared data is already
pseudonymised (:func:`sermo_helpers.workbook.prepare`), so whatever the notebook shows is safe for the
handout; ``open_workbook(globals(), pseudonymise=False)`` is only for the consultancy's own work sheet.
The ``*_table`` functions turn result frames into display frames with translated values and headers.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..config import ClientConfig
from ..errors import AnalysisError
from ..i18n import format_percent, label
from .levels import classify_sources, measure_search, summarise_levels
from .network import build_conversation_edges
from .ranking import explain_choice, rank_influencers, select_circle, share_of_shares, suggest_action
from ..ecosystem import load_ecosystem_rules
from ..processes import given_back

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
    pseudonymised: bool  # whether the prepared data it was computed from was pseudonymised
    weights: dict | None = None  # the ranking weights used (None: DEFAULT_WEIGHTS), for the circle's reasons


def map_ecosystem(classified: pd.DataFrame, ranking: pd.DataFrame, search: pd.DataFrame, *,
                  posts: pd.DataFrame | None = None, per_level: dict[int, int] | None = None) -> pd.DataFrame:
    """The main actors of each ring, for the ecosystem map: level, actor, weight (0-1 in its level), detail.

    Level 1: the client's own channels by their posts (``posts``: one entry per handle, the same handle on
    several channels being one presence) and its own web and blog where others wrote on them; without posts,
    the client's own sites and accounts by mentions. Level 2: outlets and sources, by mentions; level 3:
    the best-ranked level-3 actors, by score; level 4: search sources, by sessions.
    ``per_level`` caps the actors per level (default MAP_PER_LEVEL).
    """
    caps = {**MAP_PER_LEVEL, **(per_level or {})}
    parts = []
    for level in (1, 2):
        read = [column for column in ("source_name", "kind", "matched_by") if column in classified.columns]
        rows = classified.loc[classified["level"] == level, read]  # the level's rows, the columns counted
        if level == 1 and posts is not None and len(posts):
            # one entry per handle (the same handle on several channels is one presence), by its posts,
            # named as it is written on the channel where it posts most
            per_account = (posts.assign(account=posts["account"].astype("str"),
                                        handle=posts["account"].astype("str").str.strip().str.lstrip("@").str.lower())
                           .groupby(["handle", "account"], as_index=False).size()
                           .sort_values(["size", "account"], ascending=[False, True], kind="stable"))
            own = (per_account.groupby("handle", sort=False)
                   .agg(source_name=("account", "first"), size=("size", "sum")).reset_index(drop=True)
                   .assign(kind="own_account"))
            domains = rows[rows["matched_by"] == "own_domain"] if "matched_by" in rows else rows.head(0)
            counted = pd.concat([own, domains.groupby(["source_name", "kind"], as_index=False).size()],
                                ignore_index=True)
            counted = (counted.sort_values(["size", "source_name"], ascending=[False, True], kind="stable")
                       .drop_duplicates("source_name").head(caps[level]))
        else:
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


def analyse_influence(data, client: ClientConfig, *, circle_size: int = 15, weights: dict | None = None,
                      rules: pd.DataFrame | None = None) -> InfluenceResult:
    """Run the Influence stage on prepared data (``open_workbook``/``workbook.prepare``).

    The mentions are already scored (``polarity`` gives each actor's stance) and pseudonymised by the
    preparation step; nothing here scores or pseudonymises again. With the default options the result
    is computed once per edition within a kernel (:func:`sermo_helpers.workbook.shared_result`), so the
    Influence and Strategy notebooks share it.
    Raises AnalysisError for unprepared data, missing columns or a circle size outside 10-20.
    """
    from ..workbook import require_prepared, shared_result

    require_prepared(data, step="analyse_influence")
    compute = lambda: _analyse(data, client, circle_size=circle_size, weights=weights, rules=rules)  # noqa: E731
    if circle_size == 15 and weights is None and rules is None:
        return shared_result("influence", data, client, compute)
    return given_back(compute())


def _analyse(data, client: ClientConfig, *, circle_size: int, weights: dict | None,
             rules: pd.DataFrame | None) -> InfluenceResult:
    rules = load_ecosystem_rules(client=client) if rules is None else rules
    found = {}

    mentions = data.mentions

    def own_steps():  # in this process while the edges are read by a worker (the same columns)
        # each step's freed copies go back before the next step makes its own (the peak is one step's)
        found["classified"] = classified = given_back(classify_sources(mentions, client, rules=rules))
        found["search"] = search = measure_search(data.web_traffic, rules=rules)
        found["levels"] = given_back(summarise_levels(classified, search, posts=data.posts,
                                                      web_traffic=data.web_traffic, channel_stats=data.channel_stats))
        found["shared"] = share_of_shares(mentions["text"]) if "text" in mentions.columns else None

    # One forked worker reads the replies and the @-mentions (per-text work; only the pairs come back)
    # while this process classifies the sources and finds the shares: about the same work on each core.
    edges = given_back(build_conversation_edges(mentions, workers=1, meanwhile=own_steps))
    classified, search, levels = found["classified"], found["search"], found["levels"]
    ranking = rank_influencers(classified, client, edges=edges, weights=weights, shared=found["shared"])
    circle = select_circle(ranking, size=circle_size)
    ecosystem_map = map_ecosystem(classified, ranking, search, posts=data.posts)
    own_actors = tuple(sorted(classified.loc[classified["matched_by"] == "own", "author"].dropna().unique()))
    return InfluenceResult(classified, levels, search, edges, ranking, circle, ecosystem_map, own_actors,
                           bool(getattr(data, "pseudonymised", False)), weights)


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
    """The level summary with translated level and kind names and headers; the views column only when
    YouTube's traffic sources gave views from YouTube search."""
    frame = result.levels.copy()
    frame["level"] = _translate(frame["level"].astype("str"), "influence.level", language)
    frame["kind"] = _translate(frame["kind"], "influence.kind", language)
    columns = ["level", "kind", "mentions", "posts", "actors", "reach", "engagement", "sessions"]
    if frame["views"].notna().any():  # YouTube search (level 4) when the traffic-source export is there
        columns.append("views")
    return _headers(frame[columns], language)


def search_table(result: InfluenceResult, *, language: str) -> pd.DataFrame:
    """Level 4: search sources with sessions and shares, translated headers."""
    frame = result.search.rename(columns={"name": "source_label"})
    frame = frame.assign(kind=_translate(frame["kind"], "influence.kind", language),
                         share_of_search=[format_percent(v, language, decimals=1) for v in frame["share_of_search"]],
                         share_of_sessions=[format_percent(v, language, decimals=1) for v in frame["share_of_sessions"]])
    frame = frame[["source_label", "kind", "sessions", "share_of_search", "share_of_sessions"]]
    return _headers(frame.rename(columns={"source_label": "source"}), language)


def ranking_table(result: InfluenceResult, *, language: str, top: int = 30) -> pd.DataFrame:
    """The top of the ranking (level as its number) with translated role and stance; the score as 0-100.

    Followers (``author_followers``) and the largest reach of one mention (``reach``) are two columns."""
    frame = result.ranking.head(top).copy()
    frame["role"] = _translate(frame["role"], "influence.role", language)
    frame["stance"] = _translate(frame["stance"], "influence.stance", language)
    frame["score"] = (frame["score"] * 100).round()
    frame = frame.rename(columns={"reach": "mention_reach"})
    columns = ["rank", "actor", "level", "role", "stance", "followers", "mention_reach", "engagement", "mentions",
               "in_degree", "score"]
    return _headers(frame[columns], language)


def circle_table(result: InfluenceResult, *, language: str) -> pd.DataFrame:
    """The circle to engage: who, role, why and the suggested action, in the handout language."""
    frame = result.circle.copy()
    frame["why"] = pd.Series([explain_choice(row, language, weights=result.weights) for _, row in frame.iterrows()],
                             index=frame.index, dtype="str")
    frame["action"] = pd.Series([suggest_action(role, language) for role in frame["role"]], index=frame.index,
                                dtype="str")
    frame["role"] = _translate(frame["role"], "influence.role", language)
    frame["stance"] = _translate(frame["stance"], "influence.stance", language)
    return _headers(frame[["rank", "actor", "role", "stance", "why", "action"]], language)
