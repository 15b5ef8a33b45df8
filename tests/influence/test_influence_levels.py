import math

import pandas as pd
import pytest

from sermo_helpers.errors import AnalysisError
from sermo_helpers.influence.levels import classify_sources, measure_search, summarise_levels
from sermo_helpers.schema import WEB_TRAFFIC


@pytest.fixture
def mentions(mentions_from):
    return mentions_from([
        {"author": "TestbyKommune", "source_domain": "x.com", "is_own": True},           # 1 own reply
        {"author": "@testbykommune", "channel": "facebook", "source_domain": "facebook.com"},  # 2 own by handle
        {"author": "Kari", "channel": "web", "source_domain": "https://www.testby.kommune.no/sak"},  # 3
        {"author": None, "channel": "blog", "source_domain": "blogg.testby.no"},        # 4 own blog
        {"author": "Journalist", "channel": "news", "source_domain": "nrk.no"},        # 5
        {"author": None, "channel": "news", "source_domain": "www.firda.no"},           # 6
        {"author": "Naboby kommune", "channel": "web", "source_domain": "naboby.kommune.no"},  # 7
        {"author": "@kystforskar", "channel": "x", "source_domain": "x.com"},           # 8 account rule
        {"author": "@ola", "channel": "x", "source_domain": "x.com"},                   # 9 channel rule
        {"author": "@ola", "channel": "forum", "source_domain": None},                  # 10
        {"author": None, "channel": "news", "source_domain": None},                     # 11 missing fields
        {"author": "Per", "channel": "web", "source_domain": "ukjent.example"},         # 12 nothing matches
        {"author": "Pod", "channel": "podcast", "source_domain": "podtail.com"},        # 13
    ])


def test_every_source_gets_its_level_kind_and_reason(mentions, client):
    result = classify_sources(mentions, client)
    got = list(zip(result["level"], result["kind"], result["source_name"], result["matched_by"]))
    assert got == [
        (1, "own_account", "TestbyKommune", "own"),
        (1, "own_account", "@testbykommune", "own"),
        (1, "own_web", "testby.kommune.no", "own_domain"),
        (1, "own_blog", "blogg.testby.no", "own_domain"),
        (2, "news", "NRK", "domain"),
        (2, "news", "Firda", "domain"),
        (2, "public_body", "naboby.kommune.no", "domain"),
        (2, "expert", "@kystforskar", "account"),
        (3, "social", "x.com", "channel"),
        (3, "forum", "forum", "channel"),
        (2, "news", "news", "channel"),
        (3, "other", "ukjent.example", "default"),
        (2, "podcast", "podtail.com", "domain"),
    ]
    assert result["level"].dtype == "int64" and result["kind"].dtype == "str"


def test_input_is_not_modified_and_columns_are_added(mentions, client):
    before = mentions.copy()
    result = classify_sources(mentions, client)
    pd.testing.assert_frame_equal(mentions, before)
    assert list(result.columns) == list(mentions.columns) + ["level", "kind", "source_name", "matched_by"]


def test_missing_column_is_named(mentions, client):
    with pytest.raises(AnalysisError, match="source_domain"):
        classify_sources(mentions.drop(columns=["source_domain"]), client)


def test_empty_mentions(mentions, client):
    result = classify_sources(mentions.head(0), client)
    assert len(result) == 0 and "level" in result


@pytest.fixture
def web_traffic():
    return WEB_TRAFFIC.validate(pd.DataFrame({
        "date": ["2026-05-01", "2026-05-01", "2026-05-01", "2026-05-01", "2026-05-02", "2026-05-02"],
        "source": ["google", "bing", "(direct)", "facebook", "google", "nrk.no"],
        "medium": ["organic", "organic", "(none)", "referral", "organic", "referral"],
        "sessions": [600.0, 50.0, 400.0, 120.0, 300.0, 30.0],
    }))


def test_search_is_organic_sessions_by_source(web_traffic):
    search = measure_search(web_traffic)
    assert search["source"].tolist() == ["google", "bing"]
    assert search["name"].tolist() == ["Google", "Bing"]
    assert search["sessions"].tolist() == [900.0, 50.0]
    assert search["share_of_search"].tolist() == pytest.approx([900 / 950, 50 / 950])
    assert search["share_of_sessions"].tolist() == pytest.approx([900 / 1500, 50 / 1500])


def test_search_without_organic_traffic_is_empty(web_traffic):
    search = measure_search(web_traffic[web_traffic["medium"] != "organic"])
    assert search.empty and list(search.columns) == ["source", "name", "kind", "sessions", "share_of_search",
                                                     "share_of_sessions"]


def test_summary_per_level_and_kind(mentions_from, client, web_traffic):
    mentions = mentions_from([
        {"author": "a", "reach": 10.0, "engagement": 1.0},
        {"author": "a", "reach": None, "engagement": 2.0},
        {"author": "b", "reach": 5.0},
        {"author": "Journalist", "channel": "news", "source_domain": "nrk.no", "reach": 1000.0},
        {"author": None, "channel": "news", "source_domain": "vg.no"},
    ])
    summary = summarise_levels(classify_sources(mentions, client), measure_search(web_traffic))
    rows = summary.assign(level=summary["level"].astype(int)).fillna(-1).to_dict("records")
    assert rows == [
        {"level": 2, "kind": "news", "mentions": 2.0, "posts": -1, "actors": 2.0, "reach": 1000.0, "engagement": -1,
         "sessions": -1, "views": -1},
        {"level": 3, "kind": "social", "mentions": 3.0, "posts": -1, "actors": 2.0, "reach": 15.0, "engagement": 3.0,
         "sessions": -1, "views": -1},
        {"level": 4, "kind": "search_engine", "mentions": -1, "posts": -1, "actors": 2.0, "reach": -1,
         "engagement": -1, "sessions": 950.0, "views": -1},
    ]


def test_level_one_is_the_own_web_and_channels_not_the_clients_replies(mentions_from, client, web_traffic):
    from sermo_helpers.schema import POSTS

    mentions = mentions_from([
        {"author": "TestbyKommune", "channel": "x", "source_domain": "x.com", "is_own": True, "reach": 50.0},
        {"author": "testbykommune", "channel": "facebook", "is_own": True, "reach": 70.0},   # replies: not level 1
        {"author": "Kari", "channel": "web", "source_domain": "testby.kommune.no", "reach": 4.0},  # others on own web
        {"author": "a", "reach": 10.0},
    ])
    posts = POSTS.validate(pd.DataFrame({
        "post_id": ["1", "2", "3"], "channel": ["facebook", "facebook", "instagram"],
        "account": ["testbykommune", "testbykommune", "testby"],
        "published_at": ["2026-05-01T10:00:00+00:00"] * 3, "text": ["", "", ""],
        "reach": [100.0, 300.0, 40.0], "reactions": [5.0, 1.0, 2.0], "comments": [1.0, 0.0, 0.0],
        "shares": [0.0, 1.0, 0.0]}))
    summary = summarise_levels(classify_sources(mentions, client), measure_search(web_traffic), posts=posts,
                               web_traffic=web_traffic).set_index(["level", "kind"])
    assert set(summary.loc[1].index) == {"own_web", "own_account"}
    assert summary.loc[(1, "own_web"), ["mentions", "reach", "sessions"]].tolist() == [1.0, 4.0, 1500.0]
    own = summary.loc[(1, "own_account")]
    assert math.isnan(own["mentions"])  # the client's two replies are not counted as level 1
    assert own[["posts", "actors", "reach", "engagement"]].tolist() == [3.0, 2.0, 440.0, 10.0]
    without_site = summarise_levels(classify_sources(mentions.head(2), client))
    assert 1 not in set(without_site["level"])  # replies alone make no level 1


def test_level_four_counts_views_from_youtube_search_in_the_traffic_source_export(mentions_from, client):
    """YouTube Studio's traffic-source chart, as the platform writes it (tests/data/real_layouts), loaded by the
    loader: its YouTube-search views are level 4 beside the website's search sessions."""
    from pathlib import Path

    from sermo_helpers.influence.levels import measure_video_search
    from sermo_helpers.loaders import load_file
    from sermo_helpers.loaders.base import Context

    chart = Path(__file__).resolve().parents[1] / "data" / "real_layouts" / "youtube_traffic_source_chart.csv"
    context = Context(timezone="Europe/Oslo", accounts={"youtube": "Testby"}, client_name="Testby kommune",
                      now=pd.Timestamp("2026-10-01", tz="UTC"), year=2026)
    stats = load_file(chart, context=context).frames["channel_stats"]
    assert measure_video_search(stats) == 600.0  # the chart's YouTube search rows (the loaders' test: 600)
    summary = summarise_levels(classify_sources(mentions_from([{"author": "a"}]), client), channel_stats=stats)
    video = summary[(summary["level"] == 4) & (summary["kind"] == "video_search")]
    assert video["views"].tolist() == [600.0] and video["sessions"].isna().all()
    assert math.isnan(measure_video_search(stats[stats["metric"] != "video_views_from_youtube_search"]))
    assert not (summarise_levels(classify_sources(mentions_from([{"author": "a"}]), client))["level"] == 4).any()


def test_level_four_from_a_real_youtube_traffic_source_export(shared_data, tmp_path, monkeypatch):
    """The public YouTube Studio export in ../shared/data: YouTube-search views summed from its Chart data.csv by
    hand equal level 4's views after the loaders read the folder."""
    import csv
    import datetime as dt

    from sermo_helpers.config import ClientConfig
    from sermo_helpers.influence.levels import measure_video_search
    from sermo_helpers.loaders import load_client

    monkeypatch.setenv("SERMO_HOME", str(tmp_path))
    folder = shared_data / "real_exports" / "youtube_traffic_source"
    with open(folder / "Chart data.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    source = next(key for key in rows[0] if key.strip().lower() == "traffic source")
    views = next(key for key in rows[0] if key.strip().lower() == "views")
    by_hand = sum(float(row[views]) for row in rows if row[source].strip().lower() == "youtube search")
    client = ClientConfig(slug="kanalen", display_name="Kanalen", language="nb", period_start=dt.date(2025, 1, 1),
                          period_end=dt.date(2026, 9, 30), data_folder=str(folder),
                          own_accounts={"youtube": ("Kanalen",)}, keywords=("kanalen",))
    data = load_client(client, use_cache=False)
    assert by_hand > 0 and measure_video_search(data.channel_stats) == by_hand
