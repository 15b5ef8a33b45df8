"""The conversation network: who answers or names whom, and where each actor sits in it.

Inputs: a canonical MENTIONS frame (``mention_id``, ``author``, ``in_reply_to``, ``text``).
An edge A -> B means that A replied to a message by B (``in_reply_to``) or named ``@B`` in a text,
where B is an author in the data; the edge weight counts such messages. Self-replies are dropped.

Outputs: an edge frame (source, target, weight, replies, mentions) and a position frame per actor:
in-degree (distinct actors who answer or name them), weighted in-degree, PageRank and betweenness.
PageRank is a short power iteration here (:func:`compute_pagerank`), because networkx's own needs
scipy, which the workbook does not install.
"""
from __future__ import annotations

import re

import networkx as nx
import numpy as np
import pandas as pd

from ..errors import AnalysisError
from ..ecosystem import normalise_handle
from ..listen._common import select_rows

EDGE_COLUMNS = ["source", "target", "weight", "replies", "mentions"]
POSITION_COLUMNS = ["actor", "in_degree", "replies_received", "pagerank", "betweenness"]
HANDLE_PATTERN = re.compile(r"(?<![\w@])@([\w_.]+\w)")
BETWEENNESS_SAMPLE = 200  # above this many nodes betweenness is estimated from this many sources


def build_conversation_edges(mentions: pd.DataFrame, *, meanwhile=None, workers: int | None = None) -> pd.DataFrame:
    """Reply and @-mention edges between authors, one row per (source, target), heaviest first.

    Raises AnalysisError when ``mention_id`` or ``author`` is missing. Rows without an author are
    skipped; a reply to a message not in the frame gives no edge.

    With many mentions the replies and the texts are read by two forked worker processes
    (:func:`~sermo_helpers.parallel.process_map`), and ``meanwhile`` (no arguments), when given, runs
    in this process while they work (the Influence stage classifies the sources then). ``workers``:
    as :func:`~sermo_helpers.parallel.process_map`'s (1: one worker reads both beside ``meanwhile``).
    """
    from ..parallel import process_map

    missing = [column for column in ("mention_id", "author") if column not in mentions.columns]
    if missing:
        raise AnalysisError(f"mentions lacks the column(s) {', '.join(missing)} needed for the network.",
                            argument="mentions", expected="mention_id, author", found=", ".join(mentions.columns))
    replied, mentioned = process_map(lambda pairs: pairs(mentions), [_reply_pairs, _mention_pairs],
                                     rows=len(mentions), workers=workers, meanwhile=meanwhile)
    if not len(replied) and not len(mentioned):
        return pd.DataFrame({"source": pd.Series(dtype="str"), "target": pd.Series(dtype="str"),
                             **{column: pd.Series(dtype="float64") for column in EDGE_COLUMNS[2:]}})
    # messages per (source, target) and kind; (source, target) is unique, so the sort below is the order
    counted = pd.concat([part.astype("str").groupby(["source", "target"]).size().rename(how).astype("float64")
                         for part, how in ((replied, "replies"), (mentioned, "mentions")) if len(part)],
                        axis=1).fillna(0.0).reset_index()
    for column in ("replies", "mentions"):
        if column not in counted.columns:
            counted[column] = 0.0
    counted["weight"] = counted["replies"] + counted["mentions"]
    counted = counted.sort_values(["weight", "source", "target"], ascending=[False, True, True], kind="stable")
    return counted[EDGE_COLUMNS].astype({"source": "str", "target": "str", "weight": "float64", "replies": "float64",
                                         "mentions": "float64"}).reset_index(drop=True)


def _reply_pairs(mentions: pd.DataFrame) -> pd.DataFrame:
    """(source, target) per reply by an author to another handle's message in the data."""
    if "in_reply_to" not in mentions.columns:
        return _no_pairs()
    # only the replies' rows and columns are copied. The parent's author by a join, not a dictionary
    # of every mention (millions of entries); a repeated mention_id answers with its last row with an
    # author, as a dictionary of them would.
    has_author = mentions["author"].notna()
    replies = select_rows(mentions[["author", "in_reply_to"]], has_author & mentions["in_reply_to"].notna())
    targets = _parent_authors(mentions, replies["in_reply_to"], among=has_author)
    replies = replies.assign(target=targets)[targets.notna()]
    # a reply to oneself (the same handle) is no edge: the handles compared as numbers, one per key
    names = pd.Index(pd.unique(pd.concat([replies["author"], replies["target"]], ignore_index=True)))
    numbers: dict = {}
    key = np.array([numbers.setdefault(normalise_handle(name), len(numbers)) for name in names], dtype=np.int64)
    differ = key[names.get_indexer(replies["author"])] != key[names.get_indexer(replies["target"])]
    return pd.DataFrame({"source": replies["author"].to_numpy()[differ], "target": replies["target"].to_numpy()[differ]})


def _mention_pairs(mentions: pd.DataFrame) -> pd.DataFrame:
    """(source, target) per author named with an @handle in another handle's text (each once a text)."""
    if "text" not in mentions.columns:
        return _no_pairs()
    by_handle: dict[str, str] = {}
    for author in mentions["author"].dropna().unique():
        by_handle.setdefault(normalise_handle(author), author)
    text = mentions["text"]  # the texts copied are those of the mentions naming someone
    texts = mentions.loc[mentions["author"].notna() & text.notna() & text.str.contains("@", regex=False).fillna(False),
                         ["author", "text"]]
    pairs = []
    for author, text in zip(texts["author"].tolist(), texts["text"].tolist()):
        named = {handle.lower() for handle in HANDLE_PATTERN.findall(text)}
        for handle in sorted(named):
            target = by_handle.get(handle)
            if target is not None and handle != normalise_handle(author):
                pairs.append((author, target))
    return pd.DataFrame(pairs, columns=["source", "target"]) if pairs else _no_pairs()


def _no_pairs() -> pd.DataFrame:
    return pd.DataFrame({"source": pd.Series(dtype="str"), "target": pd.Series(dtype="str")})


def _parent_authors(frame: pd.DataFrame, parents: pd.Series, among=None) -> pd.Series:
    """The author of each parent id's last row among the rows ``among`` (a boolean mask; default all) of
    ``frame``, missing when not there: the answer of ``parents.map(authored.drop_duplicates("mention_id",
    keep="last").set_index("mention_id")["author"])`` with ``authored = frame[among]``, found for Arrow
    text columns by Arrow's ``index_in`` on the ids in reverse (its first match is the last row; the
    ids of rows not among them missing), without an index or a copy of the rows."""
    among = np.ones(len(frame), dtype=bool) if among is None else np.asarray(among, dtype=bool)
    ids = frame["mention_id"]
    arrow = all(isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "pyarrow"
                for column in (ids, parents, frame["author"]))
    if not arrow:
        last = frame[among].drop_duplicates("mention_id", keep="last")
        return parents.map(pd.Series(last["author"].to_numpy(), index=last["mention_id"]))
    import pyarrow as pa
    import pyarrow.compute as pc

    count = len(ids)
    reversed_ids = ids.array.__arrow_array__().take(np.arange(count - 1, -1, -1))
    if isinstance(reversed_ids, pa.ChunkedArray):
        reversed_ids = reversed_ids.combine_chunks()
    if not among.all():
        reversed_ids = pc.if_else(pa.array(among[::-1]), reversed_ids, pa.scalar(None, type=reversed_ids.type))
    found = pc.index_in(parents.array.__arrow_array__(), value_set=reversed_ids)
    position = np.asarray(found.fill_null(-1), dtype=np.int64)
    rows = np.where(position >= 0, count - 1 - position, 0)
    authors = frame["author"].iloc[rows].to_numpy(dtype=object) if count else np.full(len(parents), None)
    return pd.Series(np.where(position >= 0, authors, None), index=parents.index, dtype="str")


def build_graph(edges: pd.DataFrame, *, actors=()) -> nx.DiGraph:
    """A directed, weighted graph from an edge frame; ``actors`` adds isolated nodes."""
    graph = nx.DiGraph()
    graph.add_nodes_from(actors)
    for source, target, weight in zip(edges["source"], edges["target"], edges["weight"]):
        graph.add_edge(source, target, weight=float(weight))
    return graph


def compute_pagerank(graph: nx.DiGraph, *, damping: float = 0.85, weight: str | None = "weight",
                     tolerance: float = 1e-12, max_iterations: int = 1000) -> dict:
    """PageRank by power iteration: PR(v) = (1-d)/N + d (sum over u->v of PR(u) w_uv / W_u + D/N).

    W_u is u's total outgoing weight; D is the rank held by nodes without outgoing edges (dangling),
    spread evenly over all nodes. Ranks sum to 1. Raises AnalysisError when it does not converge.
    """
    nodes = list(graph.nodes)
    count = len(nodes)
    if count == 0:
        return {}
    if not 0 < damping < 1:
        raise AnalysisError(f"damping must be between 0 and 1, found {damping}", argument="damping",
                            expected="0 < damping < 1", found=str(damping))
    position = {node: index for index, node in enumerate(nodes)}
    sources, targets, weights = [], [], []
    for source, target, data in graph.edges(data=True):
        sources.append(position[source])
        targets.append(position[target])
        weights.append(float(data.get(weight, 1.0)) if weight else 1.0)
    rank = _pagerank_arrays(count, np.asarray(sources, dtype=np.int64), np.asarray(targets, dtype=np.int64),
                            np.asarray(weights, dtype=float), damping=damping, tolerance=tolerance,
                            max_iterations=max_iterations)
    return {node: float(rank[index]) for node, index in position.items()}


def _pagerank_arrays(count: int, sources_array: np.ndarray, targets_array: np.ndarray, weights: np.ndarray, *,
                     damping: float = 0.85, tolerance: float = 1e-12, max_iterations: int = 1000) -> np.ndarray:
    """:func:`compute_pagerank` on nodes 0..count-1 and edges in networkx's order (by source, then insertion)."""
    out_weight = np.bincount(sources_array, weights=weights, minlength=count)
    share = weights / out_weight[sources_array] if len(sources_array) else np.zeros(0)
    dangling = out_weight == 0
    rank = np.full(count, 1.0 / count)
    change = float("inf")
    for _ in range(max_iterations):
        flow = np.bincount(targets_array, weights=rank[sources_array] * share, minlength=count)
        new = (1.0 - damping) / count + damping * rank[dangling].sum() / count + damping * flow
        change = float(np.abs(new - rank).sum())
        rank = new
        if change < count * tolerance:
            return rank
    raise AnalysisError(f"PageRank did not converge in {max_iterations} iterations", argument="max_iterations",
                        expected="convergence", found=f"change {change:.2e}")


def sampled_betweenness(graph: nx.DiGraph, k: int, *, seed: int = 0) -> dict:
    """Normalised, unweighted betweenness of a directed graph estimated from ``k`` sample sources:
    the same values as ``networkx.betweenness_centrality(graph, k=k, normalized=True, seed=seed)``
    (the same sources, the same sums in the same order, to the last bit), computed on arrays
    (:func:`_sampled_betweenness_arrays`) instead of networkx's two dictionaries of every node per source.
    """
    nodes = list(graph.nodes())
    position = {node: index for index, node in enumerate(nodes)}
    sources = np.fromiter((position[u] for u, _ in graph.edges()), dtype=np.int64, count=graph.number_of_edges())
    targets = np.fromiter((position[v] for _, v in graph.edges()), dtype=np.int64, count=graph.number_of_edges())
    values = _sampled_betweenness_arrays(len(nodes), sources, targets, k, seed=seed)
    return {node: float(values[index]) for index, node in enumerate(nodes)}


def _csr(count: int, sources: np.ndarray, targets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Successor lists as arrays: node u's successors are ``targets[indptr[u]:indptr[u + 1]]``, in the
    order the edges were given (``sources`` grouped by a stable sort, as networkx keeps insertion order)."""
    order = np.argsort(sources, kind="stable")
    indptr = np.zeros(count + 1, dtype=np.int64)
    np.cumsum(np.bincount(sources, minlength=count), out=indptr[1:])
    return indptr, targets[order]


def _sampled_betweenness_arrays(count: int, sources: np.ndarray, targets: np.ndarray, k: int, *,
                                seed: int = 0) -> np.ndarray:
    """Brandes (2001) from ``k`` seeded sample sources on nodes 0..count-1 and edges ``sources[i] ->
    targets[i]`` (in networkx's insertion order), normalised as networkx does for a directed graph.

    Each source's breadth-first search runs one level at a time on arrays; shortest-path counts (sigma)
    and dependencies are added with ``np.add.at`` (unbuffered, in order) in exactly the order of the
    one-node-at-a-time algorithm (a level's nodes in the order they were found, each node's successors
    in insertion order; dependencies summed back from the last node found), so every float sum is the
    same as networkx's. The cost is bounded by the sources: at most k searches over the nodes and edges
    they reach (the sources are drawn over all nodes, most of which reach few others in a reply graph).
    """
    import random

    chosen = random.Random(seed).sample(range(count), k)  # the same draw as networkx over list(graph)
    indptr, successors = _csr(count, np.asarray(sources, dtype=np.int64), np.asarray(targets, dtype=np.int64))
    degree = np.diff(indptr)
    betweenness = np.zeros(count)
    depth = np.full(count, -1, dtype=np.int64)
    sigma = np.zeros(count)
    delta = np.zeros(count)
    for source in chosen:
        depth[source], sigma[source] = 0, 1.0
        levels = [np.array([source], dtype=np.int64)]
        steps = []  # per level: the edges into the next level (from, to), in discovery order
        while True:
            frontier = levels[-1]
            counts = degree[frontier]
            total = int(counts.sum())
            if total == 0:
                break
            # the frontier's successors, node by node, each node's in insertion order
            starts = np.repeat(indptr[frontier] - np.cumsum(counts) + counts, counts)
            edge = starts + np.arange(total)
            came_from, went_to = np.repeat(frontier, counts), successors[edge]
            fresh = went_to[depth[went_to] == -1]
            if fresh.size:
                _, first = np.unique(fresh, return_index=True)
                found = fresh[np.sort(first)]  # first-found order, as a queue finds them
                depth[found] = len(levels)
            else:
                found = fresh
            onward = depth[went_to] == len(levels)
            came_from, went_to = came_from[onward], went_to[onward]
            np.add.at(sigma, went_to, sigma[came_from])
            steps.append((came_from, went_to))
            if not found.size:
                break
            levels.append(found)
        # dependencies, from the last node found back: nodes of a level in reverse order of finding,
        # each adding its share to its predecessors in the order they were recorded
        for level in range(len(steps) - 1, -1, -1):
            came_from, went_to = steps[level]
            if not went_to.size:
                continue
            found = levels[level + 1]
            rank = np.empty(count, dtype=np.int64)
            rank[found] = np.arange(found.size)
            order = np.lexsort((np.arange(went_to.size), -rank[went_to]))
            came_from, went_to = came_from[order], went_to[order]
            share = (1 + delta[went_to]) / sigma[went_to]
            np.add.at(delta, came_from, sigma[came_from] * share)
        reached = np.concatenate(levels)
        others = reached[1:]
        betweenness[others] += delta[others]
        depth[reached], sigma[reached], delta[reached] = -1, 0.0, 0.0
    pairs = count - 1  # targets other than the node itself
    if pairs < 2:
        return betweenness
    # a sampled source cannot count itself: its share is over k - 1 sources (as networkx rescales)
    scale = np.full(count, 1 / (k * (pairs - 1)))
    scale[chosen] = 1 / ((k - 1) * (pairs - 1))
    return betweenness * scale


def compute_network_position(edges: pd.DataFrame, *, actors=()) -> pd.DataFrame:
    """Per actor: in_degree (distinct others who answer or name them), replies_received (weighted),
    pagerank (sums to 1 over the graph) and betweenness (normalised, unweighted, directed).

    ``actors`` adds isolated actors (in-degree 0, betweenness 0). Betweenness is exact up to
    BETWEENNESS_SAMPLE nodes and estimated from that many seeded sample sources above it.
    Nodes are numbered as :func:`build_graph` inserts them (``actors``, then each edge's source and
    target) and the edges kept in its order, so every figure is the one of the networkx graph; only
    the exact betweenness of a small graph builds that graph.
    """
    nodes = pd.unique(pd.concat([pd.Series(list(actors), dtype="object"),
                                 pd.Series(np.column_stack([edges["source"].to_numpy(dtype=object),
                                                            edges["target"].to_numpy(dtype=object)]).ravel(),
                                           dtype="object")], ignore_index=True))
    count = len(nodes)
    if count == 0:
        return pd.DataFrame({"actor": pd.Series(dtype="str"),
                             **{column: pd.Series(dtype="float64") for column in POSITION_COLUMNS[1:]}})
    if edges[["source", "target"]].duplicated().any():  # a repeated pair is one networkx edge (the last weight)
        graph = build_graph(edges, actors=actors)
        return _position_frame(list(graph.nodes), *_graph_arrays(graph), graph=graph)
    position = pd.Series(np.arange(count), index=pd.Index(nodes, dtype="object"))
    sources = position.reindex(edges["source"].to_numpy(dtype=object)).to_numpy()
    targets = position.reindex(edges["target"].to_numpy(dtype=object)).to_numpy()
    weights = edges["weight"].to_numpy(dtype="float64")
    graph = build_graph(edges, actors=actors) if count <= BETWEENNESS_SAMPLE else None
    return _position_frame(list(nodes), sources, targets, weights, graph=graph)


def _graph_arrays(graph: nx.DiGraph) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    position = {node: index for index, node in enumerate(graph.nodes)}
    triples = [(position[u], position[v], float(data.get("weight", 1.0))) for u, v, data in graph.edges(data=True)]
    sources, targets, weights = (np.array(column) for column in zip(*triples)) if triples else \
        (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0))
    return sources.astype(np.int64), targets.astype(np.int64), weights.astype("float64")


def _position_frame(nodes: list, sources: np.ndarray, targets: np.ndarray, weights: np.ndarray, *,
                    graph: nx.DiGraph | None) -> pd.DataFrame:
    count = len(nodes)
    order = np.argsort(sources, kind="stable")  # networkx's edge order: by source node, then insertion
    sources, targets, weights = sources[order], targets[order], weights[order]
    pagerank = _pagerank_arrays(count, sources, targets, weights)
    if count > BETWEENNESS_SAMPLE:
        betweenness = _sampled_betweenness_arrays(count, sources, targets, BETWEENNESS_SAMPLE, seed=0)
    else:
        exact = nx.betweenness_centrality(graph, normalized=True)
        betweenness = np.array([float(exact[node]) for node in nodes], dtype="float64")
    return pd.DataFrame({
        "actor": pd.Series(nodes, dtype="str"),
        "in_degree": np.bincount(targets, minlength=count).astype("float64"),
        "replies_received": np.bincount(targets, weights=weights, minlength=count).astype("float64"),
        "pagerank": pagerank,
        "betweenness": betweenness,
    })
