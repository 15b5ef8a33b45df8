"""The rules engine: every rule of data/reference/scorecard.yaml at, above and below its thresholds."""
import math

import pandas as pd
import pytest
import yaml

from sermo_helpers.errors import AnalysisError, ConfigError
from sermo_helpers.strategy.indicators import INDICATORS
from sermo_helpers.strategy.scorecard import (combine_statuses, evaluate_indicator, format_value, load_scorecard,
                                              score_indicators, score_traits, word_evidence)

SCORECARD = load_scorecard()
RULES = {f"{rule.trait}/{rule.indicator}": rule for rule in SCORECARD.rules}


def one_indicator(name, value, basis=10):
    return pd.DataFrame({"indicator": [name], "value": [float(value)], "unit": [INDICATORS[name]], "basis": [basis]})


def status_of(rule, value):
    scored = score_indicators(one_indicator(rule.indicator, value), SCORECARD)
    return scored.loc[(scored["trait"] == rule.trait) & (scored["indicator"] == rule.indicator), "status"].item()


def test_the_file_has_the_twelve_traits_and_only_known_indicators():
    assert len(SCORECARD.traits) == 12
    assert set(SCORECARD.judgement_traits) == {"playful", "segmentation_and_personalisation",
                                               "data_based_decisions", "open_and_sharing"}
    assert {rule.indicator for rule in SCORECARD.rules} <= set(INDICATORS)


@pytest.mark.parametrize("name", sorted(RULES))
def test_each_rule_at_above_and_below_its_thresholds(name):
    rule = RULES[name]
    better = 1 if rule.direction == "higher" else -1
    step = max(abs(rule.strong - rule.developing) / 10, 1e-3)
    assert status_of(rule, rule.strong) == "strong"  # at the strong threshold
    assert status_of(rule, rule.strong + better * step) == "strong"  # beyond it
    assert status_of(rule, rule.strong - better * step) == "developing"  # just short of it
    assert status_of(rule, rule.developing) == "developing"  # at the developing threshold
    assert status_of(rule, rule.developing - better * step) == "weak"  # just short of it


@pytest.mark.parametrize("name", sorted(RULES))
def test_each_rule_is_not_measurable_without_data(name):
    rule = RULES[name]
    assert status_of(rule, float("nan")) == "not_measurable"
    empty = pd.DataFrame({"indicator": [], "value": [], "unit": [], "basis": []})
    scored = score_indicators(empty, SCORECARD)
    assert set(scored["status"]) == {"not_measurable"}


def test_evaluate_indicator_directions():
    assert evaluate_indicator(0.5, strong=0.8, developing=0.5, direction="higher") == "developing"
    assert evaluate_indicator(0.49, strong=0.8, developing=0.5, direction="higher") == "weak"
    assert evaluate_indicator(61, strong=60, developing=240, direction="lower") == "developing"
    assert evaluate_indicator(241, strong=60, developing=240, direction="lower") == "weak"
    assert evaluate_indicator(None, strong=60, developing=240, direction="lower") == "not_measurable"
    with pytest.raises(AnalysisError) as error:
        evaluate_indicator(1, strong=1, developing=0, direction="up")
    assert error.value.argument == "direction"


def test_combine_statuses_by_mean_points():
    assert combine_statuses(["strong", "developing"]) == "strong"  # 1.5
    assert combine_statuses(["strong", "weak"]) == "developing"  # 1.0
    assert combine_statuses(["developing", "weak"]) == "developing"  # 0.5
    assert combine_statuses(["weak", "weak", "developing"]) == "weak"  # 0.33
    assert combine_statuses(["weak", "not_measurable"]) == "weak"
    assert combine_statuses(["not_measurable"]) == "not_measurable"


def test_combine_statuses_by_the_worst():
    assert combine_statuses(["strong", "developing", "weak"], how="worst") == "weak"
    assert combine_statuses(["strong", "developing", "not_measurable"], how="worst") == "developing"
    assert combine_statuses(["not_measurable"], how="worst") == "not_measurable"
    with pytest.raises(AnalysisError) as error:
        combine_statuses(["weak"], how="median")
    assert error.value.argument == "how"


def scored(indicators, *, language, target_minutes=60, **options):
    """score_traits (keys and values), with the evidence sentences written in ``language`` at the edge."""
    traits = score_traits(indicators, scorecard=SCORECARD, **options)
    assert "evidence" not in traits.columns
    return traits.assign(evidence=word_evidence(traits, language=language, scorecard=SCORECARD,
                                                target_minutes=target_minutes))


def test_answers_criticism_is_as_weak_as_its_weakest_indicator():
    assert SCORECARD.combine["answers_criticism"] == "worst" and SCORECARD.combine["reacts_quickly"] == "mean"
    indicators = pd.concat([one_indicator("criticism_response_rate", 0.9),
                            one_indicator("criticism_median_first_response_minutes", 60),
                            one_indicator("peak_response_rate", 0.3, basis=36)], ignore_index=True)
    row = scored(indicators, language="en").set_index("trait").loc["answers_criticism"]
    assert (row["status"], row["indicator"]) == ("weak", "peak_response_rate")
    assert row["evidence"] == ("On the days with the most attention, only 30% of the inquiries were answered "
                               "(36 conversations).")


def test_score_traits_takes_the_weakest_indicator_as_evidence():
    indicators = pd.concat([one_indicator("median_first_response_minutes", 30, basis=12),
                            one_indicator("share_within_target", 0.25, basis=40)], ignore_index=True)
    traits = scored(indicators, language="nb", target_minutes=60).set_index("trait")
    row = traits.loc["reacts_quickly"]
    assert row["status"] == "developing"  # strong + weak
    assert row["indicator"] == "share_within_target"
    assert row["evidence"] == "25\u00a0% av henvendelsene ble besvart innen 60 min."
    english = scored(indicators, language="en", target_minutes=60).set_index("trait")
    assert english.loc["reacts_quickly", "evidence"] == "25% of the inquiries were answered within 60 min."
    assert traits.loc["answers_criticism", "status"] == "not_measurable"
    assert traits.loc["answers_criticism", "evidence"] == "Kan ikke måles med dataene vi har fått."


def test_evidence_calls_the_client_by_its_organisation_noun():
    from sermo_helpers.i18n import organisation_nouns

    indicators = one_indicator("responders", 2, basis=40)
    traits = score_traits(indicators, scorecard=SCORECARD)
    municipality = organisation_nouns("municipality")
    row = traits.index[traits["indicator"] == "responders"][0]
    assert word_evidence(traits, language="nb", scorecard=SCORECARD, organisation=municipality)[row] == (
        "2 personer svarer på kommunens kontoer.")
    trust = organisation_nouns("central_state", {"en": "the health trust"})
    assert word_evidence(traits, language="en", scorecard=SCORECARD, organisation=trust)[row] == (
        "2 people answer on the health trust's accounts.")
    assert word_evidence(traits, language="nb", scorecard=SCORECARD)[row] == "2 personer svarer på virksomhetens kontoer."


def test_judgement_traits_come_from_the_client_file():
    empty = pd.DataFrame({"indicator": [], "value": [], "unit": [], "basis": []})
    judgement = {"playful": {"status": "weak", "note": "Sjelden humor."}}
    traits = scored(empty, judgement=judgement, language="nb").set_index("trait")
    assert traits.loc["playful", ["status", "source", "evidence"]].tolist() == ["weak", "judgement", "Sjelden humor."]
    open_trait = traits.loc["open_and_sharing"]
    assert open_trait["status"] == "not_measurable" and open_trait["source"] == "needs_judgement"
    # The client reads why it is open, never the client file's key (that is for the strategist's notebook).
    assert open_trait["evidence"] == "Dataene kan ikke vise dette. Det krever en faglig vurdering, som vi gjør sammen med dere."


def test_values_in_norwegian_and_english_format():
    assert format_value(0.425, "share", "nb") == "42\u00a0%"
    assert format_value(0.048, "share", "nb") == "4,8\u00a0%"
    assert format_value(0.048, "share", "en") == "4.8%"
    assert format_value(267.0, "minutes", "nb") == "4,5 timer"  # the one duration format (Engage's tables too)
    assert format_value(40.0, "minutes", "en") == "40 min"
    assert format_value(12345.0, "count", "nb") == "12\u00a0345"
    assert format_value(9.98, "per_thousand", "nb") == "10,0"
    assert format_value(math.nan, "share", "nb") == "–"


def test_invalid_rules_file_names_every_problem(tmp_path):
    path = tmp_path / "scorecard.yaml"
    path.write_text(yaml.safe_dump({"traits": [
        {"key": "a", "indicators": [{"indicator": "x", "direction": "up", "strong": 1, "developing": 0,
                                     "evidence": {"nb": "", "en": ""}}]},
        {"key": "b", "indicators": [{"indicator": "y", "direction": "higher", "strong": 0.2, "developing": 0.5,
                                     "evidence": {"nb": "n"}}]},
        {"key": "c"},
        {"key": "d", "combine": "median", "indicators": [{"indicator": "z", "direction": "lower", "strong": 1,
                                                          "developing": 2, "evidence": {"nb": "n", "en": "e"}}]},
    ]}), encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_scorecard(path)
    problems = error.value.problems
    assert error.value.path == str(path)
    assert len(problems) == 4
    assert "a/x: direction must be higher or lower, found 'up'" in problems[0]
    assert "b/y: for direction higher, strong (0.2) must be at least developing (0.5)" in problems[1]
    assert "c: expected indicators or 'judgement: true'" in problems[2]
    assert "d: combine must be mean or worst, found 'median'" in problems[3]
