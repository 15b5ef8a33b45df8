"""Influencer ranking, roles and the circle to engage.

Inputs: the mentions with their ecosystem levels (:func:`.levels.classify_sources`), optionally a
numeric ``polarity`` (or ``sentiment``) column from Listen's scorer, else the listening tool's
``source_sentiment`` labels; the conversation edges (:func:`.network.build_conversation_edges`).

The composite score (0-1) of an actor is a weighted sum of five components, each scaled to 0-1
across the actors ranked together (DEFAULT_WEIGHTS, overridable with ``weights=``):

- reach (0.25): log(1 + audience), the audience being the larger of ``followers`` (the most
  ``author_followers`` seen) and ``reach`` (the largest ``reach`` of one of their mentions: a shared post
  can reach beyond the followers); divided by the largest such value among the actors. Followers and
  reach stay two columns from their two fields: an article's reach is never shown as followers;
- engagement (0.25): log(1 + engagement their mentions earned), divided by the largest;
- activity (0.15): log(1 + number of mentions), divided by the largest;
- network (0.25): the mean of two 0-1 measures in the reply/mention network: PageRank above the
  lowest PageRank among the actors, divided by the range; and betweenness divided by the largest;
- stance (0.10): the strength of their stance, |mean polarity| (0 when unknown).

Missing counts count as zero; an actor with zero followers and no reach gets reach 0.
Roles, in this order: journalist (level-2 news, podcast or broadcaster, or an account rule with such a
kind), expert (level-2 expert, research, public body or organisation, e.g. from an account rule),
amplifier (at least AMPLIFIER_SHARE of their mentions are shares: ``RT @``, ``Deler:``), critic (mean
polarity at most -STANCE_THRESHOLD), advocate (at least +STANCE_THRESHOLD), otherwise amplifier.
"""
from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

from ..config import ClientConfig
from ..errors import AnalysisError
from ..ecosystem import EXPERT_KINDS, OUTLET_KINDS
from ..i18n import format_number, label
from ..listen._common import select_rows
from .network import build_conversation_edges, compute_network_position

DEFAULT_WEIGHTS = {"reach": 0.25, "engagement": 0.25, "activity": 0.15, "network": 0.25, "stance": 0.10}
COMPONENTS = tuple(DEFAULT_WEIGHTS)
STANCE_THRESHOLD = 0.1
AMPLIFIER_SHARE = 0.5  # actors whose mentions are mostly shares of others' messages are amplifiers
SHARE_MARKERS = ("RT @", "Deler:", "Del:", "Delt:", "Shared:", "Sharing:", "Repost")  # a share starts with one
SHARE_PATTERN = r"^\s*(?:" + "|".join(map(re.escape, SHARE_MARKERS)) + ")"  # after white space, if any
SHARE_PIECE = 200_000  # texts matched at a time by share_of_shares
ROLES = ("journalist", "expert", "critic", "advocate", "amplifier")
SENTIMENT_LABELS = {"positive": 1.0, "positiv": 1.0, "neutral": 0.0, "nøytral": 0.0, "negative": -1.0,
                    "negativ": -1.0, "pos": 1.0, "neu": 0.0, "neg": -1.0}
CIRCLE_SIZE_RANGE = (10, 20)
RANKING_COLUMNS = [
    "rank", "actor", "level", "kind", "channel", "source_name", "mentions", "followers", "reach",
    "engagement", "in_degree", "replies_received", "pagerank", "betweenness", "polarity", "shared", "stance",
    "role", "score", *(f"{component}_score" for component in COMPONENTS),
]


def mention_polarity(mentions: pd.DataFrame) -> pd.Series:
    """Each mention's polarity in -1..1: ``polarity``, else ``sentiment`` (numeric), else the listening
    tool's ``source_sentiment`` label (positive 1, neutral 0, negative -1); NaN when unknown."""
    for column in ("polarity", "sentiment"):
        if column in mentions.columns and pd.api.types.is_numeric_dtype(mentions[column].dtype):
            return mentions[column].astype("float64").clip(-1.0, 1.0)
    if "source_sentiment" in mentions.columns:
        return mentions["source_sentiment"].str.strip().str.lower().map(SENTIMENT_LABELS).astype("float64")
    return pd.Series(np.nan, index=mentions.index, dtype="float64")


def classify_stance(polarity: float) -> str:
    """positive, negative or neutral by STANCE_THRESHOLD; unknown for NaN."""
    if polarity is None or (isinstance(polarity, float) and math.isnan(polarity)):
        return "unknown"
    if polarity <= -STANCE_THRESHOLD:
        return "negative"
    if polarity >= STANCE_THRESHOLD:
        return "positive"
    return "neutral"


def share_of_shares(texts: pd.Series) -> pd.Series:
    """Per mention: 1.0 when the text is a share of someone else's message (``RT @``, ``Deler:``), else 0.

    The pattern is matched only on the texts that can match it: those starting with one of its markers
    and those starting with white space (which the pattern may skip); the same answer, without the
    regular expression on every text."""
    shared = np.zeros(len(texts), dtype="float64")
    for start in range(0, len(texts), SHARE_PIECE):  # the matched texts copied a piece at a time
        piece = texts.iloc[start:start + SHARE_PIECE]
        first = piece.str[:1]
        spaces = [character for character in first.dropna().unique() if character.isspace()]  # Python's \s
        marked = first.isin(spaces).fillna(False).astype(bool)
        for marker in SHARE_MARKERS:
            marked |= piece.str.startswith(marker).fillna(False).astype(bool)
        if marked.any():
            found = piece[marked].str.contains(SHARE_PATTERN, regex=True).fillna(False).astype("float64")
            shared[start + np.flatnonzero(marked.to_numpy())] = found.to_numpy()
    return pd.Series(shared, index=texts.index, dtype="float64")


def assign_role(*, level: int, kind: str, stance: str, shared: float = 0.0) -> str:
    """The actor's role (see the module docstring for the order of the rules)."""
    if kind in OUTLET_KINDS and level in (2, 3):
        return "journalist"
    if kind in EXPERT_KINDS and level in (2, 3):
        return "expert"
    if shared >= AMPLIFIER_SHARE:
        return "amplifier"
    if stance == "negative":
        return "critic"
    if stance == "positive":
        return "advocate"
    return "amplifier"


def _check_weights(weights: dict) -> dict:
    unknown = set(weights) - set(COMPONENTS)
    if unknown or any(not isinstance(v, (int, float)) or v < 0 for v in weights.values()) or \
            not sum(weights.values()) > 0:
        raise AnalysisError(f"weights must give non-negative numbers for {', '.join(COMPONENTS)}, found {weights}",
                            argument="weights", expected=", ".join(COMPONENTS), found=repr(weights))
    full = {component: float(weights.get(component, 0.0)) for component in COMPONENTS}
    total = sum(full.values())
    return {component: value / total for component, value in full.items()}


def _scaled(values: pd.Series, *, log: bool) -> pd.Series:
    values = values.fillna(0.0).clip(lower=0.0)
    values = np.log1p(values) if log else values
    top = float(values.max()) if len(values) else 0.0
    return values / top if top > 0 else values * 0.0


def _scaled_above_least(values: pd.Series) -> pd.Series:
    """(value - least) / (largest - least): PageRank above the floor every actor gets; 0 when all equal."""
    values = values.fillna(0.0)
    low, high = (float(values.min()), float(values.max())) if len(values) else (0.0, 0.0)
    return (values - low) / (high - low) if high > low else values * 0.0


def _actor_of(classified: pd.DataFrame) -> pd.Series:
    """The author; for level-2 sources without an author, the outlet (source_name)."""
    fallback = classified["source_name"].where(classified["level"] == 2)
    return classified["author"].fillna(fallback)


def _main(values: pd.Series, actors: pd.Series) -> pd.Series:
    """The most frequent value per actor (ties: the first in sort order), indexed by actor.

    Counted on numbers: each (actor, value) pair as one integer (the actor's code times the number of
    values plus the value's place in sort order), so a count and the tie's order are integer work.
    The same answer as :func:`_main_by_counts` (the definition)."""
    present = (values.notna() & actors.notna()).to_numpy(dtype=bool)
    actor_codes, actor_names = pd.factorize(actors[present])
    value_codes, value_names = pd.factorize(values[present])
    if not len(actor_names):
        return _main_by_counts(values, actors)
    ordered = pd.Series(value_names).sort_values(kind="stable").index.to_numpy()  # codes in sort order
    place = np.empty(len(value_names), dtype=np.int64)
    place[ordered] = np.arange(len(value_names))
    pairs, counts = np.unique(actor_codes * len(value_names) + place[value_codes], return_counts=True)
    actor_of, place_of = pairs // len(value_names), pairs % len(value_names)
    order = np.lexsort((place_of, -counts, actor_of))  # per actor: most counted, then first in sort order
    first = order[np.r_[True, actor_of[order][1:] != actor_of[order][:-1]]]
    return pd.Series(pd.Series(value_names).take(ordered[place_of[first]]).to_numpy(),
                     index=pd.Index(actor_names.take(actor_of[first]), name="actor"), name="value")


def _main_by_counts(values: pd.Series, actors: pd.Series) -> pd.Series:
    """:func:`_main` by counting the pairs in a frame: the definition."""
    frame = pd.DataFrame({"actor": actors, "value": values}).dropna()
    counts = frame.value_counts().reset_index(name="n")
    counts = counts.sort_values(["actor", "n", "value"], ascending=[True, False, True], kind="stable")
    return counts.drop_duplicates("actor").set_index("actor")["value"]


def rank_influencers(classified: pd.DataFrame, client: ClientConfig, *, edges: pd.DataFrame | None = None,
                     weights: dict | None = None, shared: pd.Series | None = None) -> pd.DataFrame:
    """Every actor talking about the client, ranked by the composite influence score (best first).

    Parameters
    ----------
    classified : mentions with levels, from :func:`classify_sources` (not modified). Rows about a peer
        (``subject`` set to another slug) are left out; so are the client's own accounts (level 1, own).
    client : the client configuration.
    edges : conversation edges; default: built from ``classified`` with :func:`build_conversation_edges`.
    weights : component -> weight (normalised to sum 1); default DEFAULT_WEIGHTS.
    shared : :func:`share_of_shares` of ``classified["text"]`` when already read (the Influence stage
        reads it while a worker process reads the network's pairs); default: read here.

    Returns RANKING_COLUMNS, one row per actor; ``rank`` 1 is the most influential (ties broken by
    more mentions, then by actor name). Raises AnalysisError for missing columns or bad weights.
    """
    required = ["author", "level", "kind", "source_name", "matched_by", "channel"]
    missing = [column for column in required if column not in classified.columns]
    if missing:
        raise AnalysisError(f"classified lacks {', '.join(missing)}; pass the output of classify_sources.",
                            argument="classified", expected=", ".join(required), found=", ".join(classified.columns))
    weights = _check_weights(DEFAULT_WEIGHTS if weights is None else weights)
    if edges is None:
        edges = build_conversation_edges(classified)

    # The rows counted (about the client, by an actor other than the client's own accounts) with only
    # the columns read: never a copy of every column (the texts) of every mention.
    actors = _actor_of(classified)
    keep = actors.notna() & (classified["matched_by"] != "own")
    if "subject" in classified.columns:
        subject = classified["subject"]
        keep &= subject.isna() | (subject == client.slug)
    # the numbers of the rows kept; each text column (kind, channel, source) is cut to them only while
    # it is counted, one at a time, and the tone is read as each mention's polarity (no text kept)
    read = [name for name in ("level", "author_followers", "reach", "engagement") if name in classified.columns]
    rows = select_rows(classified[read], keep)
    actors = actors[keep]
    if rows.empty:
        return _empty_ranking()

    def column(name):
        return rows[name] if name in rows.columns else pd.Series(np.nan, index=rows.index, dtype="float64")

    def kept(name):
        return select_rows(classified[[name]], keep)[name]

    # shares are told by the text's start: matched on every text (no copy of them), then the rows kept
    if "text" not in classified.columns:
        shared = 0.0
    else:
        shared = (share_of_shares(classified["text"]) if shared is None else shared)[keep]
    frame = pd.DataFrame({"actor": actors.astype("str"), "followers": column("author_followers"),
                          "reach": column("reach"), "engagement": column("engagement"),
                          "polarity": mention_polarity(classified)[keep], "shared": shared},
                         index=rows.index)
    grouped = frame.groupby("actor", sort=True)
    table = pd.DataFrame({
        "mentions": grouped.size().astype("float64"),
        "followers": grouped["followers"].max(),
        "mention_reach": grouped["reach"].max(),
        "engagement": grouped["engagement"].sum(min_count=1),
        "polarity": grouped["polarity"].mean(),
        "shared": grouped["shared"].mean(),
    })
    table["reach"] = table.pop("mention_reach")
    table["level"] = _main(rows["level"], frame["actor"]).reindex(table.index)
    # Kind from the actor's main level, so a journalist's occasional tweet does not change the role.
    same_level = rows["level"].to_numpy() == table["level"].reindex(frame["actor"]).to_numpy()
    table["kind"] = _main(kept("kind")[same_level], frame["actor"][same_level]).reindex(table.index)
    table["channel"] = _main(kept("channel"), frame["actor"]).reindex(table.index)
    table["source_name"] = _main(kept("source_name"), frame["actor"]).reindex(table.index)

    position = compute_network_position(edges, actors=table.index).set_index("actor")
    for name in ("in_degree", "replies_received", "pagerank", "betweenness"):
        table[name] = position[name].reindex(table.index).fillna(0.0).astype("float64")

    table["stance"] = [classify_stance(value) for value in table["polarity"]]
    table["role"] = [assign_role(level=int(level), kind=kind, stance=stance, shared=shared) for level, kind, stance, shared
                     in zip(table["level"], table["kind"], table["stance"], table["shared"])]

    table["reach_score"] = _scaled(_audience(table), log=True)
    table["engagement_score"] = _scaled(table["engagement"], log=True)
    table["activity_score"] = _scaled(table["mentions"], log=True)
    table["network_score"] = (_scaled_above_least(table["pagerank"]) + _scaled(table["betweenness"], log=False)) / 2
    table["stance_score"] = table["polarity"].abs().fillna(0.0).clip(upper=1.0)
    table["score"] = sum(weights[component] * table[f"{component}_score"] for component in COMPONENTS)

    table = table.reset_index().rename(columns={"index": "actor"})
    table = table.sort_values(["score", "mentions", "actor"], ascending=[False, False, True], kind="stable")
    table["rank"] = np.arange(1, len(table) + 1, dtype="int64")
    table["level"] = table["level"].astype("int64")
    for name in ("actor", "kind", "channel", "source_name", "stance", "role"):
        table[name] = table[name].astype("str")
    return table[RANKING_COLUMNS].reset_index(drop=True)


def _audience(frame) -> pd.Series:
    """The larger of followers and one mention's reach, per actor (0 when neither is known)."""
    return frame[["followers", "reach"]].max(axis=1, skipna=True).fillna(0.0)


def _empty_ranking() -> pd.DataFrame:
    text = {"actor", "kind", "channel", "source_name", "stance", "role"}
    return pd.DataFrame({name: pd.Series(dtype="str" if name in text else
                                         ("int64" if name in ("rank", "level") else "float64"))
                         for name in RANKING_COLUMNS})


def explain_choice(row, language: str, *, weights: dict | None = None, reasons: int = 2) -> str:
    """Why an actor is in the circle: its ``reasons`` largest weighted score components, phrased."""
    weights = _check_weights(DEFAULT_WEIGHTS if weights is None else weights)
    contributions = sorted(((weights[c] * float(row[f"{c}_score"]), index, c) for index, c in enumerate(COMPONENTS)),
                           key=lambda item: (-item[0], item[1]))
    values = {
        "followers": format_number(row["followers"], language),
        "reach": format_number(row["reach"], language),
        "engagement": format_number(row["engagement"], language),
        "mentions": format_number(row["mentions"], language),
        "in_degree": format_number(row["in_degree"], language),
        "stance": label(f"sentiment.{row['stance']}", language),
    }
    audience = max((float(v) for v in (row["followers"], row["reach"]) if not pd.isna(v)), default=0.0)
    evidence = {"reach": audience, "engagement": row["engagement"], "activity": row["mentions"],
                "network": row["in_degree"], "stance": 1.0 if row["stance"] in ("positive", "negative") else 0.0}
    eligible = [component for contribution, _, component in contributions
                if contribution > 0 and not pd.isna(evidence[component]) and evidence[component] > 0]
    phrases = [_reach_phrase(row, language, values) if component == "reach" else
               label(f"influence.why.{component}", language, **values) for component in eligible[:reasons]]
    if not phrases:
        phrases = [label("influence.why.activity", language, **values)]
    text = "; ".join(phrases)
    return text[:1].upper() + text[1:]


def _reach_phrase(row, language: str, values: dict) -> str:
    """The reach reason in the data's own terms: the followers (``author_followers``) when known, and one
    mention's reach (``reach``) when it went beyond them; never a mention's reach called followers."""
    followers, reach = row["followers"], row["reach"]
    has_followers = not pd.isna(followers) and followers > 0
    beyond = not pd.isna(reach) and reach > (followers if has_followers else 0)
    if has_followers and beyond:
        return label("influence.why.followers_and_reach", language, **values)
    return label("influence.why.followers" if has_followers else "influence.why.reach", language, **values)


def suggest_action(role: str, language: str) -> str:
    """What to do with an actor of ``role``, in the handout language (label ``influence.action.<role>``)."""
    return label(f"influence.action.{role}", language)


def select_circle(ranking: pd.DataFrame, *, size: int = 15) -> pd.DataFrame:
    """The circle to engage: the ``size`` best-ranked actors (10-20), with the ranking's columns.

    Why each is on it (:func:`explain_choice`) and what to do (:func:`suggest_action`) are written by
    the handout table (:func:`sermo_helpers.influence.circle_table`). Fewer rows when fewer actors
    exist. Raises AnalysisError when ``size`` is outside 10-20.
    """
    low, high = CIRCLE_SIZE_RANGE
    if not isinstance(size, int) or isinstance(size, bool) or not low <= size <= high:
        raise AnalysisError(f"size of the circle must be a whole number from {low} to {high}, found {size!r}",
                            argument="size", expected=f"{low}-{high}", found=repr(size))
    return ranking.sort_values("rank", kind="stable").head(size).reset_index(drop=True)
