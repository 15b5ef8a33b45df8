from sermo_helpers.loaders import load_file

from .conftest import FORMATS


def test_facebook_post_export(context):
    loaded = load_file(FORMATS / "meta_facebook_posts.csv", context=context)
    posts = loaded.frames["posts"]
    first = posts.iloc[0]
    assert first["post_id"] == "123456789012345_987654321098765"
    assert str(first["published_at"]) == "2026-09-27 16:30:00+00:00"  # 18:30 Oslo summer time
    assert (first["impressions"], first["reach"], first["reactions"], first["clicks"]) == (15000.0, 9812.0,
                                                                                          380.0, 1204.0)
    assert posts["post_type"].tolist() == ["photo", "link", "reel"]
    assert posts["text"].tolist()[1] == "Vannet blir stengt i Storgata tirsdag."
    # 10/25/2026 02:30 is in the hour that occurs twice: first (summer-time) occurrence, with a warning
    assert str(posts["published_at"].iloc[2]) == "2026-10-25 00:30:00+00:00"
    assert any("occurs twice" in warning for warning in loaded.warnings)


def test_instagram_post_export(context):
    posts = load_file(FORMATS / "meta_instagram_posts.csv", context=context).frames["posts"]
    assert posts["account"].tolist() == ["fjordvikkommune", "fjordvikkommune"]
    assert posts["impressions"].tolist() == [15000.0, 48210.0]
    assert posts["saves"].tolist() == [120.0, 410.0]
    assert posts["post_type"].tolist() == ["photo", "reel"]


def test_facebook_page_daily_utf16(context):
    stats = load_file(FORMATS / "meta_facebook_page_daily.csv", context=context).frames["channel_stats"]
    assert stats["metric"].unique().tolist() == ["impressions"]
    assert stats["value"].tolist() == [1520.0, 1710.0, 0.0]
    assert [str(d.date()) for d in stats["date"]] == ["2026-04-01", "2026-04-02", "2026-04-03"]
    assert stats["account"].unique().tolist() == ["Fjordvik kommune"]
