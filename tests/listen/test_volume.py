import pytest

from sermo_helpers.errors import AnalysisError
from sermo_helpers.listen import count_mentions_over_time, share_of_voice


def test_counts_per_week_and_channel_fill_quiet_weeks(mentions_factory):
    frame = mentions_factory([
        {"published_at": "2026-04-06T10:00:00+00:00", "channel": "x"},
        {"published_at": "2026-04-07T10:00:00+00:00", "channel": "facebook"},
        {"published_at": "2026-04-08T10:00:00+00:00", "channel": "x"},
        {"published_at": "2026-04-13T10:00:00+00:00", "channel": "x"},
        {"published_at": "2026-04-13T10:00:00+00:00", "channel": "facebook", "is_own": True},
        # Sunday 22:30 UTC is Monday 00:30 in Oslo: the next week
        {"published_at": "2026-04-12T22:30:00+00:00", "channel": "x"},
    ])
    counts = count_mentions_over_time(frame, timezone="Europe/Oslo", freq="W", by="channel")
    assert counts.assign(period=counts["period"].dt.strftime("%m-%d")).values.tolist() == [
        ["04-06", "facebook", 1.0, True], ["04-06", "x", 2.0, True],
        # the data end on Monday 13 April (local): that week is flagged incomplete for the plots to mark
        ["04-13", "facebook", 0.0, False], ["04-13", "x", 2.0, False]]


def test_counts_need_the_by_column(mentions_factory):
    frame = mentions_factory([{"published_at": "2026-04-06T10:00:00+00:00"}])
    with pytest.raises(AnalysisError, match="needs the columns sentiment"):
        count_mentions_over_time(frame, timezone="Europe/Oslo", by="sentiment")
    with pytest.raises(AnalysisError, match="freq must be one of"):
        count_mentions_over_time(frame, timezone="Europe/Oslo", freq="Y")


def test_share_of_voice_client_first_missing_subject_is_client(mentions_factory):
    subjects = ["fjordvik", None, "havnes", "havnes", "havnes", "sjoberg"]
    frame = mentions_factory([{"published_at": "2026-04-06T10:00:00+00:00", "subject": s} for s in subjects]
                             + [{"published_at": "2026-04-06T10:00:00+00:00", "subject": "fjordvik", "is_own": True}])
    share = share_of_voice(frame, client="fjordvik", peers=["sjoberg", "havnes"], names={"havnes": "Havnes kommune"})
    assert share["subject"].tolist() == ["fjordvik", "havnes", "sjoberg"]
    assert share["name"].tolist() == ["fjordvik", "Havnes kommune", "sjoberg"]
    assert share["mentions"].tolist() == [2.0, 3.0, 1.0]
    assert share["share"].tolist() == pytest.approx([2 / 6, 3 / 6, 1 / 6])
    assert share["is_client"].tolist() == [True, False, False]
