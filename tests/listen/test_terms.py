import pytest

from sermo_helpers.errors import AnalysisError
from sermo_helpers.listen import stop_words, top_terms


@pytest.fixture
def frame(mentions_factory):
    texts = ["Kokevarsel i Fjordvik igjen #kokevarsel", "Kokevarselet er ikke greit #kokevarsel #fjordvik",
             "Eg er lei av kokevarsel i Fjordvik", "The water notice in Fjordvik"]
    return mentions_factory([{"published_at": "2026-06-08T10:00:00+00:00", "text": t} for t in texts])


def test_top_words_skip_stop_words_and_count_mentions(frame):
    words = top_terms(frame, kind="word", top=3)
    assert words["term"].tolist() == ["fjordvik", "kokevarsel", "greit"]
    assert words["mentions"].tolist() == [3.0, 2.0, 1.0]
    assert words["share"].tolist() == [0.75, 0.5, 0.25]


def test_extra_stop_words_extend_the_lists(frame):
    words = top_terms(frame, kind="word", top=2, extra_stop_words=["Fjordvik"])
    assert words["term"].tolist() == ["kokevarsel", "greit"]


def test_hashtags_and_bigrams(frame):
    assert top_terms(frame, kind="hashtag")["term"].tolist() == ["#kokevarsel", "#fjordvik"]
    # two adjacent words, neither a stop word: "kokevarsel i fjordvik" gives none
    bigrams = top_terms(frame, kind="bigram", top=2)
    assert bigrams.values.tolist() == [["water notice", 1.0, 0.25]]


def test_stop_word_lists_and_errors():
    assert {"ikke", "ikkje", "the"} <= stop_words()
    assert "ikkje" not in stop_words(languages=["nb"])
    with pytest.raises(AnalysisError, match="no stop words for language 'sv'"):
        stop_words(languages=["sv"])


def test_unknown_kind(frame):
    with pytest.raises(AnalysisError, match="kind must be one of"):
        top_terms(frame, kind="trigram")


def test_pseudonyms_are_not_terms(mentions_factory):
    frame = mentions_factory([{"published_at": "2026-06-08T10:00:00+00:00",
                               "text": f"Citizen 3F9A2C says: waiting times {k}"} for k in range(2)])
    assert top_terms(frame, kind="word")["term"].tolist() == ["says", "times", "waiting"]


def test_search_words_are_the_words_of_the_client_name_and_keywords(frame):
    from sermo_helpers.config import load_client_config
    from sermo_helpers.listen import search_words

    fjordvik = load_client_config("fjordvik")  # display name "Fjordvik kommune"; keywords Fjordvik, #fjordvik
    assert search_words(fjordvik) == frozenset({"fjordvik", "kommune"})
    words = top_terms(frame, kind="word", top=2, extra_stop_words=search_words(fjordvik))
    assert words["term"].tolist() == ["kokevarsel", "greit"]
    assert top_terms(frame, kind="hashtag", extra_stop_words=search_words(fjordvik))["term"].tolist() == [
        "#kokevarsel", "#fjordvik"]  # hashtags are kept
