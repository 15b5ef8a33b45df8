"""Drill-down on the demo client: every aggregate opens into exactly the rows it counts, each with a link."""
import pandas as pd
import pytest

from sermo_helpers.explore.drill import (SMALL_SAMPLE, actor_mentions, engage_conversations, rows_html,
                                         small_sample_note, spike_mentions)


@pytest.fixture(scope="module")
def demo():
    from sermo_helpers.config import load_client_config
    from sermo_helpers.workbook import open_workbook

    client, data = open_workbook(load_client_config("fjordvik").to_parameters())
    return client, data


@pytest.fixture(scope="module")
def listen(demo):
    from sermo_helpers.listen import analyse_listen

    return analyse_listen(demo[1], demo[0])


def test_every_spike_opens_into_as_many_mentions_as_it_counts(demo, listen):
    client, _ = demo
    assert len(listen.spikes) >= 1
    for number, spike in enumerate(listen.spikes.itertuples(index=False)):
        rows = spike_mentions(listen, number, client)
        assert len(rows) == spike.mentions
        assert rows["published_at"].dt.normalize().between(spike.start, spike.end).all()
        assert rows["url"].str.startswith("https://").all()


def test_every_actor_opens_into_the_mentions_the_ranking_counts(demo):
    from sermo_helpers.influence import analyse_influence

    client, data = demo
    influence = analyse_influence(data, client)
    checked = 0
    for actor in influence.ranking.itertuples(index=False):
        mentions, replies = actor_mentions(influence, actor.actor, client)
        assert len(mentions) == actor.mentions, actor.actor
        assert set(replies["in_reply_to"]) <= set(mentions["mention_id"])
        checked += 1
    assert checked == len(influence.ranking) > 10


def test_every_engage_cell_opens_into_its_conversations(demo):
    from sermo_helpers.engage import analyse_engage

    client, data = demo
    engage = analyse_engage(data, client)
    everything = engage_conversations(engage, client)
    assert len(everything) == int(engage.response["conversations"].iloc[0])
    for row in engage.response_by_channel.itertuples(index=False):
        rows = engage_conversations(engage, client, channel=row.channel)
        assert len(rows) == row.conversations and int(rows["answered"].sum()) == row.answered
        answered = rows[rows["answered"]]
        assert answered["first_reply_text"].notna().all() and answered["minutes_to_answer"].notna().all()
        assert rows["opening_text"].notna().all()
        if len(answered):
            assert answered["minutes_to_answer"].median() == pytest.approx(row.median_first_response_minutes)
    for row in engage.response_by_month.itertuples(index=False):
        assert len(engage_conversations(engage, client, month=row.month)) == row.conversations


def test_rows_show_links_to_the_post_escaped_and_only_for_web_addresses():
    rows = pd.DataFrame({"text": ["<script>x</script>", "ok"], "url": ["https://x.test/a?b=1&c=2", "javascript:alert(1)"]})
    markup = rows_html(rows, "nb", columns={"text": "explore.column.text"}).markup
    assert '<a href="https://x.test/a?b=1&amp;c=2"' in markup and "javascript:" not in markup
    assert "&lt;script&gt;" in markup and "2 rader bak tallet" in markup


def test_a_rate_on_fewer_than_ten_items_is_flagged():
    assert small_sample_note(SMALL_SAMPLE, "nb") is None
    assert "bare 3 (under 10)" in small_sample_note(3, "nb", what="svarandelen ").markup


def test_the_listen_explorer_opens_a_spike_with_links_to_the_posts(demo, listen):
    from sermo_helpers.explore.listen import explore_listen

    client, _ = demo
    explorer = explore_listen(listen, client, headless=False)
    options = explorer.widgets["spike"].options
    assert options[0][1] == "none" and len(options) == len(listen.spikes) + 1
    first = listen.spikes.iloc[0]
    assert f"({int(first['mentions'])} omtaler)" in options[1][0] and first["start"].strftime("%d.%m.%Y") in options[1][0]
    explorer.widgets["spike"].value = 0
    assert explorer.error is None and len(explorer.snapshot.frames["spike"]) == first["mentions"]
    markup = explorer.output.outputs[-1]["data"]["text/html"]
    assert markup.count('target="_blank"') == first["mentions"]
    # the browser links each row too, and says that a limit applies
    assert explorer.output.outputs[3]["data"]["text/html"].count('target="_blank"') == 10
    assert "Viser de 10 med størst rekkevidde av" in explorer.output.outputs[2]["data"]["text/html"]


def test_from_after_to_says_why_nothing_is_shown(demo, listen):
    import datetime as dt

    from sermo_helpers.explore.listen import explore_listen

    client, _ = demo
    explorer = explore_listen(listen, client, headless=False)
    explorer.set(start=dt.date(2026, 6, 14))
    explorer.set(end=dt.date(2026, 6, 8))
    assert "«Fra» (14.06.2026) er etter «Til» (08.06.2026)" in explorer.output.outputs[0]["data"]["text/html"]


def test_the_engage_explorer_opens_its_conversations_and_warns_on_small_samples(demo):
    from sermo_helpers.engage import analyse_engage
    from sermo_helpers.explore.engage import explore_engage

    client, data = demo
    engage = analyse_engage(data, client)
    explorer = explore_engage(engage, client, headless=False)
    small = engage.response_by_channel[engage.response_by_channel["conversations"] < 10]
    markup = " ".join(output["data"].get("text/html", "") for output in explorer.output.outputs)
    assert markup.count("(under 10)") == len(small)
    for row in engage.response_by_channel.itertuples(index=False):
        explorer.widgets["open"].value = row.channel
        opened = explorer.snapshot.frames["opened"]
        assert len(opened) == row.conversations and int(opened["answered"].sum()) == row.answered
        assert explorer.output.outputs[-1]["data"]["text/html"].count("<tr>") == row.conversations + 1
    explorer.widgets["open"].value = "all"
    assert len(explorer.snapshot.frames["opened"]) == int(engage.response["conversations"].iloc[0])
