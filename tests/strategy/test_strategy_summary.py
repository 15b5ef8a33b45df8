"""The Strategy stage on the demo clients: the scorecard and recommendations follow from the planted facts,
and the handout speaks the client's language with numbers in its format."""
import dataclasses
import datetime as dt
import functools

import pytest

from sermo_helpers import present
from sermo_helpers.config import load_client_config
from sermo_helpers.demo import PLANTED, demo_truth
from sermo_helpers.i18n import label
from sermo_helpers.loaders import load_client
from sermo_helpers.paths import templates_dir
from sermo_helpers.strategy import (analyse_strategy, audience_section, audience_table, channel_mix_table, director_summary,
                                    indicator_table, kpi_table, load_audience, peer_table, plan_table,
                                    recommendations_table, scorecard_table, strategy_words)
from sermo_helpers.workbook import prepare, with_tone

TABLES = (scorecard_table, indicator_table, channel_mix_table, recommendations_table, plan_table, kpi_table)


@functools.cache
def demo(slug, *, truth_sentiment=False):
    client = load_client_config(slug)
    data = prepare(load_client(client), client)
    if truth_sentiment:  # what a perfect sentiment scorer would give: the generator's intended tone
        tone = demo_truth(slug).set_index("mention_id")["tone"]
        data = with_tone(data, data.mentions["mention_id"].map(tone))
    return client, analyse_strategy(data, client)


@pytest.fixture(scope="module")
def fjordvik():
    return demo("fjordvik")


@pytest.fixture(scope="module")
def coastline():
    return demo("coastline")


def status(result, trait):
    return result.scorecard.set_index("trait").loc[trait, "status"]


@pytest.mark.parametrize("truth_sentiment", [False, True])
@pytest.mark.parametrize("slug", ["fjordvik", "coastline"])
def test_rare_answers_to_criticism_make_the_trait_weak_and_the_routine_first(slug, truth_sentiment):
    _, result = demo(slug, truth_sentiment=truth_sentiment)
    assert PLANTED[slug]["response"]["episode_negative"]["rate"] < 0.6
    assert status(result, "answers_criticism") == "weak"
    first = result.recommendations.iloc[0]
    assert (first["key"], first["trait"], first["status"]) == ("response_routine", "answers_criticism", "weak")
    evidence = result.indicators.set_index("indicator")
    assert evidence.loc["peak_response_rate", "value"] == pytest.approx(
        PLANTED[slug]["response"]["episode_negative"]["rate"], abs=0.05)


@pytest.mark.parametrize("slug", ["fjordvik", "coastline"])
def test_channel_mix_finds_the_planted_imbalance(slug):
    _, result = demo(slug)
    verdicts = result.channel_mix.set_index("channel")["verdict"]
    planted = PLANTED[slug]["channel_mix"]
    assert all(verdicts[channel] == "over" for channel in planted["overinvested"])
    assert all(verdicts[channel] in ("under", "absent") for channel in planted["underinvested"])
    assert "rebalance_channels" in result.recommendations["key"].head(3).tolist()


def test_fjordvik_scorecard_from_the_planted_facts(fjordvik):
    client, result = fjordvik
    indicators = result.indicators.set_index("indicator")["value"]
    assert indicators["responders"] == len(PLANTED["fjordvik"]["responders"])
    assert indicators["response_rate"] == pytest.approx(PLANTED["fjordvik"]["response"]["overall_rate"], abs=0.05)
    assert status(result, "dedicated_dialogue_staff") == "developing"  # three people answer, one writes most replies
    assert status(result, "playful") == client.judgement["playful"]["status"] == "developing"
    card = result.scorecard.set_index("trait")
    assert card.loc["playful", "source"] == "judgement"
    assert card.loc["open_and_sharing", ["status", "source"]].tolist() == ["not_measurable", "needs_judgement"]
    assert len(card) == 12


def test_fjordvik_peers_follow_the_planted_share_of_voice(fjordvik):
    _, result = fjordvik
    shares = result.peers.set_index("subject")["share_of_voice"]
    for subject, share in PLANTED["fjordvik"]["share_of_voice"].items():
        assert shares[subject] == pytest.approx(share, abs=0.03)
    assert result.peers.iloc[0]["rank_share_of_voice"] == 1


def test_plan_and_kpis_follow_the_top_recommendations(fjordvik):
    _, result = fjordvik
    assert result.plan["phase"].is_monotonic_increasing
    assert set(result.plan["recommendation"]) <= set(result.recommendations["key"].head(5))
    words = strategy_words(result, language="nb")
    assert set(words.plan["recommendation"]) <= set(words.recommendations["title"].head(5))
    assert result.kpis["trait"].iloc[0] == "answers_criticism"


def test_a_bokmal_client_gets_bokmal_headers_and_norwegian_numbers(fjordvik):
    client, result = fjordvik
    assert client.language == "nb"
    mix = channel_mix_table(result, language="nb")
    assert list(mix.columns)[:3] == ["Kanal", "Innlegg", "Innlegg per uke"]
    assert mix.iloc[0]["Kanal"] == "X (Twitter)" and mix.iloc[0]["Vurdering"] == "For mye innsats"
    markup = present.table(mix, "nb").markup
    followers = int(result.channel_mix.set_index("channel").loc["facebook", "followers"])
    assert f"{followers // 1000}\u00a0{followers % 1000:03d}" in markup  # no-break-space thousands
    assert "," in mix.iloc[0]["Andel av innsatsen"] or "\u00a0%" in mix.iloc[0]["Andel av innsatsen"]
    summary = director_summary(result, language="nb").markup
    assert "Fjordvik kommune er sterk på" in summary and "Innfør en fast svarrutine for kritikk" in summary
    for table in TABLES:
        english = set(table(result, language="en").columns)
        assert not set(table(result, language="nb").columns) & (english - {"Status", "Facebook"}), table.__name__


def test_an_english_client_gets_english(coastline):
    client, result = coastline
    assert client.language == "en"
    assert list(scorecard_table(result, language="en").columns) == ["Trait", "Status", "Evidence", "Source"]
    assert "Coastline Health Trust is strong on" in director_summary(result, language="en").markup
    assert strategy_words(result, language="en").recommendations.iloc[0]["title"] == \
        "Set up a fixed response routine for criticism"


def test_audience_table_shows_the_current_figures_with_publisher_publication_and_month():
    audience = load_audience()
    table = audience_table(audience, language="nb")
    assert len(table) == (audience["status"] == "current").sum()
    assert list(table.columns) == ["Kanal", "Mål", "Verdi", "Tidspunkt", "Kilde", "Publisert"]
    assert not table["Kilde"].str.contains("TNS Gallup").any()  # history rows stay in the file
    tiktok = table[(table["Kanal"] == "TikTok") & (table["Mål"] == "Bruker daglig (andel 18+)")].iloc[0]
    assert tiktok.tolist() == ["TikTok", "Bruker daglig (andel 18+)", "21\u00a0%", "4. kvartal 2022",
                               "Ipsos SoMe-tracker Q4'22 (Ipsos)", "januar 2023"]
    assert not table.apply(lambda column: column.str.contains("http")).any().any()  # cites, links nowhere


def test_the_audience_section_dates_the_figures_and_warns_when_they_are_old(fjordvik):
    client, result = fjordvik
    markup = audience_section(result, load_audience(), client=client, language="nb").markup
    text = present_text(markup)
    assert "målt fra 3. kvartal 2020 til 4. kvartal 2022" in text  # LinkedIn Q3'20 .. Facebook, TikTok Q4'22
    assert "mer enn to år eldre enn periodens slutt (30.09.2026)" in text
    assert "Facebook (4. kvartal 2022)" in text and "LinkedIn (3. kvartal 2020)" in text
    assert set(result.audience["period"]) <= {"2020-Q3", "2022-Q3", "2022-Q4"}  # never 2009 in the mix
    assert not result.channel_mix["source"].str.contains("TNS").any()
    recent = dataclasses.replace(client, period_start=dt.date(2024, 4, 1), period_end=dt.date(2024, 12, 30))
    newer = present_text(audience_section(result, load_audience(), client=recent, language="nb").markup)
    assert "Merk:" in newer and "Facebook" not in newer.split("Merk:")[1].split("Kanal")[0]  # Q4'22: under two years
    assert "Snapchat (3. kvartal 2022)" in newer


def present_text(markup):
    import html
    import re

    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup)))


def test_every_strategy_label_has_both_languages():
    import yaml

    entries = yaml.safe_load((templates_dir() / "labels" / "strategy.yaml").read_text(encoding="utf-8"))
    for key, value in entries.items():
        assert key.startswith("strategy.")
        assert value["nb"].strip() and value["en"].strip(), key
    assert label("strategy.trait.answers_criticism", "nb") == "Svarer direkte på kritikk"


def test_the_summary_escapes_text_from_the_client_file(fjordvik):
    client, result = fjordvik
    card = result.scorecard.copy()
    card.loc[card["trait"] == "playful", ["status", "note"]] = ["weak", "<script>alert(1)</script>"]
    markup = director_summary(dataclasses.replace(result, scorecard=card), language="nb").markup
    assert "<script>" not in markup and "&lt;script&gt;" in markup


def test_director_summary_of_a_client_without_mentions_leaves_out_the_peer_ranking(client, build):
    data = build.data(posts=build.posts([{"reach": 100.0}]))
    result = analyse_strategy(data, client)
    assert result.peers["rank_share_of_voice"].isna().all()  # no mentions: nobody has a share of voice
    markup = director_summary(result, language="en")._repr_html_()
    assert "Testby kommune is strong on" in markup
    assert "share of voice" not in markup.lower()


def test_the_result_carries_what_the_handout_calls_the_client(fjordvik, coastline):
    assert dict(fjordvik[1].organisation) == {"nb": "kommunen", "nn": "kommunen", "en": "the municipality"}
    assert dict(coastline[1].organisation)["en"] == "the health trust"  # the client file's own word
