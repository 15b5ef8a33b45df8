"""Tests of the demo generator: determinism, canonical layout, and the planted facts.

The planted facts are measured from the generated frames with plain pandas, the way a stage
would find them, so a change to the generator that loses a fact fails here first.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys

import pandas as pd
import pytest

from sermo_helpers import demo, paths
from sermo_helpers.config import load_client_config
from sermo_helpers.errors import ConfigError
from sermo_helpers.loaders import load_client
from sermo_helpers.schema import SCHEMAS

TZ = "Europe/Oslo"


def _hashes(root):
    return {path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted((root / "data" / "clients").rglob("*.csv"))}


@pytest.fixture(scope="module")
def fjordvik():
    return demo.generate_demo("fjordvik")


@pytest.fixture(scope="module")
def fjordvik_mentions(fjordvik):
    truth = demo.demo_truth("fjordvik").rename(columns={"language": "true_language", "subject": "true_subject"})
    mentions = fjordvik["mentions"].merge(truth, on="mention_id", how="left", validate="one_to_one")
    return mentions.assign(day=mentions["published_at"].dt.tz_convert(TZ).dt.date)


def _threads(mentions: pd.DataFrame) -> pd.DataFrame:
    """Inbound threads on own accounts with whether and how fast the client first answered."""
    roots = mentions[mentions["kind"].isin(["question", "complaint"])]
    first_reply = mentions[mentions["is_own"]].groupby("thread_id")["published_at"].min()
    answered_at = roots["mention_id"].map(first_reply)
    return roots.assign(answered=answered_at.notna(),
                        minutes=(answered_at - roots["published_at"]).dt.total_seconds() / 60)


# --- determinism and files ---------------------------------------------------------------------

@pytest.mark.slow
def test_two_runs_write_identical_bytes(tmp_path):
    """One run here, one in a fresh interpreter (other hash seed, no cache): the same bytes."""
    first = demo.write_demo_data(tmp_path / "a")
    script = "import sys; from pathlib import Path; from sermo_helpers import demo; demo.write_demo_data(Path(sys.argv[1]))"
    subprocess.run([sys.executable, "-c", script, str(tmp_path / "b")], check=True,
                   env={**os.environ, "PYTHONHASHSEED": "12345"}, cwd=paths.project_root())
    assert len(first) == 8
    hashes_a, hashes_b = _hashes(tmp_path / "a"), _hashes(tmp_path / "b")
    assert sorted(hashes_a) == sorted(f"data/clients/{slug}/{name}.csv" for slug in demo.DEMO_SLUGS
                                      for name in demo.FRAME_NAMES)
    assert hashes_a == hashes_b
    assert not list((tmp_path / "a").rglob("*.tmp"))


def test_committed_files_equal_a_fresh_generation(tmp_path):
    committed = paths.project_root()
    if not (committed / "data" / "clients" / "fjordvik" / "mentions.csv").is_file():
        pytest.fail("data/clients/ has no demo files: run sermo_helpers.demo.write_demo_data()")
    demo.write_demo_data(tmp_path)
    assert _hashes(committed) == _hashes(tmp_path), \
        "data/clients/ differs from the generator: regenerate with write_demo_data(), never edit by hand"


def test_written_csv_format_is_stable_text(tmp_path):
    demo.write_demo_data(tmp_path)
    raw = (tmp_path / "data/clients/fjordvik/mentions.csv").read_bytes()
    assert b"\r\n" not in raw
    text = raw.decode("utf-8")
    header, first = text.split("\n")[:2]
    assert header == ",".join(SCHEMAS["mentions"].names)
    assert "+00:00," in first
    stats = (tmp_path / "data/clients/fjordvik/channel_stats.csv").read_text(encoding="utf-8")
    assert ".0," not in stats and not any(line.endswith(".0") for line in stats.splitlines())


def test_seed_changes_data_and_same_seed_repeats():
    one = demo.generate_demo("coastline", seed=1)["mentions"]
    again = demo.generate_demo("coastline", seed=1)["mentions"]
    other = demo.generate_demo("coastline", seed=2)["mentions"]
    pd.testing.assert_frame_equal(one, again)
    assert one["mention_id"].tolist() != other["mention_id"].tolist()


def test_unknown_slug_raises_config_error():
    with pytest.raises(ConfigError, match="Unknown demo client 'nowhere'"):
        demo.generate_demo("nowhere")


def test_generate_returns_copies_the_caller_may_change():
    frames = demo.generate_demo("coastline")
    frames["posts"].loc[0, "reach"] = -1.0
    assert demo.generate_demo("coastline")["posts"].loc[0, "reach"] >= 0


# --- canonical layout and client files ---------------------------------------------------------

@pytest.mark.parametrize("slug", demo.DEMO_SLUGS)
def test_frames_validate_and_client_files_load(slug):
    frames = demo.generate_demo(slug)
    for name in demo.FRAME_NAMES:
        assert list(frames[name].columns) == SCHEMAS[name].names
        SCHEMAS[name].validate(frames[name])
    config = load_client_config(slug)
    assert config.slug == slug
    loaded = load_client(config)
    assert len(loaded.mentions) == len(frames["mentions"])
    pd.testing.assert_frame_equal(loaded.posts, frames["posts"])
    assert set(loaded.report["frame"]) == set(demo.FRAME_NAMES)


@pytest.mark.parametrize("slug", demo.DEMO_SLUGS)
def test_everything_lies_inside_the_client_period(slug):
    config = load_client_config(slug)
    frames = demo.generate_demo(slug)
    for name, column in (("posts", "published_at"), ("mentions", "published_at")):
        days = frames[name][column].dt.tz_convert(TZ).dt.date
        assert days.min() == config.period_start or days.min() >= config.period_start
        assert days.max() <= config.period_end
    for name in ("channel_stats", "web_traffic"):
        dates = frames[name]["date"].dt.date
        assert (dates.min(), dates.max()) == (config.period_start, config.period_end)


def test_fjordvik_client_file_matches_planted():
    config = load_client_config("fjordvik")
    planted = demo.PLANTED["fjordvik"]
    assert (config.language, config.timezone) == ("nb", planted["timezone"])
    assert {channel: names[0] for channel, names in config.own_accounts.items()} == planted["own_accounts"]
    assert [peer.slug for peer in config.peers] == ["havnes", "sjoberg"]
    assert planted["critic"] not in config.public_figures
    assert set(planted["public_figures"]) == set(config.public_figures)
    assert config.judgement["playful"]["status"] == "developing"


# --- planted facts: fjordvik -------------------------------------------------------------------

def test_mentions_volume_and_empty_columns(fjordvik):
    mentions = fjordvik["mentions"]
    assert 2500 <= len(mentions) <= 6000
    assert mentions["language"].isna().all()
    assert mentions["source_sentiment"].isna().all()
    assert set(mentions["channel"]) == {"x", "facebook", "instagram", "news", "blog", "forum"}
    assert {"nrk.no", "fjordvikavis.no", "bt.no", "vl.no", "fjordliv.blogg.no"} <= set(mentions["source_domain"])


def test_episode_volume_is_at_least_five_times_baseline_every_day(fjordvik_mentions):
    episode = demo.PLANTED["fjordvik"]["criticism_episode"]
    start, end = pd.Timestamp(episode["start"]).date(), pd.Timestamp(episode["end"]).date()
    client = fjordvik_mentions[(fjordvik_mentions["subject"] == "fjordvik") & ~fjordvik_mentions["is_own"]]
    daily = client.groupby("day").size()
    inside = daily[(daily.index >= start) & (daily.index <= end)]
    baseline = daily[(daily.index < start) | (daily.index > end)].median()
    assert len(inside) == 7
    assert (inside / baseline).min() >= episode["min_daily_ratio"]


def test_episode_is_mostly_negative_and_about_the_water(fjordvik_mentions):
    episode = demo.PLANTED["fjordvik"]["criticism_episode"]
    surge = fjordvik_mentions[fjordvik_mentions["kind"] == "episode"]
    assert (surge["tone"] == "negative").mean() >= episode["negative_share_min"]
    assert set(surge["true_language"].value_counts().index[:2]) == {"nb", "nn"}
    lowered = surge["text"].str.lower()
    has_term = pd.concat([lowered.str.contains(term, regex=False) for term in episode["topic_terms"]], axis=1).any(axis=1)
    assert has_term.mean() >= 0.8


def test_language_shares_are_in_band(fjordvik_mentions):
    shares = fjordvik_mentions.loc[~fjordvik_mentions["is_own"], "true_language"].value_counts(normalize=True)
    assert 0.64 <= shares["nb"] <= 0.76
    assert 0.10 <= shares["nn"] <= 0.20
    assert 0.10 <= shares["en"] <= 0.20


def test_nynorsk_texts_use_nynorsk_forms(fjordvik_mentions):
    nynorsk = fjordvik_mentions.loc[fjordvik_mentions["true_language"] == "nn", "text"].str.lower()
    markers = (r"\b(?:ikkje|eg|kva|korleis|kommunen vår|vatnet|drikkevatnet|skulen|kvifor|nokon|veit|kven|eit|ein|vert|"
               r"endeleg|bilete|opnar|millionar|opplysingar|heile|vegarbeidet|att|no|forklaringa|følgjer)\b")
    assert nynorsk.str.contains(markers).mean() >= 0.8
    assert nynorsk.nunique() >= 200


def test_share_of_voice(fjordvik_mentions):
    shares = fjordvik_mentions.loc[~fjordvik_mentions["is_own"], "subject"].value_counts(normalize=True)
    for subject, planted in demo.PLANTED["fjordvik"]["share_of_voice"].items():
        assert shares[subject] == pytest.approx(planted, abs=0.01)


def test_influencers_stand_out(fjordvik_mentions):
    planted = demo.PLANTED["fjordvik"]["influencers"]
    assert set(planted) <= set(fjordvik_mentions["author"])
    authors = fjordvik_mentions[~fjordvik_mentions["is_own"]].groupby("author").agg(
        reach=("reach", "sum"), engagement=("engagement", "sum"), posts=("mention_id", "size"))
    replied = fjordvik_mentions["in_reply_to"].map(fjordvik_mentions.set_index("mention_id")["author"])
    authors["replies"] = replied.value_counts().reindex(authors.index, fill_value=0)
    top_reach = set(authors["reach"].nlargest(12).index)
    top_replies = set(authors["replies"].nlargest(10).index)
    for author in planted:
        assert author in top_reach or author in top_replies, author
    critic = demo.PLANTED["fjordvik"]["critic"]
    assert authors["engagement"].idxmax() in {critic, "NRK Vestland"}
    assert authors["replies"].idxmax() == critic
    assert (fjordvik_mentions.loc[fjordvik_mentions["author"] == critic, "tone"] == "negative").all()


def test_amplifier_mostly_shares(fjordvik_mentions):
    amplifier = fjordvik_mentions[fjordvik_mentions["author"] == "@fjordvikungdom"]
    shares = amplifier["text"].str.startswith(tuple(demo.PLANTED["fjordvik"]["share_markers"]))
    assert shares.mean() >= 0.6


def test_replies_never_precede_what_they_answer(fjordvik_mentions):
    times = fjordvik_mentions.set_index("mention_id")["published_at"]
    replies = fjordvik_mentions[fjordvik_mentions["in_reply_to"].notna()]
    assert replies["in_reply_to"].isin(times.index).all()
    assert (replies["published_at"] > replies["in_reply_to"].map(times)).all()
    assert replies["thread_id"].isin(times.index).all()


def test_response_behaviour_per_channel(fjordvik_mentions):
    planted = demo.PLANTED["fjordvik"]["response"]
    threads = _threads(fjordvik_mentions)
    by_channel = threads.groupby("channel").agg(rate=("answered", "mean"), median=("minutes", "median"))
    assert by_channel.loc["facebook", "rate"] == pytest.approx(planted["facebook"]["rate"], abs=0.07)
    assert by_channel.loc["x", "rate"] == pytest.approx(planted["x"]["rate"], abs=0.07)
    assert by_channel.loc["instagram", "rate"] == pytest.approx(planted["instagram"]["rate"], abs=0.05)
    assert threads["answered"].mean() == pytest.approx(planted["overall_rate"], abs=0.04)
    assert 25 <= by_channel.loc["facebook", "median"] <= 60
    assert 360 <= by_channel.loc["x", "median"] <= 900
    order = by_channel["median"].sort_values().index.tolist()
    assert order[0] == "facebook"
    outside = threads["published_at"].dt.tz_convert(TZ)
    after_hours = (outside.dt.day_of_week >= 5) | (outside.dt.hour < 8) | (outside.dt.hour >= 16)
    assert 0.2 <= after_hours.mean() <= 0.4


def test_facebook_replies_mostly_in_business_hours(fjordvik_mentions):
    own = fjordvik_mentions[fjordvik_mentions["is_own"] & (fjordvik_mentions["channel"] == "facebook")]
    local = own["published_at"].dt.tz_convert(TZ)
    minutes = local.dt.hour * 60 + local.dt.minute
    inside = (local.dt.day_of_week < 5) & (minutes >= 8 * 60) & (minutes < 15 * 60 + 30 + 90)
    assert inside.mean() >= 0.8


def test_episode_complaints_answered_rarely_and_slowly(fjordvik_mentions):
    planted = demo.PLANTED["fjordvik"]["response"]["episode_negative"]
    threads = _threads(fjordvik_mentions)
    complaints = threads[threads["kind"] == "complaint"]
    assert len(complaints) >= 30
    assert complaints["answered"].mean() == pytest.approx(planted["rate"], abs=0.06)
    assert complaints["minutes"].median() > planted["median_minutes_above"]


def test_responders_and_own_replies(fjordvik_mentions):
    own = fjordvik_mentions[fjordvik_mentions["is_own"]]
    planted = demo.PLANTED["fjordvik"]
    assert set(own["responder"]) == set(planted["responders"])
    assert own["responder"].value_counts().idxmax() == planted["main_responder"]
    expected_author = own["channel"].map(planted["own_accounts"])
    assert (own["author"] == expected_author).all()
    assert fjordvik_mentions.loc[~fjordvik_mentions["is_own"], "responder"].isna().all()


def test_posts_volume_and_consistency(fjordvik):
    posts = fjordvik["posts"]
    weeks = 183 / 7
    per_week = posts["channel"].value_counts() / weeks
    assert per_week["x"] > per_week["facebook"] > per_week["instagram"] > per_week["youtube"]
    assert 3.0 <= per_week["facebook"] <= 5.5 and 5.0 <= per_week["x"] <= 8.0
    assert 8 <= (posts["channel"] == "youtube").sum() <= 16
    engaged = posts[["reactions", "comments", "shares"]].sum(axis=1)
    assert (posts["impressions"] >= posts["reach"]).all()
    assert (posts["reach"] >= engaged).all()
    assert posts.loc[posts["post_type"].isin(["video", "reel"]), "video_views"].notna().all()
    assert posts.loc[~posts["post_type"].isin(["video", "reel"]), "video_views"].isna().all()
    assert posts["text"].str.contains("17. mai").any() and posts["text"].str.contains("Kokevarsel").any()


def test_facebook_video_has_best_engagement_rate(fjordvik):
    posts = fjordvik["posts"]
    facebook = posts[posts["channel"] == "facebook"]
    rate = (facebook["reactions"] + facebook["comments"] + facebook["shares"]) / facebook["reach"]
    by_type = rate.groupby(facebook["post_type"]).agg(["mean", "median"])
    assert by_type["mean"].idxmax() == "video"
    assert by_type["median"].idxmax() == "video"


def test_evening_posts_beat_morning_posts(fjordvik):
    posts = fjordvik["posts"]
    planted = demo.PLANTED["fjordvik"]
    rate = (posts["reactions"] + posts["comments"] + posts["shares"]) / posts["reach"]
    hour = posts["published_at"].dt.tz_convert(TZ).dt.hour
    evening = rate[hour.isin(planted["best_hours_local"])].mean()
    morning = rate[hour.isin(planted["morning_hours_local"])].mean()
    assert evening / morning >= planted["evening_to_morning_engagement_ratio_min"]


def test_channel_mix_imbalance(fjordvik):
    posts = fjordvik["posts"]
    mix = demo.PLANTED["fjordvik"]["channel_mix"]
    reach_per_post = posts.groupby("channel")["reach"].median()
    counts = posts["channel"].value_counts()
    assert counts.idxmax() == mix["overinvested"][0]
    for channel in mix["underinvested"]:
        assert reach_per_post[channel] > 2 * reach_per_post["x"]
        assert counts[channel] < counts["x"] / 2


def test_channel_stats_followers_rhythm_and_episode(fjordvik):
    stats = fjordvik["channel_stats"]
    followers = stats[stats["metric"] == "followers"].sort_values("date")
    last = followers.groupby("channel")["value"].last()
    for channel, planted in demo.PLANTED["fjordvik"]["followers_end"].items():
        assert last[channel] == pytest.approx(planted, rel=0.06), channel
    assert last.sort_values().index.tolist() == ["youtube", "linkedin", "x", "instagram", "facebook"]
    reach = stats[(stats["metric"] == "reach") & (stats["channel"] == "facebook")].set_index("date")["value"]
    weekday = reach.index.day_of_week
    assert reach[weekday < 5].mean() > 1.2 * reach[weekday >= 5].mean()
    episode = reach["2026-06-08":"2026-06-14"].mean()
    assert episode > 2.5 * reach["2026-05-01":"2026-05-31"].mean()
    youtube = set(stats.loc[stats["channel"] == "youtube", "metric"])
    assert {"video_views", "watch_time_minutes"} <= youtube
    pivot = stats.pivot_table(index=["date", "channel"], columns="metric", values="value")
    assert (pivot["impressions"] >= pivot["reach"]).all() and (pivot["reach"] >= pivot["engagements"]).all()


def test_web_traffic_sources(fjordvik):
    web = fjordvik["web_traffic"]
    totals = web.groupby(["source", "medium"])["sessions"].sum()
    assert totals.idxmax() == ("google", "organic")
    dates = web["date"]
    in_episode = (dates >= "2026-06-08") & (dates <= "2026-06-14")
    for source, medium in demo.PLANTED["fjordvik"]["web_traffic"]["episode_up"]:
        rows = (web["source"] == source) & (web["medium"] == medium)
        assert web.loc[rows & in_episode, "sessions"].mean() > 3 * web.loc[rows & ~in_episode, "sessions"].mean()


def test_truth_covers_every_mention(fjordvik):
    truth = demo.demo_truth("fjordvik")
    assert list(truth.columns) == demo.TRUTH_COLUMNS
    assert truth["mention_id"].tolist() == fjordvik["mentions"]["mention_id"].tolist()
    assert set(truth["tone"].dropna()) == {"positive", "neutral", "negative"}
    assert truth.loc[truth["role"] == "own", "tone"].isna().all()


# --- coastline ---------------------------------------------------------------------------------

def test_coastline_is_small_english_and_three_channels():
    frames = demo.generate_demo("coastline")
    truth = demo.demo_truth("coastline")
    mentions = frames["mentions"]
    assert 300 <= len(mentions) <= 900
    assert set(frames["posts"]["channel"]) == {"facebook", "x", "linkedin"}
    assert set(frames["channel_stats"]["channel"]) == {"facebook", "x", "linkedin"}
    languages = truth.loc[truth["role"] != "own", "language"].value_counts(normalize=True)
    assert 0.7 <= languages["en"] <= 0.9 and set(languages.index) == {"en", "nb"}
    shares = mentions.loc[~mentions["is_own"], "subject"].value_counts(normalize=True)
    assert shares["coastline"] == pytest.approx(0.6, abs=0.01)
    threads = _threads(mentions.merge(truth[["mention_id", "kind"]], on="mention_id"))
    assert 30 <= len(threads) <= 80
    assert threads["answered"].mean() == pytest.approx(demo.PLANTED["coastline"]["response"]["overall_rate"], abs=0.07)


def test_the_tables_are_package_data_read_on_first_use_only():
    import fnmatch
    import subprocess
    import sys
    import tomllib

    from sermo_helpers import paths

    pyproject = tomllib.loads((paths.project_root() / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["sermo_helpers"]
    for name in ("demo/texts.yaml", "demo/planted.yaml"):
        assert any(fnmatch.fnmatch(name, pattern) for pattern in patterns), name
    probe = ("import sermo_helpers.demo as demo; from sermo_helpers.demo import tables; "
             "print(tables.texts.cache_info().currsize, tables.planted.cache_info().currsize); "
             "demo.PLANTED; print(tables.planted.cache_info().currsize)")
    completed = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert completed.stdout.split() == ["0", "0", "1"]


@pytest.mark.parametrize("slug", demo.DEMO_SLUGS)
def test_planted_language_policy(slug):
    from sermo_helpers.text.language import detect_languages

    planted = demo.PLANTED[slug]["language_policy"]
    client = load_client_config(slug)
    assert (client.organisation_type, client.written_standard) == (planted["organisation_type"],
                                                                   planted["written_standard"])
    codes = pd.Series(detect_languages(demo.generate_demo(slug)["posts"]["text"]))
    assert set(codes) <= {"nb", "nn"}  # the posts are in Norwegian, every one long enough to tell
    assert (codes == "nn").mean() == pytest.approx(planted["own_posts_nynorsk_share"], abs=0.01)
