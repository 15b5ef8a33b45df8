from sermo_helpers.loaders import load_file

from .conftest import FORMATS


def test_tweet_activity(context):
    posts = load_file(FORMATS / "x_tweet_activity.csv", context=context).frames["posts"]
    assert posts["post_id"].tolist() == ["1226928461543653377", "1227000000000000001"]
    assert posts["account"].unique().tolist() == ["fjordvikkommune"]
    assert [str(t) for t in posts["published_at"]] == ["2020-02-10 18:00:00+00:00", "2020-02-11 07:30:00+00:00"]
    assert posts[["impressions", "reactions", "comments", "shares", "clicks"]].iloc[0].tolist() == [
        4521.0, 48.0, 5.0, 12.0, 20.0]
