"""count_terms_in (token ids on arrays, in pieces on worker processes) equals the plain per-text
definition of a term, written out here as it stood before: each text with the privacy step's
pseudonyms and masks replaced by " 0 ", tokenised (links left out), words of letters (first) of at
least three signs without digits and not stop words, hashtags, two adjacent words; each term once
per text; the spike windows' words with their own stop words."""
from collections import Counter

import numpy as np
import pandas as pd
import pytest

from sermo_helpers import parallel
from sermo_helpers.listen.terms import MIN_WORD_LENGTH, count_term_kinds, count_terms_in, stop_words
from sermo_helpers.privacy import redaction_pattern
from sermo_helpers.text.tokens import tokenize

KINDS = ("word", "hashtag", "bigram")


def _reference_terms(text, stop, window_stop):
    tokens = tokenize(redaction_pattern().sub(" 0 ", text) if isinstance(text, str) else text)
    allowed = [token if token[:1].isalpha() and len(token) >= MIN_WORD_LENGTH
               and not any(character.isdigit() for character in token) else None for token in tokens]
    words = [token if token is not None and token not in stop else None for token in allowed]
    return ({"word": {word for word in words if word},
             "hashtag": {token for token in tokens if token.startswith("#") and len(token) > 1},
             "bigram": {f"{first} {second}" for first, second in zip(words, words[1:]) if first and second}},
            {token for token in allowed if token is not None and token not in window_stop})


def _reference_counts(texts, stop, windows=(), window_stop=frozenset()):
    counters = {kind: Counter() for kind in KINDS}
    in_windows = [Counter() for _ in windows]
    member = [np.asarray(mask, dtype=bool) for mask in windows]
    for position, text in enumerate(texts):
        terms, spiked = _reference_terms(text, stop, window_stop)
        for kind in KINDS:
            counters[kind].update(terms[kind])
        for counter, mask in zip(in_windows, member):
            if mask[position]:
                counter.update(spiked)
    return counters, in_windows


def _assert_equal_counts(texts: pd.Series, stop, windows=(), window_stop=frozenset()):
    expected, expected_windows = _reference_counts(texts.tolist(), stop, windows, window_stop)
    counters, in_windows = count_terms_in(texts, KINDS, stop, windows=windows, window_stop=window_stop)
    for kind in KINDS:
        assert dict(counters[kind]) == dict(expected[kind]), kind
        assert all(type(count) is int for count in counters[kind].values())
    assert [dict(counter) for counter in in_windows] == [dict(counter) for counter in expected_windows]
    return counters, in_windows


EDGE_TEXTS = [
    "Kokevarsel i Fjordvik igjen #kokevarsel #Kokevarsel # #_ #2026",
    "Citizen 3F9A2C says: waiting times Innbygger 41AA43 venter. Citizen 3f9a2c is no pseudonym",
    "Kontakt [e-post] eller [telefon]; [fødselsnummer] [national id number] [phone] [e-mail] etter",
    "vannet https://fjordvik.no/kokevarsel?x=1 renner www.example.com/side fint HTTP://Caps.no slutt",
    "lenke:https://a.no/b slutt og http://x.no",
    "ikke greit at det er ikke greit",  # stop words between the words of a phrase
    "bussen går ikke i dag bussen går",  # repeated words and phrases: once per text
    "År 2026: 3d-printer, e-post, covid19, 1000-årsfest og tall 42 i teksten",
    "Don't say it's fine; vi'ke o'neill ’quoted’ l’été",
    "Hva med \x00 NUL i teksten?",  # a text with NUL: read alone
    "",
    None,
    float("nan"),
    "ΟΔΟΣ ΣΤΗΝ ΠΟΛΗ ΣΑΣ og İstanbul İzmir",  # lower-casing that depends on context or adds signs
    "Emoji 😀😀 :) ;-) <3 !!! ??? og ord etter emoji",
    "@fjordvikkommune svar @Ola_Nordmann takk for svaret",
    "ord\tmed\nlinjeskift\r\nog   mellomrom",
    "Fjordvik kommune Fjordvik kommune",
    "Innbygger ABCDEF1 ekstra Citizen 12345 kort",
]


@pytest.fixture
def stop():
    return stop_words(extra={"fjordvik", "kommune"})


def test_edge_cases_equal_the_plain_definition(stop):
    texts = pd.Series(EDGE_TEXTS + EDGE_TEXTS[:8], dtype=object)  # each distinct text is read once: some twice
    first = np.zeros(len(texts), dtype=bool)
    first[[0, 1, 5, 6, 9, 20]] = True
    second = np.zeros(len(texts), dtype=bool)
    second[[1, 3, 5, 13, 18, 24, 25]] = True  # texts 1 and 5 in both windows; 5's copy only in the second
    counters, in_windows = _assert_equal_counts(texts, stop, [pd.Series(first), pd.Series(second)], stop_words())
    # spot checks of the definition itself
    assert counters["word"]["greit"] == 1 + 1 and "ikke greit" not in counters["bigram"]
    assert counters["bigram"]["vannet renner"] == 2  # the link between them is left out
    assert counters["hashtag"]["#kokevarsel"] == 2 and "#" not in counters["hashtag"]
    assert counters["word"]["citizen"] == 3 and "says waiting" in counters["bigram"]  # not pseudonyms: 3f9a2c, 12345
    assert "fjordvik" not in counters["word"] and in_windows[0]["fjordvik"] == 1
    assert in_windows[1]["greit"] == 2 and in_windows[0]["greit"] == 1
    assert "0" not in counters["word"]


def test_string_column_with_missing_texts(stop):
    texts = pd.Series([text if isinstance(text, str) else None for text in EDGE_TEXTS], dtype="str")
    _assert_equal_counts(texts, stop)


@pytest.fixture(scope="module")
def generated_texts():
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location("scale_benchmark",
                                                  Path(__file__).parents[2] / "benchmarks" / "scale.py")
    scale = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scale)
    texts = scale.generate_mentions(6_000)["text"].astype("str")
    # a few privacy-step pseudonyms and masks into the generated texts
    extra = pd.Series(["Takk Innbygger 0A1B2C for svaret om bussen", "Ring [telefon] om vannet",
                       "Citizen FFFFFF wrote https://x.no/a about the water notice"] * 50, dtype="str")
    return pd.concat([texts, extra], ignore_index=True)


def test_generated_texts_equal_the_plain_definition_serial_and_in_pieces(generated_texts, stop, monkeypatch):
    texts = generated_texts
    rng = np.random.default_rng(7)
    windows = [pd.Series(rng.random(len(texts)) < share) for share in (0.1, 0.3, 0.3)]
    serial = _assert_equal_counts(texts, stop, windows, stop_words())
    assert len(serial[0]["bigram"]) > 100
    # in pieces on two forked workers (small pieces, so each worker reads several and vocabularies differ)
    monkeypatch.setenv("SERMO_CORES", "2")
    monkeypatch.setattr(parallel, "PROCESS_ROWS", 0)
    monkeypatch.setattr("sermo_helpers.listen.terms.TEXT_CHUNK", 700)
    calls = []
    original = parallel.process_map
    monkeypatch.setattr(parallel, "process_map",
                        lambda function, items, **keywords: calls.append(list(items)) or original(
                            function, calls[-1], **keywords))
    pieces = _assert_equal_counts(texts, stop, windows, stop_words())
    assert calls == [[0, 1, 2, 3]]
    assert pieces == serial
    # only some rows read in place (rows=, as analyse_listen reads others' texts), windows aligned with them
    rows = np.flatnonzero(rng.random(len(texts)) < 0.6)
    chosen = texts.iloc[rows].reset_index(drop=True)
    expected = _reference_counts(chosen.tolist(), stop, [window.iloc[rows] for window in windows], stop_words())
    counted = count_terms_in(texts, KINDS, stop, rows=rows, windows=[window.iloc[rows] for window in windows],
                             window_stop=stop_words())
    assert counted == expected and len(calls) == 2


@pytest.mark.parametrize("slug", ["fjordvik", "coastline"])
def test_demo_texts_equal_the_plain_definition(slug, stop):
    from sermo_helpers.config import load_client_config
    from sermo_helpers.listen import detect_spikes
    from sermo_helpers.listen.spikes import spike_windows
    from sermo_helpers.listen._common import audience_mentions
    from sermo_helpers.listen.terms import search_words
    from sermo_helpers.workbook import prepare_data

    client = load_client_config(slug)
    mentions = prepare_data(client).mentions
    texts = audience_mentions(mentions, subject=slug, columns=["text"])["text"]
    windows = spike_windows(mentions, detect_spikes(mentions, timezone=client.timezone, subject=slug),
                            timezone=client.timezone, subject=slug)
    assert len(windows) >= 2
    _assert_equal_counts(texts, stop_words(extra=search_words(client)), windows, stop_words())
    _assert_equal_counts(audience_mentions(mentions, columns=["text"])["text"], stop)  # all others' texts


def test_count_term_kinds_reads_any_iterable(stop):
    counted = count_term_kinds(iter(["Bussen stopper ikke", None, "bussen og toget #buss"]), stop=stop)
    assert counted["word"] == Counter({"bussen": 2, "stopper": 1, "toget": 1})
    assert counted["bigram"] == Counter({"bussen stopper": 1}) and counted["hashtag"] == Counter({"#buss": 1})


def test_window_masks_must_match_the_texts(stop):
    from sermo_helpers.errors import AnalysisError

    with pytest.raises(AnalysisError, match="window masks cover 2 texts; expected 3"):
        count_terms_in(pd.Series(["a", "b", "c"]), KINDS, stop, windows=[pd.Series([True, False])])


def test_arrow_and_python_redaction_agree():
    """Arrow text columns are rewritten by Arrow's RE2, other data by Python's re: the same texts."""
    from sermo_helpers.listen.terms import _redacted

    texts = [text if isinstance(text, str) else None for text in EDGE_TEXTS] * 3
    arrow = pd.Series(texts, dtype="str")
    assert isinstance(arrow.dtype, pd.StringDtype) and arrow.dtype.storage == "pyarrow"
    positions = np.array([0, 1, 2, 4, 9, 11, 13, 18, 20, 21, 40])
    expected = [redaction_pattern().sub(" 0 ", texts[p]) if texts[p] is not None else None for p in positions]
    assert _redacted(arrow, positions) == expected == _redacted(pd.Series(texts, dtype=object), positions)
    assert expected[1].startswith(" 0  says") and " 0  eller  0 " in expected[2]


def test_no_texts_or_only_missing_ones_count_nothing(stop):
    empty = {kind: Counter() for kind in KINDS}
    assert count_terms_in(pd.Series([], dtype="str"), KINDS, stop) == (empty, [])
    assert count_terms_in(pd.Series([None, None], dtype="str"), KINDS, stop,
                          windows=[pd.Series([True, False])]) == (empty, [Counter()])
    assert count_terms_in(pd.Series(["bussen stopper", "hei"], dtype="str"), KINDS, stop, rows=[]) == (empty, [])
