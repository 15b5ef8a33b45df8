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
from .tokens import LINK_PREFIXES, TokenTable, lowered_forms

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
    """Logits and norms of texts under an :class:`NgramModel`, over token ids (numpy, no per-token
    Python objects once a token has been seen).

    Each distinct token (:class:`~.tokens.TokenTable`) gets its kind, the row of its unit (the
    unit's weighted features summed once: its logits for every head, its squared norm per head,
    its lexicon values), the row of its negated unit (filled when first needed) and its id among
    the words of the model's bigrams. A batch is then array work: negation scopes from running
    counts, bigrams by ``searchsorted`` over the known pairs, and one ``bincount`` per column.
    The sums run in the order of :func:`token_units` and :func:`bigram_features` (each unit, then
    the bigram it closes), so the figures do not depend on the batch.
    """

    def __init__(self, model: NgramModel, *, max_cached: int = 500_000, table: TokenTable | None = None):
        self.model = model
        self._max_cached = max_cached
        self._width = model.weights.shape[1]
        self._heads = model.squares.shape[1]
        self.table = table if table is not None else TokenTable(canonical=lowered_forms)
        self._key = ("ngram", id(self))
        words: dict[str, int] = {}
        firsts, seconds, indices = [], [], []
        for name, index in model.vocabulary.items():
            if name[:2] == "b:":
                first, second = name[2:].split(" ", 1)
                firsts.append(words.setdefault(first, len(words)))
                seconds.append(words.setdefault(second, len(words)))
                indices.append(index)
        self._bigram_words = words
        keys = np.asarray(firsts, dtype=np.int64) * max(1, len(words)) + np.asarray(seconds, dtype=np.int64)
        order = np.argsort(keys, kind="stable")
        self._bigram_keys = keys[order]
        chosen = np.asarray(indices, dtype=np.int64)[order]
        columns = self._width + self._heads + 2
        bigram_rows = np.zeros((len(chosen) + 1, columns))  # row 0: no bigram
        bigram_rows[1:, :self._width] = model.weights[chosen]
        bigram_rows[1:, self._width:self._width + self._heads] = model.squares[chosen]
        self._bigram_columns = np.ascontiguousarray(bigram_rows.T)
        self._reset()

    def _reset(self):
        self._unit_ids: dict[str, int] = {}
        self._canonical: dict[str, tuple[int, int, int, int]] = {}  # token, digits as 0 -> its columns
        # A row: logits of every head (normalised later), squared norms per head, lexicon values (pos, neg).
        self._rows: list[np.ndarray] = [np.zeros(self._width + self._heads + 2)]
        self._columns = np.zeros((len(self._rows[0]), 1))  # the rows, column-major
        self._all_columns = None  # _columns and the bigrams' columns side by side (made when used)
        self.table.drop(self._key)

    def _unit_rows(self, units: list[str]) -> list[int]:
        """Row ids of token units, computing the new ones all at once (features in Python, sums in numpy)."""
        unit_ids = self._unit_ids
        new = list(dict.fromkeys(unit for unit in units if unit not in unit_ids))
        if new:
            self._add_unit_rows(new)
        return [unit_ids[unit] for unit in units]

    def _add_unit_rows(self, units: list[str]) -> None:
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
        rows = np.zeros((len(units), len(self._rows[0])))
        if len(owners):
            index_array = np.asarray(indices, dtype=np.int64)
            contributions = np.hstack([counts_array * model.weights[index_array],
                                       counts_array ** 2 * model.squares[index_array]])
            np.add.at(rows[:, :self._width + self._heads], owners_array, contributions)
        rows[:, -2:] = lexicon_values
        for unit, row in zip(units, rows):
            if row.any():
                self._rows.append(row)
                self._unit_ids[unit] = len(self._rows) - 1
            else:
                self._unit_ids[unit] = 0

    def _token_columns(self, tokens: list[str]) -> np.ndarray:
        """Per token: kind, row of its unit, row of its negated unit (-1: not yet), bigram word id (-1: none)."""
        # A token's columns depend on it with digit runs as 0 only (see _token_kind): new tokens are
        # mostly known ones with other numbers (#buss2024), so they are looked up by that form.
        joined = "\n".join(tokens)
        if joined.count("\n") == max(0, len(tokens) - 1):
            canonical = _DIGITS.sub("0", joined).split("\n") if tokens else []
        else:  # a token with a line break (not one of TOKEN_PATTERN's)
            canonical = [_DIGITS.sub("0", token) for token in tokens]
        known = self._canonical
        fresh = list(dict.fromkeys(form for form in canonical if form not in known))
        if fresh:
            found = [_token_kind(form) for form in fresh]
            rows = self._unit_rows([unit if kind != _SKIP else "" for kind, unit in found])
            words = self._bigram_words
            for form, (kind, unit), row in zip(fresh, found, rows):
                known[form] = (kind, row, -1, words.get(unit, -1) if kind != _SKIP else -1)
        return np.array([known[form] for form in canonical], dtype=np.int64).reshape(-1, 4)

    def logits_of_ids(self, ids: np.ndarray, documents: np.ndarray, count: int
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(logits of every head side by side before normalisation, squared norms per head, summed
        lexicon values (positive, negative)) of ``count`` texts whose tokens are ``ids`` (of
        :attr:`table`, in order) with ``documents`` (each token's text, non-decreasing)."""
        if len(self._unit_ids) + len(self._canonical) > self._max_cached:
            self._reset()
        columns = self.table.column(self._key, self._token_columns, np.int64, width=4)
        keep = columns[:, 0][ids] != _SKIP  # (one column at a time: gathers of 1-d arrays are the cheap ones)
        documents, ids = documents[keep], ids[keep]
        kind = columns[:, 0][ids]
        size = len(kind)
        first = np.ones(size, dtype=bool)
        first[1:] = documents[1:] != documents[:-1]
        # Negation: a word is negated when the last event before it in its text is a negator with
        # fewer than NEGATION_SCOPE words between them (a break or the text's start ends a scope).
        event = np.where(kind == _NEGATOR, 1, np.where((kind == _BREAK) | first, 2, 0))
        last = np.maximum.accumulate(np.where(event > 0, np.arange(size), 0))
        is_word = kind == _WORD
        words_so_far = np.cumsum(is_word)
        negated = is_word & (event[last] == 1) & (words_so_far - words_so_far[last] <= NEGATION_SCOPE)
        rows = columns[:, 1][ids]
        if negated.any():
            negated_ids = ids[negated]
            missing = np.unique(negated_ids[columns[negated_ids, 2] < 0])
            if len(missing):
                tokens = self.table.tokens
                columns[missing, 2] = self._unit_rows([NEGATED + _token_kind(tokens[t])[1] for t in missing])
            rows[negated] = columns[negated_ids, 2]
        # Bigrams: the pair closed at position k (same text, both words in the model's bigrams).
        pair_rows = np.zeros(size, dtype=np.int64)
        if size > 1 and len(self._bigram_keys):
            bigram_words = columns[:, 3][ids]
            before, after = bigram_words[:-1], bigram_words[1:]
            valid = ~first[1:] & (before >= 0) & (after >= 0)
            keys = before[valid] * max(1, len(self._bigram_words)) + after[valid]
            where = np.minimum(np.searchsorted(self._bigram_keys, keys), len(self._bigram_keys) - 1)
            hit = self._bigram_keys[where] == keys
            pair_rows[np.flatnonzero(valid)[hit] + 1] = where[hit] + 1
        totals = self._sums(rows, pair_rows, documents, count)
        width, heads = self._width, self._heads
        return totals[:, :width], totals[:, width:width + heads], totals[:, width + heads:]

    def _sums(self, rows: np.ndarray, pair_rows: np.ndarray, documents: np.ndarray, count: int) -> np.ndarray:
        """Per text (``count`` rows) and column: the sum of its tokens' unit rows ``rows`` and the
        bigram rows ``pair_rows`` they close, in the order unit, bigram, unit, bigram... (what
        ``bincount`` over the interleaved rows gives). Rows of zeros (no bigram, a unit without
        features) are left out: adding 0.0 to a sum, which starts at +0.0 and so is never -0.0,
        leaves it as it is, bit for bit."""
        if self._columns.shape[1] != len(self._rows):
            self._columns = np.hstack([self._columns, np.array(self._rows[self._columns.shape[1]:]).T])
            self._all_columns = None
        if self._all_columns is None:  # the bigrams' rows after the units' (row 0 of both is zeros)
            self._all_columns = np.hstack([self._columns, self._bigram_columns])
        totals = np.zeros((count, self._columns.shape[0]))
        if len(rows):
            entries = np.empty(2 * len(rows), dtype=np.int64)
            entries[0::2] = rows
            entries[1::2] = np.where(pair_rows > 0, pair_rows + self._columns.shape[1], 0)
            chosen = np.flatnonzero(entries)
            order = documents[chosen >> 1]
            entries = entries[chosen]
            for column in range(totals.shape[1]):
                totals[:, column] = np.bincount(order, weights=self._all_columns[column][entries], minlength=count)
        return totals

    def logits(self, token_lists: list[list[str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """:meth:`logits_of_ids` for lower-cased token lists."""
        ids, documents = self.table.encode_tokens(token_lists)
        return self.logits_of_ids(ids, documents, len(token_lists))

    def probabilities_of(self, raw: np.ndarray, squares: np.ndarray, lexicon: np.ndarray) -> dict[str, np.ndarray]:
        """Class probabilities of each head from :meth:`logits_of_ids`' sums."""
        out = {}
        for number, head in enumerate(self.model.heads):
            norm = np.sqrt(squares[:, number])
            scale = np.divide(1.0, norm, out=np.zeros_like(norm), where=norm > 0)
            logits = raw[:, head.columns] * scale[:, None] + head.bias + head.prior(lexicon[:, 0], lexicon[:, 1])
            out[head.name] = head.probabilities(logits)
        return out

    def head_probabilities(self, token_lists: list[list[str]]) -> dict[str, np.ndarray]:
        """Class probabilities of each head (name -> array, columns in the head's class order)."""
        return self.probabilities_of(*self.logits(token_lists))
