"""The batch (numpy) paths give exactly what the rules say text by text: token tables, language
detection, the n-gram sums and VADER's rules."""
import numpy as np
import pytest

from sermo_helpers.text.language import language_of_tokens, languages_of_ids
from sermo_helpers.text.ngrams import NgramLogits, bigram_features, read_ngram_model, token_units, unit_features
from sermo_helpers.text.sentiment import (NORWEGIAN_MODEL_PATH, EnglishScorer, MultilingualScorer, cased_tokens,
                                          norwegian_scorer)
from sermo_helpers.text.tokens import TOKEN_PATTERN, TokenTable, lowered_forms

TEXTS = [
    "Kommunen svarer ikke på henvendelsen min om #bussen2024 @ola_n https://x.no/a?b=1",
    "Eg er ikkje nøgd, men det er ikkje så ille heller!!",
    "", "   ", "!!!", "@a @b", "Hei\x00der", "8) <3 :3 :-3 12:30 x3 gr8 #gr8 #GR8",
    "This is NOT good at all, but the staff were VERY kind!!! ??",
    "at least it works; very least; the least bad option",
    "Coastline Health Trust is hiding the report. No good news & no &amp; answers",
    "Not bad. Kinda good. best-selling & well-known :) :( 😍 #Love2023",
    "ikke bra ikke bra ikke bra , men fint fint", "no no no problem", "İstanbul er fint 😀",
]


@pytest.mark.parametrize("texts", [[text for text in TEXTS if "\x00" not in text], TEXTS],
                         ids=["one pass", "a text with NUL: text by text"])
def test_token_table_cuts_a_batch_like_the_pattern_text_by_text(texts):
    table = TokenTable()
    lowered = [text.lower() for text in texts]
    ids, documents = table.encode(lowered)
    assert documents.max() == len(texts) - 1
    for number, text in enumerate(lowered):
        expected = TOKEN_PATTERN.findall(text)
        assert [table.tokens[i] for i in ids[documents == number]] == expected


def test_token_table_gives_handles_and_numbers_one_form_and_starts_afresh_when_full():
    table = TokenTable(canonical=lowered_forms, max_tokens=8)
    ids, _ = table.encode(["@ola @kari #buss12 #buss7"])
    assert ids[0] == ids[1] and ids[2] == ids[3]
    assert [table.tokens[i] for i in ids] == ["@_", "@_", "#buss0", "#buss0"]
    ids, documents = table.encode(["a b c d e f g h i j"])  # more than 8: the table starts afresh
    assert [table.tokens[i] for i in ids] == list("abcdefghij") and len(table) == 11


def test_vectorised_language_detection_equals_the_rules_text_by_text():
    table = TokenTable(canonical=lowered_forms)
    lowered = [text.lower() for text in TEXTS]
    expected = [language_of_tokens(TOKEN_PATTERN.findall(text), text) if text else "unknown" for text in lowered]
    assert languages_of_ids(table, *table.encode(lowered), lowered) == expected
    assert "unknown" in expected and "en" in expected and "nn" in expected


def _reference_sums(model, tokens):
    """The n-gram model's sums written out feature by feature (no caching, no numpy batching)."""
    units = token_units(tokens)
    width, heads = model.weights.shape[1], model.squares.shape[1]
    logits, squares, lexicon = np.zeros(width), np.zeros(heads), np.zeros(2)
    for unit in units:
        features = unit_features(unit, model.lexicon)
        row_logits, row_squares = np.zeros(width), np.zeros(heads)
        for feature, count in features.items():
            index = model.vocabulary.get(feature)
            if index is not None:
                row_logits += count * model.weights[index]
                row_squares += count ** 2 * model.squares[index]
        logits += row_logits
        squares += row_squares
        lexicon += (features.get("lex:pos", 0.0), features.get("lex:neg", 0.0))
    for bigram in bigram_features(units):
        index = model.vocabulary.get(bigram)
        if index is not None:
            logits += model.weights[index]
            squares += model.squares[index]
    return logits, squares, lexicon


def test_ngram_sums_over_ids_equal_the_feature_by_feature_sums():
    model = read_ngram_model(NORWEGIAN_MODEL_PATH)
    token_lists = [TOKEN_PATTERN.findall(text.lower()) for text in TEXTS]
    logits, squares, lexicon = NgramLogits(model).logits(token_lists)
    for number, tokens in enumerate(token_lists):
        expected = _reference_sums(model, tokens)
        np.testing.assert_allclose(logits[number], expected[0], rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(squares[number], expected[1], rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(lexicon[number], expected[2], rtol=1e-9, atol=1e-12)
    assert np.abs(logits).sum() > 0 and lexicon.sum() > 0  # the texts do reach the model


def test_vectorised_vader_equals_the_rules_word_by_word():
    english = EnglishScorer()
    polarity, labels = english._score(TEXTS)
    expected_polarity, expected_labels = english._score_one_by_one([cased_tokens(text) for text in TEXTS])
    assert polarity.tolist() == expected_polarity.tolist()  # exactly: same operations in the same order
    assert labels == expected_labels
    assert len(set(labels)) == 3


def test_scores_do_not_depend_on_batching_or_the_token_table_filling_up():
    texts = TEXTS * 3 + [f"Bussen {n} er forsinket igjen @user{n}" for n in range(50)]
    whole = MultilingualScorer().score_texts(texts)
    small = MultilingualScorer(norwegian=norwegian_scorer())
    small.norwegian._logits.table.max_tokens = 20  # starts afresh many times
    small.english._table.max_tokens = 20
    parts = [small.score_texts(texts[start:start + 7]) for start in range(0, len(texts), 7)]
    import pandas as pd

    pd.testing.assert_frame_equal(whole, pd.concat(parts, ignore_index=True))


def test_english_training_data_leaves_the_airline_tweets_out_and_folds_by_topic():
    from sermo_helpers.text.train_english import AIRLINES, topic_of

    assert AIRLINES.search("@united Great, thank you!") and AIRLINES.search("@DeltaAssist still waiting")
    assert AIRLINES.search("#AmericanAir lost my bag") and not AIRLINES.search("@Apple my iPhone died")
    assert [topic_of(text) for text in ("Brady and the footballs #DeflateGate", "Google's driverless car",
                                        "My new iPhone", "Coachella lineup!", "Nice weather today")] == [
        "deflategate", "driverless cars", "apple", "coachella", "other"]


# ---------------------------------------------------------------------------------------------
# Fast paths (issue 19): a batch's distinct tokens looked up once (Arrow's dictionary encoding),
# and the n-gram sums without the rows of zeros. Both must give exactly what the plain ways give,
# on the demo clients' texts, 20,000 generated mentions and the edge cases above.
# ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def many_texts():
    import importlib.util
    from pathlib import Path

    import pandas as pd

    root = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location("scale_benchmark", root / "benchmarks" / "scale.py")
    scale = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scale)
    demo = [text for slug in ("fjordvik", "coastline") for text in pd.read_csv(
        root / "data" / "clients" / slug / "mentions.csv", dtype=str, keep_default_na=False)["text"]]
    return TEXTS + demo + scale.generate_mentions(20_000)["text"].tolist()


def _one_lookup_per_token(monkeypatch):
    monkeypatch.setattr(TokenTable, "_ids_of", TokenTable._ids_of_each)


@pytest.mark.parametrize("canonical", [None, lowered_forms], ids=["tokens", "forms"])
def test_token_ids_by_dictionary_encoding_equal_one_lookup_per_token(many_texts, monkeypatch, canonical):
    lowered = [text.lower() for text in many_texts]
    encoded = []
    for fast in (True, False):
        with monkeypatch.context() as patch:
            if not fast:
                _one_lookup_per_token(patch)
            table = TokenTable(canonical=canonical)
            batches = [table.encode(lowered[start:start + 5_000]) for start in range(0, len(lowered), 5_000)]
            encoded.append([([table.tokens[i] for i in ids], documents.tolist()) for ids, documents in batches])
    assert encoded[0] == encoded[1]
    assert sum(len(tokens) for tokens, _ in encoded[0]) > 100_000  # the batches did take the Arrow path
    if canonical is None:  # and the tokens are the pattern's, text by text
        tokens, documents = encoded[0][0]
        for number, text in enumerate(lowered[:5_000]):
            assert [token for token, document in zip(tokens, documents) if document == number] \
                == TOKEN_PATTERN.findall(text)


def test_token_ids_of_text_arrow_cannot_hold_are_looked_up_one_by_one():
    table = TokenTable()
    texts = ["ok \ud800 fine " * 400, "plain text " * 400]  # a lone surrogate: no UTF-8 for it
    ids, documents = table.encode(texts)
    assert [table.tokens[i] for i in ids[documents == 0]] == TOKEN_PATTERN.findall(texts[0])
    assert [table.tokens[i] for i in ids[documents == 1]] == TOKEN_PATTERN.findall(texts[1])


def test_token_ids_follow_the_table_starting_afresh_in_a_large_batch(monkeypatch):
    texts = [f"ord{n} og ord{n + 1} @navn{n}" for n in range(2_000)]
    results = []
    for fast in (True, False):
        with monkeypatch.context() as patch:
            if not fast:
                _one_lookup_per_token(patch)
            table = TokenTable(max_tokens=1_500)
            out = [table.encode(texts[start:start + 1_000]) for start in range(0, len(texts), 1_000)]
            results.append(([[table.tokens[i] for i in ids] for ids, _ in out], table.generation, len(table)))
    assert results[0] == results[1] and results[0][1] > 1  # it started afresh, alike both ways


def test_ngram_sums_without_zero_rows_equal_the_interleaved_sums_bit_for_bit(many_texts, monkeypatch):
    logits = NgramLogits(read_ngram_model(NORWEGIAN_MODEL_PATH), table=TokenTable(canonical=lowered_forms))
    fast_sums, checked = logits._sums, []

    def both(rows, pair_rows, documents, count):
        fast = fast_sums(rows, pair_rows, documents, count)
        columns, bigrams = logits._columns, logits._bigram_columns  # the interleaved sums, zeros included
        plain = np.zeros_like(fast)
        order = np.repeat(documents, 2)
        values = np.empty(2 * len(rows))
        for column in range(fast.shape[1]):
            values[0::2] = columns[column][rows]
            values[1::2] = bigrams[column][pair_rows]
            plain[:, column] = np.bincount(order, weights=values, minlength=count)
        assert fast.tobytes() == plain.tobytes()  # bit for bit (signs of zero included)
        checked.append(((pair_rows > 0).sum(), (rows == 0).sum()))
        return fast

    monkeypatch.setattr(logits, "_sums", both)
    lowered = [text.lower() for text in many_texts]
    for start in range(0, len(lowered), 5_000):
        batch = lowered[start:start + 5_000]
        logits.logits_of_ids(*logits.table.encode(batch), len(batch))
    assert len(checked) > 3 and all(pairs > 0 for pairs, _ in checked)  # bigrams were there to skip or add


def test_values_that_are_not_text_score_as_empty_text():
    scorer = MultilingualScorer()
    out = scorer.score_texts(["Bra jobba!", None, float("nan"), 5, "", "Bra jobba!"])
    empty = scorer.score_texts([""]).iloc[0].tolist()
    assert [out.iloc[i].tolist() for i in (1, 2, 3, 4)] == [empty] * 4
    assert out.iloc[0].tolist() == out.iloc[5].tolist() == scorer.score_texts(["Bra jobba!"]).iloc[0].tolist()
