import pytest

from sermo_helpers.text.tokens import is_word, tokenize


def test_tokenize_lowercases_keeps_handles_hashtags_emoji_and_drops_links():
    text = "Flott jobb @Fjordvik! #Fjordvik 😍 :) se https://fjordvik.no/x?y=1 Ikke-bra"
    assert tokenize(text) == ["flott", "jobb", "@fjordvik", "!", "#fjordvik", "😍", ":)", "se", "ikke", "bra"]


def test_tokenize_missing_and_empty_text_give_no_tokens():
    assert tokenize(None) == []
    assert tokenize("") == []
    assert tokenize(float("nan")) == []


def test_is_word_only_for_alphabetic_tokens():
    assert [is_word(t) for t in ["kommune", "#tag", "@user", "2026", "!", "😍"]] == [True, False, False, False,
                                                                                    False, False]


def test_the_compiled_tokeniser_is_built():
    """``pip install -e .`` (``make``) builds sermo_helpers/text/_tokens.c where a C compiler is; the
    workbook then tokenises about three times as fast (without it: the same tokens, from Python)."""
    from sermo_helpers.text import tokens

    assert tokens.compiled(), "sermo_helpers/text/_tokens.c is not built: run `pip install -e .` with a C compiler"


def _both(text: str):
    """(the expressions' tokens, the compiled tokeniser's), for both patterns it knows."""
    from sermo_helpers.text.tokens import COMPILED, batch_pattern

    return ([batch_pattern(pattern).findall(text) for pattern in COMPILED],
            [findall(text) for findall in COMPILED.values()])


def test_the_compiled_tokeniser_gives_the_expressions_tokens_for_every_character_and_around_each():
    """Every code point alone and where each rule reads it: inside a word, after # and @, around an
    apostrophe and a hyphen, after a link's start and in an emoticon (\\w and \\s are Python's, per
    character); with TOKEN_PATTERN and HYPHENATED_PATTERN."""
    from sermo_helpers.text import tokens

    if not tokens.compiled():
        pytest.skip("the compiled tokeniser is not built (test_the_compiled_tokeniser_is_built says why)")
    texts = []
    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        character = chr(code)
        texts += [character, f"a{character}b", f"#{character}", f"@{character}x", f"{character}'{character}", f"{character}-{character}",
                  f"http://{character}", f"www.{character}", f":{character}", f"x-{character})", f"!{character}?"]
    # batches joined by NUL, as the tables read them (no token spans a NUL): a difference is then
    # looked for text by text
    differ = []
    for start in range(0, len(texts), 50_000):
        batch = [text for text in texts[start:start + 50_000] if "\x00" not in text]
        expected, found = _both("\x00".join(batch))
        if expected != found:  # the texts that differ alone, or the batch when none does
            differ += [text for text in batch if _both(text)[0] != _both(text)[1]] or [f"batch at {start}"]
    assert differ == []


def test_the_compiled_tokeniser_gives_the_expressions_tokens_for_mixed_texts_and_batches():
    import random

    from sermo_helpers.text import tokens
    from sermo_helpers.text.tokens import TokenTable

    if not tokens.compiled():
        pytest.skip("the compiled tokeniser is not built (test_the_compiled_tokeniser_is_built says why)")
    pieces = list("abcxXo8:;=-'^)](\\[dDpP/|*3<!?@#_ .,\"(\n\t\x00wh-") + [
        "’", "http://", "https://", "www.", "ø", "É", "\u00a0", "\u2028", "😀", "❤", "⭐", "\u0663", "²", "ǅ",
        "İ", "\U0001F300", "\U0001FAFF", "\u2600", "\u27bf", "\u3000", "ⅷ", "𝟙", "kommunen", "Fjordvik's"]
    rng = random.Random(20261202)
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 30))) for _ in range(30_000)]
    differ = [text for text in texts if _both(text)[0] != _both(text)[1]]
    assert differ == []
    # a table reading batches: the same ids and texts as one that cuts with the expression
    batch = [text.replace("\x00", "") for text in texts[:5_000]]
    compiled, plain = TokenTable(), TokenTable()
    plain._findall = plain._batch_pattern.findall
    assert compiled._findall is not plain._findall
    for start in range(0, len(batch), 1_000):
        (ids, documents), (plain_ids, plain_documents) = (table.encode(batch[start:start + 1_000])
                                                          for table in (compiled, plain))
        assert [compiled.tokens[i] for i in ids] == [plain.tokens[i] for i in plain_ids]
        assert documents.tolist() == plain_documents.tolist()


def test_the_compiled_criticism_words_are_the_expressions_matches_with_their_starts():
    """criticism.WORD's matches in text[start:end] (finditer with pos and endpos), from C."""
    import random

    from sermo_helpers.text import tokens
    from sermo_helpers.text.criticism import WORD, _compiled_words

    if not tokens.compiled():
        pytest.skip("the compiled tokeniser is not built (test_the_compiled_tokeniser_is_built says why)")

    def expected(text, start, end):
        matches = list(WORD.finditer(text, start, end))
        return [match.group() for match in matches], [match.start() for match in matches]

    texts = []
    for code in range(0x110000):
        if not 0xD800 <= code <= 0xDFFF:
            character = chr(code)
            texts += [f"a{character}b", f"@{character}x", f"{character}-{character}", f"x’{character}."]
    joined = " ".join(texts)
    assert _compiled_words(joined, 0, len(joined)) == expected(joined, 0, len(joined))
    pieces = list("ab@#_-'’ .!?;:\n,\t") + ["ø", "É", "\u00a0", "😀", "\u0663", "ⅷ", "Fjordvik", "kommunen"]
    rng = random.Random(3)
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 25)))
        start, end = sorted(rng.randint(0, len(text) + 2) for _ in range(2))
        assert _compiled_words(text, start, end) == expected(text, start, end), (text, start, end)
