import datetime as dt

from sermo_helpers.loaders import load_file
from sermo_helpers.loaders.formats.facebook_insights import rebuild_times

from .conftest import shared_file


def test_rebuild_times_walks_from_oldest_row():
    # newest first, as Insights lists them; 1 = Sunday. 2014-01-01 was a Wednesday (4).
    times = rebuild_times([2, 1, 1], [1, 5, 4], [10, 9, 8], year=2014)
    assert times == [dt.datetime(2014, 2, 2, 10), dt.datetime(2014, 1, 2, 9), dt.datetime(2014, 1, 1, 8)]


def test_real_uci_file(context, tmp_path):
    path = shared_file("uci_facebook_metrics/dataset_Facebook.csv")
    named = tmp_path / "insights_2014.csv"
    named.write_bytes(path.read_bytes())
    loaded = load_file(named, context=context)
    posts = loaded.frames["posts"]
    assert len(posts) == 500
    assert posts["post_id"].iloc[0] == "insights_2014.csv#1"
    assert posts["published_at"].min().year == 2014 and posts["published_at"].max().year == 2014
    assert posts[["reach", "impressions", "reactions", "comments", "shares"]].iloc[0].tolist() == [
        2752.0, 5091.0, 79.0, 4.0, 17.0]
    assert int(posts["reactions"].isna().sum()) == 1 and int(posts["shares"].isna().sum()) == 4
    assert posts["post_type"].value_counts().to_dict() == {"photo": 426, "status": 45, "link": 22, "video": 7}
    assert any("from the file name" in warning for warning in loaded.warnings)
    assert any("6 empty cells" in warning for warning in loaded.warnings)
