"""Time that fits the selection: day/week/month from the span, zeros filled, incomplete periods marked,
distinct ticks (sermo_helpers.timeline, used by the Listen explorer and the handout's volume figure)."""
import datetime as dt

import matplotlib
import pandas as pd
import pytest

from sermo_helpers import timeline
from sermo_helpers.explore.listen import explore_listen
from sermo_helpers.listen import analyse_listen
from sermo_helpers.plots.listen import plot_volume

matplotlib.use("Agg")


@pytest.mark.parametrize("start, end, freq", [
    ("2026-06-08", "2026-06-14", "D"), ("2026-06-01", "2026-07-05", "D"), ("2026-06-01", "2026-07-06", "W"),
    ("2026-04-01", "2026-06-30", "W"), ("2026-01-01", "2026-07-02", "W"), ("2026-01-01", "2026-07-03", "M")])
def test_choose_freq_days_under_five_weeks_then_weeks_then_months(start, end, freq):
    assert timeline.choose_freq(dt.date.fromisoformat(start), dt.date.fromisoformat(end)) == freq


def test_fill_periods_adds_zeros_and_flags_a_partial_last_week():
    counts = pd.DataFrame({"period": pd.to_datetime(["2026-06-01", "2026-06-15"]), "channel": ["x", "x"],
                           "count": [3.0, 2.0]})
    filled = timeline.fill_periods(counts, freq="W", start=dt.date(2026, 6, 1), end=dt.date(2026, 6, 17),
                                   by="channel")
    assert filled["period"].dt.strftime("%Y-%m-%d").tolist() == ["2026-06-01", "2026-06-08", "2026-06-15"]
    assert filled["count"].tolist() == [3.0, 0.0, 2.0]
    assert filled["complete"].tolist() == [True, True, False]  # 15.06 to 21.06, cut at 17.06


def test_a_one_week_selection_gives_a_daily_series_with_zeros_and_distinct_ticks(data, client):
    explorer = explore_listen(analyse_listen(data, client), client, headless=False)
    explorer.set(start=dt.date(2026, 4, 6))
    explorer.set(end=dt.date(2026, 4, 12))
    series = explorer.snapshot.frames["weekly"]
    assert explorer.error is None
    assert series["period"].dt.strftime("%d.%m").unique().tolist() == [
        "06.04", "07.04", "08.04", "09.04", "10.04", "11.04", "12.04"]
    counts = series.set_index(["period", "channel"])["count"]
    # mentions 1 (x, 06.04), 2 (x, 07.04), 3 (facebook, 08.04); every other day and channel is zero
    assert counts.sum() == 3 and counts[(pd.Timestamp("2026-04-07"), "x")] == 1
    assert counts[(pd.Timestamp("2026-04-09"), "x")] == 0 and counts[(pd.Timestamp("2026-04-08"), "facebook")] == 1
    assert len(counts) == 14 and series["complete"].all()
    ax = plot_volume(series, language="nb", freq="D")
    ticks = [tick.get_text() for tick in ax.get_xticklabels()]
    assert ticks == ["06.04", "07.04", "08.04", "09.04", "10.04", "11.04", "12.04"]
    numbers = [tick.get_text() for tick in ax.get_yticklabels()]
    assert len(numbers) == len(set(numbers)) and ax.get_xlabel() == "Dag"
    assert ax.get_title() == "Omtaler per dag og kanal"  # the title names the period the points count
    assert plot_volume(series, language="en").get_title() == "Mentions per day and channel"  # inferred
    monthly = pd.DataFrame({"period": pd.to_datetime(["2026-04-01", "2026-05-01"]), "channel": ["x", "x"],
                            "count": [4.0, 2.0]})
    assert plot_volume(monthly, by="channel", language="nb").get_title() == "Omtaler per måned og kanal"
    matplotlib.pyplot.close("all")


def test_a_single_busy_day_never_repeats_a_tick_on_the_count_axis():
    series = pd.DataFrame({"period": pd.to_datetime(["2026-06-08"]), "channel": ["x"], "count": [9.0]})
    ax = plot_volume(series, language="nb")
    numbers = [tick.get_text() for tick in ax.get_yticklabels()]
    assert len(numbers) == len(set(numbers))
    assert [tick.get_text() for tick in ax.get_xticklabels()] == ["08.06"]
    matplotlib.pyplot.close("all")


def test_ticks_across_a_new_year_say_the_year_so_none_repeat():
    starts = pd.date_range("2025-12-01", "2027-01-01", freq="MS")
    positions, texts = timeline.tick_labels(starts, "M", "nb")
    assert len(texts) == len(set(texts)) <= timeline.MAX_TICKS
    weekly = pd.date_range("2025-12-01", periods=60, freq="W-MON")
    _, week_texts = timeline.tick_labels(weekly, "W", "nb")
    assert len(week_texts) == len(set(week_texts)) and week_texts[0] == "01.12.2025"


def test_an_incomplete_last_period_is_shaded(data, client):
    explorer = explore_listen(analyse_listen(data, client), client, headless=False)
    explorer.set(end=dt.date(2026, 5, 20))  # 50 days, weekly; a Wednesday: the last week is cut short
    series = explorer.snapshot.frames["weekly"]
    assert series["period"].max() == pd.Timestamp("2026-05-18") and not series["complete"].iloc[-1]
    assert series.loc[series["period"] == pd.Timestamp("2026-05-11"), "count"].tolist() == [0.0, 0.0]
    ax = plot_volume(series, language="nb", freq="W")
    assert timeline.mark_incomplete(ax, series, "W", "nb")
    matplotlib.pyplot.close("all")
