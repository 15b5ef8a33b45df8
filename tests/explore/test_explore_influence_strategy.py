"""Drill-down and period comparison in the Influence and Strategy explorers ("any explorer compares").

Small known inputs (tests/explore/conftest.py: ten hand-written mentions, Testby and its peer Annenby)
with the figures counted by hand in the comments; the demo client for the drill-down's row counts.
"""
import datetime as dt

import pytest

from sermo_helpers.explore.influence import explore_influence
from sermo_helpers.explore.strategy import explore_strategy
from sermo_helpers.influence import analyse_influence
from sermo_helpers.strategy import analyse_strategy

WEEK = dict(start=dt.date(2026, 4, 13), end=dt.date(2026, 4, 19))  # the week before: 6-12 April


def test_strategy_compares_the_week_with_the_week_before_per_subject(data, client):
    explorer = explore_strategy(analyse_strategy(data, client), client, headless=False)
    explorer.set(**WEEK)
    explorer.widgets["compare"].value = "previous"
    assert explorer.error is None
    table = explorer.snapshot.frames["comparison"].set_index("key")
    # 13-19 April: Testby 5, 6, 9 and Annenby 7, 8 (negative: 5, 8, 9); 6-12 April: Testby 1, 2, 3
    # (3 has no subject: the client's; 4 is the client's own reply, never counted; negative: 2)
    assert table.loc["mentions", ["this", "other"]].tolist() == [5, 3]
    assert table.loc["negative", ["this", "other"]].tolist() == [3, 1]
    assert table.loc["negative_share", ["this", "other"]].tolist() == pytest.approx([3 / 5, 1 / 3])
    assert table.loc["subject:testby", ["this", "other", "change"]].tolist() == [3, 3, 0]
    assert table.loc["subject:annenby", ["this", "other", "change"]].tolist() == [2, 0, 2]
    assert table.loc["subject:testby", "measure"] == "Omtaler av Testby kommune"
    overlay = explorer.snapshot.frames["overlay"]
    # per day, Monday first: 13.4 (5), 14.4 (6), 15.4 (7, 8), 16.4 (9); 6.4 (1), 7.4 (2), 8.4 (3)
    assert overlay[overlay["which"] == "this"]["count"].tolist() == [1, 1, 2, 1, 0, 0, 0]
    assert overlay[overlay["which"] == "other"]["count"].tolist() == [1, 1, 1, 0, 0, 0, 0]
    explorer.widgets["peers"].value = ()  # the client only
    table = explorer.snapshot.frames["comparison"].set_index("key")
    assert table.loc["mentions", ["this", "other"]].tolist() == [3, 3] and "subject:annenby" not in table.index
    shown = " ".join(output["data"].get("text/html", "") for output in explorer.output.outputs)
    assert "13.04.2026–19.04.2026" in shown and "06.04.2026–12.04.2026" in shown


def test_influence_compares_the_mentions_of_the_actors_shown(data, client):
    result = analyse_influence(data, client)
    explorer = explore_influence(result, client, headless=False)
    explorer.set(**WEEK)
    explorer.widgets["compare"].value = "previous"
    assert explorer.error is None
    table = explorer.snapshot.frames["comparison"].set_index("key")
    shown = explorer.snapshot.frames["ranking"]["actor"].tolist()
    # the client's mentions by others: 13-19 April @dag (5), @eva (6), @hans (9); 6-12 April @anna, @bjorn, @cecilie
    assert sorted(shown) == ["@anna", "@bjorn", "@cecilie", "@dag", "@eva", "@hans", "@ida"]
    assert table.loc["mentions", ["this", "other"]].tolist() == [3, 3]
    assert table.loc["negative", ["this", "other"]].tolist() == [2, 1]
    assert table.loc["actor:@dag", ["this", "other"]].tolist() == [1, 0]
    assert table.loc["actor:@anna", ["this", "other"]].tolist() == [0, 1]
    assert "actor:@ida" not in table.index  # 30 April: in neither week
    assert table.loc["actor:@dag", "measure"] == "Omtaler fra @dag"
    explorer.widgets["compare"].value = "chosen"
    assert "Velg «Sammenlign fra»" in explorer.output.outputs[-1]["data"]["text/html"]
    explorer.set(compare_start=dt.date(2026, 4, 27), compare_end=dt.date(2026, 5, 3))
    table = explorer.snapshot.frames["comparison"].set_index("key")
    assert table.loc["mentions", "other"] == 1 and table.loc["actor:@ida", "other"] == 1


@pytest.fixture(scope="module")
def demo_influence():
    from sermo_helpers.config import load_client_config
    from sermo_helpers.workbook import open_workbook

    client, data = open_workbook(load_client_config("fjordvik").to_parameters())
    return client, analyse_influence(data, client)


def test_an_actor_opens_into_as_many_mentions_as_the_ranking_counts_with_links(demo_influence):
    client, result = demo_influence
    explorer = explore_influence(result, client, headless=False)
    options = explorer.widgets["actor"].options
    assert options[0][1] == "none" and len(options) == min(100, len(result.ranking)) + 1
    ranked = result.ranking.sort_values("rank").head(8)
    for row in ranked.itertuples(index=False):
        explorer.widgets["actor"].value = row.actor
        assert explorer.error is None
        mentions = explorer.snapshot.frames["actor_mentions"]
        replies = explorer.snapshot.frames["actor_replies"]
        assert len(mentions) == row.mentions, row.actor
        assert set(replies["in_reply_to"]) <= set(mentions["mention_id"])
        html = [output["data"].get("text/html", "") for output in explorer.output.outputs]
        caption = next(part for part in html if "rangeringen teller" in part)
        count = int(row.mentions)
        assert f"{row.actor}: {count} omtaler (rangeringen teller {count}) og {len(replies)} svar" in caption
        links = sum(part.count('target="_blank"') for part in html)
        assert links == int(mentions["url"].str.startswith("https://").sum() + replies["url"].str.startswith("https://").sum())
    explorer.widgets["actor"].value = "none"
    assert "actor_mentions" not in explorer.snapshot.frames


def test_headless_influence_and_strategy_show_no_comparison_or_drill(data, client):
    for explorer in (explore_influence(analyse_influence(data, client), client, headless=True),
                     explore_strategy(analyse_strategy(data, client), client, headless=True)):
        assert "comparison" not in explorer.snapshot.frames and "actor_mentions" not in explorer.snapshot.frames
