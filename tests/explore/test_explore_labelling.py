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


def test_nothing_is_preselected_and_only_reviewed_rows_are_saved_with_reviewer_and_time(data, client):
    widget = label_sentiment_sample(data, client, size=9, headless=False, reviewer="Kari")
    assert len(widget.choices) == 9
    assert all(choice.value is None for choice in widget.choices.values())  # the machine decides nothing
    assert widget.progress_text() == "0 av 9 vurdert"
    widget.choices["2"].value = "neutral"      # a correction
    widget.choices["5"].value = "negative"     # a confirmation
    widget.choices["7"].value = ""             # skipped: reviewed, but no label
    assert widget.progress_text() == "3 av 9 vurdert" and "3 av 9 vurdert" in widget.progress.value
    before = pd.Timestamp.now(tz="UTC").floor("s")
    widget.button.click()
    saved = read_sentiment_labels(labels_path(client))
    assert saved[["mention_id", "predicted", "label", "reviewer"]].values.tolist() == [
        ["2", "negative", "neutral", "Kari"], ["5", "negative", "negative", "Kari"]]
    stamps = pd.to_datetime(saved["labelled_at"])
    assert ((stamps >= before) & (stamps <= pd.Timestamp.now(tz="UTC"))).all()
    assert "2 etiketter lagret" in widget.status.value and "(2 i alt)" in widget.status.value
    # labelled mentions are not offered again; earlier labels survive the next save
    second = label_sentiment_sample(data, client, size=9, headless=False, reviewer="Ola")
    assert set(second.choices) == {"1", "3", "6", "7", "8", "9", "10"}
    second.choices["10"].value = "positive"
    second.save()
    again = read_sentiment_labels(labels_path(client))
    assert again[["mention_id", "reviewer"]].values.tolist() == [["2", "Kari"], ["5", "Kari"], ["10", "Ola"]]


@pytest.mark.parametrize("reviewed", [0, 1, 4, 9])
def test_k_of_n_reviewed_gives_exactly_k_labels(data, client, reviewed):
    widget = label_sentiment_sample(data, client, size=9, headless=False, reviewer="Kari")
    for choice in list(widget.choices.values())[:reviewed]:
        choice.value = "positive"
    widget.save()
    assert len(read_sentiment_labels(labels_path(client))) == reviewed


def test_the_reviewer_is_set_once_per_session_and_saving_without_one_is_refused(data, client):
    from sermo_helpers.explore import labelling

    labelling.set_reviewer("")
    first = label_sentiment_sample(data, client, size=3, headless=False, reviewer="")
    first.choices[next(iter(first.choices))].value = "negative"
    first.save()
    assert not labels_path(client).exists() and "Skriv navnet ditt" in first.status.value
    first.reviewer.value = "Kari Nordmann"   # typed once ...
    second = label_sentiment_sample(data, client, size=3, headless=False)
    assert second.reviewer.value == "Kari Nordmann"  # ... and every later form of the session has it
    labelling.set_reviewer("")


def test_the_chosen_tone_is_unmistakable_and_every_button_label_fits(data, client):
    from sermo_helpers.explore import labelling
    from sermo_helpers.i18n import label

    assert labelling.contrast_ratio(labelling.CHOSEN_BACKGROUND, labelling.CHOSEN_TEXT) >= 4.5
    assert labelling.contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    css = labelling.labelling_css()
    assert ".mod-active{background:#0b4f8a;color:#ffffff" in css and "content:'\u2713 '" in css
    widget = label_sentiment_sample(data, client, size=3, headless=False)
    assert "sermo-labelling" in widget.box._dom_classes
    longest = max(len(label(key, language)) for key in ("explore.label.skip", "sentiment.negative",
                  "sentiment.neutral", "sentiment.positive") for language in ("nb", "en"))
    # a label in the default 13 px font is at most ~0.6 em per character; the mark and a space add 2
    assert labelling.BUTTON_WIDTH_EM >= 0.6 * (longest + 2) + 1
    assert all(choice.style.button_width == f"{labelling.BUTTON_WIDTH_EM}em" for choice in widget.choices.values())


def test_widget_escapes_mention_text(data, client):
    import ipywidgets

    widget = label_sentiment_sample(data, client, size=9, headless=False)
    markup = " ".join(child.children[0].value for child in widget.box.children
                      if isinstance(child, ipywidgets.HBox) and isinstance(child.children[0], ipywidgets.HTML))
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


def test_a_fit_reports_its_interval_learning_curve_and_refuses_below_the_minimum_per_class():
    from sermo_helpers.explore.labelling import MIN_LABELS_PER_CLASS, fold_interval

    words = {"negative": "kokevarsel", "positive": "sommerfest", "neutral": "bystyret"}
    labels = pd.DataFrame({"text": [f"{words[tone]} {i}" for i in range(12) for tone in words],
                           "label": [tone for _ in range(12) for tone in words]})
    fitted = fit_scorer_from_labels(labels, folds=3)
    assert fitted.per_class == {"negative": 12, "neutral": 12, "positive": 12}
    mean, low, high = fitted.interval
    assert mean == pytest.approx(fitted.fit.cv_macro_f1) and low <= mean <= high
    assert fitted.curve["rows"].tolist() == [9, 18, 27, 36] and fitted.curve["macro_f1"].between(0, 1).all()
    assert not fitted.usable and f"minst {MIN_LABELS_PER_CLASS} per tone" in fitted.reason
    with pytest.raises(AnalysisError, match="For få etiketter"):
        fitted.for_workbook()
    # the t interval by hand: scores 0.5, 0.7, 0.9 -> mean 0.7, sd 0.2, half 4.303 * 0.2 / sqrt(3)
    assert fold_interval([0.5, 0.7, 0.9]) == pytest.approx((0.7, 0.7 - 0.49688, 1.0), abs=1e-4)  # clipped at 1
    enough = fit_scorer_from_labels(labels, folds=3, minimum=12)
    assert enough.usable and enough.reason == "" and enough.for_workbook() is enough.scorer
