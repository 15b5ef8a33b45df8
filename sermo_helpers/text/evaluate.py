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
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from .corpora import DEVELOPMENT, HELD_OUT, read_criticism_set, read_criticism_split, read_nordial_rows, read_norec
from .criticism import CriticismDetector
from .language import detect_languages
from .sentiment import EnglishScorer, MultilingualScorer, TextBlobScorer, default_scorer, english_scorer, norwegian_scorer
from .tokens import TOKEN_PATTERN
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


def confusion_rows(corpus: str, true: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> list[dict]:
    """Tidy confusion matrix of one corpus: one row per (true, predicted) pair of ``labels``, with its count."""
    counts = Counter(zip(true, predicted))
    return [{"corpus": corpus, "true": t, "predicted": p, "count": counts.get((t, p), 0)} for t in labels for p in labels]


def evaluate_criticism(data_dir: Path | None, scorer: MultilingualScorer | None = None) -> dict[str, float]:
    """Precision and recall of :class:`~.criticism.CriticismDetector` on the labelled set
    ``resources/criticism_eval.csv`` (its real texts read by id under ``data_dir``; those whose
    corpus is absent are left out and counted in ``criticism_items_skipped``).

    The headline ``criticism_precision`` and ``criticism_recall`` are on the held-out half
    (``resources/criticism_split.csv``: items chosen by their ids alone, never read one by one
    while the rules are written); ``_development`` on the other half, ``_whole_set`` on both.
    Each item is read for its own client (the row's names) with the sentiment label of
    ``scorer`` (default: the workbook's scorer), as the workbook does.
    """
    items, skipped = read_criticism_set(data_dir)
    parts = read_criticism_split()
    labels = (scorer or default_scorer()).score_texts([item.text for item in items])["label"].tolist()
    predicted = [CriticismDetector(item.names).find(item.text, label).critical for item, label in zip(items, labels)]

    def precision_recall(chosen):
        pairs = [(flag, item.critical) for item, flag in zip(items, predicted) if chosen(item)]
        true_positive = sum(1 for flag, truth in pairs if flag and truth)
        return (round(true_positive / max(1, sum(flag for flag, _ in pairs)), 4),
                round(true_positive / max(1, sum(truth for _, truth in pairs)), 4), len(pairs))

    held_out = precision_recall(lambda item: parts[item.item] == HELD_OUT)
    development = precision_recall(lambda item: parts[item.item] == DEVELOPMENT)
    whole = precision_recall(lambda item: True)
    return {"criticism_precision": held_out[0], "criticism_recall": held_out[1],
            "criticism_precision_development": development[0], "criticism_recall_development": development[1],
            "criticism_precision_whole_set": whole[0], "criticism_recall_whole_set": whole[1],
            "criticism_items_held_out": held_out[2], "criticism_items": whole[2], "criticism_items_skipped": skipped}


def evaluate_sentiment(data_dir: Path, split: str = "dev", *, confusion_path: Path | None = None) -> dict:
    """Ordered figures for ``split`` under ``data_dir`` (macro-F1 unless the name says accuracy).

    Figures: norec_binary_macro_f1 (+ _textblob, _afinn), norec_3class_macro_f1 (+ _textblob,
    _afinn), airline_macro_f1 (+ _textblob, _vader: VADER's rules), tweeteval_macro_f1 (+ _textblob, _vader),
    nordial_nb_nn_accuracy (bokmål and nynorsk tweets told apart), each rounded to 4 decimals;
    then criticism_precision and criticism_recall on the held-out half of the labelled criticism
    set, and the same on its development half and on the whole set (see :func:`evaluate_criticism`;
    the labelled set is the same for every split); then which models produced them (``model_norwegian``,
    ``model_english``: name and version, as text). With ``confusion_path``, the per-corpus
    confusion matrices of the project's scorers are written there as CSV (corpus, true,
    predicted, count), atomically.
    """
    data_dir = Path(data_dir)
    figures: dict = {}
    confusion: list[dict] = []
    norwegian, english, textblob = norwegian_scorer(), english_scorer(), TextBlobScorer()
    vader = english if isinstance(english, EnglishScorer) else EnglishScorer()
    afinn_path = data_dir / "afinn" / "AFINN-no-165.txt"
    afinn = read_afinn(afinn_path) if afinn_path.is_file() else None

    binary_path = data_dir / "norec_sentence" / "binary" / f"{split}.json"
    if binary_path.is_file():
        texts, labels = read_norec(data_dir, "binary", split)
        predicted = _binary(norwegian.score_texts(texts)["polarity"])
        figures["norec_binary_macro_f1"] = macro_f1(labels, predicted, labels=BINARY)
        confusion += confusion_rows("norec_binary", labels, predicted, BINARY)
        figures["norec_binary_macro_f1_textblob"] = macro_f1(
            labels, _binary(textblob.score_texts(texts)["polarity"]), labels=BINARY)
        if afinn is not None:
            figures["norec_binary_macro_f1_afinn"] = macro_f1(
                labels, _binary_from_labels(afinn_labels(texts, afinn)), labels=BINARY)
    three_path = data_dir / "norec_sentence" / "3class" / f"{split}.json"
    if three_path.is_file():
        texts, labels = read_norec(data_dir, "3class", split)
        predicted = list(norwegian.score_texts(texts)["label"])
        figures["norec_3class_macro_f1"] = macro_f1(labels, predicted, labels=THREE)
        confusion += confusion_rows("norec_3class", labels, predicted, THREE)
        figures["norec_3class_macro_f1_textblob"] = macro_f1(labels, list(textblob.score_texts(texts)["label"]),
                                                             labels=THREE)
        if afinn is not None:
            figures["norec_3class_macro_f1_afinn"] = macro_f1(labels, afinn_labels(texts, afinn), labels=THREE)
    airline_path = data_dir / "twitter_us_airline_sentiment" / f"tweets_{split}.csv"
    if airline_path.is_file():
        texts, labels = read_airline(airline_path)
        predicted = list(english.score_texts(texts)["label"])
        figures["airline_macro_f1"] = macro_f1(labels, predicted, labels=THREE)
        confusion += confusion_rows("airline", labels, predicted, THREE)
        figures["airline_macro_f1_textblob"] = macro_f1(labels, list(textblob.score_texts(texts)["label"]),
                                                        labels=THREE)
        figures["airline_macro_f1_vader"] = (figures["airline_macro_f1"] if vader is english else
                                              macro_f1(labels, list(vader.score_texts(texts)["label"]), labels=THREE))
    tweeteval = data_dir / "tweeteval_sentiment"
    if (tweeteval / f"{split}_text.txt").is_file() and (tweeteval / f"{split}_labels.txt").is_file():
        texts, labels = read_tweeteval(tweeteval, split)
        predicted = list(english.score_texts(texts)["label"])
        figures["tweeteval_macro_f1"] = macro_f1(labels, predicted, labels=THREE)
        confusion += confusion_rows("tweeteval", labels, predicted, THREE)
        figures["tweeteval_macro_f1_textblob"] = macro_f1(labels, list(textblob.score_texts(texts)["label"]),
                                                          labels=THREE)
        figures["tweeteval_macro_f1_vader"] = (figures["tweeteval_macro_f1"] if vader is english else
                                              macro_f1(labels, list(vader.score_texts(texts)["label"]), labels=THREE))
    nordial_path = data_dir / "nordial_tweets" / f"{split}.json"
    if nordial_path.is_file():
        rows = [row for row in read_nordial_rows(data_dir, split) if row["category"] in ("bokmål", "nynorsk")]
        truth = ["nb" if row["category"] == "bokmål" else "nn" for row in rows]
        predicted = detect_languages(row["text"] for row in rows)
        figures["nordial_nb_nn_accuracy"] = accuracy(truth, predicted)
        confusion += confusion_rows("nordial_nb_nn", truth, predicted, ("nb", "nn", "en", "other", "unknown"))
    figures = {name: round(float(value), 4) for name, value in figures.items()}
    figures.update(evaluate_criticism(data_dir, MultilingualScorer(english=english, norwegian=norwegian)))
    figures["model_norwegian"] = f"{norwegian.name} {norwegian.version}"
    figures["model_english"] = f"{english.name} {english.version}"
    if confusion_path is not None:
        write_confusion(confusion, Path(confusion_path))
    return figures


def write_confusion(rows: list[dict], path: Path) -> Path:
    """Write confusion rows as CSV (corpus, true, predicted, count) via a temporary file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    with open(temporary, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["corpus", "true", "predicted", "count"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    temporary.replace(path)
    return path


def format_figures(figures: dict) -> str:
    """One ``name: value`` line per figure, in order."""
    return "\n".join(f"{name}: {value}" for name, value in figures.items())


if __name__ == "__main__":
    import sys

    print(format_figures(evaluate_sentiment(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data"),
                                            sys.argv[2] if len(sys.argv) > 2 else "dev")))
