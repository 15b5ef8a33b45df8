"""Each export variant seen in genuine client files (issue 13) read from a byte-faithful fixture in
tests/data/real_layouts/ (built by tests/data/build_real_layouts.py), checked against figures
computed by hand from the fixture's rows."""
import math

import pandas as pd
import pytest

from sermo_helpers.errors import LoadError
from sermo_helpers.loaders import load_file
from sermo_helpers.loaders.base import Context

from .conftest import NOW, REAL_LAYOUTS


def load(name, context):
    return load_file(REAL_LAYOUTS / name, context=context)


def utc(text):
    return pd.Timestamp(text, tz="UTC")


def test_fixtures_are_written_as_the_platforms_write_them():
    assert (REAL_LAYOUTS / "legacy_insights_post_level.csv").read_bytes().startswith(b'\xef\xbb\xbf"Post ID",Permalink,')
    assert b"\r\n" in (REAL_LAYOUTS / "legacy_insights_post_level.csv").read_bytes()
    daily = (REAL_LAYOUTS / "meta_daily_instagram_es.csv").read_bytes()
    assert daily.startswith(b"\xff\xfes\x00e\x00p\x00=\x00,\x00\r\x00\n\x00")
    assert daily.decode("utf-16").splitlines()[1:3] == ['"Alcance de Instagram"', '"Fecha","Primary"']


def test_legacy_insights_post_level(context):
    loaded = load("legacy_insights_post_level.csv", context)
    posts = loaded.frames["posts"].set_index("post_id")
    assert loaded.format == "facebook_insights_post_level"
    assert len(posts) == 3  # the description row is not a post
    photo, video, link = (posts.loc[f"123456789012345_100000000000000{n}"] for n in (1, 2, 3))
    # organic and paid kept apart: organic reach 4200 (total 5000 = 4200 organic + 800 paid)
    assert (photo["reach"], photo["paid_reach"], photo["impressions"], photo["paid_impressions"]) == (4200, 800, 7500, 1500)
    assert (photo["reactions"], photo["comments"], photo["shares"], photo["clicks"]) == (230, 12, 18, 410)
    assert photo["post_type"] == "photo" and math.isnan(photo["video_views"])
    assert video["video_views"] == 4100  # the first of the two "Lifetime Organic Video Views" columns
    assert math.isnan(link["paid_reach"]) and link["reach"] == 2100  # empty: not reported, not zero
    # 06/15/2015 10:30:00 AM in Oslo (summer time, UTC+2)
    assert photo["published_at"] == utc("2015-06-15 08:30") and video["published_at"] == utc("2015-05-17 12:15")
    warnings = " ".join(loaded.warnings)
    assert "'lifetime organic video views' more than once" in warnings and "different values" in warnings
    assert "'lifetime engaged users'" in warnings  # a numeric column without a home is named, not dropped


def test_legacy_insights_page_level(context):
    loaded = load("legacy_insights_page_level.csv", context)
    stats = loaded.frames["channel_stats"]
    assert loaded.format == "facebook_insights_page_level"
    by_metric = stats.groupby("metric")["value"].sum()
    assert by_metric["new_followers"] == 12 + 10 + 2 and by_metric["reach"] == 1500 + 1720 + 900
    assert stats.loc[stats["metric"] == "followers", "value"].tolist() == [4210, 4219, 4219]
    assert stats["date"].min() == pd.Timestamp("2015-06-01") and len(stats) == 3 * 7
    assert set(stats["channel"]) == {"facebook"} and set(stats["account"]) == {"Fjordvik kommune"}


def test_meta_daily_instagram_in_spanish_is_instagram(context):
    """The metric line names Instagram: channel instagram, account from own_accounts, never the page."""
    context = Context(timezone="Europe/Oslo", accounts={"facebook": "Fjordvik kommune",
                                                        "instagram": "fjordvikkommune"},
                      client_name="Fjordvik kommune", now=NOW)
    loaded = load("meta_daily_instagram_es.csv", context)
    stats = loaded.frames["channel_stats"]
    assert loaded.format == "meta_page_daily"
    assert set(stats["channel"]) == {"instagram"} and set(stats["account"]) == {"fjordvikkommune"}
    assert set(stats["metric"]) == {"reach"} and stats["value"].tolist() == [1204, 987, 0]
    assert [str(day.date()) for day in stats["date"]] == ["2025-03-01", "2025-03-02", "2025-03-03"]


def test_meta_daily_in_norwegian_names_facebook(context):
    stats = load("meta_daily_facebook_nb.csv", context).frames["channel_stats"]
    assert set(stats["channel"]) == {"facebook"} and set(stats["metric"]) == {"impressions"}
    assert stats["value"].sum() == 3310 + 2875


def test_meta_post_export_in_spanish(context):
    loaded = load("meta_posts_es.csv", context)
    posts = loaded.frames["posts"]
    assert loaded.format == "meta_facebook_posts"
    assert posts["post_id"].tolist() == ["111222333444555_900000000000001", "111222333444555_900000000000002"]
    assert posts["account"].tolist() == ["Ayuntamiento de Fjordvik"] * 2
    assert posts["impressions"].tolist() == [2450, 812] and posts["reach"].tolist() == [1980, 640]
    assert posts["clicks"].tolist() == [210, 88]  # "Clics totales" before "Clics en el enlace"
    assert posts["published_at"].tolist() == [utc("2025-03-05 08:30"), utc("2025-03-06 17:05")]  # CET
    assert posts["text"].tolist() == ["Abrimos la nueva playa, ¡bienvenidos!", "Corte de agua el martes"]


def test_x_2015_layout_reads_favorites_as_likes(context):
    loaded = load("x_tweet_activity_2015.csv", context)
    posts = loaded.frames["posts"].set_index("post_id")
    assert posts.loc["612345678901234567", "reactions"] == 11 and posts.loc["611111111111111111", "reactions"] == 3
    assert posts["shares"].sum() == 5 and posts["impressions"].sum() == 1520 + 830
    assert set(posts["account"]) == {"fjordvik"}
    assert "'engagements'" in " ".join(loaded.warnings)  # known numbers without a canonical column are named


def test_linkedin_boosted_post_keeps_organic_and_paid_apart(context):
    loaded = load("linkedin_content_boosted.xlsx", context)
    posts = loaded.frames["posts"].set_index("post_id")
    boosted = posts.loc["urn:li:activity:7300000000000000001"]
    assert len(posts) == 2  # one row per post, not Organic + 2 Sponsored + Total
    assert boosted["impressions"] == 900 and boosted["paid_impressions"] == 1500 + 1000
    assert (boosted["clicks"], boosted["reactions"], boosted["comments"], boosted["shares"]) == (75, 29, 5, 2)
    other = posts.loc["urn:li:activity:7300000000000000002"]
    assert other["post_type"] == "article" and math.isnan(other["paid_impressions"])
    assert posts["reach"].isna().all()  # LinkedIn gives no reach per post: not reported, not 0


def test_linkedin_repeated_post_without_marker_names_sheet(tmp_path, context):
    from openpyxl import Workbook
    book = Workbook()
    sheet = book.active
    sheet.title = "All posts"
    sheet.append(["Post title", "Post link", "Created date", "Impressions"])
    link = "https://www.linkedin.com/feed/update/urn:li:activity:7300000000000000009"
    sheet.append(["a", link, "03/03/2025", 10])
    sheet.append(["a", link, "03/03/2025", 12])
    path = tmp_path / "content.xlsx"
    book.save(path)
    with pytest.raises(LoadError) as caught:
        load_file(path, context=context)
    assert "content.xlsx [All posts]" in str(caught.value) and "Organic, Sponsored or Total" in str(caught.value)


def test_ga4_channel_groups_with_a_totals_table(context):
    loaded = load("ga4_channel_groups.csv", context)
    traffic = loaded.frames["web_traffic"]
    organic = traffic[traffic["medium"] == "organic"]
    assert organic["source"].unique().tolist() == ["Organic Search"] and organic["sessions"].sum() == 120 + 140
    assert traffic["sessions"].sum() == 120 + 60 + 140 + 12 + 9  # the totals table is not counted again
    assert "table 2 (line 16" in " ".join(loaded.warnings) and "no date" in " ".join(loaded.warnings)


def test_ga4_reports_snapshot_reads_the_traffic_table_by_day(context):
    loaded = load("ga4_reports_snapshot.csv", context)
    traffic = loaded.frames["web_traffic"].sort_values(["date", "source"]).reset_index(drop=True)
    assert traffic.values.tolist() == [
        [pd.Timestamp("2024-04-01"), "(direct)", "(none)", 11.0],
        [pd.Timestamp("2024-04-01"), "google", "organic", 30.0 + 25.0],
        [pd.Timestamp("2024-04-02"), "google", "organic", 40.0]]
    warnings = " ".join(loaded.warnings)
    for table in ("'nth day'", "'country'", "'page title and screen class'", "'event count'"):
        assert table in warnings


def test_youtube_traffic_source_table_and_chart(context):
    table = load("youtube_traffic_source_table.csv", context)
    assert table.frames == {} and table.totals["total_row"].tolist() == [1000.0]
    assert table.totals["sum_of_rows"].tolist() == [600 + 150 + 200 + 45] and "YouTube search 60.3%" in table.skipped  # 600 / 995
    chart = load("youtube_traffic_source_chart.csv", context).frames["channel_stats"]
    by_metric = chart.groupby("metric")["value"].sum().to_dict()
    assert by_metric == {"video_views_from_youtube_search": 600.0, "video_views_from_external": 150.0,
                         "video_views_from_browse_features": 200.0}


def test_youtube_totals_with_day_first_dashes(context):
    loaded = load("youtube_totals_day_first.csv", context)
    stats = loaded.frames["channel_stats"]
    assert [str(day.date()) for day in stats["date"]] == ["2025-06-11", "2025-06-12", "2025-06-13", "2025-06-14"]
    assert stats["value"].sum() == 150 + 175 + 162 + 98
    assert "'13-06-2025'" in " ".join(loaded.warnings)


def test_dashed_dates_without_a_day_above_12_are_refused(tmp_path, context):
    path = tmp_path / "Totals.csv"
    path.write_text("Date,Views\n01-06-2025,1\n02-06-2025,2\n", encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load_file(path, context=context)
    assert "no day above 12" in str(caught.value) and caught.value.row == 1


def test_customer_care_csv_resaved_by_pandas(context):
    loaded = load("customer_care_resaved.csv", context)
    mentions = loaded.frames["mentions"].set_index("mention_id")
    assert mentions.index.tolist() == ["1", "2", "3", "4"]  # 1.0 -> 1, the index column left out
    assert mentions.loc["2", "in_reply_to"] == "1" and mentions.loc["3", "in_reply_to"] == "2"
    assert mentions.loc["3", "text"] == "@sprintcare takk\nfor svaret"  # the bare CR is inside the text
    assert mentions.loc["4", "text"] == "@sprintcare linje en\nlinje to"
    assert mentions.loc["2", "is_own"] and mentions.loc["2", "responder"] == "AB"
    assert any("unnamed first column" in warning for warning in loaded.warnings)


def test_customer_care_error_names_physical_line_and_data_row(tmp_path, context):
    text = (REAL_LAYOUTS / "customer_care_resaved.csv").read_bytes().decode("utf-8")  # keeps the bare CR
    text += "4,5.0,115715,perhaps,Tue Oct 31 23:10:00 +0000 2017,hei,,\n"
    path = tmp_path / "care.csv"
    path.write_bytes(text.encode("utf-8"))
    with pytest.raises(LoadError) as caught:
        load_file(path, context=context)
    # five records, but the quoted two-line text moves the fifth to physical line 7
    assert "care.csv: line 7 (data row 5), column 'inbound'" in str(caught.value)
    assert str(tmp_path) not in str(caught.value)


def test_ga4_organic_search_feeds_ecosystem_level_4(context):
    from sermo_helpers.influence.levels import measure_search
    traffic = load("ga4_channel_groups.csv", context).frames["web_traffic"]
    search = measure_search(traffic)
    assert search["sessions"].sum() == 260 and search["share_of_sessions"].iloc[0] == pytest.approx(260 / 341)


def test_linkedin_empty_content_type_does_not_hide_post_type(tmp_path, context):
    from openpyxl import Workbook
    book = Workbook()
    sheet = book.active
    sheet.title = "All posts"
    sheet.append(["Post title", "Post link", "Post type", "Created date", "Impressions", "Content Type"])
    sheet.append(["a", "https://www.linkedin.com/feed/update/urn:li:activity:7300000000000000011", "Video",
                  "03/03/2025", 10, None])
    sheet.append(["b", "https://www.linkedin.com/feed/update/urn:li:activity:7300000000000000012", "Image",
                  "03/04/2025", 12, "Article"])
    path = tmp_path / "content.xlsx"
    book.save(path)
    posts = load_file(path, context=context).frames["posts"]
    assert posts["post_type"].tolist() == ["video", "article"]  # Content Type first where it is filled
