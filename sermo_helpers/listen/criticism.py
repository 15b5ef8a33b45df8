"""The criticism to answer: critical mentions ranked by reach and engagement, answered or not.

A mention is critical when the preparation step flagged it (``critical``, defined once in
:func:`sermo_helpers.workbook.mark_critical`).

Priority = percentile rank of reach + percentile rank of engagement among the negative mentions
(0–2; a missing count ranks lowest), so a post that both travelled far and drew reactions comes
first; ties go to the larger reach. A mention is answered when one of the client's own messages
(``is_own``) replies to it (``in_reply_to``) or, later, in the same thread (``thread_id``).
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter

import numpy as np
import pandas as pd

from ..errors import AnalysisError
from ._common import audience_mask, select_rows, require_columns

CRITICISM_COLUMNS = ["mention_id", "published_at", "channel", "author", "text", "reach", "engagement",
                     "polarity", "priority", "answered", "first_reply_at", "minutes_to_reply"]


def rank_criticism(scored: pd.DataFrame, *, subject: str | None = None, top: int | None = None) -> pd.DataFrame:
    """Critical mentions by others, highest priority first, with answered/unanswered status.

    Columns: mention_id, published_at, channel, author, text, reach, engagement, polarity, priority,
    answered (bool), first_reply_at, minutes_to_reply (NaN when unanswered).
    Raises AnalysisError when the prepared columns are missing (open the data with open_workbook).
    """
    require_columns(scored, ["mention_id", "published_at", "critical", "polarity"], step="rank_criticism")
    # others' critical mentions of the subject, only the columns read here: one copy of a small share
    # of the rows, not of every column of all others' mentions
    # (the texts are taken last, in the final order: one copy of the texts shown)
    keep = scored["critical"].astype(bool).to_numpy(dtype=bool) & audience_mask(scored, subject=subject)
    negative = select_rows(scored[[column for column in (*CRITICISM_COLUMNS, "thread_id")
                                   if column in scored.columns and column != "text"]], keep)
    first_reply = _first_replies(scored, negative)
    out = negative.reindex(columns=[c for c in CRITICISM_COLUMNS if c in negative.columns or c in
                                    ("channel", "author", "text", "reach", "engagement")])
    for column in ("reach", "engagement"):
        out[column] = pd.to_numeric(out[column], errors="coerce").astype(float)
    out["priority"] = (out["reach"].rank(pct=True, method="average").fillna(0.0)
                       + out["engagement"].rank(pct=True, method="average").fillna(0.0))
    # map() of or with an empty frame cannot infer the dtype (no criticism, or no own replies at all)
    replies = (out["mention_id"].map(first_reply) if len(out) and len(first_reply)
               else pd.Series(pd.NaT, index=out.index, dtype="datetime64[us, UTC]"))
    out["first_reply_at"] = replies.astype("datetime64[us, UTC]")
    out["answered"] = out["first_reply_at"].notna()
    out["minutes_to_reply"] = (out["first_reply_at"] - out["published_at"]).dt.total_seconds() / 60
    out = out.set_axis(np.flatnonzero(keep))  # each row's position in scored
    out = out.sort_values(["priority", "reach", "published_at"], ascending=[False, False, True], kind="stable")
    out = out.head(top) if top is not None else out
    positions = out.index.to_numpy()
    out = out[CRITICISM_COLUMNS].reset_index(drop=True)
    if "text" in scored.columns:
        out["text"] = scored["text"].array.take(positions)
    return out


def _first_replies(frame: pd.DataFrame, targets: pd.DataFrame) -> pd.Series:
    """mention_id -> time of the first own message answering it (direct reply or later in its thread)."""
    if "is_own" not in frame.columns or targets.empty:
        return pd.Series(dtype="datetime64[us, UTC]")
    own = select_rows(frame[[column for column in ("in_reply_to", "thread_id", "published_at") if column in frame.columns]],
                      frame["is_own"].fillna(False).astype(bool))
    found = []
    if "in_reply_to" in own.columns:
        direct = own.dropna(subset=["in_reply_to"]).groupby("in_reply_to")["published_at"].min()
        found.append(direct)
    if "thread_id" in frame.columns and targets["thread_id"].notna().any():
        pairs = targets[["mention_id", "thread_id", "published_at"]].dropna(subset=["thread_id"]).merge(
            own[["thread_id", "published_at"]].dropna(subset=["thread_id"]), on="thread_id", suffixes=("", "_own"))
        pairs = pairs[pairs["published_at_own"] > pairs["published_at"]]
        found.append(pairs.groupby("mention_id")["published_at_own"].min())
    if not found:
        return pd.Series(dtype="datetime64[us, UTC]")
    combined = pd.concat(found)
    return combined.groupby(level=0).min()


# --- identical and near-identical texts, one row each -----------------------------------------------------

SIMILARITY_THRESHOLD = 0.85
SHOWN_GROUPS = 15  # rows of the handout's criticism list (listen.handout.show_criticism)
GROUP_COLUMNS = ["count", "authors", "first_published_at", "last_published_at", "channels", "mention_id",
                 "published_at", "channel", "author", "text", "reach", "engagement", "polarity", "priority",
                 "answered", "first_reply_at", "minutes_to_reply", "answered_count"]
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_HANDLE = re.compile(r"(?<!\w)@\w+")
_SHARE_PREFIX = re.compile(r"^\s*(?:RT|Deler|Del|Delt|Shared|Sharing|Repost)\b\s*:?\s*(?:@\w+\s*:?)?\s*",
                           re.IGNORECASE)
_TRAILING_TAGS = re.compile(r"(?:\s*#\w+)+\s*$")
_WORD = re.compile(r"\w+")


def criticism_text_key(text) -> tuple[str, ...]:
    """A text's words as the criticism list compares them: Unicode NFKC, lower case, whitespace and
    punctuation ignored; links, @handles and pseudonyms ("Innbygger 3F9A2C") ignored (they name who, not
    what); a share prefix ("RT @x:", "Deler:") and hashtags at the end dropped, a hashtag's # elsewhere
    dropped. Empty for a missing text."""
    if not isinstance(text, str):
        return ()
    from ..privacy import pseudonym_pattern

    text = unicodedata.normalize("NFKC", text)
    text = pseudonym_pattern().sub(" ", text)
    text = _SHARE_PREFIX.sub("", text)
    text = _URL.sub(" ", text)
    text = _HANDLE.sub(" ", text)
    text = _TRAILING_TAGS.sub("", text)
    return tuple(_WORD.findall(text.lower()))


def _similarity(one: frozenset, other: frozenset) -> float:
    union = len(one | other)
    return len(one & other) / union if union else 1.0


def group_criticism(ranked: pd.DataFrame, *, threshold: float = SIMILARITY_THRESHOLD,
                    top: int | None = None) -> pd.DataFrame:
    """The ranked criticism (:func:`rank_criticism`) with identical and near-identical texts as one row.

    Two texts are the same when their words (:func:`criticism_text_key`) are equal; near-identical when
    the Jaccard similarity of their sets of words (shared words / all words of the two) is at least
    ``threshold`` (0.85: one word more or less in a text of seven or more words; a shorter text must match
    exactly). Each text joins the first group, in priority order, whose first text is that similar (prefix
    filtering finds the candidates, so long lists stay fast); texts without words stay one row each.

    Requires ``published_at``, ``channel``, ``author``, ``text``, ``reach``, ``engagement`` and ``answered``.
    Columns: the group's first (highest-priority) mention's columns, plus ``count`` (mentions in the
    group), ``authors`` (distinct authors), ``first_published_at``/``last_published_at``, ``channels``
    (the channels, most used first, joined with ", "), ``reach`` and ``engagement`` summed over the group,
    ``answered_count`` (answered mentions). Order: the groups' best priority. Other columns of ``ranked``
    (``venue``) are kept from the first mention. The input is not modified.

    ``top``: only the first ``top`` groups, exactly as they are in the whole grouping (``.head(top)``),
    counts included. A group's members are the texts similar to its first text and to no earlier
    group's, and groups are opened in priority order, so the first ``top`` groups need each text
    compared with at most ``top`` first texts: linear in the number of texts, where the whole grouping
    compares each new text with every group so far (quadratic when most texts are distinct).
    """
    if not 0 < threshold <= 1:
        raise AnalysisError(f"threshold must be above 0 and at most 1, found {threshold!r}", argument="threshold",
                            expected="0 < threshold <= 1", found=repr(threshold))
    require_columns(ranked, ["published_at", "channel", "author", "text", "reach", "engagement", "answered"],
                    step="group_criticism")
    if top is not None and (isinstance(top, bool) or not isinstance(top, int) or top < 0):
        raise AnalysisError(f"top must be a whole number of groups, at least 0, found {top!r}", argument="top",
                            expected="an int >= 0 or None", found=repr(top))
    ahead = _AHEAD.pop(id(ranked), None)
    if ahead is not None:
        if ahead[0] is ranked and ahead[1:3] == (threshold, top):
            try:
                return ahead[3].result()
            except Exception:  # noqa: BLE001 - grouped here instead: the same error, if any, is raised below
                pass
        else:
            ahead[3].discard()
    if top is None:
        groups = _assign_groups([criticism_text_key(text) for text in ranked["text"]], threshold)
    else:
        groups = _assign_first_groups(ranked["text"].tolist(), threshold, limit=top)
    frame = ranked.reset_index(drop=True).assign(_group=groups)
    if top is not None:
        frame = frame[frame["_group"] >= 0]  # texts of later groups than the first ``top``
    grouped = frame.groupby("_group", sort=False)
    out = grouped.head(1).set_index("_group")  # a new frame: the group's first mention
    out["count"] = grouped.size().astype("int64")
    out["authors"] = grouped["author"].nunique().astype("int64")
    out["first_published_at"] = grouped["published_at"].min()
    out["last_published_at"] = grouped["published_at"].max()
    out["channels"] = grouped["channel"].agg(
        lambda values: ", ".join(values.astype("str").value_counts(sort=True).index)).astype("str")
    for column in ("reach", "engagement"):
        out[column] = grouped[column].sum(min_count=1).astype("float64")
    out["answered_count"] = grouped["answered"].sum().astype("int64")
    kept = [column for column in GROUP_COLUMNS if column in out.columns]
    extra = [column for column in ranked.columns if column not in GROUP_COLUMNS]
    return out[kept + extra].reset_index(drop=True)


# Groupings started ahead (group_criticism_ahead): id of the ranked frame -> (the frame, threshold,
# top, its pending grouping). The frame is held, so its id is not reused while the entry lives.
_AHEAD: dict[int, tuple] = {}
AHEAD_ROWS = 20_000  # a shorter list is grouped when shown (forking and sending it back cost more)


def group_criticism_ahead(ranked: pd.DataFrame, *, threshold: float = SIMILARITY_THRESHOLD,
                          top: int | None = SHOWN_GROUPS) -> bool:
    """Start :func:`group_criticism` of ``ranked`` in a forked process (one core,
    :func:`sermo_helpers.parallel.fork_call`) and return at once; the next ``group_criticism`` call with
    the same frame (the same object, not modified: results are never modified) and options takes its
    value instead of grouping again, or groups itself when the process failed. An edition's Listen stage
    starts it before the later stages' look-ahead (:func:`sermo_helpers.workbook.shared_result`), so
    the list is grouped beside them. False when nothing was started: a list of fewer than
    :data:`AHEAD_ROWS` texts (grouped in well under a second) or no process could be forked."""
    from ..parallel import fork_call

    if len(ranked) < AHEAD_ROWS:
        return False
    pending = fork_call(lambda: group_criticism(ranked, threshold=threshold, top=top))
    if pending is None:
        return False
    for entry in _AHEAD.values():  # one edition at a time: an earlier edition's unused grouping is dropped
        entry[3].discard()
    _AHEAD.clear()
    _AHEAD[id(ranked)] = (ranked, threshold, top, pending)
    return True


def _assign_groups(keys: list[tuple[str, ...]], threshold: float) -> list[int]:
    """Group number per key (0, 1, …, in order of first appearance) by the rule of :func:`group_criticism`."""
    # Prefix filtering holds for any fixed order of the words; rarest first keeps the candidate
    # lists short (in alphabetical order the prefixes were common words, and a long list of
    # criticism compared nearly every text with every group: quadratic at a million mentions).
    frequency = Counter(word for key in set(keys) for word in set(key))
    rarest_first = {word: (count, word) for word, count in frequency.items()}.__getitem__
    exact: dict[tuple[str, ...], int] = {}
    index: dict[str, list[int]] = {}
    representatives: list[frozenset] = []
    out = []
    for key in keys:
        if not key:
            out.append(len(representatives))
            representatives.append(frozenset())
            continue
        if key in exact:
            out.append(exact[key])
            continue
        words = frozenset(key)
        prefix = _prefix(words, threshold, order=rarest_first)
        found = None
        for candidate in sorted({group for word in prefix for group in index.get(word, ())}):
            if _similarity(words, representatives[candidate]) >= threshold - 1e-12:
                found = candidate
                break
        if found is None:
            found = len(representatives)
            representatives.append(words)
            for word in prefix:
                index.setdefault(word, []).append(found)
        exact[key] = found
        out.append(found)
    return out


def _assign_first_groups(texts: list, threshold: float, *, limit: int) -> list[int]:
    """:func:`_assign_groups` with ``limit``, for texts: the same group numbers (-1 past the first ``limit``
    groups) without a key kept per text. A text seen before gets its group again (a repeated text has the
    same words); a new text is compared with the at most ``limit`` groups' first texts, those whose number
    of words rules out the threshold skipped (Jaccard is at most the smaller set's size over the larger's).
    Once every group is open, :func:`_may_join` of the texts still to come is found at once
    (:func:`_may_join_flags`, on every core for a long list)."""
    by_text: dict[str, int] = {}
    exact: dict[tuple[str, ...], int] = {}
    representatives: list[tuple[frozenset, int]] = []
    bound = threshold - 1e-9  # below this size ratio no pair can reach threshold - 1e-12
    needles: list[tuple[str, ...]] = []  # once every group is open: per group, words one of which a member has
    sifted, sifted_from = None, 0  # from text number sifted_from on: _may_join of each
    out = []
    for number, text in enumerate(texts):
        known = by_text.get(text) if isinstance(text, str) else None
        if known is not None:
            out.append(known)
            continue
        if len(representatives) >= limit and not needles:
            needles = [_needles(first, threshold) for first, _ in representatives if first]
            if needles:
                sifted, sifted_from = _may_join_flags(texts, number, needles), number
        if needles and not sifted[number - sifted_from]:
            out.append(-1)  # similar to no open group's first text, and no group may open
            continue
        key = criticism_text_key(text)
        if not key:  # texts without words stay one row each (a group of their own while groups may open)
            if len(representatives) >= limit:
                out.append(-1)
            else:
                out.append(len(representatives))
                representatives.append((frozenset(), 0))
            continue
        found = exact.get(key)
        if found is None:
            words = frozenset(key)
            size = len(words)
            found = -1
            for number_of_group, (first, first_size) in enumerate(representatives):
                if min(size, first_size) < bound * max(size, first_size):
                    continue
                if _similarity(words, first) >= threshold - 1e-12:
                    found = number_of_group
                    break
            if found == -1 and len(representatives) < limit:
                found = len(representatives)
                representatives.append((words, size))
            exact[key] = found
        by_text[text] = found
        out.append(found)
    return out


def _may_join_flags(texts: list, start: int, needles: list[tuple[tuple[str, ...], int]]) -> np.ndarray:
    """:func:`_may_join` of each of ``texts[start:]``, as a bool array. Each text's answer depends on it
    and the open groups alone, so a long list is shared between forked worker processes
    (:func:`~sermo_helpers.parallel.process_map`) in pieces of :data:`JOIN_PIECE` texts."""
    from ..parallel import process_map

    def piece(first: int) -> np.ndarray:
        return np.fromiter((_may_join(text, needles) for text in texts[first:min(first + JOIN_PIECE, len(texts))]),
                           dtype=bool)

    firsts = range(start, len(texts), JOIN_PIECE)
    parts = process_map(piece, firsts, rows=len(texts) - start)
    return np.concatenate(parts) if parts else np.zeros(0, dtype=bool)


JOIN_PIECE = 40_000  # texts per piece of _may_join_flags


def _needles(first: frozenset, threshold: float) -> tuple[tuple[str, ...], int]:
    """A group's first text's words (longest first) and how many of them a similar text may lack: with
    Jaccard >= t to a text of |x| words, a text lacks at most |x| - ceil(t·|x|) of them."""
    ordered = tuple(sorted(first, key=lambda word: (-len(word), word)))
    return ordered, len(ordered) - math.ceil(threshold * len(ordered) - 1e-9)


def _may_join(text, needles: list[tuple[tuple[str, ...], int]]) -> bool:
    """False only when the text cannot be similar to any open group's first text (so needs no key): each
    word of :func:`criticism_text_key` is a piece of the NFKC-normalised, lower-cased text, so a text
    lacking more of a first text's words than similarity allows is not similar to it. A text with a
    capital sigma (whose lower case depends on the next character, which the key's clean-up may
    remove) is always keyed."""
    if not isinstance(text, str) or "\u03a3" in text:
        return True
    lowered = unicodedata.normalize("NFKC", text).lower()
    for words, allowed in needles:
        missing = 0
        for word in words:
            if word not in lowered:
                missing += 1
                if missing > allowed:
                    break
        else:
            return True
    return False


def _prefix(words: frozenset, threshold: float, *, order=None) -> list[str]:
    """The first |x| - ceil(t·|x|) + 1 words in one fixed order (``order``: a sort key; default
    alphabetical): two sets with Jaccard >= t share one of them."""
    ordered = sorted(words, key=order)
    return ordered[:len(ordered) - math.ceil(threshold * len(ordered) - 1e-9) + 1]
