"""What is talked about: top words, hashtags and two-word phrases, with Norwegian (bokmål and
nynorsk) and English stop words that a user can extend per call."""
from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable

import pandas as pd
import yaml

from ..errors import AnalysisError
from ..paths import RESOURCES_DIR
from ..privacy import redaction_pattern
from ..text.tokens import tokenize
from ._common import audience_mentions, require_columns

KINDS = ("word", "hashtag", "bigram")
MIN_WORD_LENGTH = 3


@functools.cache
def _shipped_stop_words() -> dict[str, frozenset[str]]:
    raw = yaml.safe_load((RESOURCES_DIR / "stop_words.yaml").read_text(encoding="utf-8"))
    return {language: frozenset(words.split()) for language, words in raw.items()}


def stop_words(*, languages: Iterable[str] = ("nb", "nn", "en"), extra: Iterable[str] = ()) -> frozenset[str]:
    """The shipped stop words of ``languages`` (nb, nn, en) plus ``extra`` (lower-cased).

    Raises AnalysisError for a language without a list.
    """
    shipped = _shipped_stop_words()
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


def _terms(tokens: list[str], kind: str, stop: frozenset[str]) -> list[str]:
    if kind == "hashtag":
        return [token for token in tokens if token.startswith("#") and len(token) > 1]
    words = [token if (token[:1].isalpha() and len(token) >= MIN_WORD_LENGTH and token not in stop
                       and not any(character.isdigit() for character in token)) else None
             for token in tokens]
    if kind == "word":
        return [word for word in words if word]
    return [f"{first} {second}" for first, second in zip(words, words[1:]) if first and second]


def count_terms(texts: Iterable, *, kind: str = "word", stop: frozenset[str] = frozenset()) -> Counter:
    """How many texts contain each term (each term counted once per text); pseudonyms and masks are left out."""
    if kind not in KINDS:
        raise AnalysisError(f"kind must be one of {', '.join(KINDS)}; found {kind!r}", argument="kind",
                            expected=", ".join(KINDS), found=repr(kind))
    counter: Counter = Counter()
    redacted = redaction_pattern()  # pseudonyms and masks put into texts by the privacy step; not terms
    for text in texts:
        if isinstance(text, str):
            text = redacted.sub(" 0 ", text)  # "0" is never a term, so no phrase spans what was removed
        counter.update(set(_terms(tokenize(text), kind, stop)))
    return counter


def top_terms(mentions: pd.DataFrame, *, kind: str = "word", top: int = 20, subject: str | None = None,
              extra_stop_words: Iterable[str] = (), languages: Iterable[str] = ("nb", "nn", "en")) -> pd.DataFrame:
    """The ``top`` most frequent words, hashtags or two-word phrases (``kind``) in others' mentions.

    Columns: term, mentions (how many mentions contain it), share (of all mentions counted).
    Stop words of ``languages`` and ``extra_stop_words`` are left out (not for hashtags);
    ties are broken alphabetically. Raises AnalysisError for an unknown kind.
    """
    require_columns(mentions, ["text"], step="top_terms")
    rows = audience_mentions(mentions, subject=subject, columns=["text"])
    stop = stop_words(languages=languages, extra=extra_stop_words)
    counter = count_terms(rows["text"].tolist(), kind=kind, stop=stop)
    ranked = sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:top]
    total = len(rows)
    return pd.DataFrame({"term": pd.array([term for term, _ in ranked], dtype="str"),
                         "mentions": [float(count) for _, count in ranked],
                         "share": [count / total for _, count in ranked] if total else []})
