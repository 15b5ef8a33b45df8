import numpy as np
import pytest

from sermo_helpers.errors import AnalysisError
from sermo_helpers.text.training import (LinearModel, accuracy, cross_validate, fit_linear_model, fold_indices,
                                         group_fold_indices, macro_f1)


def test_macro_f1_known_values():
    true = ["positive", "positive", "negative", "negative"]
    predicted = ["positive", "negative", "negative", "negative"]
    # positive: P=1, R=.5 -> F1 2/3; negative: P=2/3, R=1 -> F1 0.8
    assert macro_f1(true, predicted) == pytest.approx((2 / 3 + 0.8) / 2)
    assert macro_f1(true, true) == 1.0
    assert macro_f1(["a", "b"], ["b", "a"]) == 0.0


def test_macro_f1_counts_a_never_predicted_listed_label_as_zero():
    assert macro_f1(["a", "a"], ["a", "a"], labels=["a", "b"]) == 1.0  # b neither true nor predicted: skipped
    assert macro_f1(["a", "b"], ["a", "a"], labels=["a", "b"]) == pytest.approx((2 / 3 + 0) / 2)


def test_macro_f1_rejects_length_mismatch():
    with pytest.raises(AnalysisError, match="as many predictions"):
        macro_f1(["a"], ["a", "b"])


def test_accuracy():
    assert accuracy(["nb", "nn", "nb"], ["nb", "nb", "nb"]) == pytest.approx(2 / 3)
    assert accuracy([], []) == 0.0


def test_fold_indices_partition_all_rows():
    folds = fold_indices(10, folds=3, seed=1)
    assert sorted(np.concatenate(folds).tolist()) == list(range(10))
    assert [len(f) for f in folds] == [4, 3, 3]
    with pytest.raises(AnalysisError, match="folds must be between 2"):
        fold_indices(3, folds=5)


def test_fit_linear_model_learns_separable_words():
    features = [["good"], ["good", "day"], ["bad"], ["bad", "day"], ["day"], ["day", "x"]]
    labels = ["positive", "positive", "negative", "negative", "neutral", "neutral"]
    model = fit_linear_model(features, labels, l2=1e-4, epochs=300)
    assert [model.classes[int(np.argmax(model.logits(f)))] for f in features] == labels
    assert model.weights["good"][2] > model.weights["good"][0]
    assert model.weights["bad"][0] > model.weights["bad"][2]


def test_fit_linear_model_errors_name_the_problem():
    with pytest.raises(AnalysisError, match="as many labels as texts"):
        fit_linear_model([["a"]], ["positive", "negative"])
    with pytest.raises(AnalysisError, match="labels must be one of"):
        fit_linear_model([["a"]], ["great"])


def test_absent_class_is_never_predicted():
    model = fit_linear_model([["a"], ["b"]], ["positive", "negative"], epochs=50)
    assert model.bias[1] == -30.0
    assert isinstance(model, LinearModel)


def test_cross_validate_returns_one_score_per_fold():
    items = [["good"]] * 6 + [["bad"]] * 6
    labels = ["positive"] * 6 + ["negative"] * 6

    def fit(train_items, train_labels):
        model = fit_linear_model(train_items, train_labels, epochs=100)
        return lambda rows: [model.classes[int(np.argmax(model.logits(r)))] for r in rows]

    assert cross_validate(items, labels, fit=fit, folds=3) == [1.0, 1.0, 1.0]


def test_group_fold_indices_keep_each_group_in_one_fold():
    groups = ["a", "a", "b", "c", "c", "c", "d"]
    folds = group_fold_indices(groups, folds=2, seed=0)
    assert sorted(np.concatenate(folds).tolist()) == list(range(7))
    for fold in folds:
        inside = {groups[i] for i in fold}
        assert all(groups[i] not in inside for other in folds if other is not fold for i in other)
    assert sorted(len({groups[i] for i in fold}) for fold in folds) == [2, 2]
    with pytest.raises(AnalysisError, match="number of groups \\(2\\)"):
        group_fold_indices(["a", "b"], folds=3)


def test_cross_validate_with_groups_tests_unseen_groups():
    items = [["good"], ["good"], ["bad"], ["bad"], ["good"], ["bad"]]
    labels = ["positive", "positive", "negative", "negative", "positive", "negative"]
    groups = ["r1", "r1", "r2", "r2", "r3", "r3"]
    seen = []

    def fit(train_items, train_labels):
        seen.append(len(train_items))
        model = fit_linear_model(train_items, train_labels, epochs=100)
        return lambda rows: [model.classes[int(np.argmax(model.logits(r)))] for r in rows]

    scores = cross_validate(items, labels, fit=fit, folds=3, groups=groups)
    assert len(scores) == 3 and sorted(seen) == [4, 4, 4]
