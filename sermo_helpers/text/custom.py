"""A scorer fitted to the user's own labelled mentions, with its cross-validated macro-F1 shown
before anyone relies on it."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import AnalysisError
from .features import sentiment_features
from .sentiment import LinearScorer, social_lexicon
from .training import LABELS, cross_validate, fit_linear_model


@dataclass(frozen=True)
class CustomScorerFit:
    """The fitted scorer (on all rows), the mean cross-validated macro-F1 and each fold's figure."""

    scorer: LinearScorer
    cv_macro_f1: float
    fold_macro_f1: tuple[float, ...]
    rows: int


def fit_custom_scorer(frame: pd.DataFrame, *, text: str = "text", label: str = "label", folds: int = 5,
                      name: str = "custom", use_social_lexicon: bool = True, l2: float = 1e-3,
                      epochs: int = 200, seed: int = 0) -> CustomScorerFit:
    """Fit a linear scorer on ``frame[text]`` with labels ``frame[label]`` (negative/neutral/positive).

    Returns the scorer fitted on every row and its ``folds``-fold cross-validated macro-F1 (each fold
    fitted on the other folds only). Rows with a missing text or label are left out.
    Raises AnalysisError naming the column when it is missing, holds other labels, or has too few rows.
    """
    for column in (text, label):
        if column not in frame.columns:
            raise AnalysisError(f"fit_custom_scorer needs a column {column!r}; the frame has "
                                f"{', '.join(map(str, frame.columns))}", argument=column,
                                expected=f"a column {column!r}", found="no such column")
    rows = frame[[text, label]].dropna()
    labels = [str(value).strip().lower() for value in rows[label]]
    unknown = sorted(set(labels) - set(LABELS))
    if unknown:
        raise AnalysisError(f"column {label!r} must hold {', '.join(LABELS)}; found {', '.join(unknown[:5])}",
                            argument=label, expected=", ".join(LABELS), found=", ".join(unknown[:5]))
    if len(set(labels)) < 2 or len(labels) < folds:
        raise AnalysisError(f"column {label!r} needs at least two different labels and {folds} rows; found "
                            f"{len(set(labels))} labels in {len(labels)} rows", argument=label,
                            expected=f">= 2 labels, >= {folds} rows", found=f"{len(set(labels))}, {len(labels)}")
    features = [sentiment_features(value) for value in rows[text]]
    lexicon = social_lexicon()
    vocabulary = {**lexicon["emoji"], **lexicon["nn"], **lexicon["nb"], **lexicon["en"]} if use_social_lexicon else {}

    def build(train_features, train_labels):
        return LinearScorer(fit_linear_model(train_features, train_labels, l2=l2, epochs=epochs, seed=seed),
                            name=name, lexicon=vocabulary, intensifiers=lexicon["intensifiers"])

    texts = rows[text].tolist()
    index_of = {id(item): position for position, item in enumerate(features)}

    def fit(train_features, train_labels):
        scorer = build(train_features, train_labels)
        return lambda test_features: scorer.score_texts([texts[index_of[id(f)]] for f in test_features])["label"].tolist()

    scores = cross_validate(features, labels, fit=fit, folds=folds, seed=seed)
    return CustomScorerFit(build(features, labels), float(np.mean(scores)), tuple(scores), len(labels))
