"""Choose and fit the shipped Norwegian sentiment model by cross-validation on NoReC train only.

    pip install -e ".[train]"     # scikit-learn, for this script only
    python -m sermo_helpers.text.train_norwegian --data-dir ../shared/data

Candidates (features x classifier x class weighting) are compared by 5-fold cross-validation on
``norec_sentence/3class/train.json`` with the sentences of one review kept in one fold (the
binary train split is the non-neutral part of the 3class one, so the binary head is fitted and
measured on the same folds). Dev is never read here. The best candidate by the mean of the
cross-validated binary and (gated) 3-class macro-F1 is refitted on all of train and written to
``resources/norwegian_sentiment.npz`` (weights, vocabulary, heads; never a text) with every
candidate's CV figures in its metadata (``sermo_helpers/text/MODEL_CARD.md`` quotes them).

scikit-learn is imported inside the functions that fit: the workbook's kernels score with
:mod:`.ngrams` (numpy) and never import this module.
"""
from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

import numpy as np

from ..paths import RESOURCES_DIR
from .corpora import read_norec_rows, review_of
from .ngrams import bigram_features, token_units, unit_features, write_ngram_model
from .tokens import TOKEN_PATTERN
from .training import group_fold_indices, macro_f1

MODEL_PATH = RESOURCES_DIR / "norwegian_sentiment.npz"
SEED = 17
FOLDS = 5
MIN_DF = 2
VERSION = "norwegian-ngram-2"
THREE = ("negative", "neutral", "positive")
BINARY = ("negative", "positive")

FEATURE_SETS = {
    "words": ("w:", "b:"),
    "words+chars": ("w:", "b:", "c:"),
    "words+chars+lexicon": ("w:", "b:", "c:", "lex:"),
}
# Stage 2 grid, run on the best feature set of stage 1: (classifier, C, class weighting of the 3-class head).
CLASSIFIERS = [("logreg", 1.0, "balanced"), ("logreg", 4.0, "balanced"), ("logreg", 16.0, "balanced"),
               ("logreg", 4.0, None), ("svm", 0.1, "balanced"), ("svm", 0.3, "balanced"), ("svm", 0.3, None)]


def criticism_set_sentences() -> set[str]:
    """NoReC sentence ids of the criticism evaluation set: left out of training, so that the
    sentiment label the criticism detector reads was never fitted on them."""
    import csv

    with open(RESOURCES_DIR / "criticism_eval.csv", encoding="utf-8", newline="") as handle:
        return {row["sent_id"] for row in csv.DictReader(handle) if row["source"].startswith("norec_sentence")}


def lexicon_for_training() -> dict[str, float]:
    """The hand-written bokmål, nynorsk and emoji vocabulary that the lexicon features read."""
    from .sentiment import social_lexicon

    lexicon = social_lexicon()
    return {**lexicon["emoji"], **lexicon["nn"], **lexicon["nb"]}


class Featurised:
    """Texts cut into units once: the raw count matrix over all features seen, and what the
    approximate norm needs (unit occurrences per document, unit features squared)."""

    def __init__(self, texts: list[str], lexicon: dict[str, float]):
        from scipy import sparse

        self.feature_index: dict[str, int] = {}
        unit_index: dict[str, int] = {}
        unit_rows: list[Counter] = []
        doc_units_rows, doc_units_cols = [], []
        bigram_rows, bigram_cols = [], []
        for doc, text in enumerate(texts):
            units = token_units(TOKEN_PATTERN.findall(text.lower()))
            for unit in units:
                position = unit_index.get(unit)
                if position is None:
                    position = unit_index[unit] = len(unit_rows)
                    unit_rows.append(unit_features(unit, lexicon))
                doc_units_rows.append(doc)
                doc_units_cols.append(position)
            for bigram in bigram_features(units):
                bigram_rows.append(doc)
                bigram_cols.append(self._index(bigram))
        rows, cols, values = [], [], []
        for position, features in enumerate(unit_rows):
            for feature, value in features.items():
                rows.append(position)
                cols.append(self._index(feature))
                values.append(value)
        width = len(self.feature_index)
        units = sparse.csr_matrix((values, (rows, cols)), shape=(len(unit_rows), width))
        occurrences = sparse.csr_matrix((np.ones(len(doc_units_rows)), (doc_units_rows, doc_units_cols)),
                                        shape=(len(texts), len(unit_rows)))
        bigrams = sparse.csr_matrix((np.ones(len(bigram_rows)), (bigram_rows, bigram_cols)),
                                    shape=(len(texts), width))
        self.counts = (occurrences @ units + bigrams).tocsr()
        self.unit_squares = (occurrences @ units.multiply(units) + bigrams).tocsr()  # sum over units of c²
        self.names = sorted(self.feature_index, key=self.feature_index.get)
        self.lexicon = np.column_stack([  # summed lexicon values per document (positive, negative)
            np.asarray(self.counts[:, self.feature_index[name]].todense()).ravel() if name in self.feature_index
            else np.zeros(len(texts)) for name in ("lex:pos", "lex:neg")])

    def _index(self, feature: str) -> int:
        index = self.feature_index.get(feature)
        if index is None:
            index = self.feature_index[feature] = len(self.feature_index)
        return index

    def vocabulary(self, rows: np.ndarray, prefixes: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
        """Columns kept (document frequency >= MIN_DF in ``rows``, prefix allowed) and their idf."""
        document_frequency = np.asarray((self.counts[rows] > 0).sum(axis=0)).ravel()
        allowed = np.array([name.startswith(prefixes) for name in self.names])
        columns = np.flatnonzero((document_frequency >= MIN_DF) & allowed)
        idf = np.log((1 + len(rows)) / (1 + document_frequency[columns])) + 1.0
        return columns, idf

    def matrix(self, rows: np.ndarray, columns: np.ndarray, idf: np.ndarray):
        """Documents ``rows`` over ``columns``: idf-weighted counts divided by the approximate norm."""
        from scipy import sparse

        counts = self.counts[rows][:, columns]
        squares = np.asarray(self.unit_squares[rows][:, columns] @ (idf ** 2)).ravel()
        scale = np.divide(1.0, np.sqrt(squares), out=np.zeros_like(squares), where=squares > 0)
        return sparse.diags(scale) @ counts @ sparse.diags(idf)


def fit_head(matrix, labels: list[str], classes: tuple[str, ...], classifier: str, c: float, class_weight):
    """Fit one head; returns (weights F x width, bias, calibration or None) in the shipped layout."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.linear_model import LogisticRegression
    from sklearn.svm import LinearSVC
    from sklearn.utils.class_weight import compute_sample_weight

    y = np.array([classes.index(label) for label in labels])
    if classifier == "nblr":
        # NB-weighted logistic regression (Wang & Manning 2012): each one-vs-rest problem scales the
        # features by their log-count ratio r (smoothed by 1) before fitting; r folds into the weights.
        from scipy import sparse

        columns = []
        intercepts = []
        problems = [1] if len(classes) == 2 else range(len(classes))
        sample_weight = compute_sample_weight(class_weight, y) if class_weight else None
        for k in problems:
            positive = y == k
            p = np.asarray(matrix[positive].sum(axis=0)).ravel() + 1.0
            q = np.asarray(matrix[~positive].sum(axis=0)).ravel() + 1.0
            ratio = np.log((p / p.sum()) / (q / q.sum()))
            model = LogisticRegression(C=c, solver="liblinear", random_state=SEED).fit(
                matrix @ sparse.diags(ratio), positive.astype(int), sample_weight=sample_weight)
            columns.append(model.coef_[0] * ratio)
            intercepts.append(model.intercept_[0])
        return np.column_stack(columns), np.array(intercepts), [(-1.0, 0.0)] * len(columns)
    if classifier == "logreg":
        # liblinear (one-vs-rest) is far faster than lbfgs on ~10^5 sparse features; its probabilities are
        # the normalised per-class sigmoids, i.e. the calibration (a, b) = (-1, 0) for every class.
        if len(classes) == 2:
            model = LogisticRegression(C=c, class_weight=class_weight, solver="liblinear",
                                       random_state=SEED).fit(matrix, y)
            return model.coef_.T.copy(), model.intercept_.copy(), [(-1.0, 0.0)]
        parts = []
        for k in range(len(classes)):  # one-vs-rest, weighted as the multiclass problem would be
            weights = compute_sample_weight(class_weight, y) if class_weight else None
            parts.append(LogisticRegression(C=c, solver="liblinear", random_state=SEED)
                         .fit(matrix, (y == k).astype(int), sample_weight=weights))
        return (np.column_stack([p.coef_[0] for p in parts]), np.array([p.intercept_[0] for p in parts]),
                [(-1.0, 0.0)] * len(classes))
    calibrated = CalibratedClassifierCV(LinearSVC(C=c, class_weight=class_weight, random_state=SEED),
                                        method="sigmoid", cv=3, ensemble=False).fit(matrix, y)
    inner = calibrated.calibrated_classifiers_[0]
    calibration = [(float(cal.a_), float(cal.b_)) for cal in inner.calibrators]
    return inner.estimator.coef_.T.copy(), inner.estimator.intercept_.copy(), calibration


def head_probabilities(matrix, weights, bias, calibration, classes, lexicon=None, prior_weight=0.0) -> np.ndarray:
    """Probabilities of a fitted head on ``matrix``, exactly as :mod:`.ngrams` computes them at run
    time (``lexicon``: the documents' summed lexicon values, positive and negative)."""
    from .ngrams import Head

    head = Head("h", classes, np.asarray(bias), slice(0, weights.shape[1]),
                None if calibration is None else tuple(calibration), prior_weight)
    logits = np.asarray(matrix @ weights) + bias
    if lexicon is not None:
        logits = logits + head.prior(lexicon[:, 0], lexicon[:, 1])
    return head.probabilities(logits)


def decide(three: np.ndarray, binary: np.ndarray) -> tuple[list[str], list[str], list[str]]:
    """(3-class labels from the 3-class head alone, 3-class labels gated: neutral by the 3-class head,
    direction by the binary head, binary labels by the binary head)."""
    alone = [THREE[k] for k in three.argmax(axis=1)]
    direction = ["positive" if p[1] >= p[0] else "negative" for p in binary]
    gated = ["neutral" if k == 1 else d for k, d in zip(three.argmax(axis=1), direction)]
    return alone, gated, direction


PRIOR_WEIGHTS = (0.0, 0.5, 1.0, 2.0, 3.0, 4.0)  # lexicon prior weights tried for every candidate


def cross_validate_candidate(data: Featurised, labels: list[str], reviews: list[str], prefixes, classifier: str,
                             c: float, class_weight) -> dict[str, dict[str, float]]:
    """CV macro-F1 of one candidate for each lexicon prior weight: 3class (head alone and gated)
    and binary (non-neutral rows). Returns ``{prior weight: figures}``."""
    predictions = {w: ([""] * len(labels), [""] * len(labels), [""] * len(labels)) for w in PRIOR_WEIGHTS}
    for test in group_fold_indices(reviews, folds=FOLDS, seed=SEED):
        train = np.setdiff1d(np.arange(len(labels)), test)
        columns, idf = data.vocabulary(train, prefixes)
        train_matrix, test_matrix = data.matrix(train, columns, idf), data.matrix(test, columns, idf)
        three = fit_head(train_matrix, [labels[i] for i in train], THREE, classifier, c, class_weight)
        polar = np.array([i for i, row in enumerate(train) if labels[row] != "neutral"])
        binary = fit_head(train_matrix[polar], [labels[train[i]] for i in polar], BINARY, classifier, c, "balanced")
        lexicon = data.lexicon[test]
        for weight, (alone, gated, direction) in predictions.items():
            a, g, d = decide(head_probabilities(test_matrix, *three, THREE, lexicon, weight),
                             head_probabilities(test_matrix, *binary, BINARY, lexicon, weight))
            for position, row in enumerate(test):
                alone[row], gated[row], direction[row] = a[position], g[position], d[position]
    polar_rows = [i for i, label in enumerate(labels) if label != "neutral"]
    out = {}
    for weight, (alone, gated, direction) in predictions.items():
        out[weight] = {
            "binary_macro_f1": round(macro_f1([labels[i] for i in polar_rows], [direction[i] for i in polar_rows],
                                              labels=BINARY), 4),
            "3class_macro_f1": round(macro_f1(labels, alone, labels=THREE), 4),
            "3class_macro_f1_gated": round(macro_f1(labels, gated, labels=THREE), 4),
        }
    return out


def candidate_name(features: str, classifier: str, c: float, class_weight, prior_weight: float) -> str:
    return f"{features}|{classifier}|C={c:g}|{class_weight or 'unweighted'}|lexicon prior {prior_weight:g}"


def select_model(data: Featurised, labels, reviews, *, log=print) -> tuple[dict, dict]:
    """Two-stage search: feature sets with logistic regression C=4 balanced, then the classifier
    grid on the best feature set. Returns (every candidate's figures, the chosen candidate)."""
    results = {}

    def run(features, classifier, c, class_weight):
        started = time.perf_counter()
        by_weight = cross_validate_candidate(data, labels, reviews, FEATURE_SETS[features], classifier, c,
                                             class_weight)
        for weight, figures in by_weight.items():
            # The shipped scorer labels gated (neutral by the 3-class head, direction by the binary head).
            figures["score"] = round((figures["binary_macro_f1"] + figures["3class_macro_f1_gated"]) / 2, 4)
            name = candidate_name(features, classifier, c, class_weight, weight)
            results[name] = {"features": features, "classifier": classifier, "C": c, "class_weight": class_weight,
                             "prior_weight": weight, **figures}
            log(f"{name}: {figures}")
        log(f"({time.perf_counter() - started:.0f} s)")

    for features in FEATURE_SETS:
        run(features, "logreg", 4.0, "balanced")
    best_features = max((r for r in results.values()), key=lambda r: r["score"])["features"]
    for classifier, c, class_weight in CLASSIFIERS:
        if candidate_name(best_features, classifier, c, class_weight, 0.0) not in results:
            run(best_features, classifier, c, class_weight)
    chosen = max(results.values(), key=lambda r: r["score"])
    return results, chosen


def fit_and_write(data: Featurised, labels: list[str], chosen: dict, results: dict, lexicon: dict, path: Path,
                  data_dir: Path, *, metadata: dict | None = None) -> Path:
    """Refit the chosen candidate on all of train and write it (``metadata`` replaces or adds
    entries of the written metadata)."""
    metadata_override = metadata or {}
    rows = np.arange(len(labels))
    columns, idf = data.vocabulary(rows, FEATURE_SETS[chosen["features"]])
    matrix = data.matrix(rows, columns, idf)
    three = fit_head(matrix, labels, THREE, chosen["classifier"], chosen["C"], chosen["class_weight"])
    polar = np.array([i for i, label in enumerate(labels) if label != "neutral"])
    binary = fit_head(matrix[polar], [labels[i] for i in polar], BINARY, chosen["classifier"], chosen["C"], "balanced")
    weights = np.hstack([three[0], binary[0]]) * idf[:, None]
    squares = np.column_stack([idf ** 2, idf ** 2])
    keep = np.flatnonzero(np.abs(weights).max(axis=1) > 0)  # every kept feature also counts in the norm
    heads = [
        {"name": "3class", "classes": list(THREE), "width": three[0].shape[1], "bias": three[1].tolist(),
         "calibration": three[2], "prior_weight": chosen["prior_weight"]},
        {"name": "binary", "classes": list(BINARY), "width": binary[0].shape[1], "bias": binary[1].tolist(),
         "calibration": binary[2], "prior_weight": chosen["prior_weight"]},
    ]
    metadata = {
        "version": VERSION, "trained_on": "NoReC_sentence 3class train (binary head: its non-neutral rows)",
        "data_dir_layout": "norec_sentence/3class/train.json", "seed": SEED, "folds": FOLDS, "min_df": MIN_DF,
        "chosen": candidate_name(chosen["features"], chosen["classifier"], chosen["C"], chosen["class_weight"],
                                 chosen["prior_weight"]),
        "left_out": "the NoReC sentences of resources/criticism_eval.csv (130), in selection and fit",
        "three_class_decision": "gated: neutral by the 3class head, otherwise the binary head's direction",
        "cv": results, "training_rows": len(labels),
        "licence": "learned weights only; NoReC licence (CC BY-NC 4.0 texts; learned models may be shipped)",
    }
    metadata.update(metadata_override)
    return write_ngram_model(path, vocabulary=[data.names[i] for i in columns[keep]], weights=weights[keep],
                             squares=squares[keep], heads=heads, lexicon=lexicon, metadata=metadata)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=Path("../shared/data"))
    parser.add_argument("--output", type=Path, default=MODEL_PATH)
    parser.add_argument("--results", type=Path, default=None, help="also write every candidate's CV figures here")
    parser.add_argument("--selection", type=Path, default=None,
                        help="CV figures written by an earlier --results run: refit its best candidate, skip the search")
    parser.add_argument("--add", default="",
                        help="with --selection: also cross-validate these candidates on the best feature set, e.g. "
                             "'nblr:4:balanced,nblr:1:balanced' (classifier:C:class weight or none), then choose")
    args = parser.parse_args(argv)
    held_out = criticism_set_sentences()
    rows = [row for row in read_norec_rows(args.data_dir, "3class", "train") if row["sent_id"] not in held_out]
    print(f"left out {len(held_out)} sentences of the criticism evaluation set")
    texts = [row["text"] for row in rows]
    labels = [row["label"].lower() for row in rows]
    reviews = [review_of(row["sent_id"]) for row in rows]
    lexicon = lexicon_for_training()
    data = Featurised(texts, lexicon)
    print(f"train rows: {len(texts)}, features seen: {len(data.names)}")
    if args.selection:
        results = json.loads(args.selection.read_text(encoding="utf-8"))
        features = max(results.values(), key=lambda r: r["score"])["features"]
        for spec in filter(None, args.add.split(",")):
            classifier, c, weighting = spec.split(":")
            weighting = None if weighting == "none" else weighting
            started = time.perf_counter()
            by_weight = cross_validate_candidate(data, labels, reviews, FEATURE_SETS[features], classifier,
                                                 float(c), weighting)
            for weight, figures in by_weight.items():
                figures["score"] = round((figures["binary_macro_f1"] + figures["3class_macro_f1_gated"]) / 2, 4)
                name = candidate_name(features, classifier, float(c), weighting, weight)
                results[name] = {"features": features, "classifier": classifier, "C": float(c),
                                 "class_weight": weighting, "prior_weight": weight, **figures}
                print(f"{name}: {figures}")
            print(f"({time.perf_counter() - started:.0f} s)")
        chosen = max(results.values(), key=lambda r: r["score"])
    else:
        results, chosen = select_model(data, labels, reviews)
    print(f"chosen: {candidate_name(chosen['features'], chosen['classifier'], chosen['C'], chosen['class_weight'], chosen['prior_weight'])}")
    if args.results:
        args.results.write_text(json.dumps(results, indent=1), encoding="utf-8")
    path = fit_and_write(data, labels, chosen, results, lexicon, args.output, args.data_dir)
    print(f"wrote {path} ({path.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
