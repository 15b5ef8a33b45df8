"""Contract test: every registered format is declared properly and reads its fixture."""
import shutil

import pandas as pd
import pytest

from sermo_helpers.errors import LoadError
from sermo_helpers.loaders import load_file
from sermo_helpers.loaders.base import Source
from sermo_helpers.loaders.folder import ClientFolder, is_not_data
from sermo_helpers.loaders.registry import formats, recognise
from sermo_helpers.schema import SCHEMAS

from .conftest import FORMATS, REAL_LAYOUTS, shared_file

# format -> fixture (under tests/data/formats, or "shared:<path>" for real data in ../shared/data)
FIXTURES = {
    "canonical_mentions": "generic_mentions_cp1252.csv",
    "canonical_posts": "canonical_posts.csv",
    "canonical_web_traffic": "canonical_web_traffic.csv",
    "canonical_channel_stats": "canonical_channel_stats.csv",
    "meta_facebook_posts": "meta_facebook_posts.csv",
    "meta_instagram_posts": "meta_instagram_posts.csv",
    "meta_page_daily": "meta_facebook_page_daily.csv",
    "facebook_insights_legacy": "shared:uci_facebook_metrics/dataset_Facebook.csv",
    "facebook_insights_post_level": "real:legacy_insights_post_level.csv",
    "facebook_insights_page_level": "real:legacy_insights_page_level.csv",
    "youtube_traffic_source_table": "real:youtube_traffic_source_table.csv",
    "youtube_traffic_source_chart": "real:youtube_traffic_source_chart.csv",
    "linkedin_creator_analytics": "real:linkedin_creator.xlsx",
    "youtube_table_data": "youtube_table_data.csv",
    "youtube_totals": "youtube_totals.csv",
    "youtube_chart_data": "youtube_chart_data.csv",
    "x_tweet_activity": "x_tweet_activity.csv",
    "linkedin_page_analytics": "linkedin_page_analytics.xlsx",
    "ga4_traffic": "ga4_traffic.csv",
    "meltwater_mentions": "meltwater_mentions.csv",
    "ibm_customer_care_json": "shared:ibm_twitter_customer_care/dev.json",
    "twcs_flat_csv": "shared:twcs_sample/sample.csv",
}


def fixture_path(name):
    target = FIXTURES[name]
    if target.startswith("shared:"):
        return shared_file(target.removeprefix("shared:"))
    if target.startswith("real:"):
        return REAL_LAYOUTS / target.removeprefix("real:")
    return FORMATS / target


def test_every_registered_format_has_a_fixture():
    assert set(formats()) == set(FIXTURES)


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_format_contract(name, context, tmp_path):
    format_ = formats()[name]
    assert format_.description and set(format_.frames) <= set(SCHEMAS)
    path = fixture_path(name)
    # recognised from content, not name: copy under a meaningless name
    anonymous = tmp_path / ("export (3)" + path.suffix)
    shutil.copy(path, anonymous)
    assert recognise(Source(anonymous.name, path=anonymous)) is format_
    loaded = load_file(anonymous, context=context)
    assert loaded.format == name
    assert set(loaded.frames) <= set(format_.frames)
    if format_.frames:
        assert loaded.frames, "a data format must yield at least one frame from its fixture"
    for frame_name, frame in loaded.frames.items():
        assert list(frame.columns) == SCHEMAS[frame_name].names
        assert len(frame) > 0
        pd.testing.assert_frame_equal(SCHEMAS[frame_name].validate(frame), frame)


def test_unknown_layout_names_file_and_known_layouts(tmp_path, context):
    path = tmp_path / "mystery.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load_file(path, context=context)
    assert "mystery.csv" in str(caught.value) and "meta_facebook_posts" in str(caught.value)
    assert caught.value.found == "a first line 'a,b'"


def test_not_data_names():
    assert is_not_data("README.md") and is_not_data("sub/.DS_Store") and is_not_data("~$report.xlsx")
    assert not is_not_data("posts.csv") and not is_not_data("export.zip")


def test_client_folder_walks_folders_and_zips(tmp_path):
    (tmp_path / "sub").mkdir()
    shutil.copy(FORMATS / "youtube_studio_export.zip", tmp_path / "sub" / "yt.zip")
    (tmp_path / "README.md").write_text("notes", encoding="utf-8")
    (tmp_path / ".sermo-cache").mkdir()
    (tmp_path / ".sermo-cache" / "x.csv").write_text("a\n1\n", encoding="utf-8")
    sources, skipped = ClientFolder(tmp_path).sources()
    assert [source.name for source in sources] == ["sub/yt.zip/Chart data.csv", "sub/yt.zip/Table data.csv",
                                                   "sub/yt.zip/Totals.csv"]
    assert skipped == [("README.md", "not a data file")]
