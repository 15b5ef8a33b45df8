"""Compare two periods: the boil-water week (8-14 June 2026, fjordvik demo) against the week before."""
import datetime as dt

import pandas as pd
import pytest

from sermo_helpers.explore.compare import previous_period


def test_previous_period_has_the_same_length_and_ends_the_day_before():
    assert previous_period(dt.date(2026, 6, 8), dt.date(2026, 6, 14)) == (dt.date(2026, 6, 1), dt.date(2026, 6, 7))
    assert previous_period(dt.date(2026, 3, 1), dt.date(2026, 3, 31)) == (dt.date(2026, 1, 29), dt.date(2026, 2, 28))


@pytest.fixture(scope="module")
def demo():
    from sermo_helpers.config import load_client_config
    from sermo_helpers.listen import analyse_listen
    from sermo_helpers.workbook import open_workbook

    client, data = open_workbook(load_client_config("fjordvik").to_parameters())
    return client, analyse_listen(data, client)


def by_hand(listen, client, first, last):
    """The client's mentions by others on local days first..last, counted without the explorer's code."""
    rows = listen.audience
    rows = rows[rows["subject"].isna() | (rows["subject"] == client.slug)]
    days = rows["published_at"].dt.tz_convert("Europe/Oslo").dt.date
    week = rows[(days >= first) & (days <= last)]
    return {"mentions": len(week), "negative": int((week["sentiment"] == "negative").sum()),
            "channels": week["channel"].value_counts().to_dict(),
            "daily": [int((days[(days >= first) & (days <= last)] == first + dt.timedelta(days=i)).sum())
                      for i in range(7)]}


def test_boil_water_week_against_the_week_before(demo):
    from sermo_helpers.explore.listen import explore_listen

    client, listen = demo
    explorer = explore_listen(listen, client, headless=False)
    explorer.set(start=dt.date(2026, 6, 8))
    explorer.set(end=dt.date(2026, 6, 14))
    explorer.widgets["compare"].value = "previous"
    assert explorer.error is None
    table = explorer.snapshot.frames["comparison"].set_index("key")
    crisis, before = (by_hand(listen, client, dt.date(2026, 6, 8), dt.date(2026, 6, 14)),
                      by_hand(listen, client, dt.date(2026, 6, 1), dt.date(2026, 6, 7)))
    assert crisis["mentions"] > before["mentions"] > 0  # the demo's planted crisis week
    assert table.loc["mentions", ["this", "other"]].tolist() == [crisis["mentions"], before["mentions"]]
    assert table.loc["negative", ["this", "other"]].tolist() == [crisis["negative"], before["negative"]]
    assert table.loc["negative_share", "this"] == pytest.approx(crisis["negative"] / crisis["mentions"])
    assert table.loc["mentions", "change"] == crisis["mentions"] - before["mentions"]
    for channel, count in crisis["channels"].items():
        assert table.loc[f"channel:{channel}", "this"] == count
    overlay = explorer.snapshot.frames["overlay"]
    assert overlay[overlay["which"] == "this"]["count"].tolist() == crisis["daily"]
    assert overlay[overlay["which"] == "other"]["count"].tolist() == before["daily"]
    assert overlay["step"].tolist() == [1, 2, 3, 4, 5, 6, 7] * 2
    shown = explorer.output.outputs[-2]["data"]["text/html"]
    assert "08.06.2026–14.06.2026" in shown and "01.06.2026–07.06.2026" in shown


def test_a_chosen_period_needs_both_dates(demo):
    from sermo_helpers.explore.listen import explore_listen

    client, listen = demo
    explorer = explore_listen(listen, client, headless=False)
    explorer.widgets["compare"].value = "chosen"
    assert "Velg «Sammenlign fra»" in explorer.output.outputs[-1]["data"]["text/html"]
    explorer.set(start=dt.date(2026, 6, 8))
    explorer.set(end=dt.date(2026, 6, 14))
    explorer.set(compare_start=dt.date(2026, 6, 15))
    explorer.set(compare_end=dt.date(2026, 6, 21))
    after = by_hand(listen, client, dt.date(2026, 6, 15), dt.date(2026, 6, 21))
    table = explorer.snapshot.frames["comparison"].set_index("key")
    assert table.loc["mentions", "other"] == after["mentions"]
