"""Response rate, first response times, targets, criticism response and responders."""
import numpy as np
import pandas as pd
import pytest

from sermo_helpers.engage.response import (compute_criticism_response, compute_responders,
                                           compute_response_metrics, response_columns)
from sermo_helpers.errors import AnalysisError


def conversations(minutes, *, channels=None, sentiments=None, opened=None, business=None):
    count = len(minutes)
    opened = opened or ["2026-06-01T10:00:00Z"] * count
    minutes = [np.nan if m is None else float(m) for m in minutes]
    return pd.DataFrame({
        "thread_id": [f"t{i}" for i in range(count)],
        "channel": channels or ["facebook"] * count,
        "opened_at": pd.to_datetime(opened, utc=True),
        "answered": [not np.isnan(m) for m in minutes],
        "first_response_minutes": minutes,
        "first_response_business_minutes": business or minutes,
        "opening_sentiment": pd.Series(sentiments or [None] * count, dtype="str"),
        # the preparation step's flag: critical = negative; missing when the messages have no tone
        "opening_critical": pd.array([None if s is None else s == "negative" for s in (sentiments or [None] * count)],
                                     dtype="boolean"),
    })


def test_overall_metrics_by_hand():
    frame = conversations([10, 20, 30, 40, 2000, None, None, None])
    row = compute_response_metrics(frame, targets_minutes=(30, 1440)).iloc[0]
    assert list(row.index) == ["group"] + response_columns((30, 1440))
    assert row["group"] == "overall"
    assert row["conversations"] == 8 and row["answered"] == 5
    assert row["response_rate"] == 5 / 8
    assert row["median_first_response_minutes"] == 30
    assert row["p90_first_response_minutes"] == pytest.approx(40 + 0.6 * (2000 - 40))
    assert row["share_within_30_minutes"] == 3 / 8  # unanswered count as not within
    assert row["share_within_1440_minutes"] == 4 / 8


def test_by_channel_and_month():
    frame = conversations([5, None, 90, 15], channels=["facebook", "facebook", "x", "x"],
                          opened=["2026-05-31T22:30:00Z", "2026-06-10T10:00:00Z", "2026-06-30T21:59:00Z",
                                  "2026-06-30T22:00:00Z"])
    by_channel = compute_response_metrics(frame, targets_minutes=(60,), by="channel").set_index("channel")
    assert by_channel["response_rate"].to_dict() == {"facebook": 0.5, "x": 1.0}
    assert by_channel["median_first_response_minutes"].to_dict() == {"facebook": 5.0, "x": 52.5}
    by_month = compute_response_metrics(frame, targets_minutes=(60,), by="month", timezone="Europe/Oslo")
    # 22:30 UTC on 31 May is already June in Oslo; 22:00 UTC on 30 June is 1 July.
    assert by_month["month"].dt.strftime("%Y-%m").tolist() == ["2026-06", "2026-07"]
    assert by_month["conversations"].tolist() == [3, 1]


def test_no_conversations_gives_one_empty_overall_row():
    row = compute_response_metrics(conversations([]), targets_minutes=(60,)).iloc[0]
    assert row["conversations"] == 0 and np.isnan(row["response_rate"])


def test_criticism_response_restricted_to_negative_openings():
    frame = conversations([10, None, 600, 5], sentiments=["negative", "negative", "negative", "positive"])
    row = compute_criticism_response(frame, targets_minutes=(60,)).iloc[0]
    assert row["measurable"]
    assert row["conversations"] == 3 and row["response_rate"] == 2 / 3
    assert row["median_first_response_minutes"] == 305
    assert row["share_within_60_minutes"] == 1 / 3


def test_criticism_response_without_sentiment_is_not_measurable():
    row = compute_criticism_response(conversations([10, 20]), targets_minutes=(60,)).iloc[0]
    assert not row["measurable"]
    assert np.isnan(row["response_rate"]) and np.isnan(row["median_first_response_minutes"])


def test_unknown_grouping_is_named():
    with pytest.raises(AnalysisError, match="by"):
        compute_response_metrics(conversations([1]), by="week")


def test_wrong_frame_is_named():
    with pytest.raises(AnalysisError, match="opening_critical"):
        compute_response_metrics(conversations([1]).drop(columns="opening_critical"))


def test_responders_and_their_share():
    mentions = pd.DataFrame({
        "is_own": [True, True, True, True, False, True],
        "author": ["kommune"] * 6,
        "channel": ["facebook", "facebook", "x", "facebook", "facebook", "x"],
        "responder": ["AH", "AH", "BK", None, None, "AH"],
    })
    overall = compute_responders(mentions)
    assert overall.values.tolist() == [["AH", 3, 0.6], ["BK", 1, 0.2], ["kommune", 1, 0.2]]
    by_channel = compute_responders(mentions, by="channel")
    assert by_channel.values.tolist() == [["facebook", "AH", 2, 2 / 3], ["facebook", "kommune", 1, 1 / 3],
                                          ["x", "AH", 1, 0.5], ["x", "BK", 1, 0.5]]


def test_no_conversations_by_month_or_channel_keep_the_group_column_type():
    by_month = compute_response_metrics(conversations([]), targets_minutes=(60,), by="month")
    assert by_month.empty and str(by_month["month"].dtype) == "datetime64[us]"
    assert by_month["month"].dt.strftime("%Y-%m").tolist() == []
    by_channel = compute_response_metrics(conversations([]), targets_minutes=(60,), by="channel")
    assert by_channel.empty and by_channel["channel"].dtype == "str"
