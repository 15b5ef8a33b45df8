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
