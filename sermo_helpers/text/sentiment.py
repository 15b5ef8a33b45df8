"""Sentiment scorers with one interface shaped like TextBlob's analyzer.

Every scorer has ``analyze(text) -> Sentiment(polarity, label, scorer)`` for one text and
``score_texts(texts) -> DataFrame[polarity, label, scorer]`` for many (vectorised where it pays).
Polarity is always in [-1, 1]; label is ``negative``, ``neutral`` or ``positive``; ``scorer`` names
the scorer that produced the row.

* :class:`TextBlobScorer` — TextBlob's own pattern analyzer, for comparison.
* :class:`EnglishScorer` — VADER's rules and lexicon (Hutto & Gilbert 2014, MIT licence, shipped as
  ``resources/vader_lexicon.tsv``), re-implemented over this package's tokens for speed.
* :class:`LinearScorer` — a learned lexicon (one weight per feature and class, see
  :mod:`.training`), optionally with hand-written vocabulary; the explorer's custom scorer.
* :class:`NgramScorer` — the shipped bokmål/nynorsk model (:func:`norwegian_scorer`): word and
  character n-grams and negation-aware lexicon features, a 3-class head that decides neutral and a
  binary head that decides the direction, chosen by cross-validation on NoReC train
  (``MODEL_CARD.md``; trained by :mod:`.train_norwegian`, applied with numpy by :mod:`.ngrams`).
* :class:`MultilingualScorer` — routes each text to a scorer by its language (``en`` to English,
  everything else to Norwegian), detecting the language when not given. :func:`default_scorer`.

Nothing is downloaded: the Norwegian weights and the English lexicon ship in the package.
"""
from __future__ import annotations

import functools
import html
import math
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd
import yaml

from ..errors import AnalysisError
from ..paths import RESOURCES_DIR
from .features import NEGATED, NEGATED_LEXICON_FACTOR, NEGATORS, SCOPE_BREAKS, affix_features
from .language import detect_language, languages_of_ids
from .ngrams import NgramLogits, NgramModel, read_ngram_model
from .tokens import HYPHENATED_PATTERN, LINK_PREFIXES, TOKEN_PATTERN, TokenTable, lowered_forms
from .training import LABELS, LinearModel

NEUTRAL_BAND = 0.1  # English: |polarity| below this is neutral
LEXICON_WEIGHT = 2.0  # Norwegian: logit added per unit of hand-written lexicon polarity
LEXICON_WEIGHT_LEARNED = 2.0  # the same for words the model has learned (chosen by CV on NoReC train)
MAX_CACHED_TOKENS = 500_000
_SKIP, _NEGATOR, _BREAK, _WORD, _OTHER = range(5)  # token kinds in LinearScorer's cache
BATCH_SIZE = 50_000  # texts scored per numpy pass (bounds the memory of the flat token arrays)


class Sentiment(NamedTuple):
    """One text's sentiment: polarity in [-1, 1], label, and the name of the scorer."""

    polarity: float
    label: str
    scorer: str


class SentimentScorer:
    """Base class: subclasses implement :meth:`_score` returning polarities and labels."""

    name = "base"
    version = "1"

    def analyze(self, text) -> Sentiment:
        """The sentiment of one text."""
        polarity, labels = self._score([text])
        return Sentiment(float(polarity[0]), labels[0], self.name)

    def score_texts(self, texts: Iterable) -> pd.DataFrame:
        """Columns ``polarity`` (float), ``label`` and ``scorer`` (str), one row per text in order."""
        texts = list(texts)
        polarity, labels = self._score(texts)
        return pd.DataFrame({"polarity": np.asarray(polarity, dtype=float),
                             "label": pd.array(labels, dtype="str"),
                             "scorer": pd.array([self.name] * len(texts), dtype="str")})

    def _score(self, texts: list) -> tuple[np.ndarray, list[str]]:
        """Polarities and labels of ``texts`` (default: tokenise, then :meth:`_score_tokens`)."""
        return self._score_tokens([tokens_of(text) for text in texts])

    def _score_tokens(self, token_lists: list) -> tuple[np.ndarray, list[str]]:  # pragma: no cover - abstract
        raise NotImplementedError


def tokens_of(text) -> list[str]:
    """Tokens of one text as the scorers see them (lower-cased; empty for missing text)."""
    return TOKEN_PATTERN.findall(text.lower()) if isinstance(text, str) and text else []


# The package's tokens, except that a hyphenated word stays one token, as VADER reads it
# ("best-selling" is no "best").
ENGLISH_TOKENS = HYPHENATED_PATTERN


def cased_tokens(text) -> list[str]:
    """Tokens of one English text in their original case (see ``ENGLISH_TOKENS``), HTML entities
    decoded first (exported tweets often carry ``&amp;`` and ``&gt;``, whose letters are no words)."""
    if not isinstance(text, str) or not text:
        return []
    return ENGLISH_TOKENS.findall(html.unescape(text) if "&" in text else text)


def label_from_polarity(polarity: float, *, neutral_band: float = NEUTRAL_BAND) -> str:
    """``positive`` at or above ``neutral_band``, ``negative`` at or below minus it, else ``neutral``."""
    if polarity >= neutral_band:
        return "positive"
    if polarity <= -neutral_band:
        return "negative"
    return "neutral"


@functools.cache
def social_lexicon() -> dict[str, dict[str, float]]:
    """The hand-written vocabulary in ``resources/social_lexicon.yaml`` (sections emoji, nb, nn, en,
    intensifiers)."""
    raw = yaml.safe_load((RESOURCES_DIR / "social_lexicon.yaml").read_text(encoding="utf-8"))
    return {section: {str(key): float(value) for key, value in entries.items()} for section, entries in raw.items()}


class TextBlobScorer(SentimentScorer):
    """TextBlob's default pattern analyzer; label by the sign of its polarity (0 is neutral)."""

    name = "textblob"

    def __init__(self):
        from textblob.en.sentiments import PatternAnalyzer

        self._analyzer = PatternAnalyzer()

    def _score(self, texts):
        polarity = np.array([self._analyzer.analyze(text if isinstance(text, str) else "").polarity
                             for text in texts], dtype=float)
        labels = ["positive" if p > 0 else "negative" if p < 0 else "neutral" for p in polarity]
        return polarity, labels


VADER_BOOST = 0.293  # VADER's booster increment (Hutto & Gilbert 2014)
VADER_NEGATION = -0.74  # VADER's negation scalar
VADER_CAPITALS = 0.733  # VADER's increment for a word in capitals among words that are not
VADER_ALPHA = 15.0  # VADER's normalisation: compound = s / sqrt(s² + 15)
VADER_NEUTRAL_BAND = 0.05  # VADER's recommended compound thresholds
VADER_BOOSTERS = {word: VADER_BOOST for word in """absolutely amazingly awfully completely considerable considerably
decidedly deeply effing enormous enormously entirely especially exceptional exceptionally extreme extremely fabulously
flipping flippin frackin fracking fricking frickin frigging friggin fully fuckin fucking fuggin fugging greatly hella
highly hugely incredible incredibly intensely major majorly more most particularly purely quite really remarkably so
substantially thoroughly total totally tremendous tremendously uber unbelievably unusually utter utterly very""".split()}
VADER_BOOSTERS.update({word: -VADER_BOOST for word in """almost barely hardly kinda kindof less little marginal
marginally occasional occasionally partly scarce scarcely slight slightly somewhat sorta sortof""".split()})
VADER_NEGATORS = frozenset("""aint arent cannot cant couldnt darent didnt doesnt ain't aren't can't couldn't daren't
didn't doesn't dont hadnt hasnt havent isnt mightnt mustnt neither don't hadn't hasn't haven't isn't mightn't mustn't
neednt needn't never none nope nor not nothing nowhere oughtnt shant shouldnt uhuh wasnt werent oughtn't shan't
shouldn't uh-uh wasn't weren't without wont wouldnt won't wouldn't rarely seldom despite""".split())


@functools.cache
def vader_lexicon() -> dict[str, float]:
    """VADER's lexicon as shipped in ``resources/vader_lexicon.tsv`` (MIT, ``VADER-LICENSE.txt``):
    token -> valence in -4..4, emoji included."""
    lexicon = {}
    for line in (RESOURCES_DIR / "vader_lexicon.tsv").read_text(encoding="utf-8").splitlines():
        token, _, value = line.partition("\t")
        if value and not line.startswith("# "):
            lexicon[token] = float(value)
    return lexicon


_TOKEN_FIELDS = ("kept", "exclaim", "question", "upper", "title", "in_lexicon", "valence", "boost", "negator",
                 "no", "least", "at_or_very", "but", "spare")


class EnglishScorer(SentimentScorer):
    """VADER's rules and lexicon (Hutto & Gilbert 2014), re-implemented over this package's tokens
    so that a batch runs at dictionary speed.

    Per sentiment word: its valence; a word in capitals among words that are not adds ±0.733; a
    booster among the three words before it adds ±0.293 (×0.95, ×0.9 with distance) and a negator
    there multiplies by −0.74; words before the first "but" count half, words after it 1.5 times;
    hashtags count as their word. ``!`` (up to 4) adds 0.292 each and more than one ``?`` 0.18 each
    (up to 0.96) in the direction of the sum. Polarity = compound = s / sqrt(s² + 15); label
    positive from 0.05, negative from −0.05 (VADER's thresholds). Not reproduced: VADER's idiom list.
    Added: a capitalised word after two capitalised words is part of a name and carries no
    sentiment ("Coastline Health Trust is hiding …" is not praise of trust).
    Nothing was added from the airline tweets (the earlier English scorer's complaint words were,
    and they are gone): customer-service complaints ("still waiting", "no answer") are the
    criticism signal's business (:mod:`.criticism`), not polarity's.
    """

    name = "english"
    version = "vader-rules-3"
    cased = True  # reads tokens in their original case (VADER's capital-letter emphasis)

    def __init__(self):
        self._lexicon = vader_lexicon()
        self._known = frozenset(word for word in self._lexicon if word not in VADER_BOOSTERS)
        self._table = TokenTable(pattern=ENGLISH_TOKENS, canonical=self._forms)

    def _forms(self, tokens: list[str]) -> list[str]:
        """Cased tokens the rules read alike: every handle, every link, and digit runs as ``0``
        unless the word (or its form) is in the lexicon ("gr8", "<3")."""
        lexicon = self._lexicon
        forms = lowered_forms(tokens)  # (not lowered here: cased tokens keep their case)
        for number in [number for number, (token, form) in enumerate(zip(tokens, forms)) if form != token
                       and token[0] != "@" and not token.startswith(LINK_PREFIXES)]:
            token, form = tokens[number], forms[number]
            if (token[1:] if token[0] == "#" else token).lower() in lexicon \
                    or (form[1:] if form[0] == "#" else form).lower() in lexicon:
                forms[number] = token
        return forms

    def _score(self, texts):
        texts = [(html.unescape(text) if "&" in text else text) if isinstance(text, str) else "" for text in texts]
        ids, documents = self._table.encode(texts)
        return self._score_ids(ids, documents, len(texts))

    def _score_tokens(self, token_lists):
        ids, documents = self._table.encode_tokens(token_lists)
        return self._score_ids(ids, documents, len(token_lists))

    def _token_columns(self, tokens: list[str]) -> np.ndarray:
        """Per cased token (columns of ``_TOKEN_FIELDS``): what the rules read of it."""
        lexicon, boosters, negators = self._lexicon, VADER_BOOSTERS, VADER_NEGATORS
        rows = []
        for token in tokens:
            first = token[0]
            exclaim = len(token) if first == "!" else 0
            question = len(token) if first == "?" else 0
            if first in "!?@" or token.lower().startswith(("http", "www.")):
                rows.append((0, exclaim, question, 0, 0, 0, np.nan, 0, 0, 0, 0, 0, 0, 0))
                continue
            cased = token[1:] if first == "#" else token
            word = cased.lower()
            valence = lexicon.get(word)
            rows.append((1, 0, 0, cased.isupper(), cased.istitle(), word in lexicon,
                         np.nan if valence is None or word in boosters else valence, boosters.get(word, 0.0),
                         word in negators or word.endswith("n't"), word == "no", word == "least",
                         word in ("at", "very"), word == "but", 0))
        return np.array(rows, dtype=float).reshape(-1, len(_TOKEN_FIELDS))

    def _score_ids(self, ids: np.ndarray, documents: np.ndarray, count: int) -> tuple[np.ndarray, list[str]]:
        """VADER's rules (see the class docstring, and :meth:`_score_one_by_one`, which states them
        word by word and gives the same figures) over a batch of cased tokens, with numpy."""
        columns = self._table.column("vader", self._token_columns, float, width=len(_TOKEN_FIELDS))[ids]
        exclaim = np.minimum(4, np.bincount(documents, weights=columns[:, 1], minlength=count)) * 0.292
        questions = np.bincount(documents, weights=columns[:, 2], minlength=count)
        ask = np.where(questions <= 1, 0.0, np.where(questions <= 3, questions * 0.18, 0.96))
        kept = columns[:, 0] > 0
        columns, documents = columns[kept], documents[kept]
        size = len(documents)
        (upper, title, in_lexicon, valence, boost, negator, is_no, is_least, at_or_very, is_but) = (
            columns[:, k] for k in range(3, 13))
        upper, title, in_lexicon = upper > 0, title > 0, in_lexicon > 0
        first = np.ones(size, dtype=bool)
        first[1:] = documents[1:] != documents[:-1]
        starts = np.maximum.accumulate(np.where(first, np.arange(size), 0))
        position = np.arange(size) - starts  # index of the word in its text
        lengths = np.bincount(documents, minlength=count)
        capitals = np.bincount(documents, weights=upper, minlength=count)
        emphasis = ((capitals > 0) & (capitals < lengths))[documents]
        valued = ~np.isnan(valence)

        def before(values, distance, fill):
            out = np.full(size, fill, dtype=values.dtype)
            out[distance:] = values[:-distance] if distance < size else out[distance:]
            return out

        value = np.where(valued, valence, 0.0)
        name = (position > 1) & title & before(title, 1, False) & before(title, 2, False)
        after_in_lexicon = np.zeros(size, dtype=bool)
        after_in_lexicon[:-1] = in_lexicon[1:] & ~first[1:]
        skip = name | ((is_no > 0) & after_in_lexicon)
        capital = emphasis & upper
        value = np.where(capital, value + np.where(value > 0, VADER_CAPITALS, -VADER_CAPITALS), value)
        for distance, factor in ((1, 1.0), (2, 0.95), (3, 0.9)):
            reach = (position >= distance) & ~before(in_lexicon, distance, True)
            lift = before(boost, distance, 0.0)
            lift = np.where(emphasis & before(upper, distance, False) & (lift != 0),
                            lift + np.where(lift > 0, VADER_CAPITALS, -VADER_CAPITALS), lift)
            boosted = reach & (lift != 0)
            value = np.where(boosted, value + np.where(value > 0, lift, -lift) * factor, value)
            negates = (before(negator, distance, 0.0) > 0) | ((before(is_no, distance, 0.0) > 0) & (distance < 3))
            value = np.where(reach & negates, value * VADER_NEGATION, value)
        least = (position >= 1) & (before(is_least, 1, 0.0) > 0) & ((position < 2) | ~(before(at_or_very, 2, 0.0) > 0))
        value = np.where(least, value * VADER_NEGATION, value)
        # "but": the first one in the text; words before it count half, after it 1.5 times
        but_at = np.full(count, -1)
        but_positions = np.flatnonzero(is_but > 0)[::-1]
        but_at[documents[but_positions]] = position[but_positions]
        but = but_at[documents]
        value = np.where(but >= 0, value * np.where(position < but, 0.5, np.where(position > but, 1.5, 1.0)), value)
        counted = valued & ~skip
        total = np.bincount(documents[counted], weights=value[counted], minlength=count)
        amplifier = exclaim + ask
        total = np.where(total > 0, total + amplifier, np.where(total < 0, total - amplifier, total))
        polarity = total / np.sqrt(total * total + VADER_ALPHA)
        codes = np.where(polarity >= VADER_NEUTRAL_BAND, 1, np.where(polarity <= -VADER_NEUTRAL_BAND, 2, 0))
        return polarity, _LABEL_NAMES[codes].tolist()

    def _score_one_by_one(self, token_lists):
        """The rules word by word, one text at a time (the statement the vectorised
        :meth:`_score_ids` is tested against; not used for scoring)."""
        lexicon, boosters, negators = self._lexicon, VADER_BOOSTERS, VADER_NEGATORS
        polarity = np.zeros(len(token_lists))
        labels = []
        known = self._known
        for index, tokens in enumerate(token_lists):
            cased = [token[1:] if token[0] == "#" else token for token in tokens
                     if token[0] not in "!?@" and not token.lower().startswith(("http", "www."))]
            words = [word.lower() for word in cased]
            if known.isdisjoint(words):  # no sentiment word at all (most neutral texts): compound 0
                polarity[index] = 0.0
                labels.append("neutral")
                continue
            capitals = sum(1 for word in cased if word.isupper())
            emphasis = 0 < capitals < len(cased)  # VADER: some words, not all, in capitals
            valences = []
            for i, word in enumerate(words):
                value = lexicon.get(word)
                if value is None or word in boosters:
                    continue
                if i > 1 and cased[i].istitle() and cased[i - 1].istitle() and cased[i - 2].istitle():
                    continue  # the third word of a name or more ("Coastline Health Trust"): no sentiment
                if word == "no" and i + 1 < len(words) and words[i + 1] in lexicon:
                    continue
                if emphasis and cased[i].isupper():
                    value += VADER_CAPITALS if value > 0 else -VADER_CAPITALS
                for distance in (1, 2, 3):
                    if i < distance:
                        break
                    before = words[i - distance]
                    if before in lexicon:
                        continue
                    boost = boosters.get(before)
                    if boost:
                        if emphasis and cased[i - distance].isupper():
                            boost += VADER_CAPITALS if boost > 0 else -VADER_CAPITALS
                        value += (boost if value > 0 else -boost) * (1.0, 0.95, 0.9)[distance - 1]
                    if before in negators or before.endswith("n't") or (before == "no" and distance < 3):
                        value *= VADER_NEGATION
                if i and words[i - 1] == "least" and (i < 2 or words[i - 2] not in ("at", "very")):
                    value *= VADER_NEGATION
                valences.append((i, value))
            total = 0.0
            if valences:
                but = words.index("but") if "but" in words else -1
                for position, value in valences:
                    if but >= 0:
                        value *= 0.5 if position < but else 1.5 if position > but else 1.0
                    total += value
            if total:
                exclaim = min(4, sum(len(token) for token in tokens if token[0] == "!")) * 0.292
                questions = sum(len(token) for token in tokens if token[0] == "?")
                ask = 0.0 if questions <= 1 else questions * 0.18 if questions <= 3 else 0.96
                total += (exclaim + ask) if total > 0 else -(exclaim + ask)
            value = total / math.sqrt(total * total + VADER_ALPHA)
            polarity[index] = value
            labels.append(label_from_polarity(value, neutral_band=VADER_NEUTRAL_BAND))
        return polarity, labels


class LinearScorer(SentimentScorer):
    """A learned linear model over :func:`~.features.sentiment_features`, optionally with a
    hand-written lexicon and intensifiers.

    Each token's contribution to the class logits is the learned weight of the token and its
    affixes; a hand-written lexicon word adds ``LEXICON_WEIGHT × polarity`` to the
    positive (or negative) logit, flipped and halved under negation; an intensifier multiplies the
    next token's contribution. Polarity = P(positive) − P(negative) under the softmax; label =
    the most probable class.
    """

    def __init__(self, model: LinearModel, *, name: str, lexicon: dict[str, float] | None = None,
                 intensifiers: dict[str, float] | None = None):
        missing = [label for label in model.classes if label not in LABELS]
        if missing:
            raise AnalysisError(f"model classes must be among {LABELS}; found {missing}", argument="model",
                                expected=", ".join(LABELS), found=", ".join(missing))
        self.model = model
        self.name = name
        self._lexicon = lexicon or {}
        self._intensifiers = intensifiers or {}
        self._class_index = [model.classes.index(label) if label in model.classes else None for label in LABELS]
        self._bias = np.asarray(model.bias, dtype=float)
        self._reset_cache()

    def _reset_cache(self):
        classes = len(self._bias)
        self._info: dict[str, tuple[int, int, int, float]] = {}
        self._ids: dict[str, int] = {}
        self._rows: list[tuple[float, ...]] = [(0.0,) * classes]  # row 0: features without any weight
        self._table = np.zeros((1, classes))

    def _row(self, token: str) -> tuple[float, ...]:
        weights = self.model.weights
        total = [0.0] * len(self.model.classes)
        learned = weights.get(token)
        for feature in [token, *affix_features(token)]:
            row = weights.get(feature)
            if row is not None:
                for k, value in enumerate(row):
                    total[k] += value
        if self._lexicon:
            negated = token.startswith(NEGATED)
            value = self._lexicon.get(token[1:] if negated else token)
            if value is not None:
                if negated:
                    value *= NEGATED_LEXICON_FACTOR
                target = self._class_index[2] if value > 0 else self._class_index[0]
                if target is not None:
                    weight = LEXICON_WEIGHT if learned is None else LEXICON_WEIGHT_LEARNED
                    total[target] += weight * abs(value)
        return tuple(total)

    def _token_info(self, token: str) -> tuple[int, int, int, float]:
        """(kind, row id, row id when negated, intensifier factor) of a token, computed once."""
        if token.startswith(("http", "www.")):
            return (_SKIP, -1, -1, 1.0)
        token_id = self._row_id(token)
        if token in NEGATORS:
            kind = _NEGATOR
        elif token in SCOPE_BREAKS or token[0] in "!?":
            kind = _BREAK
        elif token[0].isalpha():
            kind = _WORD
        else:
            kind = _OTHER
        negated_id = self._row_id(NEGATED + token) if kind == _WORD else token_id
        return (kind, token_id, negated_id, self._intensifiers.get(token, 1.0))

    def _row_id(self, feature: str) -> int:
        row_id = self._ids.get(feature)
        if row_id is None:
            row = self._row(feature)
            if any(row):
                row_id = self._ids[feature] = len(self._rows)
                self._rows.append(row)
            else:  # handles, hashtags, numbers and other words the model has no weight for share row 0
                row_id = self._ids[feature] = 0
        return row_id

    def _token_ids(self, token_lists):
        """Flat lists (document index, row id) for all token lists, and {position: factor} for
        tokens after an intensifier."""
        info_of = self._info
        documents, rows, boosted = [], [], {}
        append_document, append_row = documents.append, rows.append
        for index, text_tokens in enumerate(token_lists):
            scope = 0
            boost = 1.0
            for token in text_tokens:
                info = info_of.get(token)
                if info is None:
                    info = info_of[token] = self._token_info(token)
                kind, row_id, negated_id, factor = info
                if kind == _SKIP:
                    continue
                if kind == _NEGATOR:
                    scope = 3
                elif kind == _BREAK:
                    scope = 0
                elif scope and kind == _WORD:
                    row_id = negated_id
                    scope -= 1
                if row_id:
                    if boost != 1.0:
                        boosted[len(rows)] = boost
                    append_document(index)
                    append_row(row_id)
                boost = factor
        return documents, rows, boosted

    def logits(self, texts: Sequence) -> np.ndarray:
        """Class logits (rows: texts; columns: the model's classes)."""
        return self._logits([tokens_of(text) for text in texts])

    def _logits(self, token_lists: list) -> np.ndarray:
        texts = token_lists
        if len(self._info) > MAX_CACHED_TOKENS:
            self._reset_cache()
        documents, tokens, boosted = self._token_ids(token_lists)
        if len(self._table) != len(self._rows):  # append only the rows added since the last call
            new_rows = np.array(self._rows[len(self._table):], dtype=float).reshape(-1, len(self._bias))
            self._table = np.vstack([self._table, new_rows])
        logits = np.tile(self._bias, (len(texts), 1))
        if tokens:
            contributions = self._table[np.asarray(tokens)]
            if boosted:
                positions = np.fromiter(boosted.keys(), dtype=np.int64, count=len(boosted))
                contributions[positions] *= np.fromiter(boosted.values(), dtype=float, count=len(boosted))[:, None]
            documents = np.asarray(documents)
            for k in range(logits.shape[1]):
                logits[:, k] += np.bincount(documents, weights=contributions[:, k], minlength=len(texts))
        return logits

    def probabilities(self, token_lists: list) -> np.ndarray:
        """Class probabilities of token lists, columns in :data:`LABELS` order (0 for a class the
        model does not have)."""
        return _label_probabilities(self._batched_logits(token_lists), self._class_index)

    def _batched_logits(self, token_lists: list) -> np.ndarray:
        if not token_lists:
            return np.zeros((0, len(self._bias)))
        return np.vstack([self._logits(token_lists[start:start + BATCH_SIZE])
                          for start in range(0, len(token_lists), BATCH_SIZE)])

    def _score_tokens(self, token_lists):
        if not token_lists:
            return np.zeros(0), []
        probabilities = self.probabilities(token_lists)
        polarity = np.clip(probabilities[:, 2] - probabilities[:, 0], -1.0, 1.0)
        present = [k for k, model_index in enumerate(self._class_index) if model_index is not None]
        labels = [LABELS[present[k]] for k in probabilities[:, present].argmax(axis=1)]
        return _silence_empty(token_lists, polarity, labels)


def _label_probabilities(logits: np.ndarray, class_index: list) -> np.ndarray:
    """Softmax of ``logits`` with columns rearranged into :data:`LABELS` order (0 for absent classes)."""
    logits = logits - logits.max(axis=1, keepdims=True)
    probabilities = np.exp(logits)
    probabilities /= probabilities.sum(axis=1, keepdims=True)
    out = np.zeros((len(logits), len(LABELS)))
    for label_index, model_index in enumerate(class_index):
        if model_index is not None:
            out[:, label_index] = probabilities[:, model_index]
    return out


def _silence_empty(token_lists, polarity: np.ndarray, labels: list[str]) -> tuple[np.ndarray, list[str]]:
    """No text, no opinion: polarity 0 and neutral for empty token lists."""
    for i, tokens in enumerate(token_lists):
        if not tokens:
            polarity[i] = 0.0
            labels[i] = "neutral"
    return polarity, labels


NORWEGIAN_MODEL_PATH = RESOURCES_DIR / "norwegian_sentiment.npz"


class NgramScorer(SentimentScorer):
    """The shipped Norwegian model (see :mod:`.ngrams` and ``MODEL_CARD.md``): word and character
    n-grams plus lexicon features, two heads over one vocabulary, numpy only.

    Label: ``neutral`` when the 3-class head's most probable class is neutral, otherwise the
    binary head's more probable class (a tie counts as positive). Polarity =
    (1 − P_3class(neutral)) × (P_binary(positive) − P_binary(negative)), so its sign is always the
    binary head's decision and agrees with the label.
    """

    def __init__(self, model: NgramModel, *, name: str = "norwegian"):
        self.model = model
        self.name = name
        self._logits = NgramLogits(model)
        self._three = model.head("3class")
        self._binary = model.head("binary")

    @property
    def version(self) -> str:
        return self.model.version

    def _score_tokens(self, token_lists):
        if not token_lists:
            return np.zeros(0), []
        parts_polarity, parts_labels = [], []
        for start in range(0, len(token_lists), BATCH_SIZE):
            batch = token_lists[start:start + BATCH_SIZE]
            ids, documents = self._logits.table.encode_tokens(batch)
            polarity, labels = self._score_ids(ids, documents, len(batch))
            parts_polarity.append(polarity)
            parts_labels += labels
        return np.concatenate(parts_polarity), parts_labels

    def _score_ids(self, ids: np.ndarray, documents: np.ndarray, count: int) -> tuple[np.ndarray, list[str]]:
        """Polarities and labels of ``count`` texts encoded by this scorer's token table
        (``self._logits.table``); a text without tokens is neutral with polarity 0."""
        heads = self._logits.probabilities_of(*self._logits.logits_of_ids(ids, documents, count))
        three, binary = heads["3class"], heads["binary"]
        neutral = three[:, self._three.classes.index("neutral")]
        leaning = (binary[:, self._binary.classes.index("positive")]
                   - binary[:, self._binary.classes.index("negative")])
        is_neutral = three.argmax(axis=1) == self._three.classes.index("neutral")
        empty = np.bincount(documents, minlength=count) == 0
        polarity = np.where(empty, 0.0, np.clip((1.0 - neutral) * leaning, -1.0, 1.0))
        codes = np.where(is_neutral | empty, 0, np.where(leaning >= 0, 1, 2))
        return polarity, _LABEL_NAMES[codes].tolist()


_LABEL_NAMES = np.array(["neutral", "positive", "negative"], dtype=object)


@functools.cache
def _shipped_norwegian_model() -> NgramModel:
    return read_ngram_model(NORWEGIAN_MODEL_PATH)


def norwegian_scorer(*, model: NgramModel | None = None) -> NgramScorer:
    """The shipped bokmål/nynorsk scorer, named ``norwegian`` (``model`` replaces the shipped one)."""
    return NgramScorer(model or _shipped_norwegian_model())


ENGLISH_MODEL_PATH = RESOURCES_DIR / "english_sentiment.npz"


@functools.cache
def _shipped_english_model() -> NgramModel:
    return read_ngram_model(ENGLISH_MODEL_PATH)


def english_scorer() -> SentimentScorer:
    """The shipped English scorer, named ``english``: the n-gram model chosen by cross-validation
    (``resources/english_sentiment.npz``, :mod:`.train_english`) when the package ships one,
    otherwise VADER's rules (:class:`EnglishScorer`)."""
    if ENGLISH_MODEL_PATH.is_file():
        return NgramScorer(_shipped_english_model(), name="english")
    return EnglishScorer()


class MultilingualScorer(SentimentScorer):
    """Routes each text by language: ``en`` to ``english``, all others to ``norwegian``.

    ``score_texts(texts, languages=None)`` detects languages when not given and returns a
    ``language`` column too; the ``scorer`` column names the scorer that scored each row.
    """

    name = "sermo"

    def __init__(self, *, english: SentimentScorer | None = None, norwegian: SentimentScorer | None = None):
        self.english = english or english_scorer()
        self.norwegian = norwegian or norwegian_scorer()
        self._table: TokenTable | None = None  # made on first use: the default scorer uses the n-gram model's
        if isinstance(self.english, NgramScorer) and isinstance(self.norwegian, NgramScorer):
            self.english._logits.table = self.norwegian._logits.table  # one tokenising pass serves both

    def analyze(self, text, language: str | None = None) -> Sentiment:
        scorer = self.english if (language or detect_language(text)) == "en" else self.norwegian
        return scorer.analyze(text)

    def score_texts(self, texts: Iterable, languages: Sequence[str] | None = None) -> pd.DataFrame:
        """Columns ``language``, ``polarity``, ``label``, ``scorer``, one row per text in order.

        Raises AnalysisError when ``languages`` is given with a different length than ``texts``.
        """
        texts = list(texts)
        if languages is not None:
            languages = list(languages)
            if len(languages) != len(texts):
                raise AnalysisError(f"expected one language per text; found {len(languages)} languages for "
                                    f"{len(texts)} texts", argument="languages", expected=str(len(texts)),
                                    found=str(len(languages)))
        detected: list[str] = []
        fast_norwegian = isinstance(self.norwegian, NgramScorer)
        fast_english = isinstance(self.english, EnglishScorer)
        if fast_norwegian:
            table = self.norwegian._logits.table
        else:
            if self._table is None:
                self._table = TokenTable()
            table = self._table
        polarity = np.zeros(len(texts))
        labels = np.empty(len(texts), dtype=object)
        scorers = np.empty(len(texts), dtype=object)
        for offset in range(0, len(texts), BATCH_SIZE):  # batches bound the memory of the token lists
            batch = texts[offset:offset + BATCH_SIZE]
            given = None if languages is None else languages[offset:offset + BATCH_SIZE]
            # Identical texts (shares, retweets, copied complaints) are scored once per batch.
            if given is None:  # (missing values, None and NaN, are one value: no text)
                inverse, uniques = pd.factorize(np.asarray(batch, dtype=object), use_na_sentinel=False)
                count = len(uniques)
            else:
                first_of: dict = {}
                inverse = np.fromiter((first_of.setdefault(key if key == key else None, len(first_of))
                                       for key in zip(batch, given)), dtype=np.int64, count=len(batch))
                count = len(first_of)
            unique_positions = np.empty(count, dtype=np.int64)
            unique_positions[inverse[::-1]] = np.arange(len(batch) - 1, -1, -1)
            unique_texts = [batch[i] for i in unique_positions]
            lowered = ([text.lower() for text in unique_texts]  # (every text a str: no test per text)
                       if pd.api.types.infer_dtype(unique_texts, skipna=False) == "string"
                       else [text.lower() if isinstance(text, str) else "" for text in unique_texts])
            ids, documents = table.encode(lowered)  # one tokenisation serves language detection and scoring
            if given is None:
                unique_languages = np.asarray(languages_of_ids(table, ids, documents, lowered), dtype=object)
                detected.append(unique_languages[inverse])
            else:
                unique_languages = np.asarray([given[i] for i in unique_positions], dtype=object)
            is_english = unique_languages == "en"
            unique_polarity = np.zeros(len(unique_texts))
            unique_labels = np.empty(len(unique_texts), dtype=object)
            unique_scorers = np.empty(len(unique_texts), dtype=object)
            for scorer, mask in ((self.english, is_english), (self.norwegian, ~is_english)):
                positions = np.flatnonzero(mask)
                if not len(positions):
                    continue
                if isinstance(scorer, NgramScorer) and scorer._logits.table is table:
                    selected = mask[documents]
                    renumber = np.cumsum(mask) - 1
                    part_polarity, part_labels = scorer._score_ids(ids[selected], renumber[documents[selected]],
                                                                   len(positions))
                elif scorer is self.english and fast_english:
                    part_polarity, part_labels = scorer._score([unique_texts[i] for i in positions])
                else:
                    if getattr(scorer, "cased", False):
                        part_tokens = [cased_tokens(unique_texts[i]) for i in positions]
                    else:
                        part_tokens = [TOKEN_PATTERN.findall(lowered[i]) for i in positions]
                    part_polarity, part_labels = scorer._score_tokens(part_tokens)
                unique_polarity[positions] = part_polarity
                unique_labels[positions] = part_labels
                unique_scorers[positions] = scorer.name
            end = offset + len(batch)
            polarity[offset:end] = unique_polarity[inverse]
            labels[offset:end] = unique_labels[inverse]
            scorers[offset:end] = unique_scorers[inverse]
        if languages is None:
            languages = np.concatenate(detected) if detected else np.empty(0, dtype=object)
        return pd.DataFrame({"language": pd.array(languages, dtype="str"), "polarity": polarity,
                             "label": pd.array(labels, dtype="str"), "scorer": pd.array(scorers, dtype="str")})


def default_scorer() -> MultilingualScorer:
    """The workbook's scorer: English and Norwegian routed by detected language."""
    return MultilingualScorer()


def score_texts(texts: Iterable, languages: Sequence[str] | None = None, *,
                scorer: MultilingualScorer | None = None) -> pd.DataFrame:
    """Language (detected unless given), polarity, label and scorer for each text, in order."""
    return (scorer or default_scorer()).score_texts(texts, languages)
