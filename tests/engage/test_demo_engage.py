"""The Engage stage on the committed demo client: the planted response behaviour is found."""
import dataclasses

import pytest

from sermo_helpers.config import load_client_config
from sermo_helpers.demo import PLANTED, demo_truth
from sermo_helpers.engage import analyse_engage, handout
from sermo_helpers.engage.content import (compute_post_engagement, compute_posting_heatmap,
                                          summarise_engagement)
from sermo_helpers.engage.response import (compute_criticism_response, compute_responders,
                                           compute_response_metrics)
from sermo_helpers.engage.threads import build_client_conversations, select_dialogue
from sermo_helpers.loaders import load_client
from sermo_helpers.paths import clients_dir
from sermo_helpers.workbook import prepare, with_tone


@pytest.fixture(scope="module")
def demo():
    if not (clients_dir() / "fjordvik.yaml").is_file():
        pytest.skip("the demo client file clients/fjordvik.yaml is not there yet")
    client = load_client_config("fjordvik")
    prepared = prepare(load_client(client), client, pseudonymise=False)
    tone = demo_truth("fjordvik").set_index("mention_id")["tone"]
    data = with_tone(prepared, prepared.mentions["mention_id"].map(tone))
    return client, data, data.mentions, analyse_engage(data, client).conversations


def test_conversations_are_the_questions_and_complaints(demo):
    client, data, mentions, conversations = demo
    truth = demo_truth("fjordvik")
    opened = set(truth.loc[truth["kind"].isin(["question", "complaint"]), "mention_id"])
    assert set(conversations["opening_id"]) == opened
    assert set(conversations["channel"]) == {"facebook", "x", "instagram"}


def test_planted_response_behaviour(demo):
    client, _, _, conversations = demo
    planted = PLANTED["fjordvik"]["response"]
    by_channel = compute_response_metrics(conversations, targets_minutes=client.response_targets_minutes,
                                          by="channel").set_index("channel")
    for channel in ("facebook", "x", "instagram"):
        assert by_channel.loc[channel, "response_rate"] == pytest.approx(planted[channel]["rate"], abs=0.05)
    assert by_channel.loc["facebook", "median_first_response_minutes"] < 60
    assert 300 < by_channel.loc["x", "median_first_response_minutes"] < 1200
    overall = compute_response_metrics(conversations, targets_minutes=client.response_targets_minutes).iloc[0]
    assert overall["response_rate"] == pytest.approx(planted["overall_rate"], abs=0.05)
    # Own replies never come before the question.
    assert (conversations["first_response_minutes"].dropna() >= 0).all()
    assert (conversations["first_response_business_minutes"].dropna() >= 0).all()


def test_criticism_in_the_episode_is_answered_rarely_and_slowly(demo):
    client, _, _, conversations = demo
    episode = PLANTED["fjordvik"]["criticism_episode"]
    local_day = conversations["opened_at"].dt.tz_convert(client.timezone).dt.strftime("%Y-%m-%d")
    in_episode = conversations[(local_day >= episode["start"]) & (local_day <= episode["end"])]
    row = compute_criticism_response(in_episode, targets_minutes=(60, 1440)).iloc[0]
    assert row["measurable"]
    assert row["response_rate"] == pytest.approx(PLANTED["fjordvik"]["response"]["episode_negative"]["rate"], abs=0.1)
    assert row["median_first_response_minutes"] > 1440


def test_main_responder(demo):
    client, _, mentions, _ = demo
    responders = compute_responders(select_dialogue(mentions, client=client))
    assert responders["responder"].iloc[0] == PLANTED["fjordvik"]["main_responder"]
    assert set(responders["responder"]) == set(PLANTED["fjordvik"]["responders"])
    assert responders["share_of_replies"].sum() == pytest.approx(1.0)


def test_planted_content_facts(demo):
    client, data, _, _ = demo
    engagement = compute_post_engagement(data.posts, channel_stats=data.channel_stats, timezone=client.timezone)
    summary = summarise_engagement(engagement, by=["channel", "post_type"])
    facebook = summary[summary["channel"] == "facebook"].set_index("post_type")["engagement_rate_by_reach"]
    assert facebook.idxmax() == PLANTED["fjordvik"]["best_post_type"]["facebook"]
    assert engagement["followers"].notna().all()
    evening = engagement.loc[engagement["hour"].isin(PLANTED["fjordvik"]["best_hours_local"]), "engagement_index"]
    morning = engagement.loc[engagement["hour"].isin(PLANTED["fjordvik"]["morning_hours_local"]), "engagement_index"]
    assert evening.mean() / morning.mean() >= 1.3
    heatmap = compute_posting_heatmap(engagement)
    assert heatmap["posts"].sum() == len(data.posts)


def test_handout_tables_render_in_both_languages(demo):
    client, data, mentions, conversations = demo
    engage = analyse_engage(data, client)
    verdicts = handout.verdict_table(engage, client=client)._repr_html_()
    assert "Svarprosent" in verdicts and "Sterkt: en fast gruppe på 3 svarer, AH skriver" in verdicts
    table = handout.response_table(engage, client=client)._repr_html_()
    assert table.count("<tr>") == 1 + 1 + 3  # header, overall, three channels
    assert '<td data-label="Kanal">Totalt</td>' in table and '<td data-label="Kanal">Facebook</td>' in table
    criticism = handout.criticism_table(engage, client=client)._repr_html_()
    assert "Svar på kritikk" in criticism
    english = type(client)(**{**client.__dict__, "language": "en"})
    assert "Overall" in handout.response_table(engage, client=english)._repr_html_()
    months = handout.monthly_response_table(engage, client=client)._repr_html_()
    assert '<td data-label="Måned">juni 2026</td>' in months


def test_without_a_criticism_flag_criticism_is_not_measurable(demo):
    client, data, _, _ = demo
    unflagged = data.mentions.drop(columns=["sentiment", "critical"])
    conversations = build_client_conversations(unflagged, client=client)
    assert conversations["opening_sentiment"].isna().all() and conversations["opening_critical"].isna().all()
    engage = dataclasses.replace(analyse_engage(data, client),
                                 criticism=compute_criticism_response(conversations, targets_minutes=(60, 1440)))
    html = handout.criticism_table(engage, client=client)._repr_html_()
    assert "Ikke målbart" in html


def test_select_dialogue_equals_the_selection_by_sets_on_the_demo(demo):
    """The dialogue selected with Arrow's is_in and one copy of the kept rows is exactly the selection
    written with Python sets and boolean indexing (the definition), thread ids rebuilt by the walk."""
    import pandas as pd

    from sermo_helpers.engage.threads import _walked_roots

    client, _, mentions, _ = demo
    for frame in (mentions, mentions.assign(thread_id=mentions["thread_id"].where(
            mentions.index % 3 != 0))):  # some declared thread ids missing: rebuilt from the reply links
        declared = set(frame.loc[frame["thread_id"] == frame["mention_id"], "mention_id"])
        walked = pd.Series(_walked_roots(frame["mention_id"].tolist(), frame["in_reply_to"].tolist()),
                           index=frame.index, dtype="str")
        filled = frame.assign(thread_id=frame["thread_id"].where(frame["thread_id"].notna(), walked))
        candidate = filled["channel"].isin(list(client.own_accounts)) & (
            filled["subject"].isna() | (filled["subject"] == client.slug))
        with_own = set(filled.loc[candidate & filled["is_own"].astype(bool), "thread_id"])
        expected = filled[candidate & filled["thread_id"].isin(with_own | declared)]
        assert len(expected) > 50
        pd.testing.assert_frame_equal(select_dialogue(frame, client=client), expected)
