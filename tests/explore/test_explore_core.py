"""The shared explorer machinery: the headless rule, controls, re-rendering and failures shown in place."""
import datetime as dt

import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

from sermo_helpers.explore.core import (Control, Explorer, SelectionProblem, Snapshot, build_widget, is_headless,
                                        parse_day, to_output)
from sermo_helpers.present import Html, table
from sermo_helpers.errors import AnalysisError


@pytest.mark.parametrize("setting, expected", [("1", True), ("true", True), ("YES", True), ("0", False),
                                               ("false", False), ("no", False)])
def test_sermo_headless_variable_decides(monkeypatch, setting, expected):
    monkeypatch.setenv("SERMO_HEADLESS", setting)
    assert is_headless() is expected


def test_plain_python_is_headless_without_the_variable(monkeypatch):
    monkeypatch.delenv("SERMO_HEADLESS", raising=False)
    assert is_headless() is True


def test_control_kind_is_checked():
    with pytest.raises(ValueError, match="kind must be one of"):
        Control("x", "slider", "explore.top", 1)


@pytest.mark.parametrize("control, widget_type, value", [
    (Control("a", "dropdown", "explore.sentiment", "b", options=(("A", "a"), ("B", "b"))), "Dropdown", "b"),
    (Control("a", "multiselect", "explore.channels", ("x",), options=(("x", "x"), ("y", "y"))), "SelectMultiple", ("x",)),
    (Control("a", "date", "explore.period_start", dt.date(2026, 4, 1)), "Text", "2026-04-01"),
    (Control("a", "integer", "explore.top", 7, minimum=1, maximum=9), "BoundedIntText", 7),
    (Control("a", "text", "explore.search", "vann"), "Text", "vann"),
])
def test_build_widget_makes_the_right_widget_with_a_translated_label(control, widget_type, value):
    widget = build_widget(control, "en")
    assert type(widget).__name__ == widget_type
    assert widget.value == value
    assert widget.description == {"explore.sentiment": "Sentiment", "explore.channels": "Channels",
                                  "explore.period_start": "From", "explore.top": "Show top",
                                  "explore.search": "Search"}[control.label_key]


def counting_explorer(headless):
    def render(values):
        if values["n"] < 0:
            raise AnalysisError("n must not be negative", argument="n", expected=">= 0", found=str(values["n"]))
        return Snapshot([Html(f"<p>{values['n'] * 2}</p>")], {"n": values["n"]})

    return Explorer(render, [Control("n", "integer", "explore.top", 3, minimum=-5, maximum=10)],
                    language="en", headless=headless)


def test_interactive_explorer_re_renders_when_a_control_changes():
    explorer = counting_explorer(False)
    assert explorer.output.outputs[0]["data"]["text/html"] == "<p>6</p>"
    explorer.widgets["n"].value = 5
    assert explorer.output.outputs[0]["data"]["text/html"] == "<p>10</p>"
    assert explorer.renders == 2 and explorer.values() == {"n": 5}


def test_a_failing_view_shows_its_message_and_keeps_the_error():
    explorer = counting_explorer(False)
    explorer.widgets["n"].value = -1
    assert isinstance(explorer.error, AnalysisError)
    assert "The view could not be drawn: n must not be negative" in explorer.output.outputs[0]["data"]["text/html"]
    explorer.widgets["n"].value = 1
    assert explorer.error is None and explorer.output.outputs[0]["data"]["text/html"] == "<p>2</p>"


def test_headless_explorer_creates_no_widget_and_uses_the_defaults():
    explorer = counting_explorer(True)
    assert explorer.widgets == {} and explorer.output is None and explorer.box is None
    assert explorer.values() == {"n": 3}


def test_headless_display_shows_the_static_parts_and_no_widget():
    InteractiveShell.instance()  # with a shell, display() goes through _ipython_display_
    with capture_output() as captured:
        from IPython.display import display

        display(counting_explorer(True))
    assert [output.data for output in captured.outputs] == [{"text/html": "<p>6</p>", "text/plain": repr(Html("<p>6</p>"))}]


def test_interactive_display_shows_the_widget_box():
    InteractiveShell.instance()
    with capture_output() as captured:
        from IPython.display import display

        display(counting_explorer(False))
    assert "application/vnd.jupyter.widget-view+json" in captured.outputs[0].data


def test_to_output_escapes_nothing_twice_and_keeps_tables_html():
    import pandas as pd

    output = to_output(table(pd.DataFrame({"text": ["<script>x</script>"]}), "en"))
    assert "&lt;script&gt;x&lt;/script&gt;" in output["data"]["text/html"]
    assert "<script>" not in output["data"]["text/html"]


# --- dates typed in the client's layout -------------------------------------------------------------------

def test_a_date_control_shows_the_day_in_the_client_layout_not_the_browser_one():
    widget = build_widget(Control("start", "date", "explore.period_start", dt.date(2026, 6, 8)), "nb")
    assert type(widget).__name__ == "Text" and widget.value == "08.06.2026"
    assert widget.placeholder == "dd.mm.åååå" and widget.description == "Fra"
    empty = build_widget(Control("compare_start", "date", "explore.compare_start", None), "nb")
    assert empty.value == "" and empty.placeholder == "dd.mm.åååå"


@pytest.mark.parametrize("typed, day", [("14.06.2026", dt.date(2026, 6, 14)), ("4.6.2026", dt.date(2026, 6, 4)),
                                        (" 2026-06-14 ", dt.date(2026, 6, 14)), ("", None)])
def test_typed_days_are_read_in_either_layout(typed, day):
    assert parse_day(typed, "nb", control="Fra") == day


@pytest.mark.parametrize("typed", ["06/08/2026", "31.06.2026", "i går", "14.06.26"])
def test_a_day_that_cannot_be_read_gives_the_reason_and_the_layout(typed):
    with pytest.raises(SelectionProblem) as caught:
        parse_day(typed, "nb", control="Fra")
    assert str(caught.value) == f"«Fra»: «{typed}» er ikke en dato. Skriv datoen som dd.mm.åååå, f.eks. 14.06.2026."


def dated_explorer():
    def render(values):
        return Snapshot([Html(f"<p>{values['start']}..{values['end']}</p>")])

    return Explorer(render, [Control("start", "date", "explore.period_start", dt.date(2026, 4, 1)),
                             Control("end", "date", "explore.period_end", dt.date(2026, 9, 30))],
                    language="nb", headless=False)


def test_typing_a_day_re_renders_with_the_parsed_date():
    explorer = dated_explorer()
    explorer.widgets["start"].value = "08.06.2026"
    assert explorer.values()["start"] == dt.date(2026, 6, 8)
    assert explorer.output.outputs[0]["data"]["text/html"] == "<p>2026-06-08..2026-09-30</p>"


def test_a_bad_day_and_from_after_to_show_their_reason_in_place_of_the_view():
    explorer = dated_explorer()
    explorer.widgets["end"].value = "30.02.2026"
    assert isinstance(explorer.error, SelectionProblem)
    assert "«Til»: «30.02.2026» er ikke en dato" in explorer.output.outputs[0]["data"]["text/html"]
    explorer.set(start=dt.date(2026, 6, 14), end=dt.date(2026, 6, 8))
    assert explorer.output.outputs[0]["data"]["text/html"] == (
        '<p class="sermo-note">Ingenting å vise: «Fra» (14.06.2026) er etter «Til» (08.06.2026). Bytt om datoene.</p>')
    explorer.set(end=dt.date(2026, 6, 21))
    assert explorer.error is None and explorer.output.outputs[0]["data"]["text/html"] == "<p>2026-06-14..2026-06-21</p>"
