import pandas as pd

from sermo_helpers.config import validate_client_config
from sermo_helpers.listen.handout import show_criticism, show_spikes, show_tone_by_subject, subjects_of


def test_show_tone_by_subject_uses_names_and_norwegian_percent():
    summary = pd.DataFrame({"subject": ["a"], "mentions": [10.0], "negative_share": [0.2], "neutral_share": [0.5],
                            "positive_share": [0.3], "net_sentiment": [0.1], "mean_polarity": [0.05]})
    markup = show_tone_by_subject(summary, language="nb", names={"a": "A kommune"}).markup
    assert '<td data-label="Hvem">A kommune</td>' in markup and "20,0\u00a0%" in markup
    assert '<th scope="col" class="num">Netto tone</th>' in markup


def test_show_spikes_says_when_there_are_none():
    assert "No spikes" in show_spikes(pd.DataFrame(), language="en").markup


def test_show_criticism_counts_unanswered_and_escapes_text():
    ranked = pd.DataFrame({
        "published_at": pd.to_datetime(["2026-06-08T10:00:00+00:00", "2026-06-08T11:00:00+00:00"]),
        "channel": ["x", "facebook"], "author": ["@a", "@b"], "text": ["<script>x</script>", "ok"],
        "reach": [10.0, 5.0], "engagement": [1.0, 0.0], "answered": [False, True], "minutes_to_reply": [None, 30.0]})
    markup = show_criticism(ranked, language="en", timezone="Europe/Oslo").markup
    assert "1 of 2 are unanswered" in markup
    assert "&lt;script&gt;" in markup and "<script>" not in markup
    assert "2026-06-08 12:00" in markup  # local time


def test_subjects_of_client(minimal_config):
    config = validate_client_config({**minimal_config, "peers": [{"slug": "nabo", "name": "Nabo kommune"}]},
                                    source="test")
    assert subjects_of(config) == {"client": "testby", "peers": ["nabo"],
                                   "names": {"testby": "Testby kommune", "nabo": "Nabo kommune"}}


def test_show_spikes_and_criticism_without_mentions():
    assert show_spikes(pd.DataFrame(), language="en", mentions=0).markup == (
        '<p class="sermo-note sermo-no-data">No data for this period.</p>')
    assert "No spikes" in show_spikes(pd.DataFrame(), language="en", mentions=12).markup
    from sermo_helpers.listen.criticism import CRITICISM_COLUMNS

    none = pd.DataFrame({column: [] for column in CRITICISM_COLUMNS})
    assert show_criticism(none, language="nb", timezone="Europe/Oslo").markup == (
        '<p class="sermo-lead">Ingen negative omtaler i perioden.</p>')


def test_spike_table_names_channels_in_the_reader_words():
    explained = pd.DataFrame({
        "start": pd.to_datetime(["2026-06-08"]), "end": pd.to_datetime(["2026-06-14"]), "mentions": [420],
        "ratio": [9.9], "new_terms": ["kokevarsel"], "top_channels": ["news (120), x (40), ukjent kanal (2)"],
        "top_authors": ["@vasskjelda (12)"],
    })
    markup = show_spikes(explained, language="nb").markup
    assert "nyheter (120), X (Twitter) (40), ukjent kanal (2)" in markup
    assert "@vasskjelda (12)" in markup
