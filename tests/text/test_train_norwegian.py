import json

import numpy as np
import pytest

from sermo_helpers.errors import LoadError
from sermo_helpers.text.corpora import read_norec, read_norec_reviews, review_of
from sermo_helpers.text.ngrams import NgramLogits, read_ngram_model
from sermo_helpers.text.tokens import TOKEN_PATTERN


def test_review_of_a_sentence_id():
    assert review_of("201911-02-02") == "201911"


def test_read_norec_reviews_in_file_order(tmp_path):
    folder = tmp_path / "norec_sentence" / "binary"
    folder.mkdir(parents=True)
    rows = [{"sent_id": "7-01-01", "text": "Bra", "label": "Positive"},
            {"sent_id": "12-03-02", "text": "Dårlig", "label": "Negative"}]
    (folder / "train.json").write_text(json.dumps(rows), encoding="utf-8")
    assert read_norec_reviews(tmp_path, "binary", "train") == ["7", "12"]
    assert read_norec(tmp_path, "binary", "train") == (["Bra", "Dårlig"], ["positive", "negative"])


def test_read_norec_names_the_missing_file(tmp_path):
    with pytest.raises(LoadError, match="norec_sentence/3class/train.json does not exist"):
        read_norec(tmp_path, "3class", "train")


def test_read_norec_names_a_malformed_file(tmp_path):
    folder = tmp_path / "norec_sentence" / "3class"
    folder.mkdir(parents=True)
    (folder / "train.json").write_text(json.dumps([{"sent_id": "1", "text": "x"}]), encoding="utf-8")
    with pytest.raises(LoadError, match="label"):
        read_norec(tmp_path, "3class", "train")


def test_scoring_at_run_time_equals_the_training_matrices(tmp_path):
    """What the training script fits on (scipy matrices) is what ngrams.py scores with (numpy)."""
    pytest.importorskip("sklearn", reason="scikit-learn is the [train] extra")
    from sermo_helpers.text.train_norwegian import FEATURE_SETS, THREE, Featurised, fit_and_write, fit_head, head_probabilities

    texts = ["Veldig bra film", "Ikke bra i det hele tatt", "Filmen varer i to timer", "Elendig og kjedelig",
             "Helt fantastisk 😍", "Handlingen er lagt til Bergen", "ikke dårlig , men ikke bra", "bra bra bra"] * 3
    labels = ["positive", "negative", "neutral", "negative", "positive", "neutral", "neutral", "positive"] * 3
    lexicon = {"bra": 0.7, "elendig": -1.0, "fantastisk": 1.0}
    data = Featurised(texts, lexicon)
    chosen = {"features": "words+chars+lexicon", "classifier": "logreg", "C": 4.0, "class_weight": "balanced",
              "prior_weight": 1.0}
    path = fit_and_write(data, labels, chosen, {}, lexicon, tmp_path / "m.npz", None)
    model = read_ngram_model(path)
    rows = np.arange(len(texts))
    columns, idf = data.vocabulary(rows, FEATURE_SETS[chosen["features"]])
    three = fit_head(data.matrix(rows, columns, idf), labels, THREE, "logreg", 4.0, "balanced")
    expected = head_probabilities(data.matrix(rows, columns, idf), *three, THREE, data.lexicon, 1.0)
    scored = NgramLogits(model).head_probabilities([TOKEN_PATTERN.findall(t.lower()) for t in texts])["3class"]
    np.testing.assert_allclose(scored, expected, atol=1e-6)
