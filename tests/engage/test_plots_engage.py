"""Engage figures: what the returned Axes show (labels, bars, counts in cells)."""
import numpy as np
import pandas as pd
import pytest

from sermo_helpers.errors import AnalysisError
from sermo_helpers.plots.engage import (plot_engagement_by_type, plot_posting_heatmap, plot_response_curve,
                                        plot_response_rates, plot_responders)

# Figures are closed after each test by the autouse fixture in tests/conftest.py.


def test_response_rates_bars_and_labels():
    metrics = pd.DataFrame({"channel": ["x", "facebook"], "response_rate": [0.6, 0.85],
                            "median_first_response_minutes": [600.0, 45.0], "conversations": [99, 154]})
    ax = plot_response_rates(metrics, language="nb")
    widths = [patch.get_width() for patch in ax.patches]
    assert widths == [0.85, 0.6]  # sorted, best first
    texts = [text.get_text() for text in ax.texts]
    assert texts == ["85\u00a0% · median 45 min (n=154)", "60\u00a0% · median 10 timer (n=99)"]
    assert ax.get_title() == "Svarprosent per kanal"
    assert [tick.get_text() for tick in ax.get_yticklabels()] == ["Facebook", "X (Twitter)"]


def test_response_curve_ends_at_the_response_rate():
    conversations = pd.DataFrame({"channel": ["x", "x", "x", "x"],
                                  "first_response_minutes": [30.0, 90.0, 600.0, np.nan]})
    ax = plot_response_curve(conversations, targets_minutes=(60, 1440), language="en", max_hours=48)
    line = ax.get_lines()[0]
    assert line.get_label() == "X (Twitter) (n=4)"
    assert line.get_ydata()[-1] == 0.75
    assert line.get_ydata()[0] == 0
    hours = line.get_xdata()
    assert line.get_ydata()[np.searchsorted(hours, 1.0)] == 0.25  # within the hour: one of four
    assert [text.get_text() for text in ax.texts] == ["target: 60 min", "target: 24 hours"]


def test_response_curve_alt_text_gives_the_share_answered_within_each_target():
    from sermo_helpers import present

    conversations = pd.DataFrame({"channel": ["x", "x", "x", "x", "facebook"],
                                  "first_response_minutes": [30.0, 90.0, 600.0, np.nan, 20.0]})
    alt = present.figure(plot_response_curve(conversations, targets_minutes=(60, 1440), language="nb")).alt
    assert alt == ("Hvor raskt får innbyggerne svar? Facebook (1 samtale): 100\u00a0% besvart innen 60 min, "
                   "100\u00a0% besvart innen 24 timer, 100\u00a0% i alt; X (Twitter) (4 samtaler): 25\u00a0% besvart "
                   "innen 60 min, 75\u00a0% besvart innen 24 timer, 75\u00a0% i alt.")


def test_grouped_bars_are_named_by_their_legend_in_the_alt_text():
    from sermo_helpers import present

    summary = pd.DataFrame({"channel": ["facebook", "facebook", "x"], "post_type": ["video", "photo", "photo"],
                            "engagement_rate_by_reach": [0.09, 0.05, 0.02]})
    alt = present.figure(plot_engagement_by_type(summary, language="nb")).alt
    assert alt.endswith("Facebook (Video): 9,0\u00a0%; Facebook (Bilde): 5,0\u00a0%; X (Twitter) (Bilde): 2,0\u00a0%.")


def test_responders_plot():
    responders = pd.DataFrame({"responder": ["AH", "BK"], "replies": [6, 4], "share_of_replies": [0.6, 0.4]})
    ax = plot_responders(responders, language="en")
    assert [patch.get_width() for patch in ax.patches] == [0.6, 0.4]
    assert ax.get_xlabel() == "Share of replies"


def test_engagement_by_type_plot():
    summary = pd.DataFrame({"channel": ["facebook", "facebook"], "post_type": ["video", "photo"],
                            "engagement_rate_by_reach": [0.09, 0.05]})
    ax = plot_engagement_by_type(summary, language="en")
    heights = sorted(patch.get_height() for patch in ax.patches if patch.get_height() > 0)
    assert heights == [0.05, 0.09]
    assert ax.get_ylabel() == "Engagement rate by reach"
    norwegian = plot_engagement_by_type(summary, language="nb")
    assert [text.get_text() for text in norwegian.get_legend().get_texts()] == ["Video", "Bilde"]
    assert [tick.get_text() for tick in norwegian.get_xticklabels()] == ["Facebook"]


def test_heatmap_shows_post_counts():
    heatmap = pd.DataFrame({"weekday": [0, 4], "hour": [9, 20], "posts": [3, 11], "posts_measured": [3, 10],
                            "mean_engagement_index": [0.8, 1.5]})
    ax = plot_posting_heatmap(heatmap, language="nb")
    shown = sorted(text.get_text() for text in ax.texts if text.get_text())
    assert shown == ["11", "3"]
    assert [tick.get_text() for tick in ax.get_yticklabels()][:2] == ["man", "tir"]  # short names on the axis
    assert ax.get_xlabel() == "Time (lokal tid)"


def test_heatmap_alt_text_names_its_best_and_weakest_hour_in_numbers():
    from sermo_helpers import present

    heatmap = pd.DataFrame({"weekday": [0, 4, 1], "hour": [9, 20, 12], "posts": [3, 11, 5],
                            "posts_measured": [3, 10, 5], "mean_engagement_index": [0.8, 1.5, 1.1]})
    alt = present.figure(plot_posting_heatmap(heatmap, language="nb")).alt
    assert alt == ("Engasjement sammenlignet med kanalens snitt (1,0 = snitt). høyest fredag kl. 20 (1,5, 11 innlegg); "
                   "lavest mandag kl. 9 (0,8, 3 innlegg); 2 av 3 tidspunkter med innlegg ligger over kanalens snitt.")
    english = present.figure(plot_posting_heatmap(heatmap, language="en")).alt
    assert "highest Friday at 20:00 (1.5, 11 posts); lowest Monday at 9:00 (0.8, 3 posts)" in english


def test_missing_column_is_named():
    with pytest.raises(AnalysisError, match="response_rate"):
        plot_response_rates(pd.DataFrame({"channel": ["x"]}), language="nb")
