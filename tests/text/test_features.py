from sermo_helpers.text.features import affix_features, negation_features, sentiment_features


def test_three_words_after_a_negator_are_marked():
    assert negation_features("Dette er ikke noe bra tilbud i det hele tatt") == [
        "dette", "er", "ikke", "¬noe", "¬bra", "¬tilbud", "i", "det", "hele", "tatt"]


def test_negation_scope_ends_at_men_and_punctuation():
    assert negation_features("ikkje godt, men bra") == ["ikkje", "¬godt", "men", "bra"]
    assert negation_features("not good! great") == ["not", "¬good", "!", "great"]


def test_affixes_only_for_long_tokens():
    assert affix_features("bra") == []
    assert affix_features("skuffa") == ["p:skuf", "s:uffa"]
    assert affix_features("kjempebra") == ["p:kjem", "s:ebra", "q:kjempe"]


def test_sentiment_features_are_tokens_then_affixes():
    assert sentiment_features("Kjempebra!") == ["kjempebra", "!", "p:kjem", "s:ebra", "q:kjempe"]
