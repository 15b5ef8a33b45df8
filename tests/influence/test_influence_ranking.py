import math

import pandas as pd
import pytest

from sermo_helpers.errors import AnalysisError
from sermo_helpers.influence.levels import classify_sources
from sermo_helpers.influence.ranking import (RANKING_COLUMNS, assign_role, classify_stance, explain_choice,
                                             mention_polarity, rank_influencers, select_circle, suggest_action)

PR_A = 0.132 / 0.2775  # see test_influence_network: hand-computed PageRank of the five-node graph
PR_B = 0.03 + 0.85 * PR_A


@pytest.fixture
def five_node_mentions(mentions_from):
    # Replies give B->A, C->A (twice), D->A, E->A and A->B: the five-node graph of the network tests.
    return mentions_from([
        {"mention_id": "a1", "author": "A"},
        {"mention_id": "b1", "author": "B", "in_reply_to": "a1"},
        {"mention_id": "c1", "author": "C", "in_reply_to": "a1"},
        {"mention_id": "c2", "author": "C", "in_reply_to": "a1"},
        {"mention_id": "d1", "author": "D", "in_reply_to": "a1"},
        {"mention_id": "e1", "author": "E", "in_reply_to": "a1"},
        {"mention_id": "a2", "author": "A", "in_reply_to": "b1"},
    ])


def test_exact_ranks_of_the_five_node_graph_by_network_position(five_node_mentions, client):
    ranking = rank_influencers(classify_sources(five_node_mentions, client), client, weights={"network": 1})
    assert ranking["actor"].tolist() == ["A", "B", "C", "D", "E"]  # C, D, E tie: C has 2 mentions, then by name
    assert ranking["rank"].tolist() == [1, 2, 3, 4, 5]
    # network = (PageRank above the least, over the range + betweenness over the largest) / 2
    expected_b = 0.5 * (PR_B - 0.03) / (PR_A - 0.03)
    assert ranking["score"].tolist() == pytest.approx([1.0, expected_b, 0.0, 0.0, 0.0], abs=1e-9)
    assert ranking["in_degree"].tolist() == [4.0, 1.0, 0.0, 0.0, 0.0]
    assert ranking.loc[0, "betweenness"] == pytest.approx(3 / 12)


def test_composite_score_with_zero_followers_and_missing_fields(mentions_from, client):
    mentions = mentions_from([
        {"author": "X", "author_followers": 0.0},                                # no reach, no engagement known
        {"author": "Y", "reach": 99.0, "engagement": 4.0},                        # followers unknown
        {"author": "Y", "reach": 9.0, "engagement": 5.0},
        {"author": "Y"},
    ])
    ranking = rank_influencers(classify_sources(mentions, client), client).set_index("actor")
    assert ranking.loc["X", "followers"] == 0.0
    assert math.isnan(ranking.loc["X", "reach"]) and math.isnan(ranking.loc["X", "engagement"])
    assert ranking.loc["Y", ["reach", "engagement", "mentions"]].tolist() == [99.0, 9.0, 3.0]
    # X: activity log(2)/log(4) = 0.5 weighted 0.15; Y: reach, engagement, activity all 1.
    assert ranking.loc["X", "score"] == pytest.approx(0.15 * 0.5)
    assert ranking.loc["Y", "score"] == pytest.approx(0.25 + 0.25 + 0.15)
    assert ranking.loc["X", "stance"] == "unknown" and ranking.loc["X", "role"] == "amplifier"
    assert ranking.loc["Y", "rank"] == 1


def test_followers_and_reach_are_two_columns_from_two_fields(mentions_from, client):
    mentions = mentions_from([{"author": "V", "author_followers": 900.0, "reach": 12000.0},
                              {"author": "V", "author_followers": 950.0, "reach": 300.0},
                              {"author": "W", "author_followers": 5000.0, "reach": 800.0},
                              {"author": "Z", "reach": 70.0}])
    ranking = rank_influencers(classify_sources(mentions, client), client).set_index("actor")
    assert ranking.loc[["V", "W"], "followers"].tolist() == [950.0, 5000.0]   # the most author_followers seen
    assert ranking.loc[["V", "W", "Z"], "reach"].tolist() == [12000.0, 800.0, 70.0]  # the largest mention
    assert math.isnan(ranking.loc["Z", "followers"])
    # the reach component scores the larger of the two: V 12 000, W 5 000 (V is the largest: 1)
    assert ranking.loc["V", "reach_score"] == 1.0
    assert ranking.loc["W", "reach_score"] == pytest.approx(math.log1p(5000) / math.log1p(12000))
    why = {actor: explain_choice(ranking.loc[actor], "nb", weights={"reach": 1}, reasons=1) for actor in "VWZ"}
    assert why == {"V": "Har 950 følgere, og én omtale nådde 12\u00a0000",
                   "W": "Har 5\u00a0000 følgere", "Z": "Én omtale nådde 70"}


@pytest.fixture
def role_mentions(mentions_from):
    return mentions_from([
        {"author": "@sur", "polarity": -0.5}, {"author": "@sur", "polarity": -0.3},
        {"author": "@glad", "polarity": 0.3},
        {"author": "@lunken", "polarity": 0.05},
        {"author": "Journalist", "channel": "news", "source_domain": "nrk.no", "polarity": -0.8},
        {"author": "@kystforskar", "polarity": 0.0},
        {"author": "@deler", "text": "RT @TestbyKommune: Nytt bibliotek!", "polarity": 0.6},
        {"author": "@deler", "text": "Deler: sommerjobber", "polarity": 0.6},
        {"author": "@deler", "text": "Flott!", "polarity": 0.6},
        {"author": "TestbyKommune", "is_own": True, "polarity": 0.9},
        {"author": "@nabo", "subject": "naboby", "polarity": -0.9},
    ])


def test_roles_stances_and_actions(role_mentions, client):
    ranking = rank_influencers(classify_sources(role_mentions, client), client).set_index("actor")
    assert ranking["role"].to_dict() == {"@sur": "critic", "@glad": "advocate", "@lunken": "amplifier",
                                         "Journalist": "journalist", "@kystforskar": "expert", "@deler": "amplifier"}
    assert ranking.loc["@sur", "polarity"] == pytest.approx(-0.4)
    assert ranking.loc["@sur", "stance"] == "negative" and ranking.loc["Journalist", "stance"] == "negative"
    assert ranking.loc["@deler", "shared"] == pytest.approx(2 / 3)
    assert suggest_action(ranking.loc["@sur", "role"], "nb").startswith("Svar raskt")
    assert "TestbyKommune" not in ranking.index and "@nabo" not in ranking.index  # own account, peer's mention


def test_english_actions(role_mentions, client):
    ranking = rank_influencers(classify_sources(role_mentions, client), client).set_index("actor")
    assert suggest_action(ranking.loc["@glad", "role"], "en").startswith("Thank them")


def test_ranking_columns_and_input_untouched(role_mentions, client):
    classified = classify_sources(role_mentions, client)
    before = classified.copy()
    ranking = rank_influencers(classified, client)
    pd.testing.assert_frame_equal(classified, before)
    assert list(ranking.columns) == RANKING_COLUMNS
    assert ranking["rank"].tolist() == list(range(1, len(ranking) + 1))
    assert ranking["score"].is_monotonic_decreasing


def test_polarity_sources(mentions_from):
    frame = mentions_from([{"source_sentiment": "Positive"}, {"source_sentiment": "negativ"},
                           {"source_sentiment": "nøytral"}, {"source_sentiment": None}])
    assert mention_polarity(frame).tolist()[:3] == [1.0, -1.0, 0.0]
    assert math.isnan(mention_polarity(frame).iloc[3])
    assert mention_polarity(frame.assign(sentiment=[2.0, -0.5, 0.0, 0.1])).tolist() == [1.0, -0.5, 0.0, 0.1]
    assert mention_polarity(frame.drop(columns=["source_sentiment"])).isna().all()


def test_stance_thresholds_and_role_order():
    assert [classify_stance(v) for v in (-0.1, -0.09, 0.0, 0.1, float("nan"))] == [
        "negative", "neutral", "neutral", "positive", "unknown"]
    assert assign_role(level=2, kind="news", stance="negative") == "journalist"
    assert assign_role(level=2, kind="public_body", stance="positive") == "expert"
    assert assign_role(level=3, kind="social", stance="negative", shared=0.5) == "amplifier"
    assert assign_role(level=3, kind="social", stance="negative", shared=0.4) == "critic"
    assert assign_role(level=3, kind="blog", stance="unknown") == "amplifier"


def test_empty_and_bad_input(mentions_from, client):
    only_own = classify_sources(mentions_from([{"author": "TestbyKommune", "is_own": True}]), client)
    empty = rank_influencers(only_own, client)
    assert empty.empty and list(empty.columns) == RANKING_COLUMNS
    with pytest.raises(AnalysisError, match="weights"):
        rank_influencers(only_own, client, weights={"fame": 1.0})
    with pytest.raises(AnalysisError, match="classify_sources"):
        rank_influencers(mentions_from([{"author": "a"}]), client)


def test_circle_size_limits_and_reasons(mentions_from, client):
    rows = [{"author": f"@a{i:02d}", "author_followers": float(100 * (i + 1)), "engagement": float(i)}
            for i in range(25)]
    ranking = rank_influencers(classify_sources(mentions_from(rows), client), client)
    circle = select_circle(ranking, size=12)
    assert len(circle) == 12 and circle["rank"].tolist() == list(range(1, 13))
    assert circle.loc[0, "actor"] == "@a24"
    assert explain_choice(circle.iloc[0], "nb") == (
        "Har 2\u00a0500 følgere; skaper engasjement (24 reaksjoner, kommentarer og delinger)")
    assert list(circle.columns) == RANKING_COLUMNS  # no language in the result: reasons are written at the edge
    assert len(select_circle(ranking)) == 15
    assert len(select_circle(ranking.head(4), size=10)) == 4
    for size in (9, 21, 15.0, True):
        with pytest.raises(AnalysisError, match="10 to 20"):
            select_circle(ranking, size=size)


def test_reason_falls_back_to_activity_when_nothing_stands_out(mentions_from, client):
    ranking = rank_influencers(classify_sources(mentions_from([{"author": "@stille"}]), client), client)
    assert explain_choice(ranking.iloc[0], "en") == "Active (1 mentions)"


def test_share_of_shares_is_the_pattern_on_every_text():
    """Only texts with a share marker are matched against the pattern; the answer is the pattern's on
    every text (markers at the start, after Unicode white space, inside a text, missing texts)."""
    from sermo_helpers.influence.ranking import SHARE_PATTERN, share_of_shares

    texts = pd.Series(["RT @kari: brøytinga", "  Deler: vegen", "\u2003\tRepost fra i går", "Delt:x", "Del: y",
                       "Shared: z", "Sharing: w", "hei RT @x", "rt @x: små bokstaver", "Deler vegen", None,
                       "Dele: nei", "\u00a0RT @ola", "Sharing", "Reposted: ja", ""] * 3, dtype="str")
    expected = texts.str.contains(SHARE_PATTERN, regex=True).fillna(False).astype("float64")
    found = share_of_shares(texts)
    pd.testing.assert_series_equal(found, expected)
    assert 0 < found.sum() < len(texts)


def test_main_value_per_actor_on_numbers_equals_the_counting_definition():
    """``_main`` (pairs counted as integers) gives ``_main_by_counts``' value for every actor: the most
    frequent, ties to the first in sort order; text and whole-number values, missing values, no rows."""
    import random

    import pandas as pd

    from sermo_helpers.influence.ranking import _main, _main_by_counts

    rng = random.Random(23)
    for count in (0, 1, 7, 500):
        actors = pd.Series([rng.choice(["kari", "ola", "Åse", "b", None]) for _ in range(count)], dtype="str")
        for values in (pd.Series([rng.choice(["news", "x", "blog", "Z", None]) for _ in range(count)], dtype="str"),
                       pd.Series([rng.choice([1, 2, 3]) for _ in range(count)], dtype="int64")):
            expected = _main_by_counts(values, actors).sort_index()
            got = _main(values, actors).sort_index()
            assert got.index.tolist() == expected.index.tolist()
            assert got.tolist() == expected.tolist()


def test_share_of_shares_in_pieces_equals_the_pattern_on_every_text(monkeypatch):
    """Shares told a piece of texts at a time, only the texts starting with a marker or white space
    matched: the same as the share pattern matched on every text (the definition)."""
    import random

    import pandas as pd

    from sermo_helpers.influence import ranking

    rng = random.Random(29)
    starts = ["RT @kari: ", "Deler: ", "Del:", "Delt: ", "Shared: ", "Sharing:", "Repost ", " RT @x ",
              "\u00a0Deler: ", "\tRepost", "RT@x", "rt @x", "Dele ", "Re post", "", "Hei "]
    texts = pd.Series([None if rng.random() < 0.05 else rng.choice(starts) + "tekst" for _ in range(1000)],
                      dtype="str", index=range(7, 1007))
    expected = texts.str.contains(ranking.SHARE_PATTERN, regex=True).fillna(False).astype("float64")
    monkeypatch.setattr(ranking, "SHARE_PIECE", 37)
    pd.testing.assert_series_equal(ranking.share_of_shares(texts), expected, check_names=False)
    assert ranking.share_of_shares(texts).sum() > 100
