"""Learning sentiment weights with our own code (numpy only, no scikit-learn): a multinomial
logistic regression on sparse bag-of-feature inputs, macro-F1, and k-fold cross-validation.

The model is deliberately a lexicon in disguise: one weight per feature and class, so a fitted
model ships as a mapping ``feature -> [negative, neutral, positive]`` weights and scores texts with
dictionary look-ups.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from ..errors import AnalysisError

LABELS = ("negative", "neutral", "positive")


@dataclass(frozen=True)
class LinearModel:
    """Weights of a fitted model: ``weights[feature] = (w_negative, w_neutral, w_positive)``."""

    weights: dict[str, tuple[float, ...]]
    bias: tuple[float, ...]
    classes: tuple[str, ...] = LABELS

    def logits(self, features: Sequence[str]) -> np.ndarray:
        total = np.array(self.bias, dtype=float)
        for feature in features:
            row = self.weights.get(feature)
            if row is not None:
                total += row
        return total


def fit_linear_model(feature_lists: Sequence[Sequence[str]], labels: Sequence[str], *,
                     classes: Sequence[str] = LABELS, l2: float = 1e-3, epochs: int = 300,
                     learning_rate: float = 0.1, min_count: int = 1, balanced: bool = True,
                     seed: int = 0) -> LinearModel:
    """Fit a multinomial logistic regression (full-batch Adam, L2 penalty) on sparse features.

    ``feature_lists[i]`` are the features of text ``i`` (repeats count), ``labels[i]`` its class.
    ``balanced`` weighs each class inversely to its frequency, which favours macro-F1.
    Features seen in fewer than ``min_count`` texts are dropped.
    Classes absent from the labels get a large negative bias (never predicted).
    Raises AnalysisError when the inputs differ in length, are empty, or hold unknown labels.
    """
    if len(feature_lists) != len(labels) or not len(labels):
        raise AnalysisError(f"expected as many labels as texts (at least one); found {len(feature_lists)} texts "
                            f"and {len(labels)} labels", argument="labels", expected="equal lengths",
                            found=f"{len(feature_lists)} vs {len(labels)}")
    classes = tuple(classes)
    unknown = sorted(set(labels) - set(classes))
    if unknown:
        raise AnalysisError(f"labels must be one of {classes}; found {unknown[:5]}", argument="labels",
                            expected=", ".join(classes), found=", ".join(map(str, unknown[:5])))
    counts = Counter(feature for features in feature_lists for feature in set(features))
    vocabulary = {feature: index for index, feature in
                  enumerate(sorted(f for f, c in counts.items() if c >= min_count))}
    rows, columns = [], []
    for row, features in enumerate(feature_lists):
        for feature in features:
            index = vocabulary.get(feature)
            if index is not None:
                rows.append(row)
                columns.append(index)
    rows = np.asarray(rows, dtype=np.int64)
    columns = np.asarray(columns, dtype=np.int64)
    n, v, k = len(labels), len(vocabulary), len(classes)
    target = np.zeros((n, k))
    target[np.arange(n), [classes.index(label) for label in labels]] = 1.0
    present = target.sum(axis=0) > 0
    class_totals = target.sum(axis=0)
    if balanced:
        sample_weight = (target @ np.where(present, n / (k * np.maximum(class_totals, 1)), 0.0))[:, None]
    else:
        sample_weight = np.ones((n, 1))
    rng = np.random.default_rng(seed)
    weights = rng.normal(0, 0.01, size=(v, k))
    bias = np.zeros(k) if balanced else np.log(np.clip(target.mean(axis=0), 1e-6, None))
    moment1 = np.zeros_like(weights)
    moment2 = np.zeros_like(weights)
    bias_m1 = np.zeros(k)
    bias_m2 = np.zeros(k)
    beta1, beta2, epsilon = 0.9, 0.999, 1e-8
    logits = np.empty((n, k))
    gradient = np.empty_like(weights)
    for step in range(1, epochs + 1):
        # Sparse products by bincount (one pass per class): far faster than np.add.at.
        for c in range(k):
            logits[:, c] = bias[c] + np.bincount(rows, weights=weights[columns, c], minlength=n)
        logits -= logits.max(axis=1, keepdims=True)
        probabilities = np.exp(logits)
        probabilities /= probabilities.sum(axis=1, keepdims=True)
        error = (probabilities - target) * sample_weight / n
        for c in range(k):
            gradient[:, c] = np.bincount(columns, weights=error[rows, c], minlength=v)
        gradient += l2 * weights
        bias_gradient = error.sum(axis=0)
        moment1 = beta1 * moment1 + (1 - beta1) * gradient
        moment2 = beta2 * moment2 + (1 - beta2) * gradient**2
        bias_m1 = beta1 * bias_m1 + (1 - beta1) * bias_gradient
        bias_m2 = beta2 * bias_m2 + (1 - beta2) * bias_gradient**2
        correction1, correction2 = 1 - beta1**step, 1 - beta2**step
        weights -= learning_rate * (moment1 / correction1) / (np.sqrt(moment2 / correction2) + epsilon)
        bias -= learning_rate * (bias_m1 / correction1) / (np.sqrt(bias_m2 / correction2) + epsilon)
    bias = np.where(present, bias, -30.0)
    names = sorted(vocabulary, key=vocabulary.get)
    return LinearModel({name: tuple(float(x) for x in weights[i]) for i, name in enumerate(names)},
                       tuple(float(x) for x in bias), classes)


def macro_f1(true: Sequence[str], predicted: Sequence[str], *, labels: Sequence[str] | None = None) -> float:
    """Unweighted mean of per-class F1 over ``labels`` (default: the classes present in ``true``).

    A class never predicted and never true is skipped; one with no true positives scores 0.
    """
    if len(true) != len(predicted):
        raise AnalysisError(f"expected as many predictions as true labels; found {len(predicted)} and {len(true)}",
                            argument="predicted", expected=str(len(true)), found=str(len(predicted)))
    labels = sorted(set(true)) if labels is None else list(labels)
    scores = []
    for label in labels:
        true_positive = sum(1 for t, p in zip(true, predicted) if t == label and p == label)
        predicted_count = sum(1 for p in predicted if p == label)
        true_count = sum(1 for t in true if t == label)
        if predicted_count == 0 and true_count == 0:
            continue
        scores.append(0.0 if true_positive == 0 else 2 * true_positive / (predicted_count + true_count))
    return float(np.mean(scores)) if scores else 0.0


def accuracy(true: Sequence[str], predicted: Sequence[str]) -> float:
    """Share of predictions equal to the true label (0.0 for no items)."""
    if not len(true):
        return 0.0
    return sum(1 for t, p in zip(true, predicted) if t == p) / len(true)


def fold_indices(count: int, *, folds: int, seed: int = 0) -> list[np.ndarray]:
    """``folds`` disjoint test-index arrays covering ``range(count)``, shuffled with ``seed``."""
    if folds < 2 or folds > count:
        raise AnalysisError(f"folds must be between 2 and the number of rows ({count}); found {folds}",
                            argument="folds", expected=f"2..{count}", found=str(folds))
    order = np.random.default_rng(seed).permutation(count)
    return [np.sort(part) for part in np.array_split(order, folds)]


def group_fold_indices(groups: Sequence, *, folds: int, seed: int = 0) -> list[np.ndarray]:
    """``folds`` disjoint test-index arrays in which all rows of one group (e.g. one review) fall
    in the same fold, so a fold never sees sentences of a document it is tested on."""
    distinct = sorted(set(groups))
    if folds < 2 or folds > len(distinct):
        raise AnalysisError(f"folds must be between 2 and the number of groups ({len(distinct)}); found {folds}",
                            argument="folds", expected=f"2..{len(distinct)}", found=str(folds))
    order = np.random.default_rng(seed).permutation(len(distinct))
    fold_of = {distinct[position]: rank % folds for rank, position in enumerate(order)}
    assigned = np.fromiter((fold_of[group] for group in groups), dtype=np.int64, count=len(groups))
    return [np.flatnonzero(assigned == fold) for fold in range(folds)]


def cross_validate(items: Sequence, labels: Sequence[str], *,
                   fit: Callable[[list, list], Callable[[list], list[str]]],
                   folds: int = 5, seed: int = 0, groups: Sequence | None = None) -> list[float]:
    """Macro-F1 of each fold: ``fit(train_items, train_labels)`` returns a predictor of labels.

    With ``groups`` (one key per item), folds keep each group whole (see :func:`group_fold_indices`).
    """
    labels = list(labels)
    scores = []
    parts = (fold_indices(len(labels), folds=folds, seed=seed) if groups is None
             else group_fold_indices(list(groups), folds=folds, seed=seed))
    for test in parts:
        test_set = set(test.tolist())
        train_items = [item for i, item in enumerate(items) if i not in test_set]
        train_labels = [label for i, label in enumerate(labels) if i not in test_set]
        predict = fit(train_items, train_labels)
        predicted = predict([items[i] for i in test])
        scores.append(macro_f1([labels[i] for i in test], predicted, labels=sorted(set(labels))))
    return scores
