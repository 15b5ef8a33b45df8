"""Word and character n-gram features and the numpy scorer that applies a shipped linear model.

One feature definition serves training (``scripts``: :mod:`.train_norwegian`, which may use
scikit-learn) and scoring (numpy only, nothing heavier is imported here). A text is cut into
*units*, each a bag of features:

* one unit per token (links dropped): the word ``w:<token>`` (``w:¬<token>`` for up to three words
  after a negator, see :mod:`.features`), its character n-grams ``c:<gram>`` (2 to 5 characters of
  `` token ``, padded with a space at each end) and, for a word of the hand-written lexicon
  (``resources/social_lexicon.yaml``, bokmål, nynorsk and emoji), ``lex:pos`` or ``lex:neg`` with the
  word's absolute polarity as value (the sign flipped and halved under negation);
* one unit per pair of adjacent tokens: the bigram ``b:<first> <second>``.

A head may add a *lexicon prior* outside the normalisation: a fixed weight (chosen by
cross-validation) times the summed lexicon values on the positive and negative logits, as a
lexicon-based scorer would (an ensemble of the n-gram model and the lexicon).

The document vector is the sum of its units' feature counts, each multiplied by the feature's idf;
it is divided by the square root of the sum of its units' squared norms (the L2 norm when no
feature is shared by two units; an approximation otherwise, chosen because it can be cached per
unit and is computed alike in training and scoring). Features outside a model's vocabulary count
nowhere. A model is one or more *heads* (e.g. 3-class and negative/positive) over one vocabulary.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .features import NEGATED, NEGATION_SCOPE, NEGATED_LEXICON_FACTOR, NEGATORS, SCOPE_BREAKS
from .tokens import LINK_PREFIXES

CHAR_MIN, CHAR_MAX = 2, 5
_DIGITS = re.compile(r"\d+")


_SKIP, _NEGATOR, _BREAK, _WORD, _OTHER = range(5)
_TOKEN_KINDS: dict[str, tuple[int, str]] = {}  # token -> (kind, unit text), filled as tokens are seen
MAX_CACHED_TOKENS = 500_000


def _token_kind(token: str) -> tuple[int, str]:
    if token[0] == "@" or token.startswith(LINK_PREFIXES):
        return _SKIP, ""
    if not token.isalpha():  # most tokens are plain words: no hashtag, no digit to look for
        if token[0] == "#" and len(token) > 1:
            token = token[1:]
        if _DIGITS.search(token):
            token = _DIGITS.sub("0", token)
    if token in NEGATORS:
        return _NEGATOR, token
    if token in SCOPE_BREAKS or token[0] in "!?":
        return _BREAK, token
    return (_WORD if token[0].isalpha() else _OTHER), token


def token_units(tokens: list[str]) -> list[str]:
    """The token units of a lower-cased token list: tokens in order, negated words as ``¬word``;
    links and ``@handles`` are left out (names of accounts say nothing about tone), a hashtag
    counts as its word, and every run of digits is one ``0`` (``#buss2024`` -> ``buss0``)."""
    kinds = _TOKEN_KINDS
    if len(kinds) > MAX_CACHED_TOKENS:
        kinds.clear()
    units = []
    scope = 0
    for token in tokens:
        found = kinds.get(token)
        if found is None:
            found = kinds[token] = _token_kind(token)
        kind, unit = found
        if kind == _WORD:
            if scope:
                units.append(NEGATED + unit)
                scope -= 1
            else:
                units.append(unit)
        elif kind == _NEGATOR:
            units.append(unit)
            scope = NEGATION_SCOPE
        elif kind == _BREAK:
            units.append(unit)
            scope = 0
        elif kind == _OTHER:
            units.append(unit)
    return units


def unit_features(unit: str, lexicon: dict[str, float]) -> Counter:
    """Features of one token unit (``word`` or ``¬word``) with their counts or values."""
    negated = unit.startswith(NEGATED)
    token = unit[1:] if negated else unit
    features = Counter({"w:" + unit: 1.0})
    padded = f" {token} "
    for size in range(CHAR_MIN, CHAR_MAX + 1):
        for start in range(len(padded) - size + 1):
            features["c:" + padded[start:start + size]] += 1.0
    value = lexicon.get(token)
    if value:
        if negated:
            value *= NEGATED_LEXICON_FACTOR
        features["lex:pos" if value > 0 else "lex:neg"] += abs(value)
    return features


def bigram_features(units: list[str]) -> list[str]:
    """``b:<first> <second>`` for each pair of adjacent token units (negation marks dropped)."""
    plain = [unit[1:] if unit.startswith(NEGATED) else unit for unit in units]
    return [f"b:{first} {second}" for first, second in zip(plain, plain[1:])]


@dataclass(frozen=True)
class Head:
    """One classifier over the shared vocabulary: its classes, bias, and an optional per-class
    sigmoid calibration ``(a, b)``: P(class) ∝ 1 / (1 + exp(a·logit + b)) (Platt scaling, then
    normalised); without it, P = softmax(logits) (a two-class head with one logit column: sigmoid)."""

    name: str
    classes: tuple[str, ...]
    bias: np.ndarray
    columns: slice
    calibration: tuple[tuple[float, float], ...] | None = None
    prior_weight: float = 0.0

    def prior(self, positive: np.ndarray, negative: np.ndarray) -> np.ndarray:
        """The lexicon prior added to the logits, outside the normalisation: ``prior_weight`` times
        the summed lexicon values (``lex:pos``, ``lex:neg``) on the positive and negative logits (a
        one-logit binary head gets their difference)."""
        width = self.columns.stop - self.columns.start
        out = np.zeros((len(positive), width))
        if not self.prior_weight:
            return out
        if width == 1:
            out[:, 0] = self.prior_weight * (positive - negative)
        else:
            out[:, self.classes.index("positive")] = self.prior_weight * positive
            out[:, self.classes.index("negative")] = self.prior_weight * negative
        return out

    def probabilities(self, logits: np.ndarray) -> np.ndarray:
        """Class probabilities (rows: texts; columns: :attr:`classes`)."""
        if self.calibration is not None:
            a = np.array([pair[0] for pair in self.calibration])
            b = np.array([pair[1] for pair in self.calibration])
            if logits.shape[1] == 1:  # binary: one decision value, calibrated for the second class
                positive = 1.0 / (1.0 + np.exp(np.clip(a[0] * logits[:, 0] + b[0], -50, 50)))
                return np.column_stack([1.0 - positive, positive])
            scores = 1.0 / (1.0 + np.exp(np.clip(a * logits + b, -50, 50)))
            total = scores.sum(axis=1, keepdims=True)
            return np.divide(scores, total, out=np.full_like(scores, 1.0 / scores.shape[1]), where=total > 0)
        if logits.shape[1] == 1:
            positive = 1.0 / (1.0 + np.exp(-np.clip(logits[:, 0], -50, 50)))
            return np.column_stack([1.0 - positive, positive])
        shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
        return shifted / shifted.sum(axis=1, keepdims=True)


@dataclass(frozen=True)
class NgramModel:
    """A shipped n-gram model: ``weights[f]`` (one column per logit of every head, idf folded in),
    ``squares[f]`` (idf² of f for each head's norm, 0 outside that head's vocabulary), the heads,
    and the metadata written by training (version, data, seed, hyperparameters, CV figures)."""

    vocabulary: dict[str, int]
    weights: np.ndarray
    squares: np.ndarray
    heads: tuple[Head, ...]
    lexicon: dict[str, float]
    metadata: dict

    @property
    def version(self) -> str:
        return str(self.metadata.get("version", "unknown"))

    def head(self, name: str) -> Head:
        for head in self.heads:
            if head.name == name:
                return head
        raise KeyError(name)


def write_ngram_model(path: Path, *, vocabulary: list[str], weights: np.ndarray, squares: np.ndarray,
                      heads: list[dict], lexicon: dict[str, float], metadata: dict) -> Path:
    """Write a model as one compressed ``.npz`` (float32 arrays, the vocabulary as one string,
    heads, lexicon and metadata as JSON). Only learned numbers and feature strings are written."""
    header = {"heads": heads, "lexicon": lexicon, "metadata": metadata}
    with open(path, "wb") as handle:
        np.savez_compressed(handle, vocabulary=np.array("\n".join(vocabulary)),
                            weights=np.asarray(weights, dtype=np.float32),
                            squares=np.asarray(squares, dtype=np.float32),
                            header=np.array(json.dumps(header, ensure_ascii=False)))
    return Path(path)


def read_ngram_model(path: Path) -> NgramModel:
    """Read a model written by :func:`write_ngram_model`."""
    with np.load(path, allow_pickle=False) as archive:
        names = str(archive["vocabulary"]).split("\n")
        weights = archive["weights"].astype(np.float64)
        squares = archive["squares"].astype(np.float64)
        header = json.loads(str(archive["header"]))
    heads, start = [], 0
    for head in header["heads"]:
        width = int(head["width"])
        calibration = head.get("calibration")
        heads.append(Head(head["name"], tuple(head["classes"]), np.asarray(head["bias"], dtype=float),
                          slice(start, start + width),
                          None if calibration is None else tuple(tuple(pair) for pair in calibration),
                          float(head.get("prior_weight", 0.0))))
        start += width
    return NgramModel({name: index for index, name in enumerate(names)}, weights, squares, tuple(heads),
                      {str(k): float(v) for k, v in header["lexicon"].items()}, header["metadata"])


class NgramLogits:
    """Logits and norms of token lists under an :class:`NgramModel`, with per-unit caching.

    A token unit's weighted features are summed once and kept as one row (its logits for every
    head and its squared norm per head); a bigram is one look-up. Scoring a batch is then a few
    dictionary look-ups per token and one ``bincount`` per column.
    """

    def __init__(self, model: NgramModel, *, max_cached: int = 500_000):
        self.model = model
        self._max_cached = max_cached
        self._width = model.weights.shape[1]
        # first words of the bigrams the model knows: a pair starting with another word is not looked up
        self._bigram_firsts = frozenset(name[2:].split(" ", 1)[0] for name in model.vocabulary if name[:2] == "b:")
        self._reset()

    def _reset(self):
        self._unit_ids: dict[str, int] = {}
        # A row: logits of every head (normalised later), squared norms per head, lexicon values (pos, neg).
        self._rows: list[np.ndarray] = [np.zeros(self._width + self.model.squares.shape[1] + 2)]
        self._table = np.zeros((1, len(self._rows[0])))
        self._bigram_ids: dict[str, int] = {}

    def _add_unit_rows(self, units: list[str]) -> None:
        """Rows of new token units, all at once: features in Python, the sums in numpy."""
        vocabulary, model, lexicon = self.model.vocabulary, self.model, self.model.lexicon
        owners, indices, counts, lexicon_values = [], [], [], np.zeros((len(units), 2))
        for position, unit in enumerate(units):
            features = unit_features(unit, lexicon)
            for feature, count in features.items():
                index = vocabulary.get(feature)
                if index is not None:
                    owners.append(position)
                    indices.append(index)
                    counts.append(count)
            lexicon_values[position] = (features.get("lex:pos", 0.0), features.get("lex:neg", 0.0))
        owners_array = np.asarray(owners, dtype=np.int64)
        counts_array = np.asarray(counts, dtype=float)[:, None]
        rows = np.zeros((len(units), self._table.shape[1]))
        if len(owners):
            index_array = np.asarray(indices, dtype=np.int64)
            heads = model.squares.shape[1]
            contributions = np.hstack([counts_array * model.weights[index_array],
                                       counts_array ** 2 * model.squares[index_array]])
            np.add.at(rows[:, :self._width + heads], owners_array, contributions)
        rows[:, -2:] = lexicon_values
        for unit, row in zip(units, rows):
            self._unit_ids[unit] = self._add_row(row)

    def _add_row(self, row: np.ndarray) -> int:
        if not row.any():
            return 0
        self._rows.append(row)
        return len(self._rows) - 1

    def _bigram_row(self, bigram: str) -> int:
        index = self.model.vocabulary.get(bigram)
        if index is None:
            return 0
        return self._add_row(np.concatenate([self.model.weights[index], self.model.squares[index], [0.0, 0.0]]))

    def logits(self, token_lists: list[list[str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(logits of every head side by side before normalisation, squared norms per head, summed
        lexicon values (positive, negative)) for each token list."""
        if len(self._unit_ids) + len(self._bigram_ids) > self._max_cached:
            self._reset()
        unit_ids, bigram_ids, firsts = self._unit_ids, self._bigram_ids, self._bigram_firsts
        unit_lists = [token_units(tokens) for tokens in token_lists]
        new_units = list({unit: None for units in unit_lists for unit in units if unit not in unit_ids})
        if new_units:
            self._add_unit_rows(new_units)
        documents: list[int] = []
        rows: list[int] = []
        add_document, add_row = documents.append, rows.append
        for index, units in enumerate(unit_lists):
            previous = None
            for unit in units:
                row = unit_ids[unit]
                if row:
                    add_document(index)
                    add_row(row)
                plain = unit[1:] if unit[0] == NEGATED else unit
                if previous is not None and previous in firsts:
                    bigram = f"b:{previous} {plain}"
                    row = bigram_ids.get(bigram)
                    if row is None:
                        row = bigram_ids[bigram] = self._bigram_row(bigram)
                    if row:
                        add_document(index)
                        add_row(row)
                previous = plain
        if len(self._table) != len(self._rows):
            self._table = np.vstack([self._table, np.array(self._rows[len(self._table):])])
        totals = np.zeros((len(token_lists), self._table.shape[1]))
        if rows:
            contributions = self._table[np.asarray(rows)]
            documents = np.asarray(documents)
            for column in range(totals.shape[1]):
                totals[:, column] = np.bincount(documents, weights=contributions[:, column],
                                                minlength=len(token_lists))
        heads = self.model.squares.shape[1]
        return totals[:, :self._width], totals[:, self._width:self._width + heads], totals[:, self._width + heads:]

    def head_probabilities(self, token_lists: list[list[str]]) -> dict[str, np.ndarray]:
        """Class probabilities of each head (name -> array, columns in the head's class order)."""
        raw, squares, lexicon = self.logits(token_lists)
        out = {}
        for number, head in enumerate(self.model.heads):
            norm = np.sqrt(squares[:, number])
            scale = np.divide(1.0, norm, out=np.zeros_like(norm), where=norm > 0)
            logits = raw[:, head.columns] * scale[:, None] + head.bias + head.prior(lexicon[:, 0], lexicon[:, 1])
            out[head.name] = head.probabilities(logits)
        return out
