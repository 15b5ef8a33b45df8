"""Figures of the Strategy stage: what the returned Axes show, in the handout language."""
import pandas as pd
import pytest

from sermo_helpers.errors import AnalysisError
from sermo_helpers.plots.strategy import plot_channel_mix, plot_share_of_voice

MIX = pd.DataFrame({"channel": ["x", "facebook", "snapchat"], "effort_share": [0.6, 0.4, float("nan")],
                    "audience_share": [0.1, 0.9, float("nan")]})


def test_channel_mix_bars_and_bokmal_labels():
    ax = plot_channel_mix(MIX, language="nb")
    widths = sorted(round(patch.get_width(), 3) for patch in ax.patches)
    assert widths == [0.1, 0.4, 0.6, 0.9]  # snapchat (no shares) left out
    assert [tick.get_text() for tick in ax.get_yticklabels()] == ["X (Twitter)", "Facebook"]
    assert ax.get_title() == "Innsats og publikum per kanal"
    assert [text.get_text() for text in ax.get_legend().get_texts()] == ["Andel av innleggene",
                                                                         "Andel av publikum (daglige brukere)"]
    assert ax.xaxis.get_major_formatter()(0.5, 0) == "50\u00a0%"


def test_share_of_voice_highlights_the_client_in_english():
    peers = pd.DataFrame({"name": ["Testby", "Nabo"], "share_of_voice": [0.7, 0.3], "is_client": [True, False]})
    ax = plot_share_of_voice(peers, language="en")
    assert ax.get_title() == "Share of voice"
    assert [round(patch.get_width(), 2) for patch in ax.patches] == [0.7, 0.3]
    assert ax.patches[0].get_facecolor() != ax.patches[1].get_facecolor()
    assert ax.xaxis.get_major_formatter()(0.25, 0) == "25%"


def test_missing_columns_are_named():
    with pytest.raises(AnalysisError) as error:
        plot_channel_mix(MIX.drop(columns="audience_share"), language="nb")
    assert "audience_share" in str(error.value)
