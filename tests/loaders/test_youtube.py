import shutil

from sermo_helpers.loaders import load_file

from .conftest import FORMATS


def test_table_data_total_row_kept_apart(context):
    loaded = load_file(FORMATS / "youtube_table_data.csv", context=context)
    posts = loaded.frames["posts"]
    assert posts["post_id"].tolist() == ["dQw4w9WgXcQ", "a1B2c3D4e5F"]
    assert posts["video_views"].tolist() == [900.0, 600.0]
    totals = loaded.totals.set_index("metric")
    assert totals.loc["video_views", ["total_row", "sum_of_rows", "difference"]].tolist() == [1530.0, 1500.0, 30.0]
    assert totals.loc["impressions", "difference"] == 1000.0
    assert any("difference +30" in warning for warning in loaded.warnings)


def test_norwegian_headers_and_dates(context):
    loaded = load_file(FORMATS / "youtube_table_data_nb.csv", context=context)
    posts = loaded.frames["posts"]
    assert [str(t) for t in posts["published_at"]] == ["2026-04-06 22:00:00+00:00", "2026-04-22 22:00:00+00:00"]
    assert loaded.totals["difference"].tolist() == [0.0, 0.0]
    assert not any("Total row says" in warning for warning in loaded.warnings)


def test_totals_and_chart_data(context):
    stats = load_file(FORMATS / "youtube_totals.csv", context=context).frames["channel_stats"]
    assert stats["value"].tolist() == [300.0, 640.0, 590.0] and set(stats["metric"]) == {"video_views"}
    chart = load_file(FORMATS / "youtube_chart_data.csv", context=context)
    assert chart.frames == {} and "twice" in chart.skipped


def test_zip_members_are_read(make_client):
    from sermo_helpers.loaders import load_client

    client = make_client()
    shutil.copy(FORMATS / "youtube_studio_export.zip", client.data_path / "Studio export.zip")
    data = load_client(client, use_cache=False)
    assert set(data.report["file"]) == {"Studio export.zip/Chart data.csv", "Studio export.zip/Table data.csv",
                                        "Studio export.zip/Totals.csv"}
    assert len(data.posts) == 2 and len(data.channel_stats) == 3
