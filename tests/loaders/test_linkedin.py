from sermo_helpers.loaders import load_file

from .conftest import FORMATS


def test_linkedin_content_export(context):
    loaded = load_file(FORMATS / "linkedin_page_analytics.xlsx", context=context)
    stats = loaded.frames["channel_stats"].set_index(["metric"])
    assert stats.loc["impressions", "value"].tolist() == [820.0, 1010.0]
    assert stats.loc["shares", "value"].tolist() == [2.0, 1.0]
    assert sorted(stats.index.unique()) == ["clicks", "comments", "impressions", "reach", "reactions", "shares"]
    post = loaded.frames["posts"].iloc[0]
    assert post["post_id"] == "urn:li:activity:7180000000000000001"
    assert str(post["published_at"]) == "2026-04-01 22:00:00+00:00"  # 04/02/2026 local midnight
    assert (post["impressions"], post["reactions"], post["comments"], post["shares"]) == (1800.0, 40.0, 6.0, 4.0)


def test_linkedin_followers_and_visitors(context):
    stats = load_file(FORMATS / "linkedin_followers_visitors.xlsx", context=context).frames["channel_stats"]
    table = stats.pivot(index="date", columns="metric", values="value")
    assert table["new_followers"].tolist() == [7.0, 5.0]
    assert table["page_views"].dropna().tolist() == [55.0]
    assert table["unique_visitors"].dropna().tolist() == [26.0]
    assert "posts" not in load_file(FORMATS / "linkedin_followers_visitors.xlsx", context=context).frames
