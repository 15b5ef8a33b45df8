import json

import pytest

from sermo_helpers.text.evaluate import afinn_labels, evaluate_sentiment, format_figures, read_afinn

EXPECTED_NAMES = [
    "norec_binary_macro_f1", "norec_binary_macro_f1_textblob", "norec_binary_macro_f1_afinn",
    "norec_3class_macro_f1", "norec_3class_macro_f1_textblob", "norec_3class_macro_f1_afinn",
    "airline_macro_f1", "airline_macro_f1_textblob", "airline_macro_f1_vader", "tweeteval_macro_f1",
    "tweeteval_macro_f1_textblob", "tweeteval_macro_f1_vader",
    "nordial_nb_nn_accuracy", *(f"criticism_{name}" for name in (
        "precision", "recall", "precision_development", "recall_development", "precision_whole_set",
        "recall_whole_set", "items_held_out", "items", "items_skipped")),
    "model_norwegian", "model_english",
]


def test_afinn_sums_word_scores(tmp_path):
    path = tmp_path / "afinn.txt"
    path.write_text("god\t3\ndårlig\t-3\nikke god\t-2\n", encoding="utf-8")
    lexicon = read_afinn(path)
    assert lexicon == {"god": 3.0, "dårlig": -3.0, "ikke god": -2.0}
    assert afinn_labels(["god dag", "dårlig god dårlig", "hei"], lexicon) == ["positive", "negative", "neutral"]


def test_evaluate_on_a_small_layout_skips_absent_sets(tmp_path):
    folder = tmp_path / "norec_sentence" / "binary"
    folder.mkdir(parents=True)
    rows = [{"sent_id": "1", "text": "Elendig og skuffende", "label": "Negative"},
            {"sent_id": "2", "text": "Fantastisk flott", "label": "Positive"}]
    (folder / "test.json").write_text(json.dumps(rows), encoding="utf-8")
    confusion = tmp_path / "out" / "confusion.csv"
    figures = evaluate_sentiment(tmp_path, "test", confusion_path=confusion)
    assert list(figures) == ["norec_binary_macro_f1", "norec_binary_macro_f1_textblob"] + EXPECTED_NAMES[13:]
    assert figures["norec_binary_macro_f1"] == 1.0
    assert (figures["criticism_items"], figures["criticism_items_skipped"]) == (150, 260)  # written items only
    assert figures["criticism_items_held_out"] == 75  # half of the written items
    assert figures["model_norwegian"].startswith("norwegian norwegian-ngram-")
    assert format_figures(figures).splitlines()[0] == "norec_binary_macro_f1: 1.0"
    assert confusion.read_text(encoding="utf-8").splitlines() == [
        "corpus,true,predicted,count", "norec_binary,negative,negative,1", "norec_binary,negative,positive,0",
        "norec_binary,positive,negative,0", "norec_binary,positive,positive,1"]


@pytest.mark.slow
def test_dev_figures_as_measured_for_the_model_card(shared_data):
    # Measured once the model was chosen by cross-validation on train (MODEL_CARD.md). Issue 17's
    # targets that these do not reach are listed there: norec binary 0.76, 3class 0.62, tweeteval
    # 0.58, airline 0.60.
    figures = evaluate_sentiment(shared_data, "dev")
    assert list(figures) == EXPECTED_NAMES
    assert figures["norec_binary_macro_f1"] == pytest.approx(0.6902, abs=0.002)
    assert figures["norec_3class_macro_f1"] == pytest.approx(0.5707, abs=0.002)
    assert figures["tweeteval_macro_f1"] == pytest.approx(0.5549, abs=0.002)
    assert figures["airline_macro_f1"] == pytest.approx(0.5086, abs=0.002)
    assert figures["nordial_nb_nn_accuracy"] >= 0.95
    # Criticism: the headline is the held-out half of the labelled set (resources/criticism_split.csv);
    # issue 17 asks precision >= 0.80 and recall >= 0.70 there: precision is not reached (MODEL_CARD.md).
    assert figures["criticism_precision"] == pytest.approx(0.7647, abs=0.002)
    assert figures["criticism_recall"] == pytest.approx(0.7222, abs=0.002)
    assert figures["criticism_precision_whole_set"] == pytest.approx(0.8268, abs=0.002)
    assert figures["criticism_recall_whole_set"] == pytest.approx(0.7143, abs=0.002)
    assert (figures["criticism_items"], figures["criticism_items_held_out"]) == (410, 205)
    for name in ("norec_binary_macro_f1", "norec_3class_macro_f1", "airline_macro_f1", "tweeteval_macro_f1"):
        assert figures[name] > figures[name + "_textblob"]
