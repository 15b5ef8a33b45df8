from types import SimpleNamespace

import pandas as pd
import pytest

from sermo_helpers.config import validate_client_config
from sermo_helpers.listen.criticism import CRITICISM_COLUMNS
from sermo_helpers.listen.handout import show_criticism, show_spikes, show_tone_by_subject, subjects_of


@pytest.fixture
def client(minimal_config):
    return validate_client_config({**minimal_config, "peers": [{"slug": "nabo", "name": "Nabo kommune"}]},
                                  source="test")


def listen(**frames):
    """The parts of a ListenResult a display function reads, from small known frames."""
    criticism = frames.pop("criticism", pd.DataFrame({column: [] for column in [*CRITICISM_COLUMNS, "venue"]}))
    venues = criticism["venue"] if len(criticism) else pd.Series(dtype="str")
    return SimpleNamespace(criticism=criticism, spikes=frames.pop("spikes", pd.DataFrame()),
                           tone_by_subject=frames.pop("tone_by_subject", None), mentions=frames.pop("mentions", 12),
                           criticism_on_own_channels=int((venues == "own_channels").sum()),
                           criticism_in_media=int((venues == "media").sum()))


def test_show_tone_by_subject_uses_names_and_norwegian_percent(client):
    summary = pd.DataFrame({"subject": ["nabo"], "mentions": [10.0], "negative_share": [0.2], "neutral_share": [0.5],
                            "positive_share": [0.3], "net_sentiment": [0.1], "mean_polarity": [0.05]})
    markup = show_tone_by_subject(listen(tone_by_subject=summary), client=client, language="nb").markup
    assert '<td data-label="Hvem">Nabo kommune</td>' in markup and "20\u00a0%" in markup
    assert '<th scope="col" class="num">Netto tone</th>' in markup


def test_show_spikes_says_when_there_are_none():
    assert "No spikes" in show_spikes(listen(), language="en").markup


def test_show_criticism_splits_own_channels_from_the_media_and_escapes_text(client):
    ranked = pd.DataFrame({
        "published_at": pd.to_datetime(["2026-06-08T10:00:00+00:00", "2026-06-08T11:00:00+00:00",
                                        "2026-06-08T12:00:00+00:00"]),
        "channel": ["facebook", "facebook", "news"], "author": ["@a", "@b", "Avisa"],
        "text": ["<script>x</script>", "ok", "Sak"], "reach": [10.0, 5.0, 100.0], "engagement": [1.0, 0.0, 3.0],
        "answered": [False, True, False], "minutes_to_reply": [None, 30.0, None],
        "venue": ["own_channels", "own_channels", "media"]})
    english = type(client)(**{**client.__dict__, "language": "en"})
    markup = show_criticism(listen(criticism=ranked), client=english, language="en").markup
    assert "3 in all. 2 came on channels where Testby kommune is present" in markup
    assert "1 appeared in the media" in markup
    assert "&lt;script&gt;" in markup and "<script>" not in markup
    assert "2026-06-08 12:00" in markup  # local time
    assert '<td data-label="Where">media</td><td class="name" data-label="Author">Avisa</td>' in markup


def test_subjects_of_client(client):
    assert subjects_of(client) == {"client": "testby", "peers": ["nabo"],
                                   "names": {"testby": "Testby kommune", "nabo": "Nabo kommune"}}


def test_show_spikes_and_criticism_without_mentions(client):
    assert show_spikes(listen(mentions=0), language="en").markup == (
        '<p class="sermo-note sermo-no-data">No data for this period.</p>')
    assert "No spikes" in show_spikes(listen(mentions=12), language="en").markup
    assert show_criticism(listen(), client=client, language="nb").markup == (
        '<p class="sermo-lead">Ingen kritiske omtaler i perioden.</p>')


def test_spike_table_names_channels_in_the_reader_words():
    explained = pd.DataFrame({
        "start": pd.to_datetime(["2026-06-08"]), "end": pd.to_datetime(["2026-06-14"]), "mentions": [420],
        "ratio": [9.9], "new_terms": ["kokevarsel"], "top_channels": ["news (120), x (40), ukjent kanal (2)"],
        "top_authors": ["@vasskjelda (12)"],
    })
    markup = show_spikes(listen(spikes=explained), language="nb").markup
    assert "nyheter (120), X (Twitter) (40), ukjent kanal (2)" in markup
    assert "@vasskjelda (12)" in markup
