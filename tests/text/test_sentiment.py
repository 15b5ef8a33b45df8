import numpy as np
import pytest

from sermo_helpers.errors import AnalysisError
from sermo_helpers.text.sentiment import (EnglishScorer, LinearScorer, MultilingualScorer, NgramScorer, Sentiment,
                                          TextBlobScorer, label_from_polarity, norwegian_scorer, score_texts,
                                          vader_lexicon)
from sermo_helpers.text.training import LinearModel


@pytest.fixture(scope="module")
def norwegian():
    return norwegian_scorer()


@pytest.fixture(scope="module")
def english():
    return EnglishScorer()


def test_sentiment_is_a_named_tuple_with_the_scorer_name(norwegian):
    result = norwegian.analyze("Så flott! Takk 😍")
    assert isinstance(result, Sentiment)
    assert result.scorer == "norwegian" and result.label == "positive" and 0 < result.polarity <= 1


@pytest.mark.parametrize("text, label", [
    ("Skandaløst dårlig svar fra kommunen", "negative"),
    ("Dette er ikke bra", "negative"),
    ("Fantastisk innsats, tusen takk!", "positive"),
    ("Dette er ikkje godt nok", "negative"),
    ("Eg er skuffa over svaret", "negative"),
    ("Herleg dag på stranda, takk for flott arrangement", "positive"),
])
def test_norwegian_labels_on_clear_cases(norwegian, text, label):
    assert norwegian.analyze(text).label == label


@pytest.mark.parametrize("text", ["Eg er svært misnøgd med svaret", "Svaret frå kommunen er elendig",
                                  "Kommunen har sviktet totalt med kokevarselet"])
def test_norwegian_complaints_lean_negative(norwegian, text):
    # A known weakness (MODEL_CARD.md): the 3-class head may call these neutral, but their polarity
    # leans negative; the criticism signal (text/criticism.py) catches them by their cue words.
    assert norwegian.analyze(text).polarity < -0.1


def test_norwegian_negation_flips_a_praise_word(norwegian):
    assert norwegian.analyze("bra").polarity > 0 > norwegian.analyze("ikke bra").polarity


def test_norwegian_intensifier_strengthens(norwegian):
    assert norwegian.analyze("veldig skuffet").polarity < norwegian.analyze("skuffet").polarity < 0


def test_empty_text_is_neutral_zero(norwegian, english):
    for scorer in (norwegian, english):
        assert scorer.analyze("") == Sentiment(0.0, "neutral", scorer.name)
        assert scorer.analyze(None).polarity == 0.0


@pytest.mark.parametrize("text, label", [
    ("My flight was delayed 3 hours and still no answer", "negative"),
    ("Not happy with the service at all", "negative"),
    ("Thanks, great crew today! 😍", "positive"),
    ("What time does the gate open", "neutral"),
    ("worst airline ever 😡", "negative"),
])
def test_english_labels(english, text, label):
    assert english.analyze(text).label == label


def test_english_negation_and_intensifier(english):
    good = english.analyze("good").polarity
    assert english.analyze("very good").polarity > good > 0
    assert english.analyze("not good").polarity < 0


def test_textblob_scorer_matches_textblob():
    from textblob import TextBlob

    text = "What a wonderful day"
    result = TextBlobScorer().analyze(text)
    assert result.polarity == pytest.approx(TextBlob(text).sentiment.polarity)
    assert result.label == "positive" and result.scorer == "textblob"


def test_polarity_always_in_range(norwegian, english):
    texts = ["elendig " * 50, "fantastisk " * 50, "terrible " * 50, "amazing " * 50]
    for scorer in (norwegian, english):
        polarity = scorer.score_texts(texts)["polarity"]
        assert ((polarity >= -1) & (polarity <= 1)).all()


def test_score_texts_matches_analyze_row_by_row(norwegian):
    texts = ["Dette er ikke bra", "Takk for hjelpen!", "", "Kommunen svarer ikkje"]
    frame = norwegian.score_texts(texts)
    assert list(frame.columns) == ["polarity", "label", "scorer"]
    for row, text in zip(frame.itertuples(), texts):
        single = norwegian.analyze(text)
        assert row.polarity == pytest.approx(single.polarity) and row.label == single.label


def test_multilingual_routes_by_language_and_reports_it():
    frame = score_texts(["Flight delayed again, terrible", "Elendig oppfølging fra kommunen"])
    assert frame["language"].tolist() == ["en", "nb"]
    assert frame["scorer"].tolist() == ["english", "norwegian"]
    assert frame["label"].tolist() == ["negative", "negative"]
    assert str(frame["label"].dtype) == "str"


def test_multilingual_uses_given_languages_and_checks_length():
    scorer = MultilingualScorer()
    assert scorer.score_texts(["great"], ["nb"])["scorer"].tolist() == ["norwegian"]
    with pytest.raises(AnalysisError, match="one language per text"):
        scorer.score_texts(["a", "b"], ["en"])


def test_linear_scorer_rejects_unknown_classes():
    with pytest.raises(AnalysisError, match="model classes"):
        LinearScorer(LinearModel({}, (0.0,), ("angry",)), name="x")


def test_linear_scorer_exact_polarity_from_weights():
    model = LinearModel({"yes": (0.0, 0.0, 2.0)}, (0.0, 0.0, 0.0))
    result = LinearScorer(model, name="toy").analyze("yes")
    expected = (np.exp(2) - 1) / (np.exp(2) + 2)  # P(positive) - P(negative)
    assert result.polarity == pytest.approx(expected) and result.label == "positive"


def test_label_from_polarity_band():
    assert [label_from_polarity(p) for p in (-0.5, -0.1, 0.0, 0.09, 0.1)] == [
        "negative", "negative", "neutral", "neutral", "positive"]


def test_shipped_norwegian_scorer_has_two_heads_and_a_version():
    shipped = norwegian_scorer()
    assert isinstance(shipped, NgramScorer) and shipped.name == "norwegian"
    assert [head.classes for head in shipped.model.heads] == [("negative", "neutral", "positive"),
                                                              ("negative", "positive")]
    assert shipped.version.startswith("norwegian-ngram-")


def test_norwegian_polarity_sign_agrees_with_a_polar_label(norwegian):
    texts = ["Fantastisk innsats", "Elendig service", "Dette er ikke bra", "Herleg dag", "Møtet er i morgen"]
    frame = norwegian.score_texts(texts)
    for polarity, label in zip(frame["polarity"], frame["label"]):
        if label != "neutral":
            assert (polarity > 0) == (label == "positive")


def test_scores_do_not_depend_on_the_batch_or_the_cache():
    texts = ["Fantastisk innsats, veldig bra", "Dette er ikkje godt nok", "Møtet er i morgen 😡", ""]
    alone = [norwegian_scorer().analyze(text) for text in texts]
    together = norwegian_scorer().score_texts(texts * 3)
    assert together["label"].tolist() == [result.label for result in alone] * 3
    np.testing.assert_allclose(together["polarity"], [result.polarity for result in alone] * 3, atol=1e-12)


def test_english_follows_vader_on_known_cases(english):
    # compound = s / sqrt(s² + 15) with VADER's valences: "good" 1.9; "very good" 1.9 + 0.293
    assert english.analyze("good").polarity == pytest.approx(1.9 / np.sqrt(1.9**2 + 15))
    assert english.analyze("very good").polarity == pytest.approx(2.193 / np.sqrt(2.193**2 + 15))
    assert english.analyze("not good").polarity == pytest.approx(-1.406 / np.sqrt(1.406**2 + 15))
    assert vader_lexicon()["good"] == 1.9 and vader_lexicon()["😍"] > 0


def test_english_scorer_stays_vaders_rules_while_no_trained_model_ships():
    # The CV-chosen trained English model read 0.412 on TweetEval dev against VADER's 0.555 (MODEL_CARD.md):
    # it is not shipped, so the workbook's English scorer is VADER's rules.
    from sermo_helpers.text.sentiment import ENGLISH_MODEL_PATH, english_scorer

    assert not ENGLISH_MODEL_PATH.exists()
    scorer = english_scorer()
    assert isinstance(scorer, EnglishScorer) and scorer.version == "vader-rules-3"
    assert MultilingualScorer().english.version == "vader-rules-3"
