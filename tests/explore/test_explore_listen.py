"""The Listen explorer on ten known mentions: filters, browser order, controls re-rendering in place."""
import dataclasses
import datetime as dt

import pandas as pd
import pytest

from sermo_helpers.errors import AnalysisError
from sermo_helpers.listen import analyse_listen
from sermo_helpers.explore.listen import (ALL, browse_mentions, explore_listen, listen_controls,
                                          render_listen, select_mentions)
from sermo_helpers.present import Figure

TZ = "Europe/Oslo"


def ids(frame):
    return frame["mention_id"].tolist()


def prepare_mentions(data, client):
    """What the explorer filters: the Listen result's mentions by others."""
    return analyse_listen(data, client).audience


def test_the_explorer_reads_listens_audience_without_own_replies_and_keeps_the_tone(data, client):
    prepared = prepare_mentions(data, client)
    assert ids(prepared) == ["1", "2", "3", "5", "6", "7", "8", "9", "10"]
    assert prepared["sentiment"].tolist()[:3] == ["positive", "negative", "neutral"]
    assert data.mentions.shape[0] == 10  # the prepared frame is untouched


def test_listen_refuses_data_that_was_not_prepared(data, client):
    unprepared = dataclasses.replace(data, mentions=data.mentions.drop(columns=["sentiment", "critical"]))
    with pytest.raises(AnalysisError, match="needs prepared data"):
        analyse_listen(unprepared, client)


@pytest.mark.parametrize("options, expected", [
    ({}, ["1", "2", "3", "5", "6", "7", "8", "9", "10"]),
    ({"sentiment": "negative"}, ["2", "5", "8", "9"]),
    ({"language": "nn"}, ["6"]),
    ({"channels": ("facebook",)}, ["3", "6", "8"]),
    ({"subject": "annenby", "client": "testby"}, ["7", "8"]),
    ({"subject": "testby", "client": "testby"}, ["1", "2", "3", "5", "6", "9", "10"]),
    ({"search": "BRUNT"}, ["2", "9"]),
    ({"search": "brunt gang"}, ["9"]),
    ({"end": dt.date(2026, 4, 12)}, ["1", "2", "3"]),
    ({"start": dt.date(2026, 4, 30)}, ["10"]),  # 23:30 local on 30 April, 21:30 UTC
    ({"end": dt.date(2026, 4, 29)}, ["1", "2", "3", "5", "6", "7", "8", "9"]),
    ({"sentiment": ALL, "language": ALL, "subject": ALL, "channels": ()}, ["1", "2", "3", "5", "6", "7", "8", "9", "10"]),
])
def test_select_mentions_applies_each_filter(data, client, options, expected):
    assert ids(select_mentions(prepare_mentions(data, client), timezone=TZ, **options)) == expected


def test_browse_mentions_orders_by_reach_and_shows_local_time(data, client):
    browser = browse_mentions(prepare_mentions(data, client), timezone=TZ, top=3)
    assert browser["author"].tolist() == ["@dag", "@bjorn", "@frode"]
    assert browser["reach"].tolist() == [500.0, 300.0, 200.0]
    assert browser["published_at"].iloc[0] == pd.Timestamp("2026-04-13 10:00")


def test_default_view_counts_weeks_by_channel(data, client):
    prepared = prepare_mentions(data, client)
    controls = {control.name: control.value for control in listen_controls(prepared, client)}
    snapshot = render_listen(prepared, client, controls)
    weekly = snapshot.frames["weekly"].set_index(["period", "channel"])["count"]
    assert weekly[(pd.Timestamp("2026-04-06"), "x")] == 2
    assert weekly[(pd.Timestamp("2026-04-06"), "facebook")] == 1
    assert weekly[(pd.Timestamp("2026-04-13"), "x")] == 2  # the peer's mention (7, 8) is not the client's
    assert weekly[(pd.Timestamp("2026-04-13"), "facebook")] == 1
    assert weekly[(pd.Timestamp("2026-04-27"), "x")] == 1
    assert weekly[(pd.Timestamp("2026-04-27"), "facebook")] == 0
    assert [type(part).__name__ for part in snapshot.parts] == ["Html", "Figure", "Html"]
    assert "7 omtaler i utvalget, 43\u00a0% negative." in snapshot.parts[0].markup


def test_browser_escapes_internet_text(data, client):
    explorer = explore_listen(analyse_listen(data, client), client, headless=True)
    table = explorer.snapshot.parts[2].markup
    assert "Vannet er &lt;b&gt;brunt&lt;/b&gt; igjen" in table
    assert "<b>brunt" not in table


def test_headless_explorer_has_no_widgets_and_shows_the_default_view(data, client):
    explorer = explore_listen(analyse_listen(data, client), client, headless=True)
    assert explorer.widgets == {} and explorer.output is None
    assert ids(explorer.snapshot.frames["mentions"]) == ["1", "2", "3", "5", "6", "9", "10"]  # the client's
    assert isinstance(explorer.snapshot.parts[1], Figure)


def test_changing_the_sentiment_control_updates_table_and_figure(data, client):
    explorer = explore_listen(analyse_listen(data, client), client, headless=False)
    before = explorer.output.outputs
    assert [list(output["data"])[0] for output in before] == ["text/html", "image/png", "text/html"]
    explorer.widgets["sentiment"].value = "negative"
    after = explorer.output.outputs
    assert explorer.error is None
    assert explorer.snapshot.frames["browser"]["author"].tolist() == ["@dag", "@bjorn", "@hans"]
    assert explorer.snapshot.frames["weekly"]["count"].sum() == 3
    assert after[1]["data"]["image/png"] != before[1]["data"]["image/png"]
    assert "@anna" in before[2]["data"]["text/html"] and "@anna" not in after[2]["data"]["text/html"]
    explorer.widgets["subject"].value = ALL
    assert explorer.snapshot.frames["browser"]["author"].tolist() == ["@dag", "@bjorn", "@hans", "@gro"]


def test_search_top_and_breakdown_controls(data, client):
    explorer = explore_listen(analyse_listen(data, client), client, headless=False)
    explorer.widgets["top"].value = 2
    assert explorer.snapshot.frames["browser"]["author"].tolist() == ["@dag", "@bjorn"]
    explorer.widgets["breakdown"].value = "language"
    assert set(explorer.snapshot.frames["weekly"]["language"]) == {"nb", "nn", "en"}
    explorer.widgets["search"].value = "bibliotek"
    assert explorer.snapshot.frames["browser"]["author"].tolist() == ["@anna"]
    explorer.widgets["search"].value = "sommerfest"  # about the peer only
    assert len(explorer.snapshot.frames["mentions"]) == 0
    explorer.widgets["subject"].value = "annenby"
    assert explorer.snapshot.frames["browser"]["author"].tolist() == ["@frode"]


def test_nothing_matching_shows_a_note_instead_of_an_empty_figure(data, client):
    explorer = explore_listen(analyse_listen(data, client), client, headless=False)
    explorer.widgets["search"].value = "finnesikke"
    assert len(explorer.output.outputs) == 1
    assert "Ingen omtaler passer til utvalget." in explorer.output.outputs[0]["data"]["text/html"]


def test_labels_follow_the_client_language(data, client):
    english = type(client)(**{**client.__dict__, "language": "en"})
    explorer = explore_listen(analyse_listen(data, english), english, headless=False)
    assert explorer.widgets["sentiment"].description == "Sentiment"
    assert ("negative", "negative") in explorer.widgets["sentiment"].options
    assert "7 mentions selected, 43% negative." in explorer.snapshot.parts[0].markup


def test_demo_criticism_episode_shows_up_when_searching_its_topic():
    from sermo_helpers.config import load_client_config
    from sermo_helpers.demo import PLANTED
    from sermo_helpers.workbook import open_workbook

    client, data = open_workbook(load_client_config("fjordvik").to_parameters())
    episode = PLANTED["fjordvik"]["criticism_episode"]
    explorer = explore_listen(analyse_listen(data, client), client, headless=False)
    everything = len(explorer.snapshot.frames["mentions"])
    negative_overall = (explorer.snapshot.frames["mentions"]["sentiment"] == "negative").mean()
    explorer.set(start=dt.date.fromisoformat(episode["start"]))
    explorer.set(end=dt.date.fromisoformat(episode["end"]))
    explorer.widgets["search"].value = "kokevarsel"
    chosen = explorer.snapshot.frames["mentions"]
    assert explorer.error is None and 0 < len(chosen) < everything
    assert chosen["text"].str.lower().str.contains("kokevarsel").all()
    local = chosen["published_at"].dt.tz_convert(client.timezone)
    assert local.min().date() >= dt.date.fromisoformat(episode["start"])
    assert local.max().date() <= dt.date.fromisoformat(episode["end"])
    assert (chosen["sentiment"] == "negative").mean() > negative_overall  # the episode is criticism


def test_the_handout_view_shows_no_post_addresses_but_jupyterlab_links_them(data, client):
    # a post's address can name a private person, and the handout must be self-contained
    with_urls = dataclasses.replace(data, mentions=data.mentions.assign(
        url=[f"https://www.facebook.com/{number}/posts/{number}" for number in range(len(data.mentions))]))
    listen = analyse_listen(with_urls, client)
    handout = explore_listen(listen, client, headless=True).snapshot.parts[2].markup
    assert "https://" not in handout and "facebook.com" not in handout
    lab = explore_listen(listen, client, headless=False).snapshot.parts
    assert any("https://www.facebook.com/" in getattr(part, "markup", "") for part in lab)
