"""The client's story first (issue 15): key events, headline figures, the director's summary and the
follow-up across editions, all read from the stage results."""
import dataclasses
import datetime as dt

import pandas as pd
import pytest

from sermo_helpers.config import load_client_config
from sermo_helpers.editions import previous_edition, record_edition
from sermo_helpers.metrics import headline_values
from sermo_helpers.strategy import analyse_strategy
from sermo_helpers.strategy.story import (HEADLINE, director_summary, follow_up_table, key_events,
                                          tell_story)
from sermo_helpers.loaders import load_client
from sermo_helpers.workbook import prepare


@pytest.fixture(scope="module")
def fjordvik():
    client = load_client_config("fjordvik")
    data = prepare(load_client(client), client)
    result = analyse_strategy(data, client)
    return client, data, result


def test_the_boil_water_week_is_the_key_event_with_tone_and_answers(fjordvik):
    client, _, result = fjordvik
    events = key_events(result.listen, result.engage, timezone=client.timezone)
    assert len(events) == len(result.listen.spikes) >= 1
    event = events.iloc[0]
    assert (event["start"], event["end"]) == (pd.Timestamp("2026-06-08"), pd.Timestamp("2026-06-14"))
    assert event["mentions"] == 623 and event["ratio"] == pytest.approx(623 / 7 / 9, abs=0.01)
    assert "kokevarsel" in event["cause_words"].split(", ")
    assert event["negative_share"] > 2 * event["negative_share_before"]
    # the answers during the week, from Engage's conversations opened on those days
    conversations = result.engage.conversations
    opened = conversations["opened_at"].dt.tz_convert(client.timezone).dt.date
    inside = conversations[(opened >= dt.date(2026, 6, 8)) & (opened <= dt.date(2026, 6, 14))]
    assert event["conversations"] == len(inside) > 0
    assert event["response_rate"] == pytest.approx(inside["answered"].mean())
    assert event["response_rate"] < event["response_rate_outside"]


def test_headline_figures_are_the_owners_values_with_change(fjordvik):
    client, _, result = fjordvik
    values = headline_values(result.listen, result.engage)
    story = tell_story(result, client, previous_results={})
    assert [figure.key for figure in story.headline] == list(HEADLINE)
    assert all(figure.value == pytest.approx(values[figure.key]) for figure in story.headline)
    assert all(figure.direction is None for figure in story.headline)
    earlier = dataclasses.replace(client, period_start=dt.date(2025, 10, 1), period_end=dt.date(2026, 3, 31))
    previous = {**story.record, "period_start": "2025-10-01", "period_end": "2026-03-31",
                "headline": {**story.record["headline"], "response_rate": 0.5, "negative_share": 0.10}}
    history = record_edition({}, previous)
    assert previous_edition(history, client)["period_end"] == "2026-03-31"
    assert previous_edition(history, earlier) is None
    again = tell_story(result, client, previous_results=history)
    figures = {figure.key: figure for figure in again.headline}
    assert figures["response_rate"].direction == "up" and figures["response_rate"].improved is True
    assert figures["negative_share"].direction == "up" and figures["negative_share"].improved is False
    assert figures["mentions"].direction == "same" and figures["mentions"].improved is None
    html = director_summary(result, again, language="nb").markup
    assert "\u2191 forrige utgave: 50\u00a0%, bedre" in html


def test_director_summary_tells_the_story_first(fjordvik):
    client, _, result = fjordvik
    story = tell_story(result, client, previous_results={})
    html = director_summary(result, story, language="nb").markup
    assert html.index("Det viktigste som skjedde") < html.index("Nøkkeltall") < html.index("Styrker") \
        < html.index("Det som haster mest") < html.index("Vi anbefaler først")
    assert "08.06.2026–14.06.2026: 623 omtaler på 7 dager" in html
    assert "kokevarselet, kokevarsel" in html
    from sermo_helpers.strategy.summary import strategy_words

    titles = strategy_words(result, language="nb").recommendations["title"]
    for title in titles.head(3):
        assert title in html
    assert titles.iloc[3] not in html
    assert html.count("<li>") >= 1 + 3 + 3  # the event, strengths and weaknesses (at most three each)


def test_follow_up_reports_every_previous_target(fjordvik):
    client, _, result = fjordvik
    story = tell_story(result, client, previous_results={})
    kpis = story.record["kpis"]
    assert kpis and all(target["target"] != target["current"] for target in kpis)
    statuses = result.indicator_statuses.set_index("indicator")["value"]
    # a previous edition whose targets: one met today (set below today's value), one not
    first, second = dict(kpis[0]), dict(kpis[1])
    now_first, now_second = statuses[first["indicator"]], statuses[second["indicator"]]
    first.update(target=now_first - 1e-6 if first["direction"] == "higher" else now_first + 1e-6)
    second.update(target=now_second * 2 if second["direction"] == "higher" else now_second / 2)
    previous = {**story.record, "period_start": "2025-10-01", "period_end": "2026-03-31", "kpis": [first, second]}
    again = tell_story(result, client, previous_results=record_edition({}, previous))
    assert again.follow_up["met"].tolist() == [True, False]
    assert again.follow_up["value_now"].tolist() == pytest.approx([now_first, now_second])
    table = follow_up_table(again, language="nb")
    assert list(table.columns) == ["Indikator", "Mål", "Verdi da", "Verdi nå", "Nådd"]
    assert table["Nådd"].tolist() == ["Ja", "Nei"]


def test_publishing_the_edition_data_loads_no_renderer_in_the_kernel():
    """publish_edition's MIME type comes from sermo_helpers.outputs, not the renderer (which loads
    nbformat and its schema validator: 1.1 s in the kernel, measured); the renderer reads the same type."""
    import subprocess
    import sys

    from sermo_helpers.outputs import EDITION_MIME
    from sermo_helpers.render.export import EDITION_MIME as read_by_renderer

    assert read_by_renderer == EDITION_MIME == "application/vnd.sermo.edition+json"
    script = ("import sys, types\n"
              "from IPython.core.interactiveshell import InteractiveShell\n"
              "InteractiveShell.instance()\n"
              "from sermo_helpers import strategy\n"
              "strategy.publish_edition(types.SimpleNamespace(record={'headline': {}}))\n"
              "print(sorted(name for name in ('nbformat', 'jsonschema', 'papermill') if name in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines() == ["edition data for results.json", "[]"]
