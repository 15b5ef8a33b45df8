"""Indicators from small canonical frames, with exact values, and through the rules to a status."""
import math

import numpy as np
import pandas as pd
import pytest

from sermo_helpers.config import validate_client_config
from sermo_helpers.errors import AnalysisError
from sermo_helpers.engage import analyse_engage
from sermo_helpers.engage.content import measure_video_share
from sermo_helpers.listen import analyse_listen
from sermo_helpers.strategy.indicators import (INDICATORS, count_listening_sources, measure_audience_presence,
                                               measure_listening_coverage, measure_rate_per_thousand,
                                               measure_search_share, spike_days)
from sermo_helpers.strategy.indicators import compute_indicators as compute_from_results
from sermo_helpers.strategy.scorecard import load_scorecard, score_traits

MONDAY = "2026-04-06T{:02d}:00:00+00:00"


def inquiries(build, answered, *, total=5, sentiment="negative", start=0, delay=30):
    """``total`` inquiries of one sentiment, the first ``answered`` of them answered after ``delay`` minutes."""
    rows = []
    for number in range(total):
        rows += build.conversation(MONDAY.format(8 + number), thread=f"{sentiment}{start + number}",
                                   answered_after_minutes=delay if number < answered else None)
    return rows


def with_sentiment(build, rows, sentiments):
    mentions = build.mentions(rows)
    return mentions.assign(sentiment=mentions["mention_id"].map(sentiments).astype("str"))


def compute_indicators(data, client):
    """The indicators read from the Listen and Engage results of ``data``, as the Strategy stage reads them."""
    return compute_from_results(data, client, listen=analyse_listen(data, client),
                                engage=analyse_engage(data, client))


def indicator(frame, name):
    return frame.set_index("indicator").loc[name]


def test_every_indicator_is_reported_and_not_measurable_on_empty_data(build, client):
    frame = compute_indicators(build.data(), client)
    assert frame["indicator"].tolist() == list(INDICATORS)
    assert frame["value"].isna().all()
    assert (frame["basis"] == 0).all()


@pytest.mark.parametrize(("answered", "rate", "status"), [(5, 1.0, "strong"), (4, 0.8, "strong"),
                                                          (3, 0.6, "developing"), (2, 0.4, "weak")])
def test_criticism_response_rate_from_a_small_frame(build, client, answered, rate, status):
    rows = inquiries(build, answered, sentiment="negative") + inquiries(build, 0, sentiment="neutral", total=2)
    sentiments = {f"negative{n}": "negative" for n in range(5)} | {f"neutral{n}": "neutral" for n in range(2)}
    mentions = with_sentiment(build, rows, sentiments)
    frame = compute_indicators(build.data(mentions=mentions), client)
    row = indicator(frame, "criticism_response_rate")
    assert row["value"] == pytest.approx(rate) and row["basis"] == 5
    assert indicator(frame, "response_rate")["value"] == pytest.approx(answered / 7)
    traits = score_traits(frame[frame["indicator"] == "criticism_response_rate"], scorecard=load_scorecard())
    assert traits.set_index("trait").loc["answers_criticism", "status"] == status


def test_criticism_is_not_measurable_without_critical_inquiries(build, client):
    mentions = with_sentiment(build, inquiries(build, 1), {})
    frame = compute_indicators(build.data(mentions=mentions), client)
    assert math.isnan(indicator(frame, "criticism_response_rate")["value"])
    assert indicator(frame, "criticism_response_rate")["basis"] == 0
    assert indicator(frame, "response_rate")["value"] == pytest.approx(0.2)


@pytest.mark.parametrize(("delays", "median", "within"), [([30, 60, 90], 60.0, 2 / 3), ([61, 62, 300], 62.0, 0.0)])
def test_first_response_median_and_share_within_target(build, client, delays, median, within):
    rows = []
    for number, delay in enumerate(delays):
        rows += build.conversation(MONDAY.format(8 + number), thread=f"t{number}", answered_after_minutes=delay)
    frame = compute_indicators(build.data(mentions=build.mentions(rows)), client)
    assert indicator(frame, "median_first_response_minutes")["value"] == pytest.approx(median)
    assert indicator(frame, "share_within_target")["value"] == pytest.approx(within)
    assert indicator(frame, "responders")["value"] == 1.0


def test_mentions_about_the_client_are_not_inquiries(build, client):
    rows = build.conversation(MONDAY.format(8), thread="asked", answered_after_minutes=10)
    rows.append({"mention_id": "news", "published_at": MONDAY.format(9), "channel": "news"})  # about, not to
    rows.append({"mention_id": "post", "published_at": MONDAY.format(9), "channel": "facebook"})  # no thread mark
    frame = compute_indicators(build.data(mentions=build.mentions(rows)), client)
    assert indicator(frame, "response_rate")[["value", "basis"]].tolist() == [1.0, 1]


def test_spike_days_are_listens():
    daily = pd.DataFrame({"day": pd.to_datetime(["2026-04-08", "2026-04-09", "2026-04-10"]),
                          "is_spike": [False, True, True]})
    assert [str(day) for day in spike_days(daily)] == ["2026-04-09", "2026-04-10"]
    assert spike_days(daily.iloc[:0]) == []


def test_peak_response_rate_counts_conversations_opened_on_peak_days(build, client):
    rows = [{"published_at": f"2026-04-{day:02d}T09:00:00+00:00", "channel": "news"}
            for day in range(1, 11) for _ in range(2)]  # ten quiet days: the baseline
    rows += [{"published_at": "2026-04-11T09:00:00+00:00", "channel": "news"} for _ in range(20)]  # a spike
    rows += build.conversation("2026-04-11T10:00:00+00:00", thread="a", answered_after_minutes=30)
    rows += build.conversation("2026-04-11T11:00:00+00:00", thread="b")
    rows += build.conversation("2026-04-12T11:00:00+00:00", thread="c")  # not a spike day
    frame = compute_indicators(build.data(mentions=build.mentions(rows)), client)
    assert indicator(frame, "peak_response_rate")[["value", "basis"]].tolist() == [0.5, 2]


def test_listening_coverage_and_sources(build):
    mentions = build.mentions([
        {"published_at": MONDAY.format(8), "channel": "x", "source_domain": "x.com"},
        {"published_at": MONDAY.format(8), "channel": "news", "source_domain": "www.nrk.no"},
        {"published_at": MONDAY.format(8), "channel": "news", "source_domain": "nrk.no"},
        {"published_at": MONDAY.format(8), "channel": "facebook"},
        {"published_at": MONDAY.format(8), "channel": "blog", "source_domain": "own.no", "is_own": True},
    ])
    assert measure_listening_coverage(mentions) == (3 / 9, 3)
    assert count_listening_sources(mentions) == (2.0, 3)


@pytest.mark.parametrize("slug", ["fjordvik", "coastline"])
def test_listening_sources_counted_on_categories_equal_the_count_on_texts(build, slug):
    """The prepared data's domain is a category: counted on its codes, the definition's answer."""
    from sermo_helpers.strategy.indicators import _listening_sources_by_text
    from tests.influence.test_influence_summary import demo_prepared

    prepared = demo_prepared(slug, True).mentions
    assert isinstance(prepared["source_domain"].dtype, pd.CategoricalDtype)
    assert count_listening_sources(prepared) == _listening_sources_by_text(prepared)
    assert count_listening_sources(prepared)[0] > 3
    # forms that meet after lower-casing and dropping www., unused categories, missing values, own rows
    domains = ["WWW.Nrk.no", "nrk.no", None, "x.com", "own.no", "www.x.com", None, "Ba.no"]
    own = [False, False, False, False, True, False, False, True]
    frame = pd.DataFrame({"source_domain": pd.Categorical(domains, categories=["unused.no", "WWW.Nrk.no", "nrk.no",
                                                                               "x.com", "own.no", "www.x.com", "Ba.no"]),
                          "is_own": own})
    assert count_listening_sources(frame) == _listening_sources_by_text(frame) == (2.0, 4)
    fast, plain = count_listening_sources(frame[frame["is_own"]]), _listening_sources_by_text(frame[frame["is_own"]])
    assert np.isnan(fast[0]) and np.isnan(plain[0]) and fast[1] == plain[1] == 0  # only the client's own
    everyone = frame.drop(columns="is_own")
    assert count_listening_sources(everyone) == _listening_sources_by_text(everyone) == (4.0, 6)


def test_audience_presence_and_overlap(build):
    posts = build.posts([{"channel": "facebook"}, {"channel": "x"}, {"channel": "x"}, {"channel": "x"},
                         {"channel": "web"}])  # web has no audience figure: left out
    audience = pd.Series({"facebook": 0.6, "x": 0.1, "instagram": 0.3})
    on_channels, overlap, counted = measure_audience_presence(posts, audience)
    assert on_channels == pytest.approx(0.6)  # the largest channel alone: a lower bound, never a sum
    assert overlap == pytest.approx(0.25 + 0.1)  # min(effort, audience) per channel
    assert counted == 4
    assert math.isnan(measure_audience_presence(build.posts([]), audience)[0])


def test_rates_per_thousand_video_share_and_search(build):
    posts = build.posts([
        {"reach": 1000, "shares": 5, "clicks": 20, "post_type": "video"},
        {"reach": 1000, "shares": 5, "clicks": np.nan, "post_type": "reel"},
        {"reach": np.nan, "shares": 9, "clicks": 9, "post_type": "photo"},
        {"reach": 500, "shares": np.nan, "post_type": None},
    ])
    assert measure_rate_per_thousand(posts, "shares") == (5.0, 2)
    assert measure_rate_per_thousand(posts, "clicks") == (20.0, 1)
    assert measure_video_share(posts) == (2 / 3, 3)
    web = build.web_traffic([
        {"date": "2026-04-01", "source": "google", "medium": "organic", "sessions": 30},
        {"date": "2026-04-01", "source": "nrk.no", "medium": "referral", "sessions": 70},
    ])
    assert measure_search_share(web) == (0.3, 1)
    assert math.isnan(measure_search_share(build.web_traffic([]))[0])


def test_missing_canonical_column_is_named(build, client):
    data = build.data()
    listen, engage = analyse_listen(data, client), analyse_engage(data, client)
    data.posts = data.posts.drop(columns="post_id")
    with pytest.raises(AnalysisError) as error:
        compute_from_results(data, client, listen=listen, engage=engage)
    assert error.value.argument == "post_id" and str(error.value).startswith("posts needs the columns post_id")
