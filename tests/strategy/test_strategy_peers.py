"""Peer comparison from a small mentions frame."""
import math

import numpy as np
import pytest

from sermo_helpers.errors import AnalysisError
from sermo_helpers.strategy.peers import PEER_COLUMNS, compare_peers

DAY = "2026-04-06T09:00:00+00:00"


def test_share_of_voice_reach_engagement_and_tone(build, client):
    rows = [{"published_at": DAY, "subject": "testby", "reach": 100, "engagement": 10} for _ in range(3)]
    rows += [{"published_at": DAY, "subject": None, "reach": np.nan, "engagement": np.nan}]  # counts as the client's
    rows += [{"published_at": DAY, "subject": "nabo", "reach": 50, "engagement": 2}]
    rows += [{"published_at": DAY, "subject": "testby", "is_own": True, "reach": 999}]  # own: left out
    rows += [{"published_at": DAY, "subject": "other", "reach": 7}]  # not a configured peer
    mentions = build.mentions(rows)
    mentions = mentions.assign(sentiment=["negative", "positive", "neutral", "negative", "neutral", None, None])
    peers = compare_peers(build.data(mentions=mentions).mentions, client)
    assert list(peers.columns) == PEER_COLUMNS
    client_row, peer_row = peers.iloc[0], peers.iloc[1]
    assert (client_row["name"], client_row["mentions"], client_row["is_client"]) == ("Testby kommune", 4, True)
    assert client_row["share_of_voice"] == pytest.approx(0.8)
    assert (client_row["reach"], client_row["engagement"], client_row["engagement_per_mention"]) == (300, 30, 10)
    assert client_row["negative_share"] == pytest.approx(2 / 4)  # Listen's tone shares: of all mentions
    assert client_row["positive_share"] == pytest.approx(1 / 4)
    assert peer_row["share_of_voice"] == pytest.approx(0.2) and peer_row["rank_share_of_voice"] == 2


def test_a_peer_without_mentions_has_no_tone_and_unprepared_mentions_are_refused(build, client):
    peers = compare_peers(build.data(mentions=build.mentions([{"published_at": DAY}])).mentions, client)
    assert peers["mentions"].tolist() == [1, 0]
    assert math.isnan(peers.loc[1, "negative_share"]) and math.isnan(peers.loc[1, "reach"])
    with pytest.raises(AnalysisError, match="compare_peers needs the columns sentiment"):
        compare_peers(build.mentions([{"published_at": DAY}]), client)
