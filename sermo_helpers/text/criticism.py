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

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import yaml

from ..errors import AnalysisError
from ..paths import RESOURCES_DIR

WORD = re.compile(r"[@#]?\w+(?:[-'’]\w+)*|[.!?;:\n]")
SENTENCE_BREAKS = frozenset(".!?;:\n")
RESOLVED_KINDS = frozenset({"failure", "delay"})  # a sentence that reports a fix cancels these
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
    alternatives = sorted({*stems, *words, *pairs}, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(a) for a in alternatives) + ")")
    return Cues(stems, words, pairs, frozenset(outward), frozenset(str(w).lower() for w in raw.get("not_cues", [])),
                tuple(str(w).lower() for w in raw.get("resolution", [])), not_phrases,
                frozenset(str(w).lower() for w in raw.get("cue_negators", [])),
                frozenset(str(w).lower() for w in raw["client_roles"]),
                frozenset(str(w).lower() for w in raw["second_person"]),
                frozenset(str(w).lower() for w in raw["other_actors"]), pattern)


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


class CriticismDetector:
    """Criticism of one client (see the module docstring). ``names``: the client's names,
    keywords and account handles; ``roles``: words that refer to the client by role (default:
    the cue file's list for public bodies); pass ``roles=()`` for a client that is not one."""

    def __init__(self, names: Iterable[str] = (), *, roles: Iterable[str] | None = None,
                 use_sentiment: bool = True):
        self.cues = criticism_cues()
        self._single, self._multi = _name_parts(names)
        self._roles = self.cues.roles if roles is None else frozenset(r.lower() for r in roles)
        self._use_sentiment = use_sentiment

    def _actor(self, words: list[str], lowered: list[str], i: int, sentence_start: bool) -> tuple[str | None, int]:
        """(``client``, ``other`` or None; how many tokens the actor's name spans)."""
        word, low = words[i], lowered[i]
        for name in self._multi:
            if tuple(w.lstrip("@#") for w in lowered[i:i + len(name)]) == name:
                return "client", len(name)
        bare = low.lstrip("@#")
        if bare in self._single or any(bare.startswith(name) and len(bare) - len(name) <= 2 and len(name) >= 4
                                        for name in self._single):
            return "client", 1
        if low in self._roles or low in self.cues.second_person:
            return "client", 1
        if low in self.cues.others:
            return "other", 1
        if word.startswith("@") and len(word) > 1:
            return "other", 1
        if word[:1].isupper() and not word.isdigit():
            # A capitalised word is a name, but maybe of a place or thing ("Bakkegata"): a weak "name".
            if not sentence_start:
                return "name", 1
            following = words[i + 1] if i + 1 < len(words) else ""
            if word.isupper() and len(word) >= 2:
                return "name", 1  # NAV, NRK
            if following[:1].isupper() and following not in SENTENCE_BREAKS:
                return "name", 1  # "Helse Bergen"; "Statens vegvesen" is caught by its second word
        return None, 1

    def find(self, text, sentiment: str | None = None) -> CriticismFinding:
        """The finding for one text (``sentiment``: the scorer's label, optional)."""
        if not isinstance(text, str) or not text:
            return CriticismFinding(False, "", "")
        lowered_text = text.lower()
        has_cue = self.cues.pattern.search(lowered_text) is not None
        strongly_negative = self._use_sentiment and sentiment == "negative"
        if not has_cue and not strongly_negative:
            return CriticismFinding(False, "", "")
        words = WORD.findall(text)
        lowered = [w.lower() for w in words]
        actors: list[str | None] = []
        sentence_start = True
        covered = 0  # tokens still inside a multi-word client name
        for i, word in enumerate(words):
            if word in SENTENCE_BREAKS:
                actors.append(None)
                sentence_start = True
                continue
            if covered:
                actors.append("client")
                covered -= 1
            else:
                actor, width = self._actor(words, lowered, i, sentence_start)
                actors.append(actor)
                covered = width - 1
            sentence_start = False if not word.startswith(("@", "#")) else sentence_start
        body = next((i for i, word in enumerate(words) if not word.startswith("@")), len(words))
        client_in_body = "client" in actors[body:]
        # A capitalised name counts as someone else only when the client is not named in the text.
        actors = [("other" if not client_in_body else None) if actor == "name" else actor for actor in actors]
        findings = []
        if has_cue:
            for i, low in enumerate(lowered):
                kind = None
                for phrase, phrase_kind in self.cues.pairs.get(low, ()):
                    if tuple(lowered[i:i + len(phrase)]) == phrase:
                        kind = phrase_kind
                        break
                if kind is None:
                    kind = _cue_kind(low, self.cues)
                if kind is None:
                    continue
                if kind in RESOLVED_KINDS and (self._resolved(lowered, i) or self._negated(lowered, i)):
                    continue
                findings.append((kind, self._target(actors, words, i, kind in self.cues.outward,
                                                    kind in THING_KINDS and client_in_body)))
        for kind, target in findings:
            if target in ("client", "unspecified"):
                return CriticismFinding(True, kind, target)
        if strongly_negative:
            named = {actor for actor in actors[body:] if actor}  # leading @handles only address a reply
            if named == {"client"}:
                return CriticismFinding(True, "negative", "client")
            if not named and body == 0:  # a post of its own about the client (a reply may be about anything)
                return CriticismFinding(True, "negative", "unspecified")
        if findings:
            return CriticismFinding(False, findings[0][0], "other")
        return CriticismFinding(False, "", "")

    def _negated(self, lowered: list[str], i: int) -> bool:
        """Whether a failure or delay cue at ``i`` is negated ("ingen problemer") or part of a
        phrase that is no cue ("dårlig samvittighet", "ikke din feil")."""
        for start in range(max(0, i - 2), i + 1):
            for phrase in self.cues.not_phrases.get(lowered[start], ()):
                if start + len(phrase) > i and tuple(lowered[start:start + len(phrase)]) == phrase:
                    return True
        return any(lowered[j] in self.cues.cue_negators for j in range(max(0, i - 2), i))

    def _resolved(self, lowered: list[str], i: int) -> bool:
        """Whether the sentence around token ``i`` reports a fix (a resolution word in it)."""
        start = i
        while start > 0 and lowered[start - 1] not in SENTENCE_BREAKS:
            start -= 1
        end = i + 1
        while end < len(lowered) and lowered[end] not in SENTENCE_BREAKS:
            end += 1
        return any(word.startswith(self.cues.resolution) for word in lowered[start:end])

    @staticmethod
    def _target(actors: list, words: list[str], i: int, outward: bool, client_named: bool) -> str:
        """The target of the cue at ``i``: ``client``, ``other`` or ``unspecified`` (see the module
        docstring); for a thing that failed (``client_named``: a failure, delay or missing answer in
        a text that names the client), the client unless someone else is named before it."""
        start = i
        while start > 0 and words[start - 1] not in SENTENCE_BREAKS:
            start -= 1
        end = i + 1
        while end < len(words) and words[end] not in SENTENCE_BREAKS:
            end += 1
        after = next((actors[j] for j in range(i + 1, end) if actors[j]), None)
        before = next((actors[j] for j in range(i - 1, start - 1, -1) if actors[j]), None)
        if outward:  # the one before criticises the one after; the client as critic is no criticism of it
            return after or ("other" if before == "client" else "unspecified")
        if client_named:
            return "other" if before == "other" else "client"
        return before or after or "unspecified"

    def score_texts(self, texts: Iterable, sentiments: Sequence[str] | None = None) -> pd.DataFrame:
        """Columns ``critical`` (bool), ``criticism_kind`` and ``criticism_target`` (str), one row
        per text in order (``sentiments``: the scorer's labels, optional); identical (text,
        negative or not) pairs are read once.

        Raises AnalysisError when ``sentiments`` has another length than ``texts``.
        """
        texts = list(texts)
        values = [None] * len(texts) if sentiments is None else list(sentiments)
        if len(values) != len(texts):
            raise AnalysisError(f"expected one sentiment label per text; found {len(values)} for {len(texts)} texts",
                                argument="sentiments", expected=str(len(texts)), found=str(len(values)))
        seen: dict = {}
        critical = np.zeros(len(texts), dtype=bool)
        kinds, targets = [""] * len(texts), [""] * len(texts)
        for position, (text, value) in enumerate(zip(texts, values)):
            key = (text if isinstance(text, str) else "", value == "negative")
            finding = seen.get(key)
            if finding is None:
                finding = seen[key] = self.find(key[0], "negative" if key[1] else None)
            critical[position] = finding.critical
            kinds[position], targets[position] = finding.kind, finding.target
        return pd.DataFrame({"critical": critical, "criticism_kind": pd.array(kinds, dtype="str"),
                             "criticism_target": pd.array(targets, dtype="str")})


def find_criticism(texts: Iterable, names: Iterable[str] = (), *, sentiments: Sequence[str] | None = None,
                   roles: Iterable[str] | None = None) -> pd.DataFrame:
    """:meth:`CriticismDetector.score_texts` for a client with these ``names`` (and ``roles``)."""
    return CriticismDetector(names, roles=roles).score_texts(texts, sentiments)


def is_critical(text, names: Iterable[str] = (), *, sentiment: str | None = None) -> bool:
    """Whether one text criticises the client named ``names``."""
    return CriticismDetector(names).find(text, sentiment).critical
