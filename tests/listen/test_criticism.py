import pytest

from sermo_helpers.errors import AnalysisError
from sermo_helpers.listen import rank_criticism
from sermo_helpers.workbook import mark_critical


def flagged(frame):
    """The frame with the preparation step's criticism flag (negative tone)."""
    return frame.assign(critical=mark_critical(frame))


def test_negative_mentions_ranked_with_answered_status(mentions_factory):
    frame = mentions_factory([
        {"mention_id": "a", "published_at": "2026-06-08T10:00:00+00:00", "reach": 100, "engagement": 5,
         "thread_id": "a"},
        {"mention_id": "b", "published_at": "2026-06-08T11:00:00+00:00", "reach": 5000, "engagement": 50,
         "thread_id": "b"},
        {"mention_id": "c", "published_at": "2026-06-08T12:00:00+00:00", "reach": 900, "engagement": 1,
         "thread_id": "c"},
        {"mention_id": "d", "published_at": "2026-06-08T12:30:00+00:00", "reach": 99999, "engagement": 999},
        {"mention_id": "r1", "published_at": "2026-06-08T10:30:00+00:00", "is_own": True, "in_reply_to": "a",
         "thread_id": "a"},
        {"mention_id": "r2", "published_at": "2026-06-08T13:00:00+00:00", "is_own": True, "thread_id": "c"},
    ]).assign(sentiment=["negative", "negative", "negative", "positive", "neutral", "neutral"],
              polarity=[-0.5, -0.9, -0.3, 0.8, 0.0, 0.0]).pipe(flagged)
    ranked = rank_criticism(frame)
    assert ranked["mention_id"].tolist() == ["b", "c", "a"]
    assert ranked["priority"].tolist() == pytest.approx([2.0, 2 / 3 + 1 / 3, 1 / 3 + 2 / 3])
    assert ranked["answered"].tolist() == [False, True, True]
    assert ranked["minutes_to_reply"].tolist()[1:] == [60.0, 30.0]
    assert rank_criticism(frame, top=1)["mention_id"].tolist() == ["b"]


def test_rank_criticism_needs_scored_mentions(mentions_factory):
    frame = mentions_factory([{"published_at": "2026-06-08T10:00:00+00:00"}])
    with pytest.raises(AnalysisError, match="open_workbook"):
        rank_criticism(frame)


def test_criticism_nobody_answered_is_unanswered_without_reply_times(mentions_factory):
    frame = mentions_factory([
        {"mention_id": "a", "published_at": "2026-06-08T10:00:00+00:00", "reach": 100, "engagement": 5},
        {"mention_id": "b", "published_at": "2026-06-08T11:00:00+00:00", "reach": 50, "engagement": 1},
    ]).assign(sentiment=["negative", "negative"], polarity=[-0.5, -0.9]).pipe(flagged)  # no own message
    ranked = rank_criticism(frame)
    assert ranked["mention_id"].tolist() == ["a", "b"]
    assert ranked["answered"].tolist() == [False, False]
    assert ranked["first_reply_at"].isna().all() and str(ranked["first_reply_at"].dtype) == "datetime64[us, UTC]"
    assert ranked["minutes_to_reply"].isna().all()
