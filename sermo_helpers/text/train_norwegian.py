"""Learn the shipped Norwegian sentiment weights from NoReC_sentence (train splits only).

Two models ship, both over :func:`~.features.sentiment_features`:

* ``norwegian_sentiment.json``: 3 classes, from ``norec_sentence/3class/train.json``; it decides
  whether a text is neutral.
* ``norwegian_sentiment_binary.json``: negative/positive, from ``norec_sentence/binary/train.json``;
  it decides the direction of a text that is not neutral (the binary task has no neutral class, and
  a dedicated model beat the 3-class model's scores mapped to two classes in cross-validation).

Run ``python -m sermo_helpers.text.train_norwegian --data-dir ../shared/data`` to rebuild both.
Only learned weights are written, never the texts (the NoReC licence allows shipping learned
models, not the sentences). Every choice (features, L2, epochs, class weights, lexicon weight,
decision threshold, the two-model design) was made by 5-fold cross-validation on the train splits
alone, with the sentences of one review kept in one fold; ``--cross-validate`` prints those figures.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..errors import LoadError
from ..paths import RESOURCES_DIR
from .features import sentiment_features
from .training import LinearModel, fit_linear_model, group_fold_indices, macro_f1

MODEL_PATH = RESOURCES_DIR / "norwegian_sentiment.json"
BINARY_MODEL_PATH = RESOURCES_DIR / "norwegian_sentiment_binary.json"
HYPERPARAMETERS = {"l2": 1e-3, "epochs": 200, "min_count": 2, "balanced": True}
BINARY_HYPERPARAMETERS = {"l2": 1e-3, "epochs": 200, "min_count": 1, "balanced": True}
SOURCES = {"3class": "NoReC_sentence 3class train split (learned weights only, no texts)",
           "binary": "NoReC_sentence binary train split (learned weights only, no texts)"}


def read_norec(data_dir: Path, variant: str, split: str) -> tuple[list[str], list[str]]:
    """Texts and lower-case labels of ``norec_sentence/<variant>/<split>.json``.

    Raises LoadError naming the file when it is missing or not the expected JSON list.
    """
    path = Path(data_dir) / "norec_sentence" / variant / f"{split}.json"
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
        return [row["text"] for row in rows], [row["label"].lower() for row in rows]
    except FileNotFoundError:
        raise LoadError(f"{path} does not exist; expected NoReC_sentence as described in data/README.md",
                        path=str(path), expected="a JSON file", found="nothing") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise LoadError(f"{path}: expected a JSON list of objects with text and label; {exc}", path=str(path),
                        expected="[{sent_id, text, label}]", found=str(exc)) from None


def review_of(sent_id: str) -> str:
    """The review a NoReC sentence id belongs to (``"201911-02-02"`` -> ``"201911"``)."""
    return str(sent_id).split("-")[0]


def read_norec_reviews(data_dir: Path, variant: str, split: str) -> list[str]:
    """The review of each sentence of ``norec_sentence/<variant>/<split>.json``, in file order."""
    path = Path(data_dir) / "norec_sentence" / variant / f"{split}.json"
    read_norec(data_dir, variant, split)  # the same errors for a missing or malformed file
    return [review_of(row["sent_id"]) for row in json.loads(path.read_text(encoding="utf-8"))]


def train_norwegian_model(data_dir: Path) -> LinearModel:
    """Fit the 3-class Norwegian model on ``norec_sentence/3class/train.json``."""
    texts, labels = read_norec(data_dir, "3class", "train")
    return fit_linear_model([sentiment_features(text) for text in texts], labels, **HYPERPARAMETERS)


def train_norwegian_binary_model(data_dir: Path) -> LinearModel:
    """Fit the negative/positive Norwegian model on ``norec_sentence/binary/train.json``."""
    texts, labels = read_norec(data_dir, "binary", "train")
    return fit_linear_model([sentiment_features(text) for text in texts], labels, classes=("negative", "positive"),
                            **BINARY_HYPERPARAMETERS)


def cross_validate_norwegian(data_dir: Path, *, folds: int = 5, seed: int = 0) -> dict[str, float]:
    """Cross-validated macro-F1 of the shipped design on the train splits (the figures to set beside dev).

    Each fold fits both models on the other folds' reviews only and scores its own reviews with
    the full Norwegian scorer (lexicon included). ``binary_macro_f1`` is measured on
    ``binary/train``; ``3class_macro_f1`` on ``3class/train``; ``binary_macro_f1_3class_model`` is
    the alternative the binary model replaced (the sign of the 3-class model's polarity).
    """
    from .sentiment import norwegian_scorer

    figures = {}
    texts, labels = read_norec(data_dir, "binary", "train")
    reviews = read_norec_reviews(data_dir, "binary", "train")
    three_texts, three_labels = read_norec(data_dir, "3class", "train")
    three_reviews = read_norec_reviews(data_dir, "3class", "train")
    three_features = [sentiment_features(text) for text in three_texts]
    binary_predicted, three_model_predicted = [""] * len(texts), [""] * len(texts)
    three_predicted = [""] * len(three_texts)
    for test in group_fold_indices(three_reviews, folds=folds, seed=seed):
        held_out = {three_reviews[i] for i in test}
        train = [i for i in range(len(three_texts)) if three_reviews[i] not in held_out]
        three_model = fit_linear_model([three_features[i] for i in train], [three_labels[i] for i in train],
                                       **HYPERPARAMETERS)
        polar = [i for i in train if three_labels[i] != "neutral"]
        binary_model = fit_linear_model([three_features[i] for i in polar], [three_labels[i] for i in polar],
                                        classes=("negative", "positive"), **BINARY_HYPERPARAMETERS)
        scorer = norwegian_scorer(model=three_model, binary_model=binary_model)
        for i, label in zip(test, scorer.score_texts([three_texts[i] for i in test])["label"]):
            three_predicted[i] = label
        binary_test = [i for i in range(len(texts)) if reviews[i] in held_out]
        scored = scorer.score_texts([texts[i] for i in binary_test])
        gate_only = norwegian_scorer(model=three_model, binary_model=None).score_texts([texts[i] for i in binary_test])
        for position, i in enumerate(binary_test):
            binary_predicted[i] = "positive" if scored["polarity"].iloc[position] >= 0 else "negative"
            three_model_predicted[i] = "positive" if gate_only["polarity"].iloc[position] >= 0 else "negative"
    figures["binary_macro_f1"] = macro_f1(labels, binary_predicted, labels=("negative", "positive"))
    figures["binary_macro_f1_3class_model"] = macro_f1(labels, three_model_predicted, labels=("negative", "positive"))
    figures["3class_macro_f1"] = macro_f1(three_labels, three_predicted, labels=("negative", "neutral", "positive"))
    return {name: round(value, 4) for name, value in figures.items()}


def write_model(model: LinearModel, path: Path = MODEL_PATH, *, decimals: int = 3,
                source: str = SOURCES["3class"], hyperparameters: dict | None = None) -> Path:
    """Write the weights as JSON (features whose weights all round to zero are left out)."""
    weights = {}
    for feature, row in sorted(model.weights.items()):
        rounded = [round(value, decimals) for value in row]
        if any(rounded):
            weights[feature] = rounded
    payload = {
        "source": source,
        "features": "sermo_helpers.text.features.sentiment_features",
        "hyperparameters": HYPERPARAMETERS if hyperparameters is None else hyperparameters,
        "classes": list(model.classes),
        "bias": [round(value, decimals) for value in model.bias],
        "weights": weights,
    }
    path.write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return path


def read_model(path: Path = MODEL_PATH) -> LinearModel:
    """Read weights written by :func:`write_model`."""
    payload = json.loads(Path(path).read_text(encoding="utf-8"))
    return LinearModel({feature: tuple(row) for feature, row in payload["weights"].items()},
                       tuple(payload["bias"]), tuple(payload["classes"]))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=Path("../shared/data"))
    parser.add_argument("--output", type=Path, default=MODEL_PATH, help="the 3-class model's file")
    parser.add_argument("--binary-output", type=Path, default=BINARY_MODEL_PATH, help="the binary model's file")
    parser.add_argument("--cross-validate", action="store_true", help="print the cross-validated figures too")
    args = parser.parse_args(argv)
    path = write_model(train_norwegian_model(args.data_dir), args.output)
    print(f"wrote {path} ({path.stat().st_size // 1024} KiB)")
    path = write_model(train_norwegian_binary_model(args.data_dir), args.binary_output, source=SOURCES["binary"],
                       hyperparameters=BINARY_HYPERPARAMETERS)
    print(f"wrote {path} ({path.stat().st_size // 1024} KiB)")
    if args.cross_validate:
        for name, value in cross_validate_norwegian(args.data_dir).items():
            print(f"cv_{name}: {value}")


if __name__ == "__main__":
    main()
