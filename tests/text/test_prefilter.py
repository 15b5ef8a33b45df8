"""The pre-filters' premises (sermo_helpers/text/prefilter.py), character by character: where the
filters rely on Python's and Arrow's rules agreeing, they agree on every safe character. The
equality of the filtered and the exact paths is tested with the privacy step (tests/test_privacy.py)
and the criticism detector (tests/text/test_criticism.py)."""
import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from sermo_helpers.text import prefilter

SAFE = prefilter.safe_characters()


@pytest.fixture(scope="module")
def safe_array():
    return pa.array(SAFE, type=pa.large_string())


def test_safe_characters_are_the_listed_ranges_and_nothing_else():
    assert len(SAFE) == sum(end - start + 1 for start, end in prefilter.SAFE_RANGES)
    texts = pa.array(SAFE + ["\u0130", "\u212a", "\u017f", "\uff20", "\u2009", "a\u0301", "ﬁ"])
    flags = prefilter.unsafe(texts).tolist()
    assert flags == [False] * len(SAFE) + [True] * 7


def test_python_digits_are_ascii_digits_among_safe_characters():
    digit = re.compile(r"\d")
    assert [c for c in SAFE if digit.match(c)] == list("0123456789")


def test_arrow_lower_case_is_pythons_among_safe_characters(safe_array):
    lowered = pc.utf8_lower(safe_array).to_pylist()
    assert lowered == [c.lower() for c in SAFE]
    assert all(len(c) == 1 for c in lowered)


def test_python_case_insensitive_matches_of_plain_characters_lower_case_to_them(safe_array):
    # A name filter writes a plain character literally and runs on Arrow's lower-cased text: every
    # safe character Python's case-insensitive matching pairs with it must lower-case to it.
    lowered = pc.utf8_lower(safe_array).to_pylist()
    text = "".join(SAFE)
    for plain in sorted(prefilter.PLAIN):
        for match in re.finditer(re.escape(plain), text, re.IGNORECASE):
            assert lowered[match.start()] == plain, (plain, match.group())


def test_white_space_class_is_pythons_white_space(safe_array):
    found = pc.match_substring_regex(safe_array, "^" + prefilter.white_space_class() + "$").to_pylist()
    space = re.compile(r"\s")
    assert found == [bool(space.match(c)) for c in SAFE]
    assert "\u00a0" in [c for c, hit in zip(SAFE, found) if hit]  # no-break space: RE2's \s alone misses it


def test_escaped_characters_match_themselves_only(safe_array):
    for character in ["a", "Z", "7", ".", "(", "[", "\\", "$", "æ", "ø", "å", "\u00a0", "\n", "💙", "-", "|"]:
        found = pc.match_substring_regex(safe_array, "^" + prefilter.escape(character) + "$").to_pylist()
        assert [c for c, hit in zip(SAFE, found) if hit] == [character]


def test_trie_expressions_match_any_key_as_a_substring_and_split_large_sets(monkeypatch):
    keys = ["ola nordmann", "ola", "kari_n", "åse ødegård", "olav"]
    expressions = prefilter.trie_expressions(keys, spell=lambda c: r"\x20+" if c == " " else prefilter.escape(c))
    texts = pa.array(["hei ola!", "xkari_ny", "åse  ødegård", "kar i_n", "ol a", None])
    assert prefilter.matches_any(texts, expressions).tolist() == [True, True, True, False, False, False]
    monkeypatch.setattr(prefilter, "CHARACTERS_PER_PASS", 10)
    split = prefilter.trie_expressions(keys, spell=prefilter.escape)
    assert len(split) > 1
    assert prefilter.matches_any(texts, split).tolist() == prefilter.matches_any(texts, [
        "|".join(prefilter.trie_expressions(keys, spell=prefilter.escape))]).tolist()


def test_as_arrow_reads_arrow_backed_text_columns_only():
    column = pd.Series(["a", None, "b"], dtype="str")
    arrow = prefilter.as_arrow(column)
    assert isinstance(arrow, pa.ChunkedArray) and arrow.to_pylist() == ["a", None, "b"]
    assert prefilter.as_arrow(pd.Series(["a", None], dtype=object)) is None
    assert prefilter.as_arrow(pd.Series([1, 2])) is None
    chunked = pd.concat([column, column])  # two chunks, combined
    assert prefilter.as_arrow(chunked).to_pylist() == ["a", None, "b"] * 2
    assert prefilter.matches_any(prefilter.as_arrow(chunked), ["b"]).tolist() == [False, False, True] * 2
    upper = prefilter.as_arrow(pd.concat([column.str.upper()] * 2))
    assert prefilter.matches_any(upper, ["b"], lowered=True).tolist() == [False, False, True] * 2
    assert not prefilter.matches_any(upper, ["b"]).any()
    assert isinstance(prefilter.matches_any(arrow, []), np.ndarray)


def test_take_reads_chunk_by_chunk_and_keeps_order():
    texts = pa.chunked_array([pa.array(["a", "b"]), pa.array([], type=pa.string()), pa.array(["c", None, "d"])])
    assert prefilter.take(texts, np.array([0, 2, 3, 4])).to_pylist() == ["a", "c", None, "d"]
    assert prefilter.take(texts, np.array([], dtype=np.int64)).to_pylist() == []


def test_matches_any_and_unsafe_give_the_same_flags_in_pieces_on_threads_as_one_pass(monkeypatch):
    # 250,000 texts in three uneven chunks, cut into pieces of 70,000 (slices across the chunk edges),
    # shared between two threads: the flags must be those of one pass over the joined column
    monkeypatch.setenv("SERMO_CORES", "2")
    monkeypatch.setattr(prefilter, "PIECE_ROWS", 70_000)
    words = np.array(["Hei", "ringte 98765432", "@kari_n svarte", "ＡＢＣ", "Æsj, ingen", None, "", "mail: a@b.no"],
                     dtype=object)
    texts = words[np.random.default_rng(7).integers(0, len(words), 250_000)]
    column = pa.chunked_array([pa.array(texts[:1], pa.large_string()), pa.array(texts[1:170_001], pa.large_string()),
                               pa.array(texts[170_001:], pa.large_string())])
    joined = column.combine_chunks()
    expected_digits = np.asarray(pc.match_substring_regex(joined, "[0-9]{8}").fill_null(False), dtype=bool)
    expected_at = np.asarray(pc.match_substring_regex(pc.utf8_lower(joined), "kari|ingen").fill_null(False), dtype=bool)
    expected_unsafe = np.asarray(pc.match_substring_regex(joined, prefilter.UNSAFE_PATTERN).fill_null(False), dtype=bool)
    assert expected_digits.sum() > 10_000 and expected_at.sum() > 10_000 and expected_unsafe.sum() > 10_000
    assert np.array_equal(prefilter.matches_any(column, ["[0-9]{8}"]), expected_digits)
    assert np.array_equal(prefilter.matches_any(column, ["kari", "ingen"], lowered=True), expected_at)
    assert np.array_equal(prefilter.unsafe(column), expected_unsafe)
    assert prefilter.matches_any(pa.chunked_array([], pa.large_string()), ["a"]).shape == (0,)
