"""The shared explorer machinery: the headless rule, controls, re-rendering and failures shown in place."""
import datetime as dt

import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

from sermo_helpers.explore.core import Control, Explorer, Snapshot, build_widget, is_headless, to_output
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
    (Control("a", "date", "explore.period_start", dt.date(2026, 4, 1)), "DatePicker", dt.date(2026, 4, 1)),
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
