"""Channel mix: the audience file, the choice of figures, and the verdict per channel at its thresholds."""
import math

import pandas as pd
import pytest

from sermo_helpers.errors import AnalysisError, LoadError
from sermo_helpers.engage.content import summarise_channels
from sermo_helpers.strategy.channel_mix import (DEFAULT_THRESHOLDS, classify_channel, compare_channel_mix,
                                                load_audience, select_audience)

HEADER = "channel,measure,value,period,source,reference\n"


def test_every_reference_figure_has_a_source_and_a_period():
    audience = load_audience()
    assert (audience["source"].str.len() > 0).all() and (audience["period"].str.len() > 0).all()
    deck = audience[audience["period"] == "2009"].set_index("channel")
    assert deck.loc["facebook", "value"] == 1_950_000 and deck.loc["facebook", "source"] == "TNS Gallup 2009"
    assert deck.loc["internet", ["measure", "value"]].tolist() == ["daily_users", 3_200_000]


def test_select_audience_takes_the_latest_period_per_channel_and_leaves_totals_out():
    figures = select_audience(load_audience(), measure="daily_use_share_18plus")
    assert figures.loc["facebook", ["value", "period"]].tolist() == [0.67, "2022-Q3"]
    assert figures.loc["linkedin", ["value", "period"]].tolist() == [0.04, "2020-Q3"]
    assert "social_media" not in figures.index
    with pytest.raises(AnalysisError) as error:
        select_audience(load_audience(), measure="listeners")
    assert error.value.argument == "measure" and "daily_use_share_18plus" in error.value.expected


def test_bad_audience_rows_name_the_line_and_column(tmp_path):
    path = tmp_path / "audience.csv"
    path.write_text("# note\n" + HEADER + "facebook,users,12,2024,Ipsos,x\nx,users,many,2024,Ipsos,x\n", encoding="utf-8")
    with pytest.raises(LoadError) as error:
        load_audience(path)
    assert (error.value.row, error.value.column, error.value.found) == (4, "value", "'many'")
    path.write_text(HEADER + "facebook,users,12,2024,,x\n", encoding="utf-8")
    with pytest.raises(LoadError) as error:
        load_audience(path)
    assert (error.value.row, error.value.column) == (2, "source")


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
