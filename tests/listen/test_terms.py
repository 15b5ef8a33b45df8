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


FILLER = {"nb": {"nye", "neste", "gang", "ferdig", "viktig"}, "nn": {"nye", "neste", "gong", "ferdig"},
          "en": {"new", "next", "time", "done", "important"}}


def test_filler_words_are_stop_words_read_from_the_reference_file():
    from sermo_helpers.listen.terms import default_stop_words_path, load_stop_words

    assert default_stop_words_path().parent.name == "reference"
    words = load_stop_words()
    for language, filler in FILLER.items():
        assert filler <= words[language], language
    assert {"hos", "nye", "neste"} <= stop_words(languages=["nb"])


def test_an_invalid_stop_word_file_is_refused_naming_every_problem(tmp_path):
    from sermo_helpers.errors import ConfigError
    from sermo_helpers.listen.terms import load_stop_words

    bad = tmp_path / "stop_words.yaml"
    bad.write_text("function_words:\n  nb: og i Jeg 2026\n  nn: og\n  sv: och\nfiller_words:\n  nb: nye\n  nn: [nye]\n"
                   "extra: x\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_stop_words(bad)
    message = str(caught.value)
    assert str(bad) in message
    assert "unknown section 'extra'" in message and "function_words: unknown language 'sv'" in message
    assert "function_words.en: expected words" in message and "function_words.nb: expected lower-case words of letters, found 'Jeg', '2026'" in message
    assert "filler_words.nn: expected words separated by spaces, found list" in message
    aliases = tmp_path / "aliases.yaml"
    aliases.write_text("function_words: &w\n  nb: og\n  nn: og\n  en: and\nfiller_words: *w\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="aliases"):
        load_stop_words(aliases)


@pytest.mark.parametrize("slug", ["fjordvik", "coastline"])
def test_the_demo_top_words_and_phrases_hold_no_stop_word(slug):
    """The handout's top-word and two-word-phrase charts (Listen's result) name no function or filler word."""
    from sermo_helpers.config import load_client_config
    from sermo_helpers.listen import analyse_listen
    from sermo_helpers.workbook import prepare_data

    client = load_client_config(slug)
    listen = analyse_listen(prepare_data(client), client)
    stop = stop_words()
    terms = [*listen.top_words["term"], *listen.top_bigrams["term"]]
    assert len(listen.top_words) >= 10 and len(listen.top_bigrams) >= 5
    assert [term for term in terms if set(term.split()) & stop] == []
    assert not set(listen.top_words["term"]) & (FILLER["nb"] | FILLER["en"])


@pytest.mark.parametrize("slug", ["fjordvik", "coastline"])
def test_one_reading_of_the_texts_gives_the_terms_and_spikes_of_reading_them_apart(slug):
    """analyse_listen reads each text once for the top terms and the spikes' new words
    (count_terms_in with the spike windows); the frames equal top_term_kinds' and explain_spikes' own."""
    import pandas as pd

    from sermo_helpers.config import load_client_config
    from sermo_helpers.listen import analyse_listen, detect_spikes, explain_spikes
    from sermo_helpers.listen.terms import search_words, top_term_kinds
    from sermo_helpers.workbook import prepare_data

    client = load_client_config(slug)
    data = prepare_data(client)
    listen = analyse_listen(data, client)
    mentions = data.mentions
    apart = top_term_kinds(mentions, {"word": 15, "hashtag": 10, "bigram": 12}, subject=client.slug,
                           extra_stop_words=search_words(client))
    spikes = explain_spikes(mentions, detect_spikes(mentions, timezone=client.timezone, subject=client.slug),
                            timezone=client.timezone, subject=client.slug)
    pd.testing.assert_frame_equal(listen.top_words, apart["word"])
    pd.testing.assert_frame_equal(listen.top_hashtags, apart["hashtag"])
    pd.testing.assert_frame_equal(listen.top_bigrams, apart["bigram"])
    pd.testing.assert_frame_equal(listen.spikes, spikes)
    assert len(listen.spikes) and listen.spikes["new_terms"].str.len().gt(0).all()
