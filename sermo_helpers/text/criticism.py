"""Criticism of the client: does a mention blame, accuse or report a failure of the client?

A signal beside polarity, in bokmål, nynorsk and English, that also catches neutral-toned news
("Ordføreren i Fjordvik beklager varslingen av kokevarselet") and ignores criticism aimed at
someone else in a mention of the client ("Fjordvik kommune kritiserer Statens vegvesen").
The labelling guide that defines it is ``sermo_helpers/text/CRITICISM_LABELLING_GUIDE.md``; the
measured precision and recall are in ``sermo_helpers/text/MODEL_CARD.md``.

How a text is read (rules, no learning; cue lists in ``resources/criticism_cues.yaml``):

1. **Cues**: words and word pairs of criticism, each of a kind: apology, failure, delay,
   complaint, demand, resignation, investigation, blame, no answer. A kind is also *outward*
   (``kritiserer``, ``krever``, ``blames``: the one before it criticises the one after it) or
   *inward* (``beklager``, ``svikter``, ``går av``, ``forsinket``: the one it is said of is the one
   at fault).
2. **Actors**: the client (any of its names or keywords, given by the caller; its role words such
   as ``kommunen``, ``ordføreren``, ``rådmannen`` by default; second person ``dere``/``dykk``/``you``,
   which on the client's channels addresses the client) and others (capitalised names that are not
   the client's, ``@handles`` of others, and institution words such as ``regjeringen``, ``politiet``).
3. **Target of each cue**, within its sentence: after an outward cue, the first actor after it
   (``Kritikk mot X``, ``X kritiserer Y`` → Y), or, with none, nobody in particular; for an inward
   cue, the nearest actor before it, else the first after it. A cue whose target is the client or
   nobody in particular counts as criticism of the client (the mention is about the client:
   it was found by the client's keywords or posted on its channels); a cue aimed at another actor
   does not.
4. Optionally, the sentiment scorer's label: a **negative** text counts too when it names or
   addresses the client and nobody else, or, not being a reply (no leading ``@handle``), names
   nobody at all (a complaint or a bad review needs no cue word: "Originaliteten er lav"). A
   negative reply that names nobody is not counted: replies are often about anything.

A mention is critical when at least one cue (or the polarity rule) counts for the client.
"""
from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import yaml

from ..errors import AnalysisError
from ..paths import RESOURCES_DIR
from . import prefilter
from .language import language_of_tokens
from . import tokens as tokens_module
from .tokens import TOKEN_PATTERN

WORD = re.compile(r"[@#]?\w+(?:[-'’]\w+)*|[.!?;:\n]")
# WORD's matches and their starts from C (text/_tokens.c: words), where the package was built with it
_compiled_words = tokens_module._tokens.words if tokens_module.compiled() else None
SENTENCE_BREAKS = frozenset(".!?;:\n")
_DIGIT_RUNS = re.compile(r"\d+")
MAX_CACHED = 200_000  # findings remembered by a detector (see CriticismDetector.score_texts)
MAX_WORDS_CACHED = 100_000  # tokens whose actor a detector remembers (see CriticismDetector._word_actor)
RESOLVED_KINDS = frozenset({"failure", "delay"})  # a sentence that reports a fix cancels these
CLAUSE_STARTS = frozenset({"hvorfor", "kvifor", "why", "at", "som", "that", "men", "but", ",", "og", "and"})
AGENT_KINDS = frozenset({"apology", "resignation"})  # said by or of the one at fault, named right before
THING_KINDS = frozenset({"failure", "delay", "no_answer"})  # said of things and services, not of actors


@dataclass(frozen=True)
class Cues:
    """Cue stems (a token starting with a stem matches), word pairs and actor words, by kind."""

    stems: dict[str, str]            # stem -> kind
    words: dict[str, str]            # exact word -> kind
    pairs: dict[str, tuple[tuple[tuple[str, ...], str], ...]]  # first word -> ((words, kind), ...)
    outward: frozenset[str]          # kinds whose target follows the cue
    excluded: frozenset[str]         # tokens that start like a stem but are not cues
    resolution: tuple[str, ...]      # stems of words that report a fix
    not_phrases: dict[str, tuple[tuple[str, ...], ...]]  # first word -> phrases that cancel a cue there
    cue_negators: frozenset[str]     # a failure cue right after one of these is negated
    roles: frozenset[str]            # words that refer to the client by its role
    second_person: frozenset[str]
    others: frozenset[str]           # institution words that are never the client unless named
    pattern: re.Pattern              # a fast pre-filter: any stem or pair word in the lower-cased text


@functools.cache
def criticism_cues() -> Cues:
    """The cue lists of ``resources/criticism_cues.yaml``."""
    raw = yaml.safe_load((RESOURCES_DIR / "criticism_cues.yaml").read_text(encoding="utf-8"))
    stems, words, pairs, outward = {}, {}, {}, set()
    for kind, entry in raw["kinds"].items():
        if entry.get("outward"):
            outward.add(kind)
        for stem in entry.get("stems", []):
            stems[str(stem).lower()] = kind
        for word in entry.get("words", []):
            words[str(word).lower()] = kind
        for pair in entry.get("pairs", []):
            phrase = tuple(str(pair).lower().split())
            pairs.setdefault(phrase[0], []).append((phrase, kind))
    pairs = {first: tuple(sorted(entries, key=lambda entry: -len(entry[0]))) for first, entries in pairs.items()}
    not_phrases: dict[str, list] = {}
    for phrase in raw.get("not_phrases", []):
        words_of = tuple(str(phrase).lower().split())
        not_phrases.setdefault(words_of[0], []).append(words_of)
    not_phrases = {first: tuple(entries) for first, entries in not_phrases.items()}
    # The pre-filter: a stem at a word start, a whole word, or a whole phrase (so that the first
    # word of a phrase, "er" of "er nede", does not make every text a candidate).
    # Stems, words and phrases go into one character trie, so the expression tries the alternatives
    # that share a beginning once (a flat list of 300 alternatives is several times slower).
    entries = [(stem, "") for stem in stems] + [(word, r"(?!\w)") for word in words]
    entries += [(" ".join(phrase), r"(?!\w)") for options in pairs.values() for phrase, _ in options]
    pattern = re.compile(r"(?<!\w)" + _trie_pattern(entries))
    return Cues(stems, words, pairs, frozenset(outward), frozenset(str(w).lower() for w in raw.get("not_cues", [])),
                tuple(str(w).lower() for w in raw.get("resolution", [])), not_phrases,
                frozenset(str(w).lower() for w in raw.get("cue_negators", [])),
                frozenset(str(w).lower() for w in raw["client_roles"]),
                frozenset(str(w).lower() for w in raw["second_person"]),
                frozenset(str(w).lower() for w in raw["other_actors"]), pattern)


def _trie_pattern(entries: list[tuple[str, str]]) -> str:
    """A regular expression matching any of ``entries`` (text, what must follow it), built as a
    trie; a space in a text matches any run of white space."""
    trie: dict = {}
    for text, tail in entries:
        node = trie
        for character in text:
            node = node.setdefault(character, {})
        node.setdefault("", set()).add(tail)

    def build(node: dict) -> str:
        branches = []
        for key in sorted(k for k in node if k):
            head = r"\s+" if key == " " else re.escape(key)
            branches.append(head + build(node[key]))
        ends = node.get("", set())
        if "" in ends:  # a stem ends here: nothing needs to follow
            branches.append("")
        elif ends:
            branches.append(r"(?!\w)")
        if len(branches) == 1:
            return branches[0]
        return "(?:" + "|".join(branches) + ")"

    return build(trie)


def _cue_kind(token: str, cues: Cues) -> str | None:
    if token in cues.excluded:
        return None
    kind = cues.words.get(token)
    if kind is not None:
        return kind
    for end in range(len(token), 2, -1):
        kind = cues.stems.get(token[:end])
        if kind is not None:
            return kind
    return None


def _name_parts(names: Iterable[str]) -> tuple[frozenset[str], tuple[tuple[str, ...], ...]]:
    """Single-word client names and multi-word ones (lower-cased word tuples)."""
    single, multi = set(), []
    for name in names:
        words = tuple(WORD.findall(str(name).lower().lstrip("#")))
        words = tuple(w.lstrip("@#") for w in words if w not in SENTENCE_BREAKS)
        if len(words) == 1:
            single.add(words[0])
        elif words:
            multi.append(words)
    return frozenset(single), tuple(multi)


@dataclass(frozen=True)
class CriticismFinding:
    """Whether a text criticises the client, the first cue kind that counted, and the target
    found for it (``client``, ``unspecified``; ``other`` when every cue was aimed elsewhere)."""

    critical: bool
    kind: str
    target: str


NOT_CRITICAL = CriticismFinding(False, "", "")  # findings are immutable: one shared
_NO_CUE = CriticismFinding(False, "", "")  # equal to NOT_CRITICAL: a text without cue and negative tone (not read)


class _Tokens:
    """One text's tokens and the actor of each, both found when first needed: the text is tokenised
    from its start sentence by sentence, only as far as the cues read need (a cue's rules read its own
    sentence and up to three words before it; the first cue aimed at the client ends the reading), and
    a token's actor is found when first asked for (most never are).

    Tokenising a text from the start up to the end of a sentence gives the same tokens as tokenising
    the whole text and stopping there: a sentence break (``.!?;:`` or a new line) is a token of its
    own and no other token holds one."""

    __slots__ = ("_detector", "_text", "_lowered_text", "words", "lowered", "starts", "_upto", "body",
                 "_client_in_body", "_found", "_word_actors")

    def __init__(self, detector: "CriticismDetector", text: str, lowered_text: str):
        self._detector, self._text, self._lowered_text = detector, text, lowered_text
        self.words: list[str] = []
        self.lowered: list[str] = []
        self.starts: list[int] = []
        self._upto = 0  # text[:_upto] is tokenised: 0, the text's length, or just after a sentence break
        self.body = 0  # the first token that is not a leading @handle (known once anything is tokenised)
        self._client_in_body: bool | None = None
        self._found: dict[int, str | None] = {}  # actors of tokens whose neighbours decide them
        self._word_actors = detector._word_actors

    def through(self, position: int) -> None:
        """Tokenise the text up to the end of the sentence that holds character ``position``."""
        upto, text = self._upto, self._text
        if position < upto:
            return
        stop = _BREAK.search(text, position)
        end = stop.end() if stop is not None else len(text)
        if _compiled_words is not None:
            words, starts = _compiled_words(text, upto, end)
        else:  # pragma: no cover - without the compiled tokeniser: the expression itself
            matches = list(WORD.finditer(text, upto, end))
            words, starts = list(map(re.Match.group, matches)), list(map(re.Match.start, matches))
        if not upto:  # leading @handles address a reply; the first sentence break ends them at the latest
            self.body = next((i for i, word in enumerate(words) if word[0] != "@"), len(words))
        self.words += words
        self.lowered += map(str.lower, words)
        self.starts += starts
        self._upto = end

    def complete(self) -> None:
        """Tokenise the whole text."""
        self.through(len(self._text))

    @property
    def client_in_body(self) -> bool:
        """Whether the client is named or addressed after the leading @handles."""
        if self._client_in_body is None:
            pattern = self._detector._client_pattern
            body, starts = self.body, self.starts
            # every token before the text's end is tokenised when all tokenised ones are leading @handles
            start = starts[body] if body < len(starts) else len(self._text)
            self._client_in_body = pattern is not None and pattern.search(self._lowered_text, start) is not None
        return self._client_in_body

    def __getitem__(self, i: int) -> str | None:
        word = self.words[i]
        actor = self._word_actors.get(word, _UNSET)
        if actor is _UNSET:
            actor = self._detector._word_actor(word)
        if actor is _CAPITALISED:  # a name, or at a sentence's start a name when the next word is capitalised too
            words = self.words
            j = i - 1
            while j >= 0 and words[j][0] in "@#":
                j -= 1
            if j >= 0 and words[j] not in SENTENCE_BREAKS:
                return "name"
            following = words[i + 1] if i + 1 < len(words) else ""
            return "name" if following[:1].isupper() and following not in SENTENCE_BREAKS else None
        if actor is _CONTEXT:
            actor = self._found.get(i, _UNSET)
            if actor is _UNSET:
                actor = self._found[i] = self._find(i)
        return actor

    def _find(self, i: int) -> str | None:
        """The actor of a token whose neighbours or text decide it (see CriticismDetector._word_actor)."""
        words, lowered = self.words, self.lowered
        if lowered[i] == "de":  # nynorsk "you" (the client, addressed); bokmål "they" (someone else)
            text = self._lowered_text
            return "client" if language_of_tokens(TOKEN_PATTERN.findall(text), text) == "nn" else "other"
        j = i - 1
        while j >= 0 and words[j][0] in "@#":
            j -= 1
        sentence_start = j < 0 or words[j] in SENTENCE_BREAKS
        return self._detector._actor(words, lowered, i, sentence_start)

    def resolved(self, i: int) -> str | None:
        """The actor at ``i`` where a capitalised name (``name``) counts as someone else only when
        the client is not named in the text (it may be a place: "i Bakkegata")."""
        actor = self[i]
        if actor == "name":
            return None if self.client_in_body else "other"
        return actor


_UNSET = object()
_CONTEXT = object()  # a token whose actor its neighbours or its text decide
_CAPITALISED = object()  # a capitalised word: a name, unless it starts a sentence (see CriticismDetector._actor)
_BREAK = re.compile(r"[.!?;:\n]")  # SENTENCE_BREAKS: each is a token of its own (see WORD)


class CriticismDetector:
    """Criticism of one client (see the module docstring). ``names``: the client's names,
    keywords and account handles; ``roles``: words that refer to the client by role (default:
    the cue file's list for public bodies); pass ``roles=()`` for a client that is not one."""

    def __init__(self, names: Iterable[str] = (), *, roles: Iterable[str] | None = None,
                 use_sentiment: bool = True):
        names = [str(name) for name in names]
        self.cues = criticism_cues()
        self._single, self._multi = _name_parts(names)
        self._roles = self.cues.roles if roles is None else frozenset(r.lower() for r in roles)
        self._use_sentiment = use_sentiment
        # Look-ups that let most tokens be dismissed with one set test (see _actor).
        self._multi_parts: dict[str, list] = {}
        for name in self._multi:
            for position, part in enumerate(name):
                self._multi_parts.setdefault(part, []).append((name, position))
        self._multi_first = frozenset(self._multi_parts)
        self._long_names = tuple(name for name in self._single if len(name) >= 4)  # also inflected: "Fjordviks"
        self._prefixes = frozenset(name[:4] for name in self._long_names)
        self._client_words = self._roles | self.cues.second_person
        self._known = self._single | self._client_words | self.cues.others | self._multi_first
        # One regular expression tells whether the client is named or addressed in a text at all.
        alternatives = [re.escape(name) + (r"\w{0,2}" if len(name) >= 4 else "") for name in self._single]
        alternatives += [r"[@#]?\s+[@#]?".join(re.escape(part) for part in name) for name in self._multi]
        alternatives += [re.escape(word) for word in self._client_words]
        self._cache: dict = {}
        self._word_actors: dict = {}  # token -> its actor wherever it stands (see _word_actor)
        self._cue_kinds: dict = {}  # lower-cased token -> its cue kind or None (_cue_kind, remembered)
        # a word (tokens hold no white space) that starts with a resolution stem
        self._resolution = re.compile(r"(?<![^ ])(?:" + "|".join(map(re.escape, self.cues.resolution)) + ")"
                                      if self.cues.resolution else r"(?!)")
        self._keep_digits = any(character.isdigit() for name in names for character in name)
        own = sorted({*self._single, *self._multi_parts}, key=len, reverse=True)
        # another account's handle: not one of the client's names (nor an inflection of a long one)
        # "@" first (the look-behind after it: not preceded by a word character or "@"), so that the
        # expression engine jumps from "@" to "@" instead of trying every position
        self._handles = re.compile(r"@(?<![\w@]@)(?!(?:" + "|".join(re.escape(name) for name in own)
                                   + r")\w{0,2}\b)\w+" if own else r"@(?<![\w@]@)\w+", re.IGNORECASE)
        self._client_pattern = (re.compile(r"(?<!\w)[@#]?(?:" + "|".join(sorted(alternatives, key=len, reverse=True))
                                           + r")(?!\w)") if alternatives else None)

    def _normalise(self, text: str) -> str:
        """``text`` with other accounts' handles as ``@_`` and digit runs as ``0`` (see score_texts)."""
        if "@" in text:
            text = self._handles.sub("@_", text)
        return text if self._keep_digits else _DIGIT_RUNS.sub("0", text)

    def _actor(self, words: list[str], lowered: list[str], i: int, sentence_start: bool) -> str | None:
        """``client``, ``other``, ``name`` (a capitalised word: maybe someone, maybe a place) or None."""
        word, low = words[i], lowered[i]
        first = word[0]
        if first.islower() and low not in self._known and low[:4] not in self._prefixes:
            return None  # the common case: an ordinary lower-case word
        bare = low[1:] if first in "@#" else low
        for name, position in self._multi_parts.get(bare, ()):
            if tuple(w.lstrip("@#") for w in lowered[max(0, i - position):i - position + len(name)]) == name:
                return "client"
        if bare in self._single or bare[:4] in self._prefixes and any(
                bare.startswith(name) and (len(bare) - len(name) <= 2 or bare[len(name)] == "-")
                for name in self._long_names):
            return "client"  # also inflected or compounded: "Fjordviks", "Fjellbank-sjefen"
        if low in self._client_words:
            return "client"
        if low in self.cues.others:
            return "other"
        if first == "@" and len(word) > 1:
            return "other"
        if first.isupper() and not word.isdigit():
            if not sentence_start:
                return "name"
            following = words[i + 1] if i + 1 < len(words) else ""
            if word.isupper() and len(word) >= 2:
                return "name"  # NAV, NRK
            if following[:1].isupper() and following not in SENTENCE_BREAKS:
                return "name"  # "Helse Bergen"; "Statens vegvesen" is caught by its second word
        return None

    def _word_actor(self, word: str):
        """The actor of the token ``word`` as :meth:`_actor` finds it wherever the token stands, or
        ``_CONTEXT`` when its neighbours or its text decide it (``de``, a part of a client's name of
        several words), ``_CAPITALISED`` for a capitalised word that is no abbreviation (see
        _Tokens.__getitem__). Remembered per word."""
        actor = self._word_actors.get(word, _UNSET)
        if actor is not _UNSET:
            return actor
        if len(self._word_actors) >= MAX_WORDS_CACHED:
            self._word_actors.clear()
        actor = self._word_actors[word] = self._new_word_actor(word)
        return actor

    def _new_word_actor(self, word: str):
        if word in SENTENCE_BREAKS:
            return None
        low = word.lower()
        if low == "de":
            return _CONTEXT
        first = word[0]
        if first.islower() and low not in self._known and low[:4] not in self._prefixes:
            return None  # the common case: an ordinary lower-case word
        if (low[1:] if first in "@#" else low) in self._multi_parts:
            return _CONTEXT
        actor = self._actor([word], [low], 0, False)  # neither multi-part nor "following" is read
        if actor == "name" and not (word.isupper() and len(word) >= 2):
            return _CAPITALISED  # at a sentence's start its neighbour decides
        return actor

    def find(self, text, sentiment: str | None = None) -> CriticismFinding:
        """The finding for one text (``sentiment``: the scorer's label, optional). A message without
        text has only its tone to go by: negative counts (it names nobody else)."""
        if not isinstance(text, str) or not text or text.isspace():
            if self._use_sentiment and sentiment == "negative":
                return CriticismFinding(True, "negative", "unspecified")
            return _NO_CUE
        lowered_text = text.lower()
        # Only tokens where a cue starts (one regular-expression pass, as far as the cues read need)
        # are looked at: a token starting there, or an @/# token starting just before.
        starts = map(re.Match.start, self.cues.pattern.finditer(lowered_text))
        first = next(starts, None)
        negative = self._use_sentiment and sentiment == "negative"
        if first is None:
            if not negative:
                return _NO_CUE
        else:
            starts = itertools.chain((first,), starts)
        tokens = _Tokens(self, text, lowered_text)
        words, lowered, token_starts = tokens.words, tokens.lowered, tokens.starts  # grown in place by through()
        cues, cue_kinds, findings, last = self.cues, self._cue_kinds, [], -1
        for start in starts:
            tokens.through(start)
            i = bisect.bisect_left(token_starts, start)
            if i == len(token_starts) or token_starts[i] != start:
                i -= 1  # an @handle or #tag whose word the cue starts
                if i < 0 or token_starts[i] != start - 1 or words[i][0] not in "@#":
                    continue
            if i == last:
                continue
            last = i
            low = lowered[i].lstrip("#")
            kind = None
            for phrase, phrase_kind in cues.pairs.get(low, ()):
                if tuple(lowered[i:i + len(phrase)]) == phrase:
                    kind = phrase_kind
                    break
            if kind is None:
                kind = cue_kinds.get(low, _UNSET)
                if kind is _UNSET:
                    if len(cue_kinds) >= MAX_WORDS_CACHED:
                        cue_kinds.clear()
                    kind = cue_kinds[low] = _cue_kind(low, cues)
            if kind is None:
                continue
            if kind in RESOLVED_KINDS and (self._resolved(lowered, i) or self._negated(lowered, i)):
                continue
            target = self._target(tokens, words, i, kind in cues.outward, kind in THING_KINDS, kind in AGENT_KINDS,
                                  tokens.body)
            if target in ("client", "unspecified"):
                return CriticismFinding(True, kind, target)
            findings.append(kind)
        if negative and not findings:  # a cue aimed at someone else explains the negative tone
            tokens.complete()
            body = tokens.body
            # leading @handles address a reply
            named = set(map(tokens.resolved, range(body, len(words)))) - {None}
            if named == {"client"}:
                return CriticismFinding(True, "negative", "client")
            if not named and body == 0:  # a post of its own about the client (a reply may be about anything)
                return CriticismFinding(True, "negative", "unspecified")
        if findings:
            return CriticismFinding(False, findings[0], "other")
        return NOT_CRITICAL

    def _negated(self, lowered: list[str], i: int) -> bool:
        """Whether a failure or delay cue at ``i`` is negated ("ingen problemer") or part of a
        phrase that is no cue ("dårlig samvittighet", "ikke din feil")."""
        for start in range(max(0, i - 2), i + 1):
            for phrase in self.cues.not_phrases.get(lowered[start], ()):
                if start + len(phrase) > i and tuple(lowered[start:start + len(phrase)]) == phrase:
                    return True
        for j in range(i - 1, max(-1, i - 4), -1):  # up to three words back, within the clause
            if lowered[j] in CLAUSE_STARTS:
                return False
            if lowered[j] in self.cues.cue_negators:
                return True
        return False

    def _resolved(self, lowered: list[str], i: int) -> bool:
        """Whether the sentence around token ``i`` reports a fix (a resolution word in it)."""
        start = i
        while start > 0 and lowered[start - 1] not in SENTENCE_BREAKS:
            start -= 1
        end = i + 1
        while end < len(lowered) and lowered[end] not in SENTENCE_BREAKS:
            end += 1
        return self._resolution.search(" ".join(lowered[start:end])) is not None  # a word starting with one

    @staticmethod
    def _target(actors: _Tokens, words: list[str], i: int, outward: bool, thing: bool, agent: bool,
                body: int) -> str:
        """The target of the cue at ``i``: ``client``, ``other`` or ``unspecified`` (see the module
        docstring); for a thing that failed (``thing``: a failure, delay or missing answer, in a text
        that names the client), the client unless someone else is named before it; for an
        apology or resignation (``agent``), a capitalised word right before it that is not the client
        is someone else ("Billettselskapet beklager"). Leading ``@handles`` (before ``body``) only
        address a reply and are no actors here."""
        start = i
        while start > body and words[start - 1] not in SENTENCE_BREAKS:
            start -= 1
        end = i + 1
        while end < len(words) and words[end] not in SENTENCE_BREAKS:
            end += 1
        if outward:  # the one before criticises the one after (a name there is someone); the client as
            # critic is no criticism of it
            after = next(filter(None, map(actors.__getitem__, range(i + 1, end))), None)
            if after:
                return "other" if after == "name" else after
            before = next(filter(None, map(actors.resolved, range(i - 1, start - 1, -1))), None)
            critics = set(map(actors.resolved, range(start, i)))
            return "other" if before == "client" and "other" not in critics else "unspecified"
        if agent and i > start and words[i - 1][0].isupper() and actors[i - 1] != "client":
            return "other"
        before = next(filter(None, map(actors.resolved, range(i - 1, start - 1, -1))), None)
        if thing and actors.client_in_body:
            return "other" if before == "other" else "client"
        return before or next(filter(None, map(actors.resolved, range(i + 1, end))), None) or "unspecified"

    def score_texts(self, texts: Iterable, sentiments: Sequence[str] | None = None) -> pd.DataFrame:
        """Columns ``critical`` (bool), ``criticism_kind`` and ``criticism_target`` (str), one row
        per text in order (``sentiments``: the scorer's labels, optional).

        Texts that differ only in other accounts' ``@handles`` and in numbers get the same finding
        (no rule reads them: a handle is "someone else" whoever it is), so each such text is read
        once and remembered (up to ``MAX_CACHED`` texts) across calls.

        Raises AnalysisError when ``sentiments`` has another length than ``texts``.
        """
        texts = list(texts)
        values = [None] * len(texts) if sentiments is None else list(sentiments)
        if len(values) != len(texts):
            raise AnalysisError(f"expected one sentiment label per text; found {len(values)} for {len(texts)} texts",
                                argument="sentiments", expected=str(len(texts)), found=str(len(values)))
        negative = (np.array([value == "negative" for value in values], dtype=bool) if self._use_sentiment
                    else np.zeros(len(texts), dtype=bool))
        findings, inverse = self._findings(texts, negative)
        critical = np.fromiter((finding.critical for finding in findings), dtype=bool, count=len(findings))
        kinds = np.array([finding.kind for finding in findings], dtype=object)
        targets = np.array([finding.target for finding in findings], dtype=object)
        return pd.DataFrame({"critical": critical[inverse], "criticism_kind": pd.array(kinds[inverse], dtype="str"),
                             "criticism_target": pd.array(targets[inverse], dtype="str")})

    def critical_flags(self, texts: list, negative: np.ndarray) -> np.ndarray:
        """Only the ``critical`` column of :meth:`score_texts` (``negative``: whether each text's tone
        is negative), as a bool array."""
        findings, inverse = self._findings(texts, negative)
        return np.fromiter((finding.critical for finding in findings), dtype=bool, count=len(findings))[inverse]

    def _findings(self, texts: list, negative: np.ndarray) -> tuple[list[CriticismFinding], np.ndarray]:
        """The finding of each distinct pair of (normalised) text and tone, and each text's pair."""
        seen, find = self._cache, self.find
        normalise = self._normalise
        texts = [text if isinstance(text, str) else "" for text in texts]
        if not self._use_sentiment:
            negative = np.zeros(len(texts), dtype=bool)
        # Each distinct (text, negative) pair is read once (shares and copies repeat texts).
        codes, _ = pd.factorize(np.asarray(texts, dtype=object))
        _, first, inverse = np.unique(codes * 2 + negative, return_index=True, return_inverse=True)
        # A text without cue and negative tone is not critical: find says so at once (one regular
        # expression in C), and that finding is not remembered (only texts it read are).
        findings = []
        for position, is_negative in zip(first.tolist(), negative[first].tolist()):
            key = (normalise(texts[position]), is_negative)
            finding = seen.get(key)
            if finding is None:
                finding = find(key[0], "negative" if is_negative else None)
                if finding is not _NO_CUE:
                    if len(seen) >= MAX_CACHED:
                        seen.clear()
                    seen[key] = finding
            findings.append(finding)
        return findings, inverse.reshape(-1)


def find_criticism(texts: Iterable, names: Iterable[str] = (), *, sentiments: Sequence[str] | None = None,
                   roles: Iterable[str] | None = None) -> pd.DataFrame:
    """:meth:`CriticismDetector.score_texts` for a client with these ``names`` (and ``roles``)."""
    return CriticismDetector(names, roles=roles).score_texts(texts, sentiments)


def is_critical(text, names: Iterable[str] = (), *, sentiment: str | None = None) -> bool:
    """Whether one text criticises the client named ``names``."""
    return CriticismDetector(names).find(text, sentiment).critical


PUBLIC_BODY_TYPES = frozenset({"municipality"})  # clients whose role words ("kommunen", "ordføreren") mean them


def subject_names(client, subject: str) -> tuple[str, ...]:
    """Names that mean ``subject`` (the client's slug or a peer's) in a mention: for the client its
    display name, slug, keywords and own account handles; for a peer its name, slug and keywords;
    without a client, the slug alone."""
    if client is None:
        return (subject,)
    if subject == client.slug:
        handles = [f"@{name.lstrip('@')}" for names in client.own_accounts.values() for name in names]
        return tuple(dict.fromkeys([client.display_name, client.slug, *client.keywords, *handles]))
    for peer in client.peers:
        if peer.slug == subject:
            return tuple(dict.fromkeys([peer.name, peer.slug, *peer.keywords]))
    return (subject,)


def critical_mentions(mentions: pd.DataFrame, client=None) -> pd.Series:
    """Whether each mention criticises its subject (the client or a peer), as a bool Series on
    ``mentions``' index: the one definition of "critical" (see the module docstring).

    Reads ``text``, ``sentiment`` (the scorer's label), ``subject`` and ``is_own``; the client's own
    messages are never critical. Role words ("kommunen", "ordføreren") count for a municipality
    only (``client.organisation_type``). Raises AnalysisError naming a missing column.
    """
    missing = [column for column in ("text", "sentiment", "subject", "is_own") if column not in mentions.columns]
    if missing:
        raise AnalysisError(f"critical_mentions needs the columns {', '.join(missing)}; found "
                            f"{', '.join(map(str, mentions.columns))}", argument="mentions",
                            expected="text, sentiment, subject, is_own", found=", ".join(map(str, mentions.columns)))
    critical = np.zeros(len(mentions), dtype=bool)
    inbound = ~mentions["is_own"].fillna(False).astype(bool).to_numpy()
    roles = None if getattr(client, "organisation_type", "other") in PUBLIC_BODY_TYPES else ()
    # Positions per subject, and the texts read CRITICAL_CHUNK at a time: no copy of the frame's
    # columns, and never millions of texts as Python strings at once.
    codes, subjects = pd.factorize(mentions["subject"], use_na_sentinel=False)
    texts, sentiments = mentions["text"], mentions["sentiment"]
    # Only texts that may hold a cue, or are negative, are read (a pre-filter in C; every other
    # text is not critical, as the detector finds for a text without cue or negative tone).
    negative = sentiments.eq("negative").fillna(False).to_numpy(dtype=bool)
    cued = texts_with_cues(texts)
    if cued is not None:
        inbound &= cued | negative
    for code, subject in enumerate(subjects):
        positions = np.flatnonzero(inbound & (codes == code))
        if not len(positions):
            continue
        detector = CriticismDetector(subject_names(client, str(subject)), roles=roles)
        for start in range(0, len(positions), CRITICAL_CHUNK):
            part = positions[start:start + CRITICAL_CHUNK]
            critical[part] = detector.critical_flags(texts.iloc[part].tolist(), negative[part])
    return pd.Series(critical, index=mentions.index, dtype=bool)


CRITICAL_CHUNK = 50_000  # mentions read at a time by critical_mentions


@functools.cache
def _cue_filters() -> list[str]:
    """RE2 expressions matching, in a lower-cased text of safe characters, at least every place the
    cue pattern (:attr:`Cues.pattern`) matches: its stems, words and phrases without word boundaries."""
    cues = criticism_cues()
    keys = [*cues.stems, *cues.words, *(" ".join(phrase) for options in cues.pairs.values() for phrase, _ in options)]
    space = prefilter.white_space_class() + "+"
    return prefilter.trie_expressions(keys, spell=lambda character: space if character == " "
                                      else prefilter.escape(character))


def texts_with_cues(texts: pd.Series) -> np.ndarray | None:
    """Whether each text may hold a criticism cue (a superset, computed in C over the column; see
    :mod:`.prefilter`): True for texts of characters outside the pre-filter's safe ones. None for a
    column not backed by Arrow (every text is then read)."""
    arrow = prefilter.as_arrow(texts)
    if arrow is None:
        return None
    return prefilter.unsafe(arrow) | prefilter.matches_any(arrow, _cue_filters(), lowered=True)
