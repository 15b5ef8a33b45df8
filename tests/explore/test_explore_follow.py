"""Filters that carry: the cells below an explorer follow its selection in JupyterLab; the handout stays whole.

The Engage notebook's response curve, monthly table and criticism table take ``explorer.selection``
(:class:`sermo_helpers.explore.core.Selection`). Expected figures are counted here by hand from the
conversations, never by the functions under test.
"""
import datetime as dt

import pandas as pd
import pytest

from sermo_helpers.engage import analyse_engage, handout
from sermo_helpers.explore.core import Control, Explorer, Follower, Snapshot
from sermo_helpers.explore.engage import explore_engage
from sermo_helpers.i18n import format_share
from sermo_helpers.plots.engage import plot_response_curve
from sermo_helpers.present import Handout, Html


@pytest.fixture(scope="module")
def demo():
    from sermo_helpers.config import load_client_config
    from sermo_helpers.workbook import open_workbook

    client, data = open_workbook(load_client_config("fjordvik").to_parameters())
    return client, analyse_engage(data, client)


def html_of(follower) -> str:
    return follower.output.outputs[0]["data"].get("text/html", "")


def body_rows(markup: str) -> list[str]:
    return markup.split("<tbody>")[1].split("</tbody>")[0].split("</tr>")[:-1]


def test_the_engage_cells_follow_the_explorer_to_the_figures_counted_by_hand(demo):
    client, engage = demo
    show = Handout(client)
    explorer = explore_engage(engage, client, headless=False)
    monthly = show(handout.monthly_response_table, explorer.selection)
    criticism = show(handout.criticism_table, explorer.selection)
    curve = show(plot_response_curve, explorer.selection.conversations, targets_minutes=engage.targets_minutes)
    assert all(isinstance(cell, Follower) for cell in (monthly, criticism, curve))
    # before any change: exactly what the handout shows
    assert html_of(monthly) == handout.monthly_response_table(engage, client=client).markup
    assert html_of(criticism) == handout.criticism_table(engage, client=client).markup

    explorer.set(start=dt.date(2026, 6, 1), end=dt.date(2026, 6, 30))
    explorer.widgets["channels"].value = ("facebook",)
    conversations = engage.conversations
    local = conversations["opened_at"].dt.tz_convert(client.timezone)
    june = (local.dt.month == 6) & (local.dt.year == 2026) & (conversations["channel"] == "facebook")
    count, answered = int(june.sum()), int(conversations.loc[june, "answered"].sum())
    critical = june & conversations["opening_critical"].fillna(False).astype(bool)
    critical_count = int(critical.sum())
    critical_answered = int(conversations.loc[critical, "answered"].sum())
    assert count >= 10 and critical_count >= 1  # the demo's boil-water month has enough to say something

    rows = body_rows(html_of(monthly))
    assert len(rows) == 1 and "juni 2026" in rows[0]
    assert f">{count}</td>" in rows[0] and f">{format_share(answered / count, 'nb')}</td>" in rows[0]
    rows = body_rows(html_of(criticism))
    assert len(rows) == 2
    assert f">{critical_count}</td>" in rows[0]
    assert f">{format_share(critical_answered / critical_count, 'nb')}</td>" in rows[0]
    assert f">{count}</td>" in rows[1] and f">{format_share(answered / count, 'nb')}</td>" in rows[1]
    alt = curve.output.outputs[0]["data"]["text/plain"]
    assert f"Facebook ({count} samtaler)" in alt and alt.count("samtale") == 1  # the curve's channels, in numbers

    # back to the whole period: the handout's tables again
    explorer.set(start=client.period_start, end=client.period_end)
    explorer.widgets["channels"].value = explorer.controls[2].value
    assert html_of(monthly) == handout.monthly_response_table(engage, client=client).markup


def test_a_selection_that_cannot_be_shown_gives_its_reason_below_too(demo):
    client, engage = demo
    explorer = explore_engage(engage, client, headless=False)
    monthly = Handout(client)(handout.monthly_response_table, explorer.selection)
    explorer.widgets["start"].value = "31.13.2026"
    assert "«Fra»: «31.13.2026» er ikke en dato" in html_of(monthly)
    explorer.set(start=dt.date(2026, 7, 1), end=dt.date(2026, 6, 1))
    assert "«Fra» (01.07.2026) er etter «Til» (01.06.2026)" in html_of(monthly)


def test_the_handout_shows_the_whole_period_statically(demo):
    client, engage = demo
    show = Handout(client)
    explorer = explore_engage(engage, client, headless=True)
    assert explorer.selection.result is engage  # nothing restricted, nothing copied
    for function in (handout.monthly_response_table, handout.criticism_table):
        shown = show(function, explorer.selection)
        assert isinstance(shown, Html) and shown.markup == show(function, engage).markup
    static = show(plot_response_curve, explorer.selection.conversations, targets_minutes=engage.targets_minutes)
    whole = show(plot_response_curve, engage.conversations, targets_minutes=engage.targets_minutes)
    assert static.png == whole.png and static.alt == whole.alt


def test_one_mechanism_for_every_explorer_a_selection_notifies_every_follower():
    calls = []

    def render(values):
        return Snapshot([Html(f"<p>{values['top']}</p>")])

    explorer = Explorer(render, [Control("top", "integer", "explore.top", 3, minimum=1, maximum=9)], language="en",
                        headless=False, result=list(range(10)),
                        restrict=lambda values: calls.append(values["top"]) or list(range(values["top"])))
    first = explorer.selection.follow(lambda: Html(f"<p>{len(explorer.selection.current())}</p>"))
    second = explorer.selection.follow(lambda: Html(f"<p>{sum(explorer.selection.current())}</p>"))
    assert html_of(first) == "<p>10</p>" and html_of(second) == "<p>45</p>" and calls == []  # defaults: the full result
    explorer.widgets["top"].value = 4
    assert html_of(first) == "<p>4</p>" and html_of(second) == "<p>6</p>" and calls == [4]
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        explorer.selection.nope


@pytest.mark.slow
def test_the_engage_notebook_rendered_headless_shows_the_whole_period_with_no_widget(demo, tmp_path, monkeypatch):
    """The real notebook in a real kernel under the renderer's rule (SERMO_HEADLESS=1): the three following
    cells show exactly the handout's full-period tables and no widget state reaches the output."""
    import nbformat
    import papermill

    from sermo_helpers import paths

    client, engage = demo
    monkeypatch.setenv("SERMO_HEADLESS", "1")
    executed = tmp_path / "03_engage.ipynb"
    papermill.execute_notebook(str(paths.project_root() / "notebooks" / "03_engage.ipynb"), str(executed),
                               cwd=str(paths.project_root()), progress_bar=False, kernel_name="python3")
    notebook = nbformat.read(executed, as_version=4)
    html = [output.get("data", {}).get("text/html", "") for cell in notebook.cells for output in cell.get("outputs", [])]
    assert handout.monthly_response_table(engage, client=client).markup in html
    assert handout.criticism_table(engage, client=client).markup in html
    outputs = [output for cell in notebook.cells for output in cell.get("outputs", [])]
    assert not any("application/vnd.jupyter.widget-view+json" in output.get("data", {}) for output in outputs)
    assert not any(output.get("output_type") == "error" for output in outputs)


def test_the_listen_cells_follow_the_explorer_to_the_figures_counted_by_hand(data, client):
    """Ten hand-written mentions (tests/explore/conftest.py): X only, 13-19 April leaves mentions 5 (en,
    negative), 7 (Annenby, positive) and 9 (nb, negative)."""
    from sermo_helpers.explore.listen import explore_listen
    from sermo_helpers.listen import analyse_listen
    from sermo_helpers.listen.handout import show_tone_by_subject
    from sermo_helpers.plots.listen import plot_volume

    listen = analyse_listen(data, client)
    show = Handout(client)
    explorer = explore_listen(listen, client, headless=False)
    tone = show(show_tone_by_subject, explorer.selection)
    volume = show(plot_volume, explorer.selection.volume_by_language, by="language")
    assert html_of(tone) == show_tone_by_subject(listen, client=client, language="nb").markup
    explorer.set(start=dt.date(2026, 4, 13), end=dt.date(2026, 4, 19))
    explorer.widgets["channels"].value = ("x",)
    rows = body_rows(html_of(tone))
    assert len(rows) == 2
    assert "Testby kommune" in rows[0] and ">2</td>" in rows[0] and ">100\u00a0%</td>" in rows[0]  # 5 and 9: negative
    assert "Annenby kommune" in rows[1] and ">1</td>" in rows[1]
    by_language = explorer.selection.current().volume_by_language
    days = by_language.pivot(index="period", columns="language", values="count")
    assert days.index.min() == pd.Timestamp("2026-04-13") and len(days) == 7  # one week: daily, zeros filled
    assert days["en"].tolist() == [1, 0, 0, 0, 0, 0, 0] and days["nb"].tolist() == [0, 0, 0, 1, 0, 0, 0]
    alt = volume.output.outputs[0]["data"]["text/plain"]  # the figure the follower drew, in numbers
    assert "engelsk: først 1, til slutt 0, høyest 1 (13.04); bokmål: først 0, til slutt 0, høyest 1 (16.04)" in alt
    assert isinstance(volume, Follower) and volume.error is None
    # a control that does not restrict the result (how many rows the browser lists) redraws nothing below
    renders, views = (tone.renders, volume.renders), explorer.renders
    explorer.widgets["top"].value = 1
    assert explorer.renders == views + 1 and len(explorer.snapshot.frames["browser"]) == 1  # the explorer redrew
    assert (tone.renders, volume.renders) == renders
    explorer.widgets["sentiment"].value = "negative"  # this one does: 5 and 9, both Testby's
    assert tone.renders == renders[0] + 1 and len(body_rows(html_of(tone))) == 1


@pytest.mark.slow
def test_the_listen_notebook_rendered_headless_shows_the_whole_period_with_no_widget(tmp_path, monkeypatch):
    import nbformat
    import papermill

    from sermo_helpers import paths
    from sermo_helpers.config import load_client_config
    from sermo_helpers.listen import analyse_listen
    from sermo_helpers.listen.handout import show_tone_by_subject
    from sermo_helpers.workbook import open_workbook

    client, data = open_workbook(load_client_config("fjordvik").to_parameters())
    listen = analyse_listen(data, client)
    monkeypatch.setenv("SERMO_HEADLESS", "1")
    executed = tmp_path / "01_listen.ipynb"
    papermill.execute_notebook(str(paths.project_root() / "notebooks" / "01_listen.ipynb"), str(executed),
                               cwd=str(paths.project_root()), progress_bar=False, kernel_name="python3")
    notebook = nbformat.read(executed, as_version=4)
    outputs = [output for cell in notebook.cells for output in cell.get("outputs", [])]
    html = [output.get("data", {}).get("text/html", "") for output in outputs]
    assert show_tone_by_subject(listen, client=client, language="nb").markup in html
    assert not any("application/vnd.jupyter.widget-view+json" in output.get("data", {}) for output in outputs)
    assert not any(output.get("output_type") == "error" for output in outputs)
