"""Judgments that hold against the data (issue 15): on the demo edition every recommendation, plan step and
KPI target is stated from the values that justify it."""
import math
import re

import pytest

from sermo_helpers.config import load_client_config
from sermo_helpers.i18n import value_label
from sermo_helpers.loaders import load_client
from sermo_helpers.strategy import analyse_strategy
from sermo_helpers.strategy.indicators import LISTENING_CHANNELS
from sermo_helpers.strategy.scorecard import format_against
from sermo_helpers.strategy.recommendations import plan_90_days, set_kpi_targets, word_kpis, word_plan
from sermo_helpers.strategy.summary import strategy_words
from sermo_helpers.workbook import prepare


@pytest.fixture(scope="module")
def fjordvik():
    client = load_client_config("fjordvik")
    data = prepare(load_client(client), client)
    return client, data, analyse_strategy(data, client)


def test_listening_gap_names_only_source_types_with_no_mentions(fjordvik):
    client, data, result = fjordvik
    others = data.mentions[~data.mentions["is_own"].astype(bool)]
    counts = others["channel"].str.lower().value_counts()
    missing = [channel for channel in LISTENING_CHANNELS if counts.get(channel, 0) == 0]
    covered = [channel for channel in LISTENING_CHANNELS if counts.get(channel, 0) > 0]
    assert missing and {"news", "blog", "forum"} <= set(covered)  # the demo covers news, blogs and forums
    words = strategy_words(result, language="nb").recommendations
    action = words.set_index("key").loc["listening_setup", "action"]
    for channel in missing:
        assert value_label("channel", channel, "nb") in action
    named = re.search(r"\(([^)]*)\)", action).group(1)
    for channel in covered:
        assert value_label("channel", channel, "nb") not in named.split(", ") + named.split(" og ")


def test_video_step_goes_up_from_todays_figure(fjordvik):
    client, data, result = fjordvik
    statuses = result.indicator_statuses.set_index("indicator")
    share, basis = statuses.loc["video_share_of_posts", "value"], statuses.loc["video_share_of_posts", "basis"]
    months = ((client.period_end - client.period_start).days + 1) / (365.25 / 12)
    now = share * basis / months
    plan = word_plan(plan_90_days(result.recommendations, top=len(result.recommendations)), language="nb",
                     indicator_statuses=result.indicator_statuses, months=months)
    step = next(step for step in plan["step"] if "videoer i måneden" in step)
    found = re.search(r"fra ([\d,]+) til minst (\d+)", step)
    assert found, step
    stated_now, stated_target = float(found.group(1).replace(",", ".")), int(found.group(2))
    assert stated_now == pytest.approx(now, abs=0.05)
    assert stated_target > now and stated_target / (basis / months) >= statuses.loc["video_share_of_posts", "developing"]


def test_no_kpi_target_equals_or_is_worse_than_today(fjordvik):
    _, _, result = fjordvik
    kpis = set_kpi_targets(result.indicator_statuses)  # every trait's, not only the top ones
    directions = dict(zip(result.indicator_statuses["indicator"], result.indicator_statuses["direction"]))
    assert len(kpis)
    for row in kpis.itertuples():
        if directions[row.indicator] == "higher":
            assert row.target > row.current, row
        else:
            assert row.target < row.current, row
    worded = word_kpis(kpis, language="nb")
    assert (worded["current"] != worded["target"]).all()  # never "15 % -> 15 %"
    video = worded.set_index("indicator").loc["video_share_of_posts"]
    assert video["current"] == "14,6\u00a0%" and video["target"] == "15\u00a0%"


def test_threshold_comparison_is_shown_with_enough_digits(fjordvik):
    _, _, result = fjordvik
    card = result.scorecard.assign(evidence=strategy_words(result, language="nb").evidence).set_index("trait")
    assert card.loc["knows_social_media", "status"] in ("weak", "developing")
    assert "14,6\u00a0%" in card.loc["knows_social_media", "evidence"]
    assert format_against(0.1457, "share", "en", (0.15,)) == "14.6%"
    assert format_against(0.149996, "share", "en", (0.15,)) == "14.999%"
    assert format_against(0.40, "share", "nb", (0.15,)) == "40\u00a0%"
    assert format_against(math.nan, "share", "nb", (0.15,)) == "–"


def test_response_recommendation_does_not_promise_the_best_channel(fjordvik):
    _, _, result = fjordvik
    recommendations = strategy_words(result, language="nb").recommendations.set_index("key")
    assert "beste" not in recommendations.loc["faster_first_response", "action"]


def test_audience_reach_is_the_largest_single_channel_never_a_sum(fjordvik):
    _, data, result = fjordvik
    posted = set(data.posts["channel"].str.lower())
    figures = result.audience["value"]
    used = figures[figures.index.isin(posted)]
    assert len(used) > 1 and used.sum() > used.max()
    value = result.indicators.set_index("indicator").loc["audience_on_client_channels", "value"]
    assert value == pytest.approx(used.max())
    evidence = strategy_words(result, language="nb").evidence[
        result.scorecard.index[result.scorecard["trait"] == "takes_part_where_people_are"][0]]
    if result.scorecard.set_index("trait").loc["takes_part_where_people_are", "indicator"] == "audience_on_client_channels":
        assert "minst" in evidence and "kan ikke legges sammen" in evidence


def test_dialogue_staff_is_not_strong_when_one_person_writes_most_replies(fjordvik):
    _, _, result = fjordvik
    responders = result.engage.responders
    busiest = float(responders["share_of_replies"].max())
    assert len(responders) >= 3 and busiest > 0.5  # three names, but one writes most replies
    statuses = result.indicator_statuses.set_index("indicator")
    assert statuses.loc["busiest_responder_share", "value"] == pytest.approx(busiest)
    assert statuses.loc["responders", "status"] == "strong"
    card = result.scorecard.assign(evidence=strategy_words(result, language="nb").evidence).set_index("trait")
    assert card.loc["dedicated_dialogue_staff", "status"] == "developing"
    assert "58\u00a0% av svarene" in card.loc["dedicated_dialogue_staff", "evidence"]


def test_no_plan_step_asks_for_less_than_the_client_already_does(fjordvik):
    """Done when (issue 15): every plan step stated from today's figure ("fra 8,7 til minst 10") asks for more;
    the client's figures are never halved into a plan."""
    client, _, result = fjordvik
    months = ((client.period_end - client.period_start).days + 1) / (365.25 / 12)
    plan = word_plan(plan_90_days(result.recommendations, top=len(result.recommendations)), language="nb",
                     indicator_statuses=result.indicator_statuses, months=months)
    stated = [(step, re.search(r"fra ([\d\u00a0]+(?:,\d+)?) til (?:minst )?([\d\u00a0]+(?:,\d+)?)", step))
              for step in plan["step"]]
    compared = [(step, found) for step, found in stated if found]
    assert compared  # the video step at least is stated from today's figure
    for step, found in compared:
        today, target = (float(found.group(i).replace("\u00a0", "").replace(",", ".")) for i in (1, 2))
        assert target > today, step
