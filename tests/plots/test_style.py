"""The house style's shared "no data" axes, and every plot function drawing it for empty data."""
import pandas as pd
import pytest

from sermo_helpers.plots import engage, influence, listen, overview, strategy
from sermo_helpers.plots.style import NO_DATA_GID, draw_no_data, is_empty


def _empty(*columns) -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype="float64") for column in columns})


def _message(ax) -> list[str]:
    return [text.get_text() for text in ax.texts if text.get_gid() == NO_DATA_GID]


def test_draw_no_data_writes_the_note_in_the_language_and_keeps_the_title():
    ax = draw_no_data(None, "nb", title="Innlegg")
    assert _message(ax) == ["Ingen data for denne perioden."]
    assert ax.get_title() == "Innlegg"
    assert list(ax.get_xticks()) == [] and list(ax.get_yticks()) == []
    assert _message(draw_no_data(None, "en")) == ["No data for this period."]


def test_is_empty():
    assert is_empty(None) and is_empty(_empty("a")) and not is_empty(pd.DataFrame({"a": [1.0]}))


EMPTY_PLOTS = {
    "volume": lambda: listen.plot_volume(_empty("period", "channel", "count"), language="en"),
    "tone": lambda: listen.plot_sentiment_over_time(
        _empty("period", "negative_share", "neutral_share", "positive_share", "net_sentiment"), language="en"),
    "share_of_voice": lambda: listen.plot_share_of_voice(
        pd.DataFrame({"name": ["A", "B"], "share": [0.0, float("nan")], "is_client": [True, False]}), language="en"),
    "terms": lambda: listen.plot_top_terms(_empty("term", "mentions"), language="en"),
    "spikes": lambda: listen.plot_spikes(_empty("day", "count", "baseline", "limit"), _empty("start"), language="en"),
    "weekly": lambda: overview.plot_weekly_counts(_empty("week", "channel", "count"), language="en"),
    "response_rates": lambda: engage.plot_response_rates(
        _empty("channel", "response_rate", "median_first_response_minutes", "conversations"), language="en"),
    "response_curve": lambda: engage.plot_response_curve(_empty("channel", "first_response_minutes"), language="en"),
    "responders": lambda: engage.plot_responders(_empty("responder", "share_of_replies", "replies"), language="en"),
    "engagement": lambda: engage.plot_engagement_by_type(
        pd.DataFrame({"channel": ["x"], "post_type": ["link"], "engagement_rate_by_reach": [float("nan")]}),
        language="en"),
    "heatmap": lambda: engage.plot_posting_heatmap(_empty("weekday", "hour", "posts", "mean_engagement_index"),
                                                   language="en"),
    "ecosystem": lambda: influence.plot_ecosystem_map(_empty("level", "actor", "weight"), language="en"),
    "network": lambda: influence.plot_network(_empty("source", "target", "weight"),
                                              _empty("actor", "rank", "score", "role"), language="en"),
    "channel_mix": lambda: strategy.plot_channel_mix(_empty("channel", "effort_share", "audience_share"),
                                                     language="en"),
    "peers": lambda: strategy.plot_share_of_voice(_empty("name", "share_of_voice", "is_client"), language="en"),
}


@pytest.mark.parametrize("name", list(EMPTY_PLOTS))
def test_every_plot_given_no_data_draws_the_no_data_axes_with_its_title(name):
    ax = EMPTY_PLOTS[name]()
    assert _message(ax) == ["No data for this period."]
    assert ax.get_title()  # the reader still sees which figure has no data
    assert not ax.lines and not ax.patches and not ax.collections
