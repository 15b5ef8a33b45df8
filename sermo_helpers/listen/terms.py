"""What is talked about: top words, hashtags and two-word phrases, without the Norwegian (bokmål and
nynorsk) and English function and filler words of ``data/reference/stop_words.yaml`` (editable; a
notebook can add words per call)."""
from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from .. import paths
from ..config import read_yaml
from ..errors import AnalysisError, ConfigError
from ..privacy import redaction_pattern
from ..text.tokens import tokenize
from ._common import audience_mentions, require_columns

KINDS = ("word", "hashtag", "bigram")
MIN_WORD_LENGTH = 3


STOP_WORD_SECTIONS = ("function_words", "filler_words")  # data/reference/stop_words.yaml
STOP_WORD_LANGUAGES = ("nb", "nn", "en")
_STOP_WORD = re.compile(r"^[^\W\d_]+(?:['’-][^\W\d_]+)*$")  # letters, an apostrophe or hyphen inside


def default_stop_words_path() -> Path:
    return paths.reference_dir() / "stop_words.yaml"


def load_stop_words(path: str | Path | None = None) -> dict[str, frozenset[str]]:
    """The stop words per language (nb, nn, en) from ``data/reference/stop_words.yaml``: its function
    words and filler words together.

    The file is read like a client file (size limit, no aliases or repeated keys). Raises ConfigError
    naming the file and listing every problem at once: a missing or unknown section or language, an
    entry that is not text, a word with capitals, digits or other signs (each named).
    """
    path = Path(path) if path is not None else default_stop_words_path()
    return _load_stop_words(str(path))


@functools.cache
def _load_stop_words(path: str) -> dict[str, frozenset[str]]:
    raw = read_yaml(Path(path), what="stop-word list")
    problems: list[str] = []
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: expected the sections {', '.join(STOP_WORD_SECTIONS)}, found "
                          f"{type(raw).__name__}.", path=path, problems=["not a mapping"])
    problems += [f"unknown section {str(key)[:60]!r} (expected {', '.join(STOP_WORD_SECTIONS)})"
                 for key in raw if key not in STOP_WORD_SECTIONS]
    words: dict[str, set[str]] = {language: set() for language in STOP_WORD_LANGUAGES}
    for section in STOP_WORD_SECTIONS:
        entries = raw.get(section)
        if not isinstance(entries, dict):
            problems.append(f"{section}: expected one entry per language ({', '.join(STOP_WORD_LANGUAGES)}), "
                            f"found {type(entries).__name__}")
            continue
        problems += [f"{section}: unknown language {str(key)[:60]!r} (expected {', '.join(STOP_WORD_LANGUAGES)})"
                     for key in entries if key not in STOP_WORD_LANGUAGES]
        for language in STOP_WORD_LANGUAGES:
            text = entries.get(language)
            if not isinstance(text, str) or not text.strip():
                problems.append(f"{section}.{language}: expected words separated by spaces, found "
                                f"{type(text).__name__ if not isinstance(text, str) else 'no words'}")
                continue
            bad = [word for word in text.split() if not _STOP_WORD.match(word) or word != word.lower()]
            if bad:
                problems.append(f"{section}.{language}: expected lower-case words of letters, found "
                                + ", ".join(repr(word[:40]) for word in bad[:10])
                                + (f" and {len(bad) - 10} more" if len(bad) > 10 else ""))
            words[language] |= set(text.split())
    if problems:
        raise ConfigError(f"{path} is not a valid stop-word list:\n" + "\n".join(f"  - {p}" for p in problems),
                          path=path, problems=problems)
    return {language: frozenset(found) for language, found in words.items()}


def stop_words(*, languages: Iterable[str] = ("nb", "nn", "en"), extra: Iterable[str] = ()) -> frozenset[str]:
    """The stop words of ``languages`` (nb, nn, en; :func:`load_stop_words`) plus ``extra`` (lower-cased).

    Raises AnalysisError for a language without a list, ConfigError for an invalid stop-word file.
    """
    shipped = load_stop_words()
    words: set[str] = set()
    for language in languages:
        if language not in shipped:
            raise AnalysisError(f"no stop words for language {language!r}; known: {', '.join(shipped)}",
                                argument="languages", expected=", ".join(shipped), found=repr(language))
        words |= shipped[language]
    words |= {word.lower() for word in extra}
    return frozenset(words)


def search_words(client) -> frozenset[str]:
    """The words of the client's name and search keywords (``Fjordvik kommune`` -> fjordvik, kommune).

    Every mention a listening query finds contains them, so they only crowd out what people talk
    about: the notebook leaves them out of the top words and phrases (hashtags are kept).
    """
    phrases = [client.display_name, *client.keywords]
    return frozenset(token.lstrip("#").lower() for phrase in phrases for token in tokenize(phrase)
                     if token.lstrip("#"))


_TERM_WORDS: dict[str, bool] = {}  # token -> may it be a word term (letters first, long enough, no digit)
MAX_CACHED_TOKENS = 500_000


def _is_term_word(token: str) -> bool:
    return token[:1].isalpha() and len(token) >= MIN_WORD_LENGTH and not any(character.isdigit() for character in token)


def _terms(tokens: list[str], kind: str, stop: frozenset[str]) -> list[str]:
    if kind == "hashtag":
        return [token for token in tokens if token.startswith("#") and len(token) > 1]
    known = _TERM_WORDS  # whether a token may be a word is decided once per distinct token
    if len(known) > MAX_CACHED_TOKENS:
        known.clear()
    words = []
    for token in tokens:
        allowed = known.get(token)
        if allowed is None:
            allowed = known[token] = _is_term_word(token)
        words.append(token if allowed and token not in stop else None)
    if kind == "word":
        return [word for word in words if word]
    return [f"{first} {second}" for first, second in zip(words, words[1:]) if first and second]


def text_terms(text, kinds: Iterable[str], stop: frozenset[str]) -> dict[str, set[str]]:
    """The distinct terms of each kind in one text (one tokenisation for all kinds); pseudonyms and
    masks put into texts by the privacy step are not terms."""
    tokens = _text_tokens(text)
    return {kind: set(_terms(tokens, kind, stop)) for kind in kinds}


def _text_tokens(text) -> list[str]:
    if isinstance(text, str):
        text = redaction_pattern().sub(" 0 ", text)  # "0" is never a term, so no phrase spans what was removed
    return tokenize(text)


def count_terms_in(texts: pd.Series, kinds: Iterable[str], stop: frozenset[str], *, windows=(),
                   window_stop: frozenset[str] = frozenset()) -> tuple[dict[str, Counter], list[Counter]]:
    """:func:`count_term_kinds` of ``texts`` and, from the same reading (each text tokenised once), the
    words (with ``window_stop``) of the texts inside each of ``windows`` (boolean masks aligned with
    ``texts``, as :func:`sermo_helpers.listen.spikes.spike_windows` gives them), TEXT_CHUNK texts at a time."""
    kinds = tuple(kinds)
    _check_kinds(kinds)
    counters = {kind: Counter() for kind in kinds}
    in_windows = [Counter() for _ in windows]
    member = (np.column_stack([mask.to_numpy(dtype=bool) for mask in windows]) if len(windows)
              else np.zeros((len(texts), 0), dtype=bool))
    known = _TERM_WORDS  # whether a token may be a word, decided once per distinct token (as _terms does)
    for start in range(0, len(texts), TEXT_CHUNK):
        chunk = texts.iloc[start:start + TEXT_CHUNK].tolist()
        found = {kind: [] for kind in kinds}  # each text's distinct terms, counted once per chunk
        found_in = [[] for _ in in_windows]
        for text, inside in zip(chunk, member[start:start + TEXT_CHUNK].tolist()):
            tokens = _text_tokens(text)
            if len(known) > MAX_CACHED_TOKENS:
                known.clear()
            allowed = []  # the tokens that may be words (else None), as _terms finds them
            for token in tokens:
                verdict = known.get(token)
                if verdict is None:
                    verdict = known[token] = _is_term_word(token)
                allowed.append(token if verdict else None)
            words = [token if token is not None and token not in stop else None for token in allowed]
            if "word" in found:
                found["word"].extend({word for word in words if word})
            if "hashtag" in found:
                found["hashtag"].extend({token for token in tokens if token.startswith("#") and len(token) > 1})
            if "bigram" in found:
                found["bigram"].extend({f"{first} {second}" for first, second in zip(words, words[1:])
                                        if first and second})
            if any(inside):
                spiked = {token for token in allowed if token is not None and token not in window_stop}
                for terms, held in zip(found_in, inside):
                    if held:
                        terms.extend(spiked)
        for kind, terms in found.items():
            counters[kind].update(terms)
        for counter, terms in zip(in_windows, found_in):
            counter.update(terms)
    return counters, in_windows


def _check_kinds(kinds) -> None:
    for kind in kinds:
        if kind not in KINDS:
            raise AnalysisError(f"kind must be one of {', '.join(KINDS)}; found {kind!r}", argument="kind",
                                expected=", ".join(KINDS), found=repr(kind))


def count_terms(texts: Iterable, *, kind: str = "word", stop: frozenset[str] = frozenset()) -> Counter:
    """How many texts contain each term (each term counted once per text); pseudonyms and masks are left out."""
    return count_term_kinds(texts, kinds=(kind,), stop=stop)[kind]


def count_term_kinds(texts: Iterable, *, kinds: Iterable[str] = KINDS,
                     stop: frozenset[str] = frozenset()) -> dict[str, Counter]:
    """:func:`count_terms` for several kinds at once, each text tokenised once."""
    kinds = tuple(kinds)
    _check_kinds(kinds)
    counters = {kind: Counter() for kind in kinds}
    for text in texts:
        for kind, terms in text_terms(text, kinds, stop).items():
            counters[kind].update(terms)
    return counters


TEXT_CHUNK = 50_000  # texts read as Python strings at a time


def top_terms(mentions: pd.DataFrame, *, kind: str = "word", top: int = 20, subject: str | None = None,
              extra_stop_words: Iterable[str] = (), languages: Iterable[str] = ("nb", "nn", "en")) -> pd.DataFrame:
    """The ``top`` most frequent words, hashtags or two-word phrases (``kind``) in others' mentions.

    Columns: term, mentions (how many mentions contain it), share (of all mentions counted).
    Stop words of ``languages`` and ``extra_stop_words`` are left out (not for hashtags);
    ties are broken alphabetically. Raises AnalysisError for an unknown kind.
    """
    return top_term_kinds(mentions, {kind: top}, subject=subject, extra_stop_words=extra_stop_words,
                          languages=languages)[kind]


def top_term_kinds(mentions: pd.DataFrame, tops: dict[str, int], *, subject: str | None = None,
                   extra_stop_words: Iterable[str] = (),
                   languages: Iterable[str] = ("nb", "nn", "en")) -> dict[str, pd.DataFrame]:
    """:func:`top_terms` for several kinds (kind -> how many) from one reading of the texts: each
    text is tokenised once, TEXT_CHUNK texts at a time (the same stop words for every kind)."""
    _check_kinds(tops)
    require_columns(mentions, ["text"], step="top_terms")
    rows = audience_mentions(mentions, subject=subject, columns=["text"])
    stop = stop_words(languages=languages, extra=extra_stop_words)
    counters, _ = count_terms_in(rows["text"], tuple(tops), stop)
    return top_frames(counters, tops, total=len(rows))


def top_frames(counters: dict[str, Counter], tops: dict[str, int], *, total: int) -> dict[str, pd.DataFrame]:
    """The ``tops[kind]`` most frequent terms of each kind (ties alphabetical) with their share of ``total``."""
    out = {}
    for kind, top in tops.items():
        ranked = sorted(counters[kind].items(), key=lambda item: (-item[1], item[0]))[:top]
        out[kind] = pd.DataFrame({"term": pd.array([term for term, _ in ranked], dtype="str"),
                                  "mentions": [float(count) for _, count in ranked],
                                  "share": [count / total for _, count in ranked] if total else []})
    return out
