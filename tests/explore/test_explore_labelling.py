"""The labelling widget: sampling, saving through the labels store, and fitting a scorer.

The store itself (locking, atomic replacement, permissions, formula-safe cells) is tested in
tests/test_labels.py."""
import pandas as pd
import pytest

from sermo_helpers import paths

from sermo_helpers.errors import AnalysisError, LoadError
from sermo_helpers.explore.labelling import (LABEL_COLUMNS, fit_scorer_from_labels, label_sentiment_sample,
                                             labels_path, read_sentiment_labels, sample_for_labelling,
                                             save_sentiment_labels)
from sermo_helpers.listen import analyse_listen


@pytest.fixture(autouse=True)
def editions_in_tmp(tmp_path, monkeypatch):
    """Labels live under editions/: keep the tests' labels out of the project's editions folder."""
    monkeypatch.setattr(paths, "editions_dir", lambda: tmp_path / "editions")


def test_labels_live_in_the_editions_work_folder_not_in_the_clients_data(client, tmp_path):
    assert labels_path(client) == tmp_path / "editions" / "testby" / "work" / "labels" / "sentiment_labels.csv"
    assert not labels_path(client).is_relative_to(client.data_path)


def test_reading_a_missing_file_gives_an_empty_frame(tmp_path):
    labels = read_sentiment_labels(tmp_path / "none.csv")
    assert labels.columns.tolist() == LABEL_COLUMNS and labels.empty


def test_saving_appends_and_a_relabelled_mention_keeps_its_newest_label(tmp_path):
    path = tmp_path / "labels" / "sentiment_labels.csv"
    save_sentiment_labels(pd.DataFrame({"mention_id": ["1", "2"], "text": ["a", "b"], "label": ["positive", "negative"]}),
                          path)
    saved = save_sentiment_labels(pd.DataFrame({"mention_id": ["2", "3"], "text": ["b", "c, with comma"],
                                                "label": ["neutral", "negative"]}), path)
    again = read_sentiment_labels(path)
    assert again["mention_id"].tolist() == ["1", "2", "3"] == saved["mention_id"].tolist()
    assert again["label"].tolist() == ["positive", "neutral", "negative"]
    assert again["text"].tolist() == ["a", "b", "c, with comma"]
    assert sorted(p.name for p in path.parent.iterdir()) == [".sentiment_labels.csv.lock", "sentiment_labels.csv"]


def test_a_failed_save_leaves_the_earlier_file_intact(tmp_path):
    path = tmp_path / "sentiment_labels.csv"
    save_sentiment_labels(pd.DataFrame({"mention_id": ["1"], "text": ["a"], "label": ["positive"]}), path)
    before = path.read_bytes()
    with pytest.raises(AnalysisError, match="found 'angry'"):
        save_sentiment_labels(pd.DataFrame({"mention_id": ["2"], "text": ["b"], "label": ["angry"]}), path)
    assert path.read_bytes() == before


def test_a_broken_labels_file_is_reported_with_its_line(tmp_path):
    path = tmp_path / "sentiment_labels.csv"
    path.write_text(",".join(LABEL_COLUMNS) + "\n1,a,nb,positive,positive,x,r\n2,b,nb,neutral,sure,x,r\n",
                    encoding="utf-8")
    with pytest.raises(LoadError) as error:
        read_sentiment_labels(path)
    assert error.value.row == 3 and error.value.column == "label" and error.value.found == "sure"


def test_sample_spreads_over_predicted_sentiments_and_skips_labelled(data, client):
    scored = analyse_listen(data, client).audience
    sample = sample_for_labelling(scored, size=3, seed=1, exclude=["2", "5", "8"])
    assert sorted(sample["sentiment"]) == ["negative", "neutral", "positive"]
    assert sample.loc[sample["sentiment"] == "negative", "mention_id"].tolist() == ["9"]
    assert sample_for_labelling(scored, size=50)["mention_id"].nunique() == 9


def test_widget_saves_corrections_and_skips(data, client):
    widget = label_sentiment_sample(data, client, size=9, headless=False)
    assert len(widget.choices) == 9
    assert widget.choices["2"].value == "negative"  # the machine's label is preselected
    widget.choices["2"].value = "neutral"
    for mention_id in ("1", "3", "5", "6", "7", "8", "9", "10"):
        widget.choices[mention_id].value = ""
    widget.choices["10"].value = "positive"
    widget.button.click()
    saved = read_sentiment_labels(labels_path(client))
    assert saved[["mention_id", "predicted", "label"]].values.tolist() == [["2", "negative", "neutral"],
                                                                          ["10", "positive", "positive"]]
    assert "2 etiketter lagret" in widget.status.value and "(2 i alt)" in widget.status.value
    # labelled mentions are not offered again; earlier labels survive the next save
    second = label_sentiment_sample(data, client, size=9, headless=False)
    assert set(second.choices) == {"1", "3", "5", "6", "7", "8", "9"}
    for mention_id, choice in second.choices.items():
        choice.value = "negative" if mention_id == "5" else ""
    second.save()
    assert read_sentiment_labels(labels_path(client))["mention_id"].tolist() == ["2", "10", "5"]


def test_widget_escapes_mention_text(data, client):
    widget = label_sentiment_sample(data, client, size=9, headless=False)
    markup = " ".join(child.children[0].value for child in widget.box.children[1:-1])
    assert "Vannet er &lt;b&gt;brunt&lt;/b&gt; igjen" in markup and "<b>brunt" not in markup


def test_headless_widget_builds_nothing(data, client):
    widget = label_sentiment_sample(data, client, headless=True)
    assert widget.box is None and widget.choices == {}


def test_fit_scorer_from_saved_labels_learns_the_labelled_words(tmp_path, mentions):
    from sermo_helpers.workbook import score_mentions

    path = tmp_path / "sentiment_labels.csv"
    save_sentiment_labels(pd.DataFrame({
        "mention_id": [str(i) for i in range(12)],
        "text": ["kokevarsel igjen", "kokevarsel i hele byen", "nytt kokevarsel", "kokevarsel nå",
                 "sommerfest i parken", "flott sommerfest", "sommerfest med musikk", "sommerfest i dag",
                 "møte i bystyret", "bystyret møtes", "møte om budsjett", "bystyret i kveld"],
        "label": ["negative"] * 4 + ["positive"] * 4 + ["neutral"] * 4,
    }), path)
    fitted = fit_scorer_from_labels(read_sentiment_labels(path), folds=3)
    assert fitted.fit.rows == 12 and len(fitted.fit.fold_macro_f1) == 3
    probe = mentions.drop(columns=["sentiment"]).head(3).assign(text=["kokevarsel", "sommerfest", "bystyret"],
                                                                   language=["nb", "nb", "en"])
    scored = score_mentions(probe, scorer=fitted.scorer)
    assert scored["sentiment"].tolist() == ["negative", "positive", "neutral"]
    assert scored["scorer"].tolist() == ["custom"] * 3


def test_fit_scorer_needs_enough_labels():
    with pytest.raises(AnalysisError, match="at least two different labels and 5 rows"):
        fit_scorer_from_labels(pd.DataFrame({"text": ["a", "b"], "label": ["positive", "negative"]}))
