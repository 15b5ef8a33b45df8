"""The Influence stage with the network's pairs read in a forked worker (beside the source classification)
gives the result of its steps run one after the other, frame for frame."""
import os

import pandas as pd
import pytest

from sermo_helpers import parallel
from sermo_helpers.config import load_client_config
from sermo_helpers.ecosystem import load_ecosystem_rules
from sermo_helpers.influence import summary
from sermo_helpers.influence.levels import classify_sources, measure_search, summarise_levels
from sermo_helpers.influence.network import build_conversation_edges
from sermo_helpers.influence.ranking import rank_influencers, select_circle
from tests.influence.test_influence_summary import demo_prepared

pytestmark = pytest.mark.skipif(not parallel.can_fork_workers(), reason="worker processes are forked on Linux only")


@pytest.mark.parametrize("slug", ["fjordvik", "coastline"])
def test_the_worker_and_the_steps_one_after_the_other_agree(slug, monkeypatch):
    data = demo_prepared(slug, True)
    client = load_client_config(slug)
    # the definition: every step in this process, the ranking reading the shares itself
    rules = load_ecosystem_rules(client=client)
    classified = classify_sources(data.mentions, client, rules=rules)
    search = measure_search(data.web_traffic, rules=rules)
    levels = summarise_levels(classified, search, posts=data.posts, web_traffic=data.web_traffic,
                              channel_stats=data.channel_stats)
    edges = build_conversation_edges(data.mentions)
    ranking = rank_influencers(classified, client, edges=edges)
    # the stage with one forked worker (the demo is small: the threshold lowered, two cores allowed)
    monkeypatch.setattr(parallel, "PROCESS_ROWS", 0)
    monkeypatch.setenv(parallel.CORES_VARIABLE, "2")
    workers = []
    original = parallel.process_map

    def spy(function, items, **options):
        items = list(items)
        results = original(lambda item: (function(item), os.getpid()), items, **options)
        workers.extend(pid for _, pid in results)
        return [result for result, _ in results]
    monkeypatch.setattr(parallel, "process_map", spy)  # as build_conversation_edges calls it
    result = summary._analyse(data, client, circle_size=15, weights=None, rules=None)
    assert len(workers) == 2 and os.getpid() not in workers  # replies and @-mentions in a worker
    pd.testing.assert_frame_equal(result.classified, classified, check_exact=True)
    pd.testing.assert_frame_equal(result.search, search, check_exact=True)
    pd.testing.assert_frame_equal(result.levels, levels, check_exact=True)
    pd.testing.assert_frame_equal(result.edges, edges, check_exact=True)
    pd.testing.assert_frame_equal(result.ranking, ranking, check_exact=True)
    pd.testing.assert_frame_equal(result.circle, select_circle(ranking, size=15), check_exact=True)
    assert len(edges)  # real edges compared, not empty frames; Fjordvik's demo has shares ("RT @", "Deler:")
    assert ranking["shared"].gt(0).any() or slug != "fjordvik"
