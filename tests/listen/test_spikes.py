import numpy as np
import pandas as pd
import pytest

from sermo_helpers import demo
from sermo_helpers.listen import compute_baseline, daily_counts, detect_spikes, explain_spikes
from sermo_helpers.workbook import score_mentions


def series_to_mentions(mentions_factory, counts, *, start="2026-04-01", extra_text=None, spike_days=()):
    rows = []
    for offset, count in enumerate(counts):
        day = pd.Timestamp(start) + pd.Timedelta(days=offset)
        for k in range(int(count)):
            text = "Hyggelig tur i parken" if offset not in spike_days else extra_text
            rows.append({"published_at": (day + pd.Timedelta(hours=10, minutes=k)).tz_localize("UTC").isoformat(),
                         "text": text, "channel": "facebook" if offset in spike_days else "x"})
    return mentions_factory(rows)


def test_flat_synthetic_series_has_no_spike(mentions_factory):
    counts = np.random.default_rng(7).poisson(10, size=180)
    frame = series_to_mentions(mentions_factory, counts)
    assert detect_spikes(frame, timezone="UTC").empty
    assert len(daily_counts(frame, timezone="UTC")) == 180


def test_constant_series_has_no_spike(mentions_factory):
    frame = series_to_mentions(mentions_factory, [4] * 60)
    assert detect_spikes(frame, timezone="UTC").empty


def test_planted_spike_is_found_with_its_dates_and_explained(mentions_factory):
    counts = np.random.default_rng(3).poisson(8, size=90)
    counts[60:63] = [60, 45, 30]
    frame = series_to_mentions(mentions_factory, counts, spike_days={60, 61, 62},
                               extra_text="Kokevarsel igjen, elendig varsling fra kommunen")
    spikes = detect_spikes(frame, timezone="UTC")
    assert spikes[["start", "end"]].astype(str).values.tolist() == [["2026-05-31", "2026-06-02"]]
    assert spikes["mentions"].tolist() == [135.0]
    assert spikes["peak_day"].astype(str).tolist() == ["2026-05-31"]
    explained = explain_spikes(score_mentions(frame), spikes, timezone="UTC")
    assert explained["new_terms"].iloc[0].split(", ")[:2] == ["elendig", "kokevarsel"]
    assert explained["top_channels"].iloc[0] == "facebook (135)"
    assert explained["negative_share"].iloc[0] == 1.0
    assert explained["negative_share_before"].iloc[0] == 0.0


def test_baseline_is_the_median_of_previous_days():
    counts = pd.Series([1.0, 2, 3, 4, 5, 6, 7, 100], index=pd.date_range("2026-04-01", periods=8, unit="us"))
    frame = compute_baseline(counts, window=7)
    assert frame["baseline"].isna().tolist() == [True] * 7 + [False]
    assert frame["baseline"].iloc[7] == 4.0
    assert frame["is_spike"].tolist() == [False] * 7 + [True]


def test_demo_criticism_episode_is_found():
    from sermo_helpers.config import load_client_config
    from sermo_helpers.errors import SermoError
    from sermo_helpers.loaders import load_client

    try:
        client = load_client_config("fjordvik")
        mentions = load_client(client).mentions
    except SermoError as exc:
        pytest.skip(f"demo data not available: {exc}")
    episode = demo.PLANTED["fjordvik"]["criticism_episode"]
    spikes = detect_spikes(mentions, timezone=client.timezone, subject="fjordvik")
    assert spikes[["start", "end"]].astype(str).values.tolist() == [[episode["start"], episode["end"]]]
    explained = explain_spikes(score_mentions(mentions), spikes, timezone=client.timezone, subject="fjordvik")
    assert set(explained["new_terms"].iloc[0].split(", ")) & set(episode["topic_terms"])
    assert explained["negative_share"].iloc[0] > explained["negative_share_before"].iloc[0]


def test_a_spike_names_only_the_channels_it_has_when_the_channel_is_a_category(mentions_factory):
    # the prepared mentions keep their channel as a category (workbook._compact): a window with one
    # channel names that one, not every channel of the period with 0
    from sermo_helpers.workbook import _compact

    counts = np.random.default_rng(3).poisson(8, size=90)
    counts[60:63] = [60, 45, 30]
    frame = series_to_mentions(mentions_factory, counts, spike_days={60, 61, 62},
                               extra_text="Kokevarsel igjen, elendig varsling fra kommunen")
    scored = _compact(score_mentions(frame))
    assert isinstance(scored["channel"].dtype, pd.CategoricalDtype)
    explained = explain_spikes(scored, detect_spikes(scored, timezone="UTC"), timezone="UTC")
    assert explained["top_channels"].iloc[0] == "facebook (135)"
