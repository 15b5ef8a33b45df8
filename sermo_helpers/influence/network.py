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

EDGE_COLUMNS = ["source", "target", "weight", "replies", "mentions"]
POSITION_COLUMNS = ["actor", "in_degree", "replies_received", "pagerank", "betweenness"]
HANDLE_PATTERN = re.compile(r"(?<![\w@])@([\w_.]+\w)")
BETWEENNESS_SAMPLE = 200  # above this many nodes betweenness is estimated from this many sources


def build_conversation_edges(mentions: pd.DataFrame) -> pd.DataFrame:
    """Reply and @-mention edges between authors, one row per (source, target), heaviest first.

    Raises AnalysisError when ``mention_id`` or ``author`` is missing. Rows without an author are
    skipped; a reply to a message not in the frame gives no edge.
    """
    missing = [column for column in ("mention_id", "author") if column not in mentions.columns]
    if missing:
        raise AnalysisError(f"mentions lacks the column(s) {', '.join(missing)} needed for the network.",
                            argument="mentions", expected="mention_id, author", found=", ".join(mentions.columns))
    # only the columns read are copied (the texts only of the mentions naming someone)
    has_author = mentions["author"].notna()
    authored = mentions.loc[has_author, [c for c in ("mention_id", "author", "in_reply_to") if c in mentions.columns]]
    pairs: list[tuple[str, str, str]] = []
    if "in_reply_to" in authored.columns:
        # The parent's author by a join, not a dictionary of every mention (millions of entries);
        # a repeated mention_id answers with its last row, as a dictionary would.
        replies = authored.loc[authored["in_reply_to"].notna(), ["author", "in_reply_to"]]
        parents = authored.drop_duplicates("mention_id", keep="last")
        targets = replies["in_reply_to"].map(pd.Series(parents["author"].to_numpy(), index=parents["mention_id"]))
        replies = replies.assign(target=targets)[targets.notna()]
        names = pd.unique(pd.concat([replies["author"], replies["target"]], ignore_index=True))
        key = {name: normalise_handle(name) for name in names}
        for author, target in zip(replies["author"].tolist(), replies["target"].tolist()):
            if key[target] != key[author]:
                pairs.append((author, target, "replies"))
    if "text" in mentions.columns:
        by_handle: dict[str, str] = {}
        for author in authored["author"].unique():
            by_handle.setdefault(normalise_handle(author), author)
        text = mentions["text"]
        texts = mentions.loc[has_author & text.notna() & text.str.contains("@", regex=False).fillna(False),
                             ["author", "text"]]
        for author, text in zip(texts["author"].tolist(), texts["text"].tolist()):
            named = {handle.lower() for handle in HANDLE_PATTERN.findall(text)}
            for handle in sorted(named):
                target = by_handle.get(handle)
                if target is not None and handle != normalise_handle(author):
                    pairs.append((author, target, "mentions"))
    if not pairs:
        return pd.DataFrame({"source": pd.Series(dtype="str"), "target": pd.Series(dtype="str"),
                             **{column: pd.Series(dtype="float64") for column in EDGE_COLUMNS[2:]}})
    edges = pd.DataFrame(pairs, columns=["source", "target", "how"]).astype("str")
    counted = (edges.assign(one=1.0).pivot_table(index=["source", "target"], columns="how", values="one",
                                                 aggfunc="sum", fill_value=0.0).reset_index())
    for column in ("replies", "mentions"):
        if column not in counted.columns:
            counted[column] = 0.0
    counted.columns.name = None
    counted["weight"] = counted["replies"] + counted["mentions"]
    counted = counted.sort_values(["weight", "source", "target"], ascending=[False, True, True], kind="stable")
    return counted[EDGE_COLUMNS].astype({"weight": "float64", "replies": "float64", "mentions": "float64"}
                                        ).reset_index(drop=True)


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
    sources_array = np.asarray(sources, dtype=np.int64)
    targets_array = np.asarray(targets, dtype=np.int64)
    out_weight = np.bincount(sources_array, weights=np.asarray(weights, dtype=float), minlength=count)
    share = np.asarray(weights, dtype=float) / out_weight[sources_array] if sources else np.zeros(0)
    dangling = out_weight == 0
    rank = np.full(count, 1.0 / count)
    change = float("inf")
    for _ in range(max_iterations):
        flow = np.bincount(targets_array, weights=rank[sources_array] * share, minlength=count)
        new = (1.0 - damping) / count + damping * rank[dangling].sum() / count + damping * flow
        change = float(np.abs(new - rank).sum())
        rank = new
        if change < count * tolerance:
            return {node: float(rank[index]) for node, index in position.items()}
    raise AnalysisError(f"PageRank did not converge in {max_iterations} iterations", argument="max_iterations",
                        expected="convergence", found=f"change {change:.2e}")


def sampled_betweenness(graph: nx.DiGraph, k: int, *, seed: int = 0) -> dict:
    """Normalised, unweighted betweenness of a directed graph estimated from ``k`` sample sources:
    the same values as ``networkx.betweenness_centrality(graph, k=k, normalized=True, seed=seed)``
    (the same sources, the same sums in the same order), without its two dictionaries of every node
    per source: each source's search keeps only the nodes it reaches. Brandes (2001): a
    breadth-first search from each source counts shortest paths (sigma) and predecessors, then the
    dependencies are summed back from the farthest node.
    """
    import random
    from collections import deque

    sources = random.Random(seed).sample(list(graph.nodes()), k)
    betweenness = dict.fromkeys(graph, 0.0)
    successors = graph.succ
    for source in sources:
        order, depth, paths, before = [], {source: 0}, {source: 1.0}, {source: []}
        queue = deque([source])
        while queue:
            node = queue.popleft()
            order.append(node)
            next_depth, node_paths = depth[node] + 1, paths[node]
            for target in successors[node]:
                if target not in depth:
                    queue.append(target)
                    depth[target], paths[target], before[target] = next_depth, 0.0, []
                if depth[target] == next_depth:
                    paths[target] += node_paths
                    before[target].append(node)
        dependency = dict.fromkeys(order, 0)
        while order:
            node = order.pop()
            share = (1 + dependency[node]) / paths[node]
            for previous in before[node]:
                dependency[previous] += paths[previous] * share
            if node != source:
                betweenness[node] += dependency[node]
    pairs = len(graph) - 1  # targets other than the node itself
    if pairs < 2:
        return betweenness
    # a sampled source cannot count itself: its share is over k - 1 sources (as networkx rescales)
    scale_source, scale_other = 1 / ((k - 1) * (pairs - 1)), 1 / (k * (pairs - 1))
    chosen = set(sources)
    for node in betweenness:
        betweenness[node] *= scale_source if node in chosen else scale_other
    return betweenness


def compute_network_position(edges: pd.DataFrame, *, actors=()) -> pd.DataFrame:
    """Per actor: in_degree (distinct others who answer or name them), replies_received (weighted),
    pagerank (sums to 1 over the graph) and betweenness (normalised, unweighted, directed).

    ``actors`` adds isolated actors (in-degree 0, betweenness 0). Betweenness is exact up to
    BETWEENNESS_SAMPLE nodes and estimated from that many seeded sample sources above it.
    """
    graph = build_graph(edges, actors=actors)
    if graph.number_of_nodes() == 0:
        return pd.DataFrame({"actor": pd.Series(dtype="str"),
                             **{column: pd.Series(dtype="float64") for column in POSITION_COLUMNS[1:]}})
    pagerank = compute_pagerank(graph)
    if graph.number_of_nodes() > BETWEENNESS_SAMPLE:
        betweenness = sampled_betweenness(graph, BETWEENNESS_SAMPLE, seed=0)
    else:
        betweenness = nx.betweenness_centrality(graph, normalized=True)
    nodes = list(graph.nodes)
    return pd.DataFrame({
        "actor": pd.Series(nodes, dtype="str"),
        "in_degree": [float(graph.in_degree(node)) for node in nodes],
        "replies_received": [float(graph.in_degree(node, weight="weight")) for node in nodes],
        "pagerank": [pagerank[node] for node in nodes],
        "betweenness": [float(betweenness[node]) for node in nodes],
    })
