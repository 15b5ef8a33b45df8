"""Measure the sentiment scorers and the language detector against human labels.

:func:`evaluate_sentiment` reads the layout described in ``../shared/data/README.md`` for one split
name and returns ordered ``name -> value`` figures; the CLI prints them as ``name: value`` lines.
Binary NoReC figures use the sign of the polarity (0 counts as positive, the majority class, for
every scorer alike; the Norwegian scorer's sign is its binary model's decision, see
:func:`~.sentiment.norwegian_scorer`); 3-class and English figures use each scorer's own label. AFINN is the
unreviewed Norwegian AFINN word list summed over words (``afinn/AFINN-no-165.txt``).
A data set that is absent for the split is skipped (its figures are left out), never guessed.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

from .language import detect_languages
from .sentiment import EnglishScorer, TextBlobScorer, norwegian_scorer
from .tokens import TOKEN_PATTERN
from .train_norwegian import read_norec
from .training import accuracy, macro_f1

BINARY = ("negative", "positive")
THREE = ("negative", "neutral", "positive")
TWEETEVAL_LABELS = {"0": "negative", "1": "neutral", "2": "positive"}


def read_afinn(path: Path) -> dict[str, float]:
    """An AFINN-style word list: ``word<TAB>score`` per line."""
    lexicon = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        word, _, score = line.rpartition("\t")
        if word:
            lexicon[word.lower()] = float(score)
    return lexicon


def afinn_labels(texts, lexicon: dict[str, float]) -> list[str]:
    """Sum of AFINN scores over tokens: above 0 positive, below 0 negative, else neutral."""
    labels = []
    for text in texts:
        total = sum(lexicon.get(token, 0.0) for token in TOKEN_PATTERN.findall(text.lower()))
        labels.append("positive" if total > 0 else "negative" if total < 0 else "neutral")
    return labels


def _binary(polarity) -> list[str]:
    return ["positive" if value >= 0 else "negative" for value in polarity]


def _binary_from_labels(labels) -> list[str]:
    return ["negative" if label == "negative" else "positive" for label in labels]


def read_airline(path: Path) -> tuple[list[str], list[str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [row["text"] for row in rows], [row["airline_sentiment"] for row in rows]


def read_tweeteval(folder: Path, split: str) -> tuple[list[str], list[str]]:
    texts = (folder / f"{split}_text.txt").read_text(encoding="utf-8").splitlines()
    labels = (folder / f"{split}_labels.txt").read_text(encoding="utf-8").split()
    return texts[:len(labels)], [TWEETEVAL_LABELS[label] for label in labels]


def evaluate_sentiment(data_dir: Path, split: str = "dev") -> dict[str, float]:
    """Ordered figures for ``split`` under ``data_dir`` (macro-F1 unless the name says accuracy).

    Figures: norec_binary_macro_f1 (+ _textblob, _afinn), norec_3class_macro_f1 (+ _textblob,
    _afinn), airline_macro_f1 (+ _textblob), tweeteval_macro_f1 (+ _textblob),
    nordial_nb_nn_accuracy (bokmål and nynorsk tweets told apart), each rounded to 4 decimals.
    """
    data_dir = Path(data_dir)
    figures: dict[str, float] = {}
    norwegian, english, textblob = norwegian_scorer(), EnglishScorer(), TextBlobScorer()
    afinn_path = data_dir / "afinn" / "AFINN-no-165.txt"
    afinn = read_afinn(afinn_path) if afinn_path.is_file() else None

    binary_path = data_dir / "norec_sentence" / "binary" / f"{split}.json"
    if binary_path.is_file():
        texts, labels = read_norec(data_dir, "binary", split)
        figures["norec_binary_macro_f1"] = macro_f1(labels, _binary(norwegian.score_texts(texts)["polarity"]),
                                                    labels=BINARY)
        figures["norec_binary_macro_f1_textblob"] = macro_f1(
            labels, _binary(textblob.score_texts(texts)["polarity"]), labels=BINARY)
        if afinn is not None:
            figures["norec_binary_macro_f1_afinn"] = macro_f1(
                labels, _binary_from_labels(afinn_labels(texts, afinn)), labels=BINARY)
    three_path = data_dir / "norec_sentence" / "3class" / f"{split}.json"
    if three_path.is_file():
        texts, labels = read_norec(data_dir, "3class", split)
        figures["norec_3class_macro_f1"] = macro_f1(labels, list(norwegian.score_texts(texts)["label"]),
                                                    labels=THREE)
        figures["norec_3class_macro_f1_textblob"] = macro_f1(labels, list(textblob.score_texts(texts)["label"]),
                                                             labels=THREE)
        if afinn is not None:
            figures["norec_3class_macro_f1_afinn"] = macro_f1(labels, afinn_labels(texts, afinn), labels=THREE)
    airline_path = data_dir / "twitter_us_airline_sentiment" / f"tweets_{split}.csv"
    if airline_path.is_file():
        texts, labels = read_airline(airline_path)
        figures["airline_macro_f1"] = macro_f1(labels, list(english.score_texts(texts)["label"]), labels=THREE)
        figures["airline_macro_f1_textblob"] = macro_f1(labels, list(textblob.score_texts(texts)["label"]),
                                                        labels=THREE)
    tweeteval = data_dir / "tweeteval_sentiment"
    if (tweeteval / f"{split}_text.txt").is_file() and (tweeteval / f"{split}_labels.txt").is_file():
        texts, labels = read_tweeteval(tweeteval, split)
        figures["tweeteval_macro_f1"] = macro_f1(labels, list(english.score_texts(texts)["label"]), labels=THREE)
        figures["tweeteval_macro_f1_textblob"] = macro_f1(labels, list(textblob.score_texts(texts)["label"]),
                                                          labels=THREE)
    nordial_path = data_dir / "nordial_tweets" / f"{split}.json"
    if nordial_path.is_file():
        rows = [row for row in json.loads(nordial_path.read_text(encoding="utf-8"))
                if row["category"] in ("bokmål", "nynorsk")]
        truth = ["nb" if row["category"] == "bokmål" else "nn" for row in rows]
        figures["nordial_nb_nn_accuracy"] = accuracy(truth, detect_languages(row["text"] for row in rows))
    return {name: round(float(value), 4) for name, value in figures.items()}


def format_figures(figures: dict[str, float]) -> str:
    """One ``name: value`` line per figure, in order."""
    return "\n".join(f"{name}: {value}" for name, value in figures.items())


if __name__ == "__main__":
    import sys

    print(format_figures(evaluate_sentiment(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data"),
                                            sys.argv[2] if len(sys.argv) > 2 else "dev")))
