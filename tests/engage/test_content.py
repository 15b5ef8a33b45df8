"""Engagement rates, summaries and best time to post (hand-built frames and UCI Facebook metrics)."""
import csv

import numpy as np
import pandas as pd
import pytest

from sermo_helpers.engage.content import (RATES, attach_followers, best_posting_times, compute_engagements,
                                          compute_post_engagement, compute_posting_heatmap,
                                          count_missing_cells, summarise_engagement)
from sermo_helpers.errors import AnalysisError
from sermo_helpers.paths import project_root

UCI = project_root().parent / "shared" / "data" / "uci_facebook_metrics" / "dataset_Facebook.csv"


def posts_frame(**columns):
    base = {
        "post_id": ["p1", "p2", "p3"],
        "channel": ["facebook", "facebook", "instagram"],
        "account": ["kommune", "kommune", "kommune"],
        "published_at": pd.to_datetime(["2026-06-01T17:30:00Z", "2026-06-02T06:00:00Z",
                                        "2026-06-06T18:15:00Z"], utc=True),
        "post_type": ["video", "photo", "photo"],
        "reach": [1000.0, 500.0, 0.0],
        "impressions": [2000.0, 800.0, 100.0],
        "reactions": [50.0, 10.0, 5.0],
        "comments": [10.0, np.nan, 1.0],
        "shares": [5.0, 2.0, 0.0],
    }
    base.update(columns)
    return pd.DataFrame(base)


def test_engagements_are_unknown_when_a_part_is_missing():
    assert compute_engagements(posts_frame()).tolist()[0] == 65
    assert np.isnan(compute_engagements(posts_frame()).iloc[1])
    assert compute_engagements(posts_frame()).iloc[2] == 6


def test_rates_by_reach_impressions_and_followers():
    result = compute_post_engagement(posts_frame(followers=[6500.0, 6500.0, np.nan]))
    first = result.iloc[0]
    assert first["engagement_rate_by_reach"] == 65 / 1000
    assert first["engagement_rate_by_impressions"] == 65 / 2000
    assert first["engagement_rate_by_followers"] == 65 / 6500
    assert first["conversation_rate"] == 10 / 6500
    assert first["amplification_rate"] == 5 / 6500
    assert first["applause_rate"] == 50 / 6500
    # Missing comments: engagement rates unknown, but applause and amplification still known.
    assert np.isnan(result.iloc[1]["engagement_rate_by_reach"])
    assert result.iloc[1]["applause_rate"] == 10 / 6500
    # Zero reach: no rate by reach (not infinity); missing followers: no follower rates.
    assert np.isnan(result.iloc[2]["engagement_rate_by_reach"])
    assert result.iloc[2]["engagement_rate_by_impressions"] == 6 / 100
    assert np.isnan(result.iloc[2]["engagement_rate_by_followers"])
    assert result["missing_counts"].tolist() == [0, 1, 0]


def test_local_weekday_and_hour():
    result = compute_post_engagement(posts_frame())
    # 17:30 UTC Monday 1 June is 19:30 in Oslo; 18:15 UTC Saturday 6 June is 20:15.
    assert result["weekday"].tolist() == [0, 1, 5]
    assert result["hour"].tolist() == [19, 8, 20]


def test_input_is_not_modified():
    posts = posts_frame()
    before = posts.copy()
    compute_post_engagement(posts)
    pd.testing.assert_frame_equal(posts, before)


def test_followers_from_channel_stats_latest_on_or_before_the_day():
    stats = pd.DataFrame({
        "date": pd.to_datetime(["2026-05-31", "2026-06-02", "2026-06-06", "2026-06-01"]),
        "channel": ["facebook", "facebook", "instagram", "facebook"],
        "account": ["kommune"] * 4,
        "metric": ["followers", "followers", "followers", "reach"],
        "value": [6000.0, 6100.0, 2000.0, 999.0],
    })
    result = attach_followers(posts_frame(), stats)
    assert result["followers"].tolist() == [6000.0, 6100.0, 2000.0]
    engagement = compute_post_engagement(posts_frame(), channel_stats=stats)
    assert engagement["engagement_rate_by_followers"].iloc[0] == 65 / 6000


def test_summary_by_channel_and_type():
    engagement = compute_post_engagement(posts_frame(followers=[6500.0, 6500.0, 2000.0]))
    summary = summarise_engagement(engagement, by=["channel", "post_type"])
    assert summary[["channel", "post_type"]].values.tolist() == [["facebook", "photo"], ["facebook", "video"],
                                                                 ["instagram", "photo"]]
    assert summary["posts"].tolist() == [1, 1, 1]
    assert summary["posts_measured"].tolist() == [0, 1, 1]
    by_channel = summarise_engagement(engagement, by="channel").set_index("channel")
    assert by_channel.loc["facebook", "posts"] == 2
    assert by_channel.loc["facebook", "reactions_per_post"] == 30
    assert by_channel.loc["facebook", "engagement_rate_by_impressions"] == 65 / 2000  # the one known rate


def test_heatmap_counts_posts_behind_each_cell():
    posts = posts_frame(published_at=pd.to_datetime(["2026-06-01T17:30:00Z", "2026-06-01T17:50:00Z",
                                                     "2026-06-02T06:00:00Z"], utc=True),
                        comments=[10.0, 4.0, np.nan], reach=[1000.0, 200.0, 500.0])
    heatmap = compute_posting_heatmap(compute_post_engagement(posts), metric="engagement_rate_by_reach")
    assert heatmap[["weekday", "hour", "posts", "posts_measured"]].values.tolist() == [[0, 19, 2, 2], [1, 8, 1, 0]]
    assert heatmap["mean_engagement_rate_by_reach"].iloc[0] == pytest.approx((65 / 1000 + 16 / 200) / 2)
    best = best_posting_times(heatmap, metric="engagement_rate_by_reach", min_posts=2)
    assert best["hour"].tolist() == [19]
    assert best_posting_times(heatmap, metric="engagement_rate_by_reach", min_posts=3).empty


def test_engagement_index_is_relative_to_the_channel_mean():
    posts = posts_frame(channel=["facebook", "facebook", "x"], comments=[10.0, 4.0, 1.0],
                        reach=[1000.0, 200.0, 600.0])
    result = compute_post_engagement(posts)
    facebook_mean = (65 / 1000 + 16 / 200) / 2
    assert result["engagement_index"].iloc[0] == pytest.approx((65 / 1000) / facebook_mean)
    assert result["engagement_index"].iloc[1] == pytest.approx((16 / 200) / facebook_mean)
    assert result["engagement_index"].iloc[2] == 1.0  # the only x post is its channel's average
    heatmap = compute_posting_heatmap(result)
    assert "mean_engagement_index" in heatmap.columns


def test_missing_cells_counted():
    counts = count_missing_cells(posts_frame()).set_index("column")["missing"].to_dict()
    assert counts == {"reach": 0, "impressions": 0, "reactions": 0, "comments": 1, "shares": 0}


def test_missing_column_is_named():
    with pytest.raises(AnalysisError, match="shares"):
        compute_post_engagement(posts_frame().drop(columns="shares"))


def test_every_rate_is_defined_once():
    assert set(RATES) == {"engagement_rate_by_reach", "engagement_rate_by_impressions",
                          "engagement_rate_by_followers", "conversation_rate", "amplification_rate",
                          "applause_rate"}


# ---- UCI Facebook metrics: 500 real posts ---------------------------------------------------

@pytest.fixture(scope="module")
def uci():
    if not UCI.is_file():
        pytest.skip(f"shared data not available: {UCI} (../shared/data is absent)")
    raw = pd.read_csv(UCI, sep=";", dtype={"Type": "str"})
    posts = pd.DataFrame({
        "post_id": [f"uci-{line}" for line in range(2, len(raw) + 2)],  # file line number
        "channel": "facebook", "account": "brand",
        "published_at": pd.Timestamp("2014-01-01", tz="UTC"),
        "post_type": raw["Type"].str.lower(),
        "reach": raw["T_Reach"], "impressions": raw["T_Impression"],
        "reactions": raw["like"], "comments": raw["comment"], "shares": raw["share"],
        "followers": raw["Page_T_Likes"],
    })
    return raw, compute_post_engagement(posts).set_index("post_id")


@pytest.mark.parametrize("line, reactions, comments, shares, reach, impressions, followers", [
    (2, 79, 4, 17, 2752, 5091, 139441),
    (3, 130, 5, 29, 10460, 19057, 139441),
    (5, 1572, 58, 147, 50128, 87991, 139441),
    (6, 325, 19, 49, 7244, 13594, 139441),
])
def test_uci_rates_by_hand(uci, line, reactions, comments, shares, reach, impressions, followers):
    _, engagement = uci
    post = engagement.loc[f"uci-{line}"]
    engagements = reactions + comments + shares
    assert post["engagements"] == engagements
    assert post["engagement_rate_by_reach"] == engagements / reach
    assert post["engagement_rate_by_impressions"] == engagements / impressions
    assert post["engagement_rate_by_followers"] == engagements / followers
    assert post["conversation_rate"] == comments / followers
    assert post["amplification_rate"] == shares / followers
    assert post["applause_rate"] == reactions / followers


def test_uci_line_2_rounded():
    # 100 / 2752 = 3.63 % by reach; 100 / 5091 = 1.96 % by impressions; 100 / 139441 = 0.0717 % by fans.
    path = UCI if UCI.is_file() else pytest.skip(f"shared data not available: {UCI}")
    with open(path, encoding="utf-8") as handle:
        row = next(csv.DictReader(handle, delimiter=";"))
    interactions = int(row["like"]) + int(row["comment"]) + int(row["share"])
    assert round(interactions / int(row["T_Reach"]) * 100, 2) == 3.63
    assert round(interactions / int(row["T_Impression"]) * 100, 2) == 1.96


def test_uci_missing_cells_handled_and_counted(uci):
    raw, engagement = uci
    counts = count_missing_cells(engagement).set_index("column")["missing"].to_dict()
    assert counts == {"reach": 0, "impressions": 0, "reactions": 1, "comments": 0, "shares": 4}
    assert int(raw.isna().sum().sum()) == 6  # the sixth is in Paid, which no rate uses
    unknown = engagement.index[engagement["engagements"].isna()].tolist()
    assert unknown == ["uci-113", "uci-122", "uci-126", "uci-166"]
    assert engagement.loc["uci-113", "missing_counts"] == 2
    # Missing is unknown, not zero: no rate invented for these posts.
    assert engagement.loc[unknown, "engagement_rate_by_reach"].isna().all()


def test_uci_engagements_equal_total_interactions_where_complete(uci):
    raw, engagement = uci
    complete = engagement["engagements"].notna().to_numpy()
    assert complete.sum() == 496
    assert (engagement["engagements"].to_numpy()[complete] == raw["T_Interactions"].to_numpy()[complete]).all()


def test_uci_summary_by_type(uci):
    raw, engagement = uci
    summary = summarise_engagement(engagement.reset_index(), by="post_type").set_index("post_type")
    assert summary["posts"].to_dict() == {"link": 22, "photo": 426, "status": 45, "video": 7}
    assert summary["posts_measured"].sum() == 496
    video = raw[raw["Type"] == "Video"]
    expected = ((video["like"] + video["comment"] + video["share"]) / video["T_Reach"]).mean()
    assert summary.loc["video", "engagement_rate_by_reach"] == pytest.approx(expected, rel=1e-12)
