"""The "Språk og målbruk" / "Language policy" section: the demo clients' verdicts in both handout languages."""
from __future__ import annotations

import html

import pytest

from sermo_helpers.config import load_client_config
from sermo_helpers.loaders import load_client
from sermo_helpers.strategy import analyse_language_policy
from sermo_helpers.strategy.language_policy_handout import (
    language_policy_month_table,
    language_policy_summary,
    language_policy_table,
)

EXPECTED = {  # the planted verdicts (demo planted.yaml) in the words of each handout language
    "fjordvik": {"nb": ["Vurdering: kravet er oppfylt (Bokmål 100\u00a0%, kravet er minst 90\u00a0%).",
                        "0 av 16 svar til dem som skrev nynorsk, var på nynorsk (0\u00a0%)",
                        "en egen indikator, utenom de tolv egenskapene: sterk."],
                 "en": ["Verdict: the requirement is met (Bokmål 100%, the requirement is at least 90%)."]},
    "coastline": {"en": ["Verdict: the requirement is not met (Bokmål 75.9%, the requirement is at least 25%; "
                         "Nynorsk 24.1%, the requirement is at least 25%).",
                         "(språklova § 13 første ledd)",
                         "Write every fourth post in nynorsk; the period lacked 2 texts in nynorsk",
                         "an indicator of its own, apart from the twelve traits: weak."],
                  "nb": ["Vurdering: kravet er ikke oppfylt (Bokmål 75,9\u00a0%, kravet er minst 25\u00a0%; "
                         "Nynorsk 24,1\u00a0%, kravet er minst 25\u00a0%).",
                         "Skriv hvert fjerde innlegg på nynorsk; i perioden manglet det 2 tekster på nynorsk"]},
}


@pytest.fixture(scope="module")
def results():
    out = {}
    for slug in EXPECTED:
        config = load_client_config(slug)
        out[slug] = analyse_language_policy(load_client(config), config)
    return out


@pytest.mark.parametrize("slug, language", [(s, lang) for s in EXPECTED for lang in EXPECTED[s]])
def test_the_section_states_the_verdict(results, slug, language):
    text = html.unescape(language_policy_summary(results[slug], language=language).markup)
    for sentence in EXPECTED[slug][language]:
        assert sentence in text


def test_the_tables_carry_the_counts_behind_each_share(results):
    table = language_policy_table(results["coastline"], language="en").set_index("What")
    assert table.loc["All texts that count", ["Texts", "Bokmål", "Nynorsk", "Counted", "English"]].tolist() == [
        166, 101, 32, 133, 33]
    assert table.loc["All texts that count", "Nynorsk share"] == "24.1%"
    months = language_policy_month_table(results["coastline"], language="nb")
    assert months["Måned"].tolist() == ["2026-07", "2026-08", "2026-09"]
    assert months["Telt"].sum() == 133


@pytest.mark.slow
@pytest.mark.parametrize("slug, heading, verdict", [
    ("fjordvik", "Språk og målbruk", "Vurdering: kravet er oppfylt"),
    ("coastline", "Language policy", "Verdict: the requirement is not met"),
])
def test_the_demo_handout_shows_the_section(tmp_path, slug, heading, verdict):
    from sermo_helpers.render import render_edition

    edition = render_edition(load_client_config(slug), out_root=tmp_path)
    page = html.unescape(edition.handout.read_text(encoding="utf-8"))
    assert f'id="sec-strategy-heading-language-policy">{heading}</h2>' in page
    assert verdict in page


def test_a_missed_requirement_gets_a_recommendation_and_plan_steps():
    from sermo_helpers.strategy import analyse_strategy, strategy_words
    from sermo_helpers.workbook import prepare_data

    config = load_client_config("coastline")
    result = analyse_strategy(prepare_data(config), config)
    words = strategy_words(result, language="en")  # the analysis holds keys and values; words at the edge
    recommendation = words.recommendations.set_index("key").loc["language_policy"]
    assert recommendation["status"] == "weak" and recommendation["value"] == pytest.approx(32 / 133)
    assert "every fourth post in nynorsk" in recommendation["evidence"]
    steps = words.plan[words.plan["recommendation"] == recommendation["title"]]
    assert steps["phase"].tolist() == [1, 2]
    assert steps["step"].iloc[0].startswith("Write every fourth post in nynorsk, starting with the recurring posts: "
                                            "links on X (Twitter) (28 posts)")
    from sermo_helpers.strategy import director_summary

    assert "language policy is an indicator of its own, apart from the twelve traits: weak." in html.unescape(
        director_summary(result, language="en").markup)
    assert len(result.scorecard) == 12  # the twelve traits stay twelve
    fjordvik = load_client_config("fjordvik")
    assert "language_policy" not in analyse_strategy(prepare_data(fjordvik), fjordvik).recommendations["key"].tolist()
