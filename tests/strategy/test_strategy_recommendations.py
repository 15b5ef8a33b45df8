"""Recommendations, 90-day plan and KPI targets: picked from the catalogue by the evidence, in order."""
import math

import pandas as pd
import pytest
import yaml

from sermo_helpers.errors import ConfigError
from sermo_helpers.strategy.indicators import INDICATORS
from sermo_helpers.strategy.recommendations import (choose_target, load_catalogue, plan_90_days, recommend,
                                                    set_kpi_targets, word_kpis, word_plan, word_recommendations)
from sermo_helpers.strategy.scorecard import load_scorecard

CATALOGUE = load_catalogue()


def traits(**statuses):
    rows = [{"trait": trait, "status": status, "source": "data", "indicator": f"{trait}_indicator", "value": 0.5}
            for trait, status in statuses.items()]
    return pd.DataFrame(rows)


def evidence(card):
    return {trait: f"evidence for {trait}" for trait in card["trait"]}


def worded(card, *, language, channel_mix=None, client_name=""):
    """recommend, then the words in ``language`` (as the handout writes them)."""
    picked = recommend(card, channel_mix=channel_mix, catalogue=CATALOGUE)
    return picked, word_recommendations(picked, evidence=evidence(card), language=language, channel_mix=channel_mix,
                                        catalogue=CATALOGUE, client_name=client_name)


MIX = pd.DataFrame({"channel": ["x", "facebook", "instagram"], "verdict": ["over", "balanced", "under"]})


def test_catalogue_matches_the_scorecard_and_indicators():
    scorecard = load_scorecard()
    for entry in CATALOGUE.recommendations:
        trait = entry["when"].get("trait")
        assert trait is None or trait in scorecard.traits, entry["key"]
    assert set(CATALOGUE.kpis) <= set(INDICATORS)
    fill = {"client": "K", "over": "X", "under": "Y", "every": "E", "standard": "S", "needed": "N", "start_with": "W",
                "missing": "M", "videos_now": "V", "videos_target": "T"}
    for entry in CATALOGUE.recommendations:  # every placeholder can be filled, in both languages
        for language in ("nb", "en"):
            entry["action"][language].format(**fill)
            for step in entry.get("steps", []):
                step[language].format(**fill)
    for sentences in CATALOGUE.kpis.values():
        for language in ("nb", "en"):
            sentences[language].format(target="1", current="2")


def test_recommendations_are_ordered_by_impact_times_effort_with_evidence():
    card = traits(answers_criticism="weak", reacts_quickly="developing", playful="strong",
                  sharing_culture="not_measurable")
    picked, result = worded(card, channel_mix=MIX, language="nb", client_name="Testby")
    assert "title" not in picked.columns and "evidence" not in picked.columns  # keys and values, no words
    assert result["key"].tolist() == ["response_routine", "faster_first_response", "rebalance_channels"]
    assert result["score"].tolist() == [9, 6, 6]  # 3 x (4-1), 3 x (4-2), 2 x (4-1); ties: weak first, then file order
    assert result["priority"].tolist() == [1, 2, 3]
    first = result.iloc[0]
    assert (first["trait"], first["indicator"], first["value"], first["status"]) == \
        ("answers_criticism", "answers_criticism_indicator", 0.5, "weak")
    assert first["evidence"] == "evidence for answers_criticism"
    assert first["title"] == "Innfør en fast svarrutine for kritikk"
    channel = result.iloc[2]
    assert channel["evidence"] == ("For mye innsats på X (Twitter) og for lite på Instagram, sammenlignet "
                                   "med hvor det norske publikummet er.")
    assert "(X (Twitter))" in channel["action"] and "(Instagram)" in channel["action"]


def test_nothing_is_recommended_when_every_trait_is_strong_and_the_mix_balanced():
    card = traits(answers_criticism="strong", reacts_quickly="strong")
    balanced = MIX.assign(verdict="balanced")
    assert recommend(card, channel_mix=balanced, catalogue=CATALOGUE).empty


def test_english_phrasing():
    _, result = worded(traits(answers_criticism="developing"), language="en")
    assert result["title"].tolist() == ["Set up a fixed response routine for criticism"]


def test_plan_lists_steps_by_phase_then_priority():
    card = traits(answers_criticism="weak", active_listening="developing")
    result = recommend(card, channel_mix=MIX, catalogue=CATALOGUE)
    keys = plan_90_days(result, catalogue=CATALOGUE, top=2)
    assert keys["recommendation"].tolist()[:2] == ["response_routine", "rebalance_channels"]
    plan = word_plan(keys, channel_mix=MIX, catalogue=CATALOGUE, language="en")
    assert plan["phase"].tolist() == [1, 1, 2, 2, 3, 3]
    assert plan["days"].tolist()[:1] == ["Days 1–30"]
    assert plan["recommendation"].tolist()[:2] == ["Set up a fixed response routine for criticism",
                                                    "Move effort to where the audience is"]
    assert plan["step"].iloc[1] == ("Make a publishing plan that halves effort on X (Twitter) and raises it on "
                                    "Instagram.")


@pytest.mark.parametrize(("status", "value", "direction", "target"), [
    ("weak", 0.4, "higher", 0.6), ("developing", 0.7, "higher", 0.8), ("strong", 0.9, "higher", 0.9),
    ("weak", 500.0, "lower", 480.0), ("developing", 300.0, "lower", 120.0)])
def test_choose_target_one_level_up(status, value, direction, target):
    strong, developing = (0.8, 0.6) if direction == "higher" else (120.0, 480.0)
    assert choose_target(value, status=status, direction=direction, strong=strong, developing=developing) == target


def test_kpi_targets_in_the_handout_language():
    statuses = pd.DataFrame({
        "trait": ["answers_criticism", "reacts_quickly", "reacts_quickly"],
        "indicator": ["criticism_response_rate", "median_first_response_minutes", "share_within_target"],
        "value": [0.35, 300.0, math.nan], "unit": ["share", "minutes", "share"], "basis": [20, 10, 0],
        "direction": ["higher", "lower", "higher"], "strong": [0.8, 60.0, 0.6], "developing": [0.6, 240.0, 0.35],
        "status": ["weak", "weak", "not_measurable"]})
    targets = set_kpi_targets(statuses, catalogue=CATALOGUE, traits=("answers_criticism", "reacts_quickly"))
    assert targets[["current", "target"]].to_numpy().tolist() == [[0.35, 0.6], [300.0, 240.0]]
    kpis = word_kpis(targets, catalogue=CATALOGUE, language="nb")
    assert kpis["indicator"].tolist() == ["criticism_response_rate", "median_first_response_minutes"]
    assert kpis["kpi"].tolist() == [
        "Minst 60\u00a0% av de kritiske henvendelsene besvares (i dag 35\u00a0%).",
        "Halvparten av henvendelsene besvares innen 4 timer (i dag 5 timer).",
    ]


def test_invalid_catalogue_names_every_problem(tmp_path):
    path = tmp_path / "recommendations.yaml"
    path.write_text(yaml.safe_dump({"recommendations": [
        {"key": "a", "when": {"trait": "x", "status": ["bad"]}, "impact": 4, "effort": 1,
         "title": {"nb": "t", "en": "t"}, "action": {"nb": "a"}},
    ], "channel_evidence": {"nb": "n", "en": "e"}}), encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_catalogue(path)
    assert error.value.problems == [
        "a: action missing in en",
        "a: impact must be 1, 2 or 3, found 4",
        "a: 'when' needs channel_mix: true, language_policy: missed, or a trait and a list of statuses (strong, "
        "developing, weak, not_measurable); found {'status': ['bad'], 'trait': 'x'}",
    ]
