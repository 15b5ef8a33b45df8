"""Offline language detection for short social-media text: ``nb``, ``nn``, ``en``, ``other``, ``unknown``.

Pure Python word features, fast enough for a million mentions (lingua is too slow and too large
for that; see PERFORMANCE-NOTES). Each word votes through hand-written marker lists:

* words that are Norwegian in either written standard (``og``, ``på``, ``det``, ``kommune``…),
* words that only bokmål uses (``ikke``, ``jeg``, ``hva``, ``noe``, ``fra``…) and only nynorsk uses
  (``ikkje``, ``eg``, ``kva``, ``noko``, ``frå``…), which decide between ``nb`` and ``nn``,
* English function words, and a few Swedish, Danish and German ones (``other``).

Rules: no letters at all → ``unknown``; more English than Norwegian votes → ``en``; more Norwegian
than other-language votes (or æ/ø/å with no vote at all) → ``nn`` when nynorsk markers outnumber bokmål ones, else ``nb``
(bokmål is the majority standard, so a tie goes to it); other-language votes → ``other``; otherwise
``unknown`` for one or two unknown words and ``other`` for longer text.
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from .tokens import TOKEN_PATTERN

NORWEGIAN_COMMON = frozenset("""
og på er til med som av om det så har kan vil skal var men når meg deg seg oss alle mange
dette denne den da her der hos etter mot gjennom fordi kanskje ingen nei ja takk kommune kommunen
hei godt god bra dårlig flott fint veldig litt skole barn barna ordfører ordføreren vei veien
dag dagen i går år tid helt få gå går kom også mer enn inn ut opp før over under sammen
""".split()) - {"også", "mer", "sammen"}

BOKMAL = frozenset("""
ikke jeg hva hvordan hvorfor hvem hvis hvor hvilken hvilke noe noen nå bare fra også hun hennes dem
være vært en et mer mye selv hele sier gikk fikk vet hjem uten ble blir tror synes skolen høre ønsker
gjøre gjør sammen hverandre hver allerede mennesker kommer dere deres flere mellom hvert nok
sånn mens egen eget egentlig trenger si sagt enda nettopp mye også hvordan kjempe
""".split())

NYNORSK = frozenset("""
ikkje eg kva korleis kvifor kven kvar kvart noko nokon nokre berre frå òg ho hennar dei dykk dykkar
vere vore ein eit meir sjølv heile seier gjekk fekk veit heim utan vart vert trur synest skulen
høyre ønskjer gjere gjer saman kvarandre allereie menneske kjem fleire medan eigen eige eigentleg
treng seie sagt enno nett mykje kor kjenner heilt ikkje sjå høyrer sidan difor fyrst
endeleg opplysingar følgjer forklaringa millionar kome merkar nokre vegen vegar skulen eldre
einig ikring attende gong berre mogleg ynskjer særleg
""".split()) - {"sagt", "eldre"}

ENGLISH = frozenset("""
the and is are you your my it this that with not was were have has be been on of what just but
will can would could they we our an if or from about please thanks thank why how who when where
there their don't i'm it's can't didn't doesn't isn't won't get got still again today flight
really very good great bad love hate time service customer help me them he she his her do does
did any all out up no yes one new like via amp important story beautiful photos photo agree
people town city council today tonight tomorrow week weekend school road water news thanks
should must know think need want see look find make take give keep going which than then also
because some more other into after before over only well here much many every those these
""".split()) - {"no", "time"}

OTHER = frozenset("""
och inte jag är att hur varför mycket också bara från vad nu mig dig sig meget hvad efter blev sådan
noget nogle lige være der und nicht ist ich das sie mit auf für ein eine auch sehr wie
que los las por para una con del el es muy pero est les des une avec pour pas
""".split()) - NORWEGIAN_COMMON - BOKMAL - NYNORSK - ENGLISH

NORWEGIAN_LETTERS = frozenset("æøå")
LANGUAGE_CODES = ("nb", "nn", "en", "other", "unknown")


def detect_language(text) -> str:
    """The language of one text: ``nb``, ``nn``, ``en``, ``other`` or ``unknown``.

    Missing or empty text, or text with no letters, is ``unknown``.
    """
    if not isinstance(text, str):
        return "unknown"
    lowered = text.lower()
    return language_of_tokens(TOKEN_PATTERN.findall(lowered), lowered)


NORWEGIAN_ANY = NORWEGIAN_COMMON | BOKMAL | NYNORSK
NYNORSK_ONLY = NYNORSK - BOKMAL
ENGLISH_ONLY = ENGLISH - BOKMAL - NYNORSK
OTHER_ONLY = OTHER - ENGLISH - BOKMAL - NYNORSK


def language_of_tokens(tokens: list[str], lowered: str) -> str:
    """:func:`detect_language` on tokens already found in ``lowered`` (the lower-cased text).

    Votes count distinct marker words (set intersections run in C, which keeps a million texts fast).
    """
    distinct = set(tokens)
    norwegian = len(distinct & NORWEGIAN_COMMON) + len(distinct & BOKMAL) + len(distinct & NYNORSK_ONLY)
    bokmal = len(distinct & BOKMAL)
    nynorsk = len(distinct & NYNORSK_ONLY)
    english = len(distinct & ENGLISH_ONLY)
    other = len(distinct & OTHER_ONLY)
    if norwegian == english == other == 0:
        words = sum(1 for token in tokens if token[0].isalpha() and not token.startswith(("http", "www")))
        if words == 0:
            return "unknown"
        if not NORWEGIAN_LETTERS.isdisjoint(lowered):
            return "nb"
        return "unknown" if words <= 2 else "other"
    if english > norwegian and english >= other:
        return "en"
    if norwegian and norwegian > other:
        return "nn" if nynorsk > bokmal else "nb"
    return "other"


def detect_languages(texts: Iterable) -> list[str]:
    """:func:`detect_language` for each text, in order (counted with numpy: :func:`languages_of_ids`)."""
    from .tokens import TokenTable

    lowered = [text.lower() if isinstance(text, str) else "" for text in texts]
    table = TokenTable()
    out: list[str] = []
    for start in range(0, len(lowered), 50_000):
        batch = lowered[start:start + 50_000]
        out += languages_of_ids(table, *table.encode(batch), batch)
    return out


# Marker bits of a token for the vectorised detector (one uint8 per distinct token).
_COMMON, _BOKMAL, _NYNORSK, _ENGLISH, _OTHER, _WORD = (1 << bit for bit in range(6))


def _marker_bits(tokens: list[str]) -> list[int]:
    return [(_COMMON if token in NORWEGIAN_COMMON else 0) | (_BOKMAL if token in BOKMAL else 0)
            | (_NYNORSK if token in NYNORSK_ONLY else 0) | (_ENGLISH if token in ENGLISH_ONLY else 0)
            | (_OTHER if token in OTHER_ONLY else 0)
            | (_WORD if token[0].isalpha() and not token.startswith(("http", "www")) else 0)
            for token in tokens]


def languages_of_ids(table, ids: np.ndarray, documents: np.ndarray, lowered: list[str]) -> list[str]:
    """:func:`language_of_tokens` for every text of a batch encoded by ``table``
    (:meth:`~.tokens.TokenTable.encode`), with numpy: the same votes, counted per text over its
    distinct marker tokens. Returns one code per text of ``lowered``."""
    count = len(lowered)
    markers = table.column("language", _marker_bits, np.uint8)
    bits = markers[ids]
    words = np.bincount(documents, weights=(bits & _WORD) > 0, minlength=count)
    marked = (bits & ~np.uint8(_WORD)) > 0
    pairs = np.sort(documents[marked] * len(table) + ids[marked])  # distinct (text, marker token)
    if len(pairs) > 1:
        pairs = pairs[np.concatenate([[True], pairs[1:] != pairs[:-1]])]
    pair_documents = pairs // len(table)
    pair_bits = markers[pairs % len(table)]

    def votes(bit):
        return np.bincount(pair_documents, weights=(pair_bits & bit) > 0, minlength=count)

    common, bokmal, nynorsk, english, other = (votes(bit) for bit in (_COMMON, _BOKMAL, _NYNORSK, _ENGLISH, _OTHER))
    norwegian = common + bokmal + nynorsk
    codes = np.select(
        [(norwegian == 0) & (english == 0) & (other == 0),
         (english > norwegian) & (english >= other),
         (norwegian > 0) & (norwegian > other)],
        [np.where(words == 0, 0, 1), 2, np.where(nynorsk > bokmal, 3, 4)], 5)
    names = np.array(["unknown", "?", "en", "nn", "nb", "other"], dtype=object)
    out = names[codes]
    for i in np.flatnonzero(codes == 1):  # no vote at all, some words: æ, ø or å decide, else length
        out[i] = "nb" if not NORWEGIAN_LETTERS.isdisjoint(lowered[i]) else "unknown" if words[i] <= 2 else "other"
    return out.tolist()
