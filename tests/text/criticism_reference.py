"""The criticism detector's reading of one text as it was before the fast path of issue 19 (main
c203bee, 2 December 2026), frozen: tests/text/test_criticism.py checks that ``CriticismDetector.find``
and ``score_texts`` give exactly these findings (critical, kind, target). Not used by the package.
A deliberate change of the rules changes the detector and this copy together."""
import re

from sermo_helpers.text.criticism import (AGENT_KINDS, CLAUSE_STARTS, RESOLVED_KINDS, SENTENCE_BREAKS, THING_KINDS, WORD,
                                          CriticismDetector, CriticismFinding, _cue_kind)
from sermo_helpers.text.language import language_of_tokens
from sermo_helpers.text.tokens import TOKEN_PATTERN


class _Actors:
    """The actor of each token of one text, found when first asked for (most tokens never are)."""

    def __init__(self, detector: "CriticismDetector", words: list[str], lowered: list[str], client_in_body: bool,
                 lowered_text: str):
        self._detector, self._words, self._lowered = detector, words, lowered
        self._client_in_body = client_in_body
        self._lowered_text = lowered_text
        self._found: dict[int, str | None] = {}

    def __getitem__(self, i: int) -> str | None:
        actor = self._found.get(i, _UNSET)
        if actor is _UNSET:
            actor = self._found[i] = self._find(i)
        return actor

    def _find(self, i: int) -> str | None:
        words, lowered = self._words, self._lowered
        if words[i] in SENTENCE_BREAKS:
            return None
        low = lowered[i]
        if low == "de":  # nynorsk "you" (the client, addressed); bokmål "they" (someone else)
            text = self._lowered_text
            return "client" if language_of_tokens(TOKEN_PATTERN.findall(text), text) == "nn" else "other"
        detector = self._detector
        if words[i][0].islower() and low not in detector._known and low[:4] not in detector._prefixes:
            return None  # _actor's common case (an ordinary lower-case word), decided here
        j = i - 1
        while j >= 0 and words[j][0] in "@#":
            j -= 1
        sentence_start = j < 0 or words[j] in SENTENCE_BREAKS
        return self._detector._actor(words, lowered, i, sentence_start)

    def resolved(self, i: int) -> str | None:
        """The actor at ``i`` where a capitalised name (``name``) counts as someone else only when
        the client is not named in the text (it may be a place: "i Bakkegata")."""
        actor = self._found.get(i, _UNSET)
        if actor is _UNSET:
            actor = self._found[i] = self._find(i)
        if actor == "name":
            return None if self._client_in_body else "other"
        return actor


_UNSET = object()


class ReferenceDetector(CriticismDetector):
    """CriticismDetector with the frozen reading of one text (find and the methods it calls)."""

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
        if bare in self._single or any(bare.startswith(name) and (len(bare) - len(name) <= 2
                                                                 or bare[len(name)] == "-")
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

    def find(self, text, sentiment: str | None = None) -> CriticismFinding:
        """The finding for one text (``sentiment``: the scorer's label, optional). A message without
        text has only its tone to go by: negative counts (it names nobody else)."""
        if not isinstance(text, str) or not text.strip():
            if self._use_sentiment and sentiment == "negative":
                return CriticismFinding(True, "negative", "unspecified")
            return CriticismFinding(False, "", "")
        lowered_text = text.lower()
        starts = {match.start() for match in self.cues.pattern.finditer(lowered_text)}
        negative = self._use_sentiment and sentiment == "negative"
        if not starts and not negative:
            return CriticismFinding(False, "", "")
        matches = list(WORD.finditer(text))
        words = list(map(re.Match.group, matches))
        token_starts = list(map(re.Match.start, matches))
        lowered = list(map(str.lower, words))
        body = next((i for i, word in enumerate(words) if word[0] != "@"), len(words))
        text_start = token_starts[body] if body < len(token_starts) else len(text)
        client_in_body = self._client_pattern is not None and \
            self._client_pattern.search(lowered_text, text_start) is not None
        actors = _Actors(self, words, lowered, client_in_body, lowered_text)
        findings = []
        # Only tokens where a cue stem starts (one regular-expression pass) are looked at: a token
        # starting there, or an @/# token starting just before.
        token_at = dict(zip(token_starts, range(len(token_starts))))
        cue_tokens = {token_at[start] for start in starts if start in token_at}
        cue_tokens.update(token_at[start - 1] for start in starts
                          if start - 1 in token_at and words[token_at[start - 1]][0] in "@#")
        for i in sorted(cue_tokens):
            low = lowered[i].lstrip("#")
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
            target = self._target(actors, words, i, kind in self.cues.outward, kind in THING_KINDS and client_in_body,
                                  kind in AGENT_KINDS, body)
            if target in ("client", "unspecified"):
                return CriticismFinding(True, kind, target)
            findings.append(kind)
        if negative and not findings:  # a cue aimed at someone else explains the negative tone
            # leading @handles address a reply; an ordinary lower-case word is no actor (see _Actors._find)
            known, prefixes = self._known, self._prefixes
            named = {actors.resolved(i) for i in range(body, len(words))
                     if lowered[i] == "de" or not (words[i][0].islower() and lowered[i] not in known
                                                   and lowered[i][:4] not in prefixes)} - {None}
            if named == {"client"}:
                return CriticismFinding(True, "negative", "client")
            if not named and body == 0:  # a post of its own about the client (a reply may be about anything)
                return CriticismFinding(True, "negative", "unspecified")
        if findings:
            return CriticismFinding(False, findings[0], "other")
        return CriticismFinding(False, "", "")

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
        return any(word.startswith(self.cues.resolution) for word in lowered[start:end])

    @staticmethod
    def _target(actors: list, words: list[str], i: int, outward: bool, client_named: bool, agent: bool,
                body: int) -> str:
        """The target of the cue at ``i``: ``client``, ``other`` or ``unspecified`` (see the module
        docstring); for a thing that failed (``client_named``: a failure, delay or missing answer in
        a text that names the client), the client unless someone else is named before it; for an
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
        after = next(filter(None, map(actors.resolved, range(i + 1, end))), None)
        before = next(filter(None, map(actors.resolved, range(i - 1, start - 1, -1))), None)
        if client_named:
            return "other" if before == "other" else "client"
        return before or after or "unspecified"

