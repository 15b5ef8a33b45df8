"""The Engage, Influence and Strategy explorers: filters on small frames, controls on the demo client."""
import datetime as dt

import pandas as pd
import pytest

from sermo_helpers.explore.core import choice_options, in_period
from sermo_helpers.explore.engage import explore_engage, select_conversations
from sermo_helpers.explore.influence import explore_influence, select_actors
from sermo_helpers.engage import analyse_engage
from sermo_helpers.explore.strategy import explore_strategy
from sermo_helpers.influence import analyse_influence
from sermo_helpers.strategy import analyse_strategy


def test_in_period_uses_local_calendar_days():
    times = pd.Series(pd.to_datetime(["2026-04-30T21:30:00+00:00", "2026-04-30T22:30:00+00:00"], utc=True))
    assert in_period(times, timezone="Europe/Oslo", end=dt.date(2026, 4, 30)).tolist() == [True, False]
    assert in_period(times, timezone="UTC", end=dt.date(2026, 4, 30)).tolist() == [True, True]


def test_choice_options_translate_and_fall_back_to_the_value():
    assert choice_options(["negative", "mystery"], "en", prefix="explore.sentiment") == (
        ("All", "all"), ("negative", "negative"), ("mystery", "mystery"))


def test_select_conversations_filters_period_channel_and_opening_tone():
    conversations = pd.DataFrame({
        "opened_at": pd.to_datetime(["2026-04-01T08:00Z", "2026-04-02T08:00Z", "2026-05-01T08:00Z"], utc=True),
        "channel": ["x", "facebook", "x"], "opening_sentiment": ["negative", "negative", None]})
    pick = lambda **options: select_conversations(conversations, timezone="Europe/Oslo", **options).index.size
    assert pick() == 3
    assert pick(sentiment="negative") == 2
    assert pick(channels=("x",), sentiment="negative") == 1
    assert pick(end=dt.date(2026, 4, 30)) == 2


def test_select_actors_filters_level_and_role_in_rank_order():
    ranking = pd.DataFrame({"rank": [3, 1, 2], "actor": ["c", "a", "b"], "level": [3, 2, 3],
                            "role": ["critic", "journalist", "advocate"]})
    assert select_actors(ranking)["actor"].tolist() == ["a", "b", "c"]
    assert select_actors(ranking, level=3)["actor"].tolist() == ["b", "c"]
    assert select_actors(ranking, level=3, role="critic")["actor"].tolist() == ["c"]


def test_strategy_explorer_compares_the_chosen_peers(data, client):
    explorer = explore_strategy(analyse_strategy(data, client), client, headless=False)
    peers = explorer.snapshot.frames["peers"]
    assert peers["subject"].tolist() == ["testby", "annenby"]
    assert peers["mentions"].tolist() == [7, 2]
    assert peers["share_of_voice"].tolist() == pytest.approx([7 / 9, 2 / 9])
    explorer.widgets["channels"].value = ("facebook",)
    assert explorer.snapshot.frames["peers"]["mentions"].tolist() == [2, 1]
    explorer.widgets["peers"].value = ()
    assert explorer.snapshot.frames["peers"]["subject"].tolist() == ["testby"]
    assert "Annenby" not in explorer.output.outputs[1]["data"]["text/html"]


# --- the demo client: real stage functions end to end ------------------------------------------------

@pytest.fixture(scope="module")
def demo():
    from sermo_helpers.config import load_client_config
    from sermo_helpers.workbook import open_workbook

    try:
        config = load_client_config("fjordvik")
    except Exception as error:  # pragma: no cover - the demo is committed
        pytest.skip(f"demo client not available: {error}")
    client, data = open_workbook(config.to_parameters())
    return client, data


def test_engage_explorer_on_the_demo_narrows_to_criticism(demo):
    client, data = demo
    explorer = explore_engage(analyse_engage(data, client), client, headless=False)
    everything = explorer.snapshot.frames["conversations"]
    explorer.widgets["sentiment"].value = "negative"
    negative = explorer.snapshot.frames["conversations"]
    assert explorer.error is None
    assert 0 < len(negative) < len(everything)
    assert set(negative["opening_sentiment"]) == {"negative"}
    assert explorer.snapshot.frames["response"]["conversations"].sum() == len(negative)
    explorer.widgets["channels"].value = ("facebook",)
    assert set(explorer.snapshot.frames["response"]["channel"]) == {"facebook"}
    assert set(explorer.snapshot.frames["conversations"]["channel"]) == {"facebook"}


def test_influence_explorer_on_the_demo_finds_the_planted_journalists(demo):
    from sermo_helpers.demo import PLANTED

    client, data = demo
    explorer = explore_influence(analyse_influence(data, client), client, headless=False)
    assert len(explorer.snapshot.frames["ranking"]) == 16
    explorer.widgets["role"].value = "journalist"
    explorer.widgets["top"].value = 5
    ranking = explorer.snapshot.frames["ranking"]
    assert explorer.error is None and len(ranking) <= 5 and set(ranking["role"]) == {"journalist"}
    planted = {name for name, role in PLANTED["fjordvik"]["influencers"].items() if role == "journalist"}
    assert planted <= set(ranking["actor"])


def test_strategy_explorer_on_the_demo_counts_peer_mentions(demo):
    client, data = demo
    explorer = explore_strategy(analyse_strategy(data, client), client, headless=False)
    explorer.widgets["peers"].value = ("havnes",)
    peers = explorer.snapshot.frames["peers"]
    others = data.mentions[~data.mentions["is_own"]]
    assert peers["name"].tolist() == ["Fjordvik kommune", "Havnes kommune"]
    assert peers["mentions"].tolist() == [int((others["subject"].fillna("fjordvik") == "fjordvik").sum()),
                                          int((others["subject"] == "havnes").sum())]
