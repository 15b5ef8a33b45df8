"""Channel mix: the audience file, the choice of figures, and the verdict per channel at its thresholds."""
import datetime as dt
import math

import pandas as pd
import pytest

from sermo_helpers.errors import AnalysisError, LoadError
from sermo_helpers.engage.content import summarise_channels
from sermo_helpers.strategy.channel_mix import (DEFAULT_THRESHOLDS, audience_age, classify_channel,
                                                compare_channel_mix, load_audience, period_end, select_audience)

HEADER = "channel,measure,value,period,status,publisher,publication,published,url,reference\n"
URL = "https://example.org/report"


def test_every_reference_figure_has_a_publisher_publication_period_and_address():
    audience = load_audience()
    for column in ("publisher", "publication", "period", "source"):
        assert (audience[column].str.len() > 0).all(), column
    current = audience[audience["status"] == "current"]
    assert current["url"].str.startswith("https://").all()
    deck = audience[audience["period"] == "2009"].set_index("channel")
    assert deck.loc["facebook", "value"] == 1_950_000 and deck.loc["facebook", "publisher"] == "TNS Gallup"
    assert deck.loc["internet", ["measure", "value"]].tolist() == ["daily_users", 3_200_000]
    assert set(deck["status"]) == {"history"}  # the 2009 figures are kept as history only


def test_no_figure_is_older_than_the_newest_of_its_channel_and_measure():
    """Done when (issue 15): every channel and measure's current figure is its newest; all else is history."""
    audience = load_audience()
    for (channel, measure), rows in audience.groupby(["channel", "measure"]):
        newest = max(rows["period_end"])
        current = rows[rows["status"] == "current"]
        assert len(current) <= 1, (channel, measure)
        if len(current):
            assert current["period_end"].iloc[0] == newest, (channel, measure)
        older = rows[rows["period_end"] < newest]
        assert set(older["status"]) <= {"history"}, (channel, measure)
    # the newest figures we could source (see the file's notes): Q4'22 where a newer quarter was published
    daily = audience[(audience["measure"] == "daily_use_share_18plus") & (audience["status"] == "current")]
    assert daily.set_index("channel").loc[["facebook", "tiktok"], "period"].tolist() == ["2022-Q4", "2022-Q4"]
    totals = audience[(audience["channel"] == "social_media") & (audience["status"] == "current")]
    assert totals.set_index("measure").loc["daily_use_share_9plus", ["value", "period", "publisher"]].tolist() == \
        [0.80, "2024", "Statistisk sentralbyrå (SSB)"]


def test_select_audience_takes_the_current_figure_per_channel_and_leaves_history_and_totals_out():
    figures = select_audience(load_audience(), measure="daily_use_share_18plus")
    assert figures.loc["facebook", ["value", "period"]].tolist() == [0.67, "2022-Q4"]
    assert figures.loc["tiktok", ["value", "period"]].tolist() == [0.21, "2022-Q4"]
    assert figures.loc["linkedin", ["value", "period"]].tolist() == [0.04, "2020-Q3"]
    assert "social_media" not in figures.index
    users = select_audience(load_audience(), measure="users")
    assert users.loc["facebook", ["value", "period"]].tolist() == [3_480_000, "2022-Q3"]  # not TNS Gallup 2009
    assert not (users["source"].str.contains("TNS") | users["period"].eq("2009")).any()
    with pytest.raises(AnalysisError) as error:
        select_audience(load_audience(), measure="listeners")
    assert error.value.argument == "measure" and "daily_use_share_18plus" in error.value.expected


def test_audience_age_flags_figures_more_than_two_years_old():
    figures = select_audience(load_audience(), measure="daily_use_share_18plus")
    ages = audience_age(figures, as_of=dt.date(2026, 9, 30))
    assert ages.loc["facebook", "age_days"] == (dt.date(2026, 9, 30) - dt.date(2022, 12, 31)).days
    assert ages["stale"].all()
    fresh = audience_age(figures, as_of=dt.date(2024, 12, 30))  # Q4'22 ends 2022-12-31: two years less a day
    assert not fresh.loc["facebook", "stale"] and fresh.loc["snapchat", "stale"]  # Q3'22 ended 2022-09-30
    assert period_end("2022-Q3") == dt.date(2022, 9, 30) and period_end("2024") == dt.date(2024, 12, 31)
    assert period_end("2023-02") == dt.date(2023, 2, 28)


def test_bad_audience_rows_name_the_line_and_column(tmp_path):
    path = tmp_path / "audience.csv"
    good = f"facebook,users,12,2024,current,Ipsos,Tracker,,{URL},x\n"
    cases = [
        ("# note\n" + HEADER + good + f"x,users,many,2024,current,Ipsos,Tracker,,{URL},x\n", (4, "value", "'many'")),
        (HEADER + f"facebook,users,12,2024,current,,Tracker,,{URL},x\n", (2, "publisher", "an empty cell")),
        (HEADER + "facebook,users,12,2024,current,Ipsos,Tracker,,,x\n", (2, "url", "an empty cell")),
        (HEADER + f"facebook,users,12,2024,old,Ipsos,Tracker,,{URL},x\n", (2, "status", "'old'")),
        (HEADER + f"facebook,users,12,Q3 2024,current,Ipsos,Tracker,,{URL},x\n", (2, "period", "'Q3 2024'")),
        (HEADER + good + f"facebook,users,13,2023-Q4,current,Ipsos,Tracker,,{URL},x\n", (3, "status", "2")),
        (HEADER + f"facebook,users,13,2023-Q4,current,Ipsos,Tracker,,{URL},x\n"
         f"facebook,users,12,2024,history,Ipsos,Tracker,,{URL},x\n", (2, "period", "2023-Q4")),
    ]
    for text, (row, column, found) in cases:
        path.write_text(text, encoding="utf-8")
        with pytest.raises(LoadError) as error:
            load_audience(path)
        assert (error.value.row, error.value.column, error.value.found) == (row, column, found), text
    path.write_text(HEADER + f"facebook,users,12,2009,history,TNS Gallup,TNS Gallup 2009,,,deck\n" + good,
                    encoding="utf-8")
    assert load_audience(path)["status"].tolist() == ["history", "current"]  # history needs no address


LIMITS = dict(DEFAULT_THRESHOLDS)  # over: ratio 2 and gap 0.1; under: ratio 0.6 and gap 0.1


@pytest.mark.parametrize(("effort", "audience", "verdict"), [
    (0.30, 0.15, "over"),       # ratio 2 and gap 0.15: at the ratio
    (0.30, 0.20, "balanced"),   # gap 0.1 but ratio 1.5: below the ratio
    (0.20, 0.10, "over"),       # ratio 2, gap 0.1: at both
    (0.19, 0.10, "balanced"),   # ratio 1.9: below
    (0.15, 0.25, "under"),      # ratio 0.6, gap 0.1: at both
    (0.16, 0.25, "balanced"),   # ratio 0.64: above the under ratio
    (0.03, 0.12, "balanced"),   # ratio 0.25 but gap 0.09: below the gap
])
def test_classify_channel_at_and_beside_the_thresholds(effort, audience, verdict):
    assert classify_channel(effort, audience, **LIMITS) == verdict


def test_compare_channel_mix_on_small_frames(build):
    posts = build.posts([{"channel": "x", "reach": 100} for _ in range(6)]
                        + [{"channel": "facebook", "reach": 1000} for _ in range(3)]
                        + [{"channel": "instagram", "reach": 800}]
                        + [{"channel": "web", "reach": 5}])
    audience = pd.DataFrame({"value": [0.6, 0.3, 0.1, 0.5], "period": ["2022-Q3"] * 4, "source": ["Ipsos"] * 4},
                            index=pd.Index(["facebook", "instagram", "x", "snapchat"], name="channel"))
    mix = compare_channel_mix(summarise_channels(posts), audience, weeks=2.0).set_index("channel")
    assert list(mix.index) == ["x", "facebook", "instagram", "web", "snapchat"]
    assert mix.loc["x", ["posts", "posts_per_week", "effort_share", "audience_share"]].tolist() == \
        pytest.approx([6, 3.0, 0.6, 0.1])
    assert mix.loc["facebook", "reach_per_post"] == 1000.0
    assert mix.loc[["x", "facebook", "instagram", "web", "snapchat"], "verdict"].tolist() == \
        ["over", "under", "under", "no_figure", "absent"]
    assert math.isnan(mix.loc["web", "effort_share"]) and math.isnan(mix.loc["snapchat", "audience_share"])
