"""What is talked about: top words, hashtags and two-word phrases, without the Norwegian (bokmål and
nynorsk) and English function and filler words of ``data/reference/stop_words.yaml`` (editable; a
notebook can add words per call)."""
from __future__ import annotations

import functools
import heapq
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from .. import parallel, paths
from ..config import read_yaml
from ..errors import AnalysisError, ConfigError
from ..privacy import redaction_pattern
from ..text import prefilter
from ..text.tokens import LINK_PREFIXES, TokenTable, tokenize
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


def _is_term_word(token: str) -> bool:
    return token[:1].isalpha() and len(token) >= MIN_WORD_LENGTH and not any(character.isdigit() for character in token)


# What counts as a term, decided once per distinct token of a reading (bits of one flag per token):
# links are left out before anything else (the tokens on either side of a link are adjacent); a
# word term is a token of letters first, at least MIN_WORD_LENGTH long, without digits and not a
# stop word (WINDOW_WORD: not a ``window_stop`` word); a hashtag is ``#`` and at least one more sign.
LINK, TERM_WORD, WINDOW_WORD, HASHTAG, MAY_BE_WORD = 1, 2, 4, 8, 16


def token_flags(tokens: Iterable[str], stop: frozenset[str], window_stop: frozenset[str] = frozenset()) -> list[int]:
    """The flags (LINK, MAY_BE_WORD, TERM_WORD, WINDOW_WORD, HASHTAG) of each of ``tokens``."""
    flags = []
    for token in tokens:
        if token.startswith(LINK_PREFIXES):
            flags.append(LINK)
            continue
        flag = HASHTAG if token[:1] == "#" and len(token) > 1 else 0
        if _is_term_word(token):
            flag |= MAY_BE_WORD
            if token not in stop:
                flag |= TERM_WORD
            if token not in window_stop:
                flag |= WINDOW_WORD
        flags.append(flag)
    return flags


TEXT_CHUNK = 20_000  # texts read as Python strings at a time (per worker)
PIECES_PER_WORKER = 2  # pieces of the texts per worker process (a slower worker leaves less for the other to wait)


def count_terms_in(texts: pd.Series, kinds: Iterable[str], stop: frozenset[str], *, rows=None, windows=(),
                   window_stop: frozenset[str] = frozenset(), meanwhile=None) -> tuple[dict[str, Counter], list[Counter]]:
    """How many of ``texts`` contain each term of ``kinds`` (each term counted once per text;
    :func:`count_term_kinds`) and, from the same reading, the words (with ``window_stop`` as stop
    words) of the texts inside each of ``windows`` (boolean masks aligned with the texts read, as
    :func:`sermo_helpers.listen.spikes.spike_windows` gives them). ``rows``: the positions of the
    texts to read (ascending; by default all), so that a caller need not copy the texts it selects.

    A text is read as the privacy step left it with its pseudonyms and masks replaced by ``0`` (never
    a term, so no phrase spans one), lower-cased and cut into tokens by :data:`TOKEN_PATTERN`, links
    left out. Words: see :data:`TERM_WORD`; hashtags are not subject to stop words; a two-word
    phrase is two adjacent words of a text. The texts are read TEXT_CHUNK at a time as token ids
    (one regular-expression call per chunk, :class:`sermo_helpers.text.tokens.TokenTable`), the terms
    of each text found on arrays; large inputs are shared in pieces between worker processes
    (:func:`sermo_helpers.parallel.process_map`) and their counts added. ``meanwhile``: the caller's
    own work, done while the workers read (``process_map``'s).
    """
    kinds = tuple(kinds)
    _check_kinds(kinds)
    rows = np.arange(len(texts)) if rows is None else np.asarray(rows, dtype=np.int64)
    member = (np.column_stack([np.asarray(mask, dtype=bool) for mask in windows]) if len(windows)
              else np.zeros((len(rows), 0), dtype=bool))
    if len(member) != len(rows):
        raise AnalysisError(f"the window masks cover {len(member)} texts; expected {len(rows)}",
                            argument="windows", expected=f"{len(rows)} rows", found=f"{len(member)} rows")
    workers = parallel.core_budget() if len(rows) >= parallel.PROCESS_ROWS else 1
    count = max(1, min(workers * PIECES_PER_WORKER if workers > 1 else 1, len(rows) // TEXT_CHUNK or 1))
    bounds = np.linspace(0, len(rows), count + 1).astype(int).tolist()

    def piece(number: int) -> dict:
        return _count_piece(texts, rows, bounds[number], bounds[number + 1], kinds, stop, member, window_stop)

    pieces = parallel.process_map(piece, range(count), rows=len(rows), meanwhile=meanwhile)
    return _merge_pieces(pieces, kinds, member.shape[1])


def _count_piece(texts: pd.Series, rows: np.ndarray, start: int, end: int, kinds: tuple, stop: frozenset[str],
                 member: np.ndarray, window_stop: frozenset[str]) -> dict:
    """The counts of the texts ``rows[start:end]``: ids into the piece's own vocabulary ``tokens``."""
    table = TokenTable(max_tokens=2**31 - 1)  # one vocabulary for the whole piece (never started afresh)
    counts = {kind: np.zeros(0, dtype=np.int64) for kind in kinds if kind != "bigram"}
    in_windows = [np.zeros(0, dtype=np.int64) for _ in range(member.shape[1])]
    bigrams = _PairCounts()
    for first in range(start, end, TEXT_CHUNK):
        last = min(first + TEXT_CHUNK, end)
        lowered = [text.lower() if text is not None else "" for text in _redacted(texts, rows[first:last])]
        ids, documents = table.encode(lowered)
        del lowered
        column = table.column("terms", lambda new: token_flags(new, stop, window_stop), np.uint8)
        flags = column[ids]
        kept = (flags & LINK) == 0  # links go before anything else: the tokens on their two sides are adjacent
        ids, documents, flags = ids[kept], documents[kept], flags[kept]
        size = len(table)
        if "hashtag" in counts:
            tagged = (flags & HASHTAG) != 0
            _, found = _distinct_pairs(documents[tagged], ids[tagged], size)
            counts["hashtag"] = _add_counts(counts["hashtag"], found, size)
        inside = member[first:last]
        windowed = inside.any(axis=1)
        if "word" in counts or windowed.any():
            wordlike = (flags & (TERM_WORD | WINDOW_WORD)) != 0
            pair_documents, found = _distinct_pairs(documents[wordlike], ids[wordlike], size)
            found_flags = column[found]
            if "word" in counts:
                counts["word"] = _add_counts(counts["word"], found[(found_flags & TERM_WORD) != 0], size)
            if windowed.any():
                spiked = (found_flags & WINDOW_WORD) != 0
                pair_documents, found = pair_documents[spiked], found[spiked]
                for number in range(len(in_windows)):
                    held = inside[pair_documents, number]
                    in_windows[number] = _add_counts(in_windows[number], found[held], size)
        if "bigram" in kinds:
            words = (flags & TERM_WORD) != 0
            pairs = words[:-1] & words[1:] & (documents[:-1] == documents[1:])
            follows = np.flatnonzero(pairs)
            _, found = _distinct_pairs(documents[follows], ids[follows] * size + ids[follows + 1], size * size)
            bigrams.add(found // size, found % size)
    # the piece's vocabulary: only the tokens counted somewhere, renumbered from 0
    firsts, seconds, together = bigrams.result()
    used = np.zeros(len(table), dtype=bool)
    for values in (*counts.values(), *in_windows):
        used[:len(values)] |= values > 0
    used[firsts] = used[seconds] = True
    number = np.cumsum(used) - 1
    tokens = table.tokens
    out = {"tokens": [tokens[position] for position in np.flatnonzero(used).tolist()],
           "bigram": (number[firsts], number[seconds], together)}
    for kind, values in counts.items():
        out[kind] = _sparse(values, number)
    out["windows"] = [_sparse(values, number) for values in in_windows]
    return out


def _redacted(texts: pd.Series, positions: np.ndarray) -> list:
    """The texts at ``positions`` with what the privacy step put into them (pseudonyms, masks:
    :func:`sermo_helpers.privacy.redaction_pattern`) replaced by " 0 "; None for a missing text.

    An Arrow text column is rewritten by Arrow (RE2) before its texts become Python strings: the
    pattern is literal alternatives and character classes of ASCII signs, which RE2 matches as
    Python does (leftmost, the first alternative that matches); a pattern with a Unicode-aware
    class (``\\d``, ``\\w``, ``\\s``, ``\\b``) or other data go through Python's ``re``."""
    pattern = redaction_pattern()
    part = texts.iloc[positions]
    arrow = prefilter.as_arrow(part)  # the Arrow text behind the column, or None
    if arrow is not None and not _UNICODE_CLASS.search(pattern.pattern):
        return pc.replace_substring_regex(arrow, pattern.pattern, " 0 ").to_pylist()
    return [pattern.sub(" 0 ", text) if isinstance(text, str) else None for text in part.tolist()]


_UNICODE_CLASS = re.compile(r"\\[dDwWsSbB]")


def _distinct_pairs(documents: np.ndarray, values: np.ndarray, limit: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct (document, value) pairs, ascending (``values`` below ``limit``; ``documents`` ascending)."""
    if not len(values):
        return documents, values
    if int(documents[-1] + 1) * limit < 2**62:  # one key per pair (sorting beats np.unique's hashing here)
        keys = _distinct(documents * limit + values)
        return keys // limit, keys % limit
    order = np.lexsort((values, documents))
    documents, values = documents[order], values[order]
    new = np.ones(len(values), dtype=bool)
    new[1:] = (documents[1:] != documents[:-1]) | (values[1:] != values[:-1])
    return documents[new], values[new]


def _distinct(keys: np.ndarray) -> np.ndarray:
    keys = np.sort(keys)
    new = np.ones(len(keys), dtype=bool)
    np.not_equal(keys[1:], keys[:-1], out=new[1:])
    return keys[new]


def _add_counts(counts: np.ndarray, ids: np.ndarray, size: int) -> np.ndarray:
    """``counts`` (per token id, grown to ``size``) plus one for each of ``ids``."""
    if len(counts) < size:
        counts = np.concatenate([counts, np.zeros(size - len(counts), dtype=np.int64)])
    return counts + np.bincount(ids, minlength=size) if len(ids) else counts


def _sparse(counts: np.ndarray, number: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    where = np.flatnonzero(counts)
    return number[where], counts[where]


class _PairCounts:
    """Counts of (first id, second id) pairs added chunk by chunk, summed when many are waiting."""

    LIMIT = 2_000_000

    def __init__(self):
        self._keys: list[np.ndarray] = []
        self._counts: list[np.ndarray] = []
        self._waiting = 0

    def add(self, firsts: np.ndarray, seconds: np.ndarray) -> None:
        self._keys.append((firsts.astype(np.int64) << 32) | seconds)
        self._counts.append(np.ones(len(firsts), dtype=np.int64))
        self._waiting += len(firsts)
        if self._waiting > self.LIMIT:
            self._sum()

    def _sum(self) -> None:
        keys, counts = _sum_by_key(np.concatenate(self._keys or [np.zeros(0, np.int64)]),
                                   np.concatenate(self._counts or [np.zeros(0, np.int64)]))
        self._keys, self._counts, self._waiting = [keys], [counts], len(keys)

    def result(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        self._sum()
        keys, counts = self._keys[0], self._counts[0]
        return keys >> 32, keys & 0xFFFFFFFF, counts


def _sum_by_key(keys: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct ``keys`` (ascending) and the sum of ``counts`` of each."""
    if not len(keys):
        return keys, counts
    order = np.argsort(keys, kind="stable")
    keys, counts = keys[order], counts[order]
    new = np.ones(len(keys), dtype=bool)
    np.not_equal(keys[1:], keys[:-1], out=new[1:])
    starts = np.flatnonzero(new)
    return keys[starts], np.add.reduceat(counts, starts)


def _merge_pieces(pieces: list[dict], kinds: tuple, windows: int) -> tuple[dict[str, Counter], list[Counter]]:
    """The pieces' counts added up per term (each piece numbers its own vocabulary)."""
    if len(pieces) == 1:
        vocabulary, maps = pieces[0]["tokens"], [None]
    else:
        index: dict[str, int] = {}
        maps = [np.fromiter((index.setdefault(token, len(index)) for token in piece["tokens"]), dtype=np.int64,
                            count=len(piece["tokens"])) for piece in pieces]
        vocabulary = list(index)

    def added(parts) -> tuple[np.ndarray, np.ndarray]:
        ids = [part[0] if mapping is None else mapping[part[0]] for part, mapping in zip(parts, maps)]
        totals = np.bincount(np.concatenate(ids), weights=np.concatenate([part[1] for part in parts]),
                             minlength=len(vocabulary)).astype(np.int64)
        where = np.flatnonzero(totals)
        return where, totals[where]

    def counter(where: np.ndarray, totals: np.ndarray) -> Counter:
        return Counter(dict(zip([vocabulary[position] for position in where.tolist()], totals.tolist())))

    counters = {}
    for kind in kinds:
        if kind != "bigram":
            counters[kind] = counter(*added([piece[kind] for piece in pieces]))
            continue
        size = max(len(vocabulary), 1)
        keys = [(first if mapping is None else mapping[first]) * size + (second if mapping is None else mapping[second])
                for (first, second, _), mapping in zip((piece["bigram"] for piece in pieces), maps)]
        keys, totals = _sum_by_key(np.concatenate(keys), np.concatenate([piece["bigram"][2] for piece in pieces]))
        counters[kind] = Counter(dict(zip([f"{vocabulary[first]} {vocabulary[second]}"
                                           for first, second in zip((keys // size).tolist(), (keys % size).tolist())],
                                          totals.tolist())))
    return counters, [counter(*added([piece["windows"][number] for piece in pieces])) for number in range(windows)]


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
    texts = texts if isinstance(texts, pd.Series) else pd.Series(list(texts), dtype=object)
    return count_terms_in(texts, kinds, stop)[0]


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
        ranked = heapq.nsmallest(top, counters[kind].items(), key=lambda item: (-item[1], item[0]))  # = sorted()[:top]
        out[kind] = pd.DataFrame({"term": pd.array([term for term, _ in ranked], dtype="str"),
                                  "mentions": [float(count) for _, count in ranked],
                                  "share": [count / total for _, count in ranked] if total else []})
    return out
