"""The genuine exports in ../shared/data/real_exports load (skipped with a message when absent)."""
import pytest

from sermo_helpers.loaders import load_client

from .conftest import SHARED

REAL = SHARED / "real_exports"


def real_folder(name):
    folder = REAL / name
    if not folder.is_dir():
        pytest.skip(f"genuine exports {name} not found under {REAL} (../shared/data is absent)")
    return folder


def test_youtube_traffic_source_export_loads(make_client, tmp_path):
    folder = real_folder("youtube_traffic_source")
    client = make_client(data_folder=str(folder), own_accounts={"youtube": ("Kanalen",)},
                         period_start=__import__("datetime").date(2025, 2, 1))
    data = load_client(client, use_cache=False)
    formats = dict(zip(data.report["file"], data.report["format"]))
    assert formats["Table data.csv"] == "youtube_traffic_source_table"
    assert formats["Chart data.csv"] == "youtube_traffic_source_chart"
    assert formats["Totals.csv"] == "youtube_totals"
    stats = data.channel_stats
    views = stats[stats["metric"] == "video_views"]
    assert len(views) == 28 and views["value"].iloc[0] == 16481 and set(views["account"]) == {"Kanalen"}
    search = stats[stats["metric"] == "video_views_from_youtube_search"]
    assert len(search) == 28
    # the chart's sources add up to Totals.csv on every day but one, where YouTube's own rows miss 15 views
    by_source = stats[stats["metric"].str.startswith("video_views_from_")].groupby("date")["value"].sum()
    difference = views.set_index("date")["value"] - by_source
    assert (difference != 0).sum() == 1 and difference.sum() == 15
    total = data.totals.set_index("metric").loc["video_views_by_traffic_source"]
    assert total["total_row"] == 489680 and total["difference"] == 15


def test_linkedin_creator_export_loads(make_client):
    folder = real_folder("linkedin_creator")
    client = make_client(data_folder=str(folder), own_accounts={"linkedin": ("Creator",)})
    data = load_client(client, use_cache=False)
    assert set(data.report["format"]) - {"skipped"} == {"linkedin_creator_analytics"}
    stats = data.channel_stats
    assert stats.loc[stats["metric"] == "impressions", "value"].sum() == 70416  # = DISCOVERY's total
    assert stats.loc[stats["metric"] == "followers", "value"].tolist() == [782]
    assert len(data.posts) == 45 and data.posts["impressions"].max() == 12463
    assert data.totals.set_index("metric").loc["impressions", "difference"] == 0
