import networkx as nx
import numpy as np
import pandas as pd
import pytest

from sermo_helpers.errors import AnalysisError
from sermo_helpers.influence.network import (build_conversation_edges, build_graph, compute_network_position,
                                             compute_pagerank)

# Hand-computed PageRank (damping d = 0.85, N = 5) of B->A, C->A, D->A, E->A, A->B:
#   C = D = E = (1 - d) / N = 0.03 (no incoming links)
#   A = 0.03 + d (B + 3 * 0.03) and B = 0.03 + d A   =>   A = 0.132 / 0.2775, B = 0.03 + 0.85 A
PR_A = 0.132 / 0.2775
PR_B = 0.03 + 0.85 * PR_A


def five_node_graph():
    return nx.DiGraph([("B", "A"), ("C", "A"), ("D", "A"), ("E", "A"), ("A", "B")])


def test_pagerank_matches_the_hand_computed_five_node_example():
    rank = compute_pagerank(five_node_graph())
    assert rank["A"] == pytest.approx(PR_A, abs=1e-9)  # 0.475676
    assert rank["B"] == pytest.approx(PR_B, abs=1e-9)  # 0.434324
    assert [rank[node] for node in "CDE"] == pytest.approx([0.03, 0.03, 0.03], abs=1e-9)
    assert sum(rank.values()) == pytest.approx(1.0)


def test_pagerank_spreads_dangling_rank_evenly():
    # A -> B, B has no outgoing link: A = 0.075 + 0.425 B, A + B = 1  =>  A = 0.5 / 1.425
    rank = compute_pagerank(nx.DiGraph([("A", "B")]))
    assert rank["A"] == pytest.approx(0.5 / 1.425, abs=1e-9)
    assert rank["B"] == pytest.approx(1 - 0.5 / 1.425, abs=1e-9)


def test_pagerank_uses_edge_weights():
    # A sends 3/4 of its rank to B and 1/4 to C; B and C are dangling.
    graph = nx.DiGraph()
    graph.add_edge("A", "B", weight=3.0)
    graph.add_edge("A", "C", weight=1.0)
    rank = compute_pagerank(graph)
    assert rank["B"] > rank["C"] > rank["A"]
    # Every node gets (1-d)/3 + d * (B + C) / 3; B adds d * 3/4 A, C adds d * 1/4 A.
    base = 0.05 + 0.85 * (rank["B"] + rank["C"]) / 3
    assert rank["A"] == pytest.approx(base, abs=1e-9)
    assert rank["B"] == pytest.approx(base + 0.85 * 0.75 * rank["A"], abs=1e-9)


def test_pagerank_of_empty_graph_and_bad_damping():
    assert compute_pagerank(nx.DiGraph()) == {}
    with pytest.raises(AnalysisError, match="damping"):
        compute_pagerank(five_node_graph(), damping=1.0)


def edges_frame():
    return pd.DataFrame({"source": list("BCDEA"), "target": list("AAAAB"), "weight": [1.0, 2.0, 1.0, 1.0, 1.0]})


def test_network_position_of_the_five_node_graph():
    position = compute_network_position(edges_frame(), actors=["F"]).set_index("actor")
    assert position.loc["A", "in_degree"] == 4.0
    assert position.loc["A", "replies_received"] == 5.0
    assert position.loc["B", "in_degree"] == 1.0
    # A lies on the shortest paths C->B, D->B, E->B; directed normalisation divides by (n-1)(n-2) = 20.
    assert position.loc["A", "betweenness"] == pytest.approx(3 / 20)
    assert position.loc[["B", "C", "F"], "betweenness"].tolist() == [0.0, 0.0, 0.0]
    assert position.loc["F", "in_degree"] == 0.0
    assert position["pagerank"].sum() == pytest.approx(1.0)
    assert position["pagerank"].idxmax() == "A"


def test_edges_from_replies_and_mentions(mentions_from):
    mentions = mentions_from([
        {"author": "@Kari", "text": "Hei @ola og @OLA, se @ukjent"},  # 1: names ola (once), not an author
        {"author": "ola", "in_reply_to": "1", "text": "Svar"},          # 2: ola -> @Kari
        {"author": "ola", "in_reply_to": "1"},                          # 3: ola -> @Kari again
        {"author": "@kari", "in_reply_to": "1"},                        # 4: self-reply, dropped
        {"author": None, "in_reply_to": "1"},                           # 5: no author, skipped
        {"author": "per", "in_reply_to": "99"},                         # 6: parent not in data
        {"author": "per", "text": "e-post: per@example.no"},            # 7: an address is not a mention
    ])
    edges = build_conversation_edges(mentions)
    assert edges.to_dict("records") == [
        {"source": "ola", "target": "@Kari", "weight": 2.0, "replies": 2.0, "mentions": 0.0},
        {"source": "@Kari", "target": "ola", "weight": 1.0, "replies": 0.0, "mentions": 1.0},
    ]


def test_no_edges_gives_an_empty_frame_with_the_columns(mentions_from):
    edges = build_conversation_edges(mentions_from([{"author": "a"}, {"author": "b"}]))
    assert edges.empty and list(edges.columns) == ["source", "target", "weight", "replies", "mentions"]
    assert compute_network_position(edges).empty


def test_missing_author_column_is_named(mentions_from):
    with pytest.raises(AnalysisError, match="author"):
        build_conversation_edges(mentions_from([{"author": "a"}]).drop(columns=["author"]))


def test_build_graph_keeps_weights_and_isolated_actors():
    graph = build_graph(edges_frame(), actors=["F"])
    assert graph["C"]["A"]["weight"] == 2.0 and "F" in graph and graph.number_of_edges() == 5


def test_sampled_betweenness_gives_networkx_values_exactly():
    """Above 200 actors betweenness is estimated from 200 sources: the same sources and the same sums
    as networkx's estimate, to the last bit (a directed graph of 600 nodes with hubs and chains)."""
    import random

    import networkx as nx

    from sermo_helpers.influence.network import sampled_betweenness

    rng = random.Random(7)
    graph = nx.DiGraph()
    for node in range(600):
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            graph.add_edge(f"a{node}", f"a{rng.choice(range(40)) if rng.random() < 0.5 else rng.randrange(600)}")
    graph.remove_edges_from(list(nx.selfloop_edges(graph)))
    expected = nx.betweenness_centrality(graph, k=200, normalized=True, seed=0)
    found = sampled_betweenness(graph, 200, seed=0)
    assert found == expected
    assert max(found.values()) > 0.005 and sum(value > 0 for value in found.values()) > 100  # not a trivial graph


def test_network_position_on_arrays_is_the_networkx_graphs_to_the_last_bit():
    """compute_network_position numbers nodes and orders edges as build_graph does, so in-degree, weighted
    in-degree, PageRank and sampled betweenness equal those of the networkx graph exactly (700 actors,
    isolated ones among them, a reply graph with hubs and chains)."""
    import random

    import networkx as nx

    from sermo_helpers.influence.network import compute_network_position, sampled_betweenness

    rng = random.Random(11)
    pairs = {}
    for node in range(600):
        for _ in range(rng.choice((0, 0, 1, 2, 3))):
            target = rng.randrange(30) if rng.random() < 0.5 else rng.randrange(600)
            if target != node:
                pairs[(f"a{node}", f"a{target}")] = float(rng.randint(1, 4))
    edges = pd.DataFrame([(s, t, w) for (s, t), w in pairs.items()], columns=["source", "target", "weight"])
    edges = edges.sample(frac=1.0, random_state=3).reset_index(drop=True)  # not grouped by source
    actors = sorted({f"a{n}" for n in range(0, 700, 3)})
    found = compute_network_position(edges, actors=actors).set_index("actor")

    graph = build_graph(edges, actors=actors)
    assert list(found.index) == list(graph.nodes) and len(graph) > 200
    pagerank = compute_pagerank(graph)
    betweenness = sampled_betweenness(graph, 200, seed=0)
    assert betweenness == nx.betweenness_centrality(graph, k=200, normalized=True, seed=0)
    for node in graph.nodes:
        assert found.loc[node, "in_degree"] == graph.in_degree(node)
        assert found.loc[node, "replies_received"] == graph.in_degree(node, weight="weight")
        assert found.loc[node, "pagerank"] == pagerank[node]
        assert found.loc[node, "betweenness"] == betweenness[node]
    assert found["betweenness"].gt(0).sum() > 50 and found["in_degree"].max() > 10


def test_parent_authors_by_arrow_equal_the_map_of_the_last_rows():
    """The parents' authors found with Arrow's index_in on the reversed ids are the definition's
    (``map`` over the last row of each id), with repeated ids, missing parents and no rows."""
    import random

    from sermo_helpers.influence.network import _parent_authors

    rng = random.Random(11)
    for count in (0, 1, 50, 800):
        authored = pd.DataFrame({
            "mention_id": pd.Series([f"m{rng.randint(0, count)}" for _ in range(count)], dtype="str"),
            "author": pd.Series([f"a{rng.randint(0, 30)}" for _ in range(count)], dtype="str")})
        parents = pd.Series([f"m{rng.randint(0, count + 20)}" for _ in range(count // 2 + 3)], dtype="str",
                            index=range(5, count // 2 + 8))
        last = authored.drop_duplicates("mention_id", keep="last")
        expected = parents.map(pd.Series(last["author"].to_numpy(), index=last["mention_id"]))
        pd.testing.assert_series_equal(_parent_authors(authored, parents), expected, check_names=False,
                                       check_dtype=count > 0)  # mapping by nothing gives floats
        objects = authored.astype("object")  # not Arrow text: the map itself
        pd.testing.assert_series_equal(_parent_authors(objects, parents), expected, check_names=False,
                                       check_dtype=False)
        among = np.array([rng.random() < 0.6 for _ in range(count)], dtype=bool)  # rows with an author
        last = authored[among].drop_duplicates("mention_id", keep="last")
        expected = parents.map(pd.Series(last["author"].to_numpy(), index=last["mention_id"]))
        pd.testing.assert_series_equal(_parent_authors(authored, parents, among=among), expected,
                                       check_names=False, check_dtype=bool(among.any()))


def test_conversation_edges_equal_a_plain_count_of_replies_and_mentions():
    """The edges (parents found by Arrow, self-replies compared as numbers, counts by groupby) are the
    plain definition's: each reply to a message in the data (a repeated id: its last row) and each
    @handle naming an author, by another handle, counted per (source, target) and kind."""
    import random
    from collections import Counter

    from sermo_helpers.ecosystem import normalise_handle
    from sermo_helpers.influence.network import HANDLE_PATTERN

    rng = random.Random(17)
    authors = ["kari", "@Kari", "ola", "Per ", "  ", "liv.berg", "nrk", None]
    for count in (3, 60, 700):
        ids = [f"m{rng.randint(0, count)}" for _ in range(count)]
        rows = {"mention_id": ids,
                "author": [rng.choice(authors) for _ in range(count)],
                "in_reply_to": [rng.choice([None, rng.choice(ids), "gone"]) for _ in range(count)],
                "text": [rng.choice([None, "hei", "@kari og @OLA", "til @liv.berg.", "e@post.no @nrk @nrk",
                                     "@per @ukjent"]) for _ in range(count)]}
        mentions = pd.DataFrame({name: pd.Series(values, dtype="str") for name, values in rows.items()})
        authored = mentions[mentions["author"].notna()]
        last_author = dict(zip(authored["mention_id"], authored["author"]))
        by_handle = {}
        for author in authored["author"].unique():
            by_handle.setdefault(normalise_handle(author), author)
        counts = Counter()
        for author, parent, text in zip(authored["author"], authored["in_reply_to"], authored["text"]):
            if isinstance(parent, str) and parent in last_author and \
                    normalise_handle(last_author[parent]) != normalise_handle(author):
                counts[(author, last_author[parent], "replies")] += 1
            if isinstance(text, str):
                for handle in {found.lower() for found in HANDLE_PATTERN.findall(text)}:
                    if by_handle.get(handle) is not None and handle != normalise_handle(author):
                        counts[(author, by_handle[handle], "mentions")] += 1
        expected = {}
        for (source, target, how), number in counts.items():
            expected.setdefault((source, target), {"replies": 0.0, "mentions": 0.0})[how] += number
        edges = build_conversation_edges(mentions)
        got = {(source, target): {"replies": replies, "mentions": mentioned} for source, target, replies, mentioned
               in zip(edges["source"], edges["target"], edges["replies"], edges["mentions"])}
        assert got == expected and len(got) == len(edges)
        assert (edges["weight"] == edges["replies"] + edges["mentions"]).all()
        order = sorted(zip(-edges["weight"], edges["source"], edges["target"]))
        assert order == list(zip(-edges["weight"], edges["source"], edges["target"]))
        assert edges.dtypes.astype(str).tolist() == ["str", "str", "float64", "float64", "float64"]


def test_conversation_edges_read_by_worker_processes_are_the_same(monkeypatch):
    """With many mentions the replies and the texts are read by two forked workers while ``meanwhile``
    runs here: the same edges as in one process (forced here by lowering the threshold)."""
    from sermo_helpers import parallel

    mentions = pd.DataFrame({name: pd.Series(values, dtype="str") for name, values in {
        "mention_id": ["1", "2", "3", "4", "5"], "author": ["kari", "ola", "kari", "@Ola", None],
        "in_reply_to": [None, "1", "2", "1", "1"], "text": ["hei @ola", "svar", "@OLA @per", "ja", "@kari"]}.items()})
    alone = build_conversation_edges(mentions)
    assert alone["weight"].tolist() == [3.0, 1.0, 1.0]  # kari -> ola twice named, once answered
    monkeypatch.setattr(parallel, "PROCESS_ROWS", 0)
    monkeypatch.setattr(parallel, "core_budget", lambda: 2)
    called = []
    shared = build_conversation_edges(mentions, meanwhile=lambda: called.append(True))
    pd.testing.assert_frame_equal(shared, alone)
    assert called == [True]
