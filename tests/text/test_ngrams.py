import json

import numpy as np
import pytest

from sermo_helpers.text.ngrams import (NgramLogits, bigram_features, read_ngram_model, token_units, unit_features,
                                       write_ngram_model)
from sermo_helpers.text.sentiment import NORWEGIAN_MODEL_PATH


def test_token_units_mark_three_words_after_a_negator_and_drop_links():
    units = token_units("ikke så bra i dag , men fint https://x.no".split())
    assert units == ["ikke", "¬så", "¬bra", "¬i", "dag", ",", "men", "fint"]


def test_unit_features_count_character_ngrams_of_the_padded_token():
    features = unit_features("ja", {})
    # " ja " has 3 bigrams, 2 trigrams, 1 four-gram; no five-gram
    assert features == {"w:ja": 1, "c: j": 1, "c:ja": 1, "c:a ": 1, "c: ja": 1, "c:ja ": 1, "c: ja ": 1}
    assert unit_features("lala", {})["c:la"] == 2


def test_unit_features_lexicon_value_flips_and_halves_under_negation():
    assert unit_features("bra", {"bra": 0.8})["lex:pos"] == pytest.approx(0.8)
    negated = unit_features("¬bra", {"bra": 0.8})
    assert negated["lex:neg"] == pytest.approx(0.4) and "lex:pos" not in negated
    assert negated["w:¬bra"] == 1 and negated["c:bra"] == 1  # characters of the word itself


def test_bigrams_drop_negation_marks():
    assert bigram_features(["ikke", "¬bra", "nok"]) == ["b:ikke bra", "b:bra nok"]


def _toy_model(tmp_path, *, prior_weight=0.0):
    vocabulary = ["w:ja", "w:nei", "b:ja nei"]
    # 3class head (3 logits) then binary head (1 logit); idf folded in; squares are idf²
    weights = np.array([[0.0, 0.0, 2.0, 1.0], [2.0, 0.0, 0.0, -1.0], [0.0, 1.0, 0.0, 0.0]])
    squares = np.array([[1.0, 1.0], [4.0, 4.0], [1.0, 1.0]])
    heads = [{"name": "3class", "classes": ["negative", "neutral", "positive"], "width": 3, "bias": [0.0, 0.5, 0.0],
              "calibration": None, "prior_weight": prior_weight},
             {"name": "binary", "classes": ["negative", "positive"], "width": 1, "bias": [0.0],
              "calibration": [[-1.0, 0.0]], "prior_weight": prior_weight}]
    path = write_ngram_model(tmp_path / "toy.npz", vocabulary=vocabulary, weights=weights, squares=squares,
                             heads=heads, lexicon={"ja": 1.0}, metadata={"version": "toy-1"})
    return read_ngram_model(path)


def test_logits_are_normalised_by_the_square_root_of_the_unit_squares(tmp_path):
    model = _toy_model(tmp_path)
    assert model.version == "toy-1" and [h.name for h in model.heads] == ["3class", "binary"]
    heads = NgramLogits(model).head_probabilities([["ja", "nei"]])
    # units: ja (1), nei (4), bigram "ja nei" (1) -> norm sqrt(6); summed logits [2, 1, 2 | 0]
    logits = np.array([2.0, 1.0, 2.0]) / np.sqrt(6) + np.array([0.0, 0.5, 0.0])
    expected = np.exp(logits) / np.exp(logits).sum()
    np.testing.assert_allclose(heads["3class"][0], expected)
    np.testing.assert_allclose(heads["binary"][0], [0.5, 0.5])  # 1 - 1 = 0, sigmoid(0)


def test_lexicon_prior_is_added_outside_the_normalisation(tmp_path):
    model = _toy_model(tmp_path, prior_weight=2.0)
    binary = NgramLogits(model).head_probabilities([["ja"]])["binary"][0]
    # decision = 1/sqrt(1) + 2 × (lexicon 1.0 − 0) = 3; calibration (−1, 0): P(positive) = 1/(1 + e^−3)
    assert binary[1] == pytest.approx(1 / (1 + np.exp(-3.0)))


def test_unknown_tokens_score_the_bias_alone(tmp_path):
    model = _toy_model(tmp_path)
    heads = NgramLogits(model).head_probabilities([["hmm"], []])
    expected = np.exp([0.0, 0.5, 0.0]) / np.exp([0.0, 0.5, 0.0]).sum()
    np.testing.assert_allclose(heads["3class"], [expected, expected])


def test_shipped_model_holds_learned_numbers_and_feature_strings_only():
    model = read_ngram_model(NORWEGIAN_MODEL_PATH)
    assert NORWEGIAN_MODEL_PATH.stat().st_size < 3_000_000
    assert {name.split(":", 1)[0] for name in model.vocabulary} <= {"w", "c", "b", "lex"}
    assert max(len(name.split(":", 1)[1].split()) for name in model.vocabulary if name.startswith("b:")) == 2
    assert [head.name for head in model.heads] == ["3class", "binary"]
    metadata = model.metadata
    assert metadata["seed"] == 17 and metadata["folds"] == 5
    chosen = max(metadata["cv"].values(), key=lambda figures: figures["score"])
    assert metadata["chosen"].startswith(f"{chosen['features']}|{chosen['classifier']}|")
    json.dumps(metadata)  # plain data
