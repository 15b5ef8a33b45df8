"""Sparse real data: a platform that does not report a figure shows it as not reported, never 0."""
import pandas as pd

from sermo_helpers import present
from sermo_helpers.engage.content import summarise_channels
from sermo_helpers.loaders import load_file
from sermo_helpers.strategy.channel_mix import compare_channel_mix

from .conftest import REAL_LAYOUTS


def test_x_only_posts_have_no_reach_per_post(context):
    posts = load_file(REAL_LAYOUTS / "x_tweet_activity_2015.csv", context=context).frames["posts"]
    assert posts["reach"].isna().all() and posts["post_type"].isna().all()
    audience = pd.DataFrame({"value": [0.5], "period": ["2025"], "source": ["test"]},
                            index=pd.Index(["x"], name="channel"))
    mix = compare_channel_mix(summarise_channels(posts), audience, weeks=1.0).set_index("channel")
    assert pd.isna(mix.loc["x", "reach"]) and pd.isna(mix.loc["x", "reach_per_post"])
    assert mix.loc["x", "engagements"] == 11 + 4 + 2 + 3 + 1  # favorites, retweets and replies are reported
    html = present.table(posts[["post_id", "post_type", "reach"]], "en").markup
    assert html.count("–") == 4 and "nan" not in html.lower() and "&lt;NA&gt;" not in html


def test_a_missing_post_type_is_never_named_nan():
    from sermo_helpers.engage.verdicts import post_type_name
    assert post_type_name(float("nan"), "nb") == "–" and post_type_name(pd.NA, "en") == "–"
    assert post_type_name("video", "en") != "–"
