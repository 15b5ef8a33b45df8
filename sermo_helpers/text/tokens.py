"""Tokenising social-media text: one compiled regular expression, lower-cased words, hashtags,
mentions, emoji and emoticons. Shared by language detection, sentiment and the listen analyses."""
from __future__ import annotations

import re
from itertools import repeat

import numpy as np
import pyarrow as pa

# Order matters: links first (dropped), then handles/hashtags, words (with inner - or '), emoticons,
# emoji (one token each), runs of ! or ?.
TOKEN_PATTERN = re.compile(
    r"https?://\S+|www\.\S+"
    r"|[@#][\w_]+"
    r"|\w+(?:['’]\w+)*"
    r"|[:;=8xX][\-o'^]?[)\](\[dDpP/\\|*3]|<3|\)\)"
    r"|[\U0001F300-\U0001FAFF\u2600-\u27BF\u2B50\u2764]"
    r"|!+|\?+",
)
LINK_PREFIXES = ("http://", "https://", "www.")
# The same with "-" inside words too ("well-known", "t-shirt"): the English scorer's cased tokens.
HYPHENATED_PATTERN = re.compile(TOKEN_PATTERN.pattern.replace(r"|\w+(?:['’]\w+)*", r"|\w+(?:[-'’]\w+)*", 1))

try:  # the same tokens from C (sermo_helpers/text/_tokens.c, built by setup.py where a compiler is)
    from . import _tokens
except ImportError:  # pragma: no cover - no compiler where the package was installed: the expressions
    _tokens = None
# the batch expressions' tokens from C, per pattern (see batch_pattern)
# (a build older than this module lacks some: then none is used)
COMPILED = {pattern: getattr(_tokens, name) for pattern, name in
            ((TOKEN_PATTERN, "findall"), (HYPHENATED_PATTERN, "findall_hyphenated"))
            } if all(hasattr(_tokens, name) for name in ("findall", "findall_hyphenated", "words")) else {}


def tokenize(text) -> list[str]:
    """Lower-cased tokens of ``text`` without links; empty list for missing or empty text."""
    if not isinstance(text, str) or not text:
        return []
    return [token for token in TOKEN_PATTERN.findall(text.lower()) if not token.startswith(LINK_PREFIXES)]


def is_word(token: str) -> bool:
    """True for alphabetic word tokens (not handles, hashtags, numbers, emoji or punctuation)."""
    return token[:1].isalpha()


# Batch tokenising: the lower-cased texts of a batch joined by NUL and cut by one ``findall`` (one
# call into the regular-expression engine instead of one per text). Links stop at NUL, and NUL is
# a token of its own that marks where a text ends; a text that contains NUL itself is cut alone.
SEPARATOR = "\x00"


def batch_pattern(pattern: re.Pattern) -> re.Pattern:
    r"""``pattern`` (:data:`TOKEN_PATTERN` or a variant) for a batch joined by NUL: links stop at
    NUL and NUL is a token. A look-ahead skips positions where no token can start (white space and
    some punctuation) before the alternatives are tried; ``\w++`` does not backtrack (it could
    not match otherwise anyway)."""
    text = pattern.pattern.replace(r"https?://\S+|www\.\S+", r"https?://[^\s\x00]+|www\.[^\s\x00]+", 1)
    text = text.replace(r"|\w+(?:[", r"|\w++(?:[", 1).replace(r"]\w+)*", r"]\w++)*", 1)
    return re.compile(r"(?=[^\s.,\"(\-'/])(?:" + text + r"|\x00)")


def compiled() -> bool:
    """Whether the batch tokens of :data:`TOKEN_PATTERN` and :data:`HYPHENATED_PATTERN` come from the
    compiled tokeniser (``_tokens.c``: the same tokens as the expressions, about three times as fast;
    ``make`` builds it)."""
    return bool(COMPILED)


class TokenTable:
    """Distinct tokens as integer ids, with per-token values (*columns*) computed once per token.

    :meth:`encode` turns a batch of lower-cased texts into one flat array of token ids and the
    index of the text each token belongs to, so that language detection and the n-gram scorer
    work on numpy arrays instead of per-token Python objects. A column (:meth:`column`) is a numpy
    array indexed by token id, filled for new tokens when asked for. Id 0 is the text separator.
    ``canonical(tokens) -> forms``, when given, maps new tokens to forms that every column treats
    alike (e.g. all ``@handles`` as one): a token then shares its form's id, and columns are
    computed for forms only (most new tokens in a stream are handles, links and numbers).
    When more than ``max_tokens`` distinct tokens have been seen, the table starts afresh (columns
    included) at the next :meth:`encode`; ids from before are then invalid.
    """

    def __init__(self, *, max_tokens: int = 1_000_000, pattern: re.Pattern = TOKEN_PATTERN, canonical=None):
        self.max_tokens = max_tokens
        self._canonical = canonical
        self.pattern = pattern
        self._batch_pattern = batch_pattern(pattern)
        # the batch pattern's tokens, from C for the patterns it knows (the same tokens)
        self._findall = COMPILED.get(pattern, self._batch_pattern.findall)
        self.generation = 0
        self._reset()

    def _reset(self):
        self._ids: dict[str, int] = {SEPARATOR: 0}
        self.tokens: list[str] = [SEPARATOR]
        self._columns: dict = {}
        self.generation += 1

    def __len__(self) -> int:
        return len(self.tokens)

    def encode(self, lowered: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(token ids, text index of each token) for the texts ``lowered`` (lower-cased for
        :data:`TOKEN_PATTERN`), in order."""
        joined = SEPARATOR.join(lowered)
        if joined.count(SEPARATOR) == max(0, len(lowered) - 1):
            tokens = self._findall(joined)
        else:  # a text contains NUL: cut each text alone
            tokens = []
            for number, text in enumerate(lowered):
                if number:
                    tokens.append(SEPARATOR)
                tokens += self.pattern.findall(text)
        flat = self._ids_of(tokens)
        separator = flat == 0
        documents = np.cumsum(separator)
        keep = ~separator
        return flat[keep], documents[keep]

    def encode_tokens(self, token_lists: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
        """(token ids, text index of each token) for texts already cut into tokens."""
        lengths = np.fromiter(map(len, token_lists), dtype=np.int64, count=len(token_lists))
        flat = self._ids_of([token for tokens in token_lists for token in tokens])
        return flat, np.repeat(np.arange(len(token_lists)), lengths)

    def _ids_of(self, tokens: list[str]) -> np.ndarray:
        """The ids of ``tokens`` (new tokens get ids). Each distinct token of the batch is looked up
        once: Arrow's dictionary encoding (in C) gives the distinct tokens and where each occurs."""
        if len(tokens) < 1_000:
            return self._ids_of_each(tokens)
        try:
            encoded = pa.array(tokens, type=pa.large_string()).dictionary_encode()
        except (pa.ArrowException, UnicodeError):  # not text Arrow can hold (a lone surrogate): one by one
            return self._ids_of_each(tokens)
        distinct = self._ids_of_each(encoded.dictionary.to_pylist())
        return distinct[encoded.indices.to_numpy(zero_copy_only=False)]

    def _ids_of_each(self, tokens: list[str]) -> np.ndarray:
        ids = self._ids
        flat = np.fromiter(map(ids.get, tokens, repeat(-1)), dtype=np.int64, count=len(tokens))
        unseen = np.flatnonzero(flat < 0)
        if not len(unseen):
            return flat
        new = {tokens[position] for position in unseen.tolist()}
        if len(ids) + len(new) > self.max_tokens:
            self._reset()
            ids = self._ids
            new = set(tokens).difference(ids)
            unseen = np.arange(len(tokens))
        if self._canonical is None:
            for token in new:  # ids follow the set's order: no result depends on them
                ids[token] = len(self.tokens)
                self.tokens.append(token)
        elif new:
            new = list(new)
            forms = self._canonical(new)
            for form in set(forms).difference(ids):
                ids[form] = len(self.tokens)
                self.tokens.append(form)
            ids.update(zip(new, map(ids.__getitem__, forms)))
        getitem = ids.__getitem__
        flat[unseen] = [getitem(tokens[position]) for position in unseen.tolist()]
        return flat

    def column(self, key, compute, dtype, width: int | None = None) -> np.ndarray:
        """The column ``key`` for every token seen (``compute(tokens) -> values`` for those not yet
        computed). The returned array may be written to (a consumer's lazily filled values)."""
        stored = self._columns.get(key)
        done = 0 if stored is None else len(stored)
        if done < len(self.tokens):
            values = np.asarray(compute(self.tokens[done:]), dtype=dtype)
            if width is not None:
                values = values.reshape(-1, width)
            stored = values if stored is None else np.concatenate([stored, values])
            self._columns[key] = stored
        return stored

    def drop(self, key) -> None:
        """Forget a column (its owner's cached values changed)."""
        self._columns.pop(key, None)


_DIGIT_RUNS = re.compile(r"\d+")


_HANDLE_LINES = re.compile(r"^@[^\n]*", re.MULTILINE)
_LINK_LINES = re.compile(r"^(?:https?://|www\.)[^\n]*", re.MULTILINE)


def lowered_forms(tokens: list[str]) -> list[str]:
    """Canonical forms of lower-cased tokens for language detection and the n-gram scorer, which
    read a handle as a handle, a link as a link and every run of digits as one ``0``: ``@_``,
    ``http://_``, and digit runs as ``0`` (three substitutions over the tokens joined by lines)."""
    joined = "\n".join(tokens)
    if joined.count("\n") != len(tokens) - 1:  # a token with a line break (not one of TOKEN_PATTERN's)
        return ["@_" if token[0] == "@" else "http://_" if token.startswith(LINK_PREFIXES)
                else _DIGIT_RUNS.sub("0", token) for token in tokens]
    joined = _LINK_LINES.sub("http://_", _HANDLE_LINES.sub("@_", joined))
    return _DIGIT_RUNS.sub("0", joined).split("\n")
