"""Tests of sermo_helpers/plots/listen.py (kept beside the other listen tests)."""
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from sermo_helpers.errors import AnalysisError
from sermo_helpers.plots.listen import (plot_sentiment_over_time, plot_share_of_voice, plot_spikes, plot_top_terms,
                                        plot_volume)

WEEKS = pd.to_datetime(["2026-04-06", "2026-04-13"]).astype("datetime64[us]")


def test_plot_volume_labels_languages_in_the_handout_language():
    counts = pd.DataFrame({"period": list(WEEKS) * 2, "language": ["nb", "nb", "nn", "nn"], "count": [3.0, 4, 1, 0]})
    ax = plot_volume(counts, by="language", language="nb")
    assert ax.get_title() == "Omtaler per uke og språk"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["bokmål", "nynorsk"]
    assert ax.get_legend().get_title().get_text() == "Språk"


def test_plot_sentiment_over_time_stacks_shares_and_draws_net_line():
    weekly = pd.DataFrame({"period": WEEKS, "negative_share": [0.2, 0.5], "neutral_share": [0.5, 0.25],
                           "positive_share": [0.3, 0.25], "net_sentiment": [0.1, -0.25]})
    ax = plot_sentiment_over_time(weekly, language="en")
    heights = [patch.get_height() for patch in ax.patches]
    assert heights == pytest.approx([0.2, 0.5, 0.5, 0.25, 0.3, 0.25])
    assert list(ax.lines[0].get_ydata()) == [0.1, -0.25]
    assert ax.get_title() == "Tone of mentions per week"


def test_plot_share_of_voice_highlights_the_client_and_writes_percentages():
    share = pd.DataFrame({"name": ["Fjordvik", "Havnes"], "share": [0.6, 0.4], "is_client": [True, False]})
    ax = plot_share_of_voice(share, language="nb")
    assert [patch.get_width() for patch in ax.patches] == [0.6, 0.4]
    assert [text.get_text() for text in ax.texts] == [" 60\u00a0%", " 40\u00a0%"]
    assert ax.patches[0].get_facecolor() != ax.patches[1].get_facecolor()


def test_plot_top_terms_bars_in_order():
    terms = pd.DataFrame({"term": ["kokevarsel", "vann"], "mentions": [5.0, 2.0], "share": [0.5, 0.2]})
    ax = plot_top_terms(terms, title="listen.top_words", language="en")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["kokevarsel", "vann"]
    assert [patch.get_width() for patch in ax.patches] == [5.0, 2.0]
    assert ax.get_title() == "Most used words"


def test_plot_spikes_shades_each_spike():
    days = pd.DataFrame({"day": pd.date_range("2026-04-01", periods=5, unit="us"), "count": [1.0, 1, 9, 1, 1],
                         "baseline": [None, 1, 1, 1, 1], "limit": [None, 5, 5, 5, 5]})
    spikes = pd.DataFrame({"start": [days["day"][2]], "end": [days["day"][2]], "peak_day": [days["day"][2]],
                           "peak_count": [9.0]})
    ax = plot_spikes(days, spikes, language="nb")
    assert len(ax.patches) == 1 and [t.get_text() for t in ax.texts] == ["Topp"]
    assert len(ax.lines) == 3


def test_plot_errors_name_the_missing_column():
    with pytest.raises(AnalysisError, match="missing count"):
        plot_volume(pd.DataFrame({"period": [], "channel": []}), language="en")
    plt.close("all")
