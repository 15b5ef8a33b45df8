"""The machinery every explorer shares: controls, an output area, and the headless rule.

An explorer is a ``render(values) -> Snapshot`` function plus a list of :class:`Control` specs.
:class:`Explorer` shows it in one of two ways:

* **Headless** (handouts): the static parts of the default view (figures and tables), displayed as
  ordinary outputs, exactly as a handout cell would show them. No widget is created, so no widget
  state or empty widget area can reach a handout.
* **Interactive** (JupyterLab): the controls above an ``Output`` area whose first content is that
  same static view; changing a control re-renders the view in place.

The rule (:func:`is_headless`):

1. ``SERMO_HEADLESS=1`` (or ``true``/``yes``) in the kernel's environment: headless. The renderer
   (``sermo_helpers.render``) sets it for every kernel it starts.
2. ``SERMO_HEADLESS=0`` (or ``false``/``no``): interactive, even outside a kernel (tests use this).
3. Otherwise interactive only inside a Jupyter kernel (an IPython ``ZMQInteractiveShell``) with
   ipywidgets installed; plain Python, a terminal IPython or a script is headless. A kernel cannot
   tell reliably whether a browser is attached (papermill also runs a real kernel), which is why
   batch runs must set the variable.

Figures are turned into PNG outputs and tables into escaped HTML (:mod:`sermo_helpers.present`), so
what a control shows is what the handout shows.

**Filters that carry** (:class:`Selection`): an explorer given its stage result and a ``restrict``
function publishes ``explorer.selection``, the stage result restricted to what the controls select.
A cell below passes it where it passed the stage result (``show(handout.criticism_table,
explorer.selection)``; ``explorer.selection.conversations`` for one of its frames): the handout
(headless) shows the full result exactly as before, statically; in JupyterLab the cell is an
``Output`` area that re-renders whenever the explorer's selection changes (:class:`Follower`).

**Dates** are typed, not picked: a date control is a text box showing the client's layout
(``dd.mm.åååå`` for nb, as the handout writes dates), parsed by :func:`parse_day`; a date that
cannot be read, or From after To, is shown as a one-line reason instead of a view.
"""
from __future__ import annotations

import base64
import datetime as dt
import html
import io
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import AnalysisError, SermoError
from ..i18n import format_date, label
from ..present import Html, note

HEADLESS_VARIABLE = "SERMO_HEADLESS"
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
KINDS = ("dropdown", "multiselect", "date", "integer", "text", "toggle")


def is_headless() -> bool:
    """True when explorers should show static output only (see the module docstring for the rule)."""
    setting = os.environ.get(HEADLESS_VARIABLE, "").strip().lower()
    if setting in _TRUE:
        return True
    if setting in _FALSE:
        return False
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython ships with the workbook
        return True
    shell = get_ipython()
    if shell is None or type(shell).__name__ != "ZMQInteractiveShell":
        return True
    try:
        import ipywidgets  # noqa: F401
    except ImportError:  # pragma: no cover - ipywidgets is a dependency
        return True
    return False


@dataclass(frozen=True)
class Control:
    """One control: its name (the key in ``values``), kind, label key, default value and choices.

    ``kind`` is one of dropdown, multiselect, date, integer, text, toggle (a check box). ``options`` are
    ``(shown text, value)`` pairs for dropdown and multiselect; ``minimum``/``maximum`` bound an
    integer.
    """

    name: str
    kind: str
    label_key: str
    value: Any
    options: tuple = ()
    minimum: int = 0
    maximum: int = 100
    hint_key: str | None = None  # a multiselect's hint (what an empty selection means); default: the generic hint

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"control {self.name!r}: kind must be one of {KINDS}, found {self.kind!r}")


class Later:
    """A frame of a snapshot made when it is read (``make()``), not kept: a view over millions of
    mentions keeps how to select its rows, not a copy of them (see :class:`Frames`)."""

    def __init__(self, make: Callable[[], Any]):
        self.make = make


class Frames(dict):
    """A snapshot's frames by name; a :class:`Later` value is made on each read (``frames[name]``,
    ``.get``, ``.items()``, ``.values()``), so it is never held by the explorer between reads."""

    def __getitem__(self, name):
        value = super().__getitem__(name)
        return value.make() if isinstance(value, Later) else value

    def get(self, name, default=None):
        return self[name] if name in self else default

    def items(self):
        return [(name, self[name]) for name in self]

    def values(self):
        return [self[name] for name in self]


@dataclass
class Snapshot:
    """What one view shows: ``parts`` (Figures and Html, in order), the ``frames`` behind them, and
    ``draw(ax)`` that redraws the view's figure on a fresh Axes (for exports at slide size).
    ``frames`` is a :class:`Frames`: a value given as :class:`Later` is made when read."""

    parts: list
    frames: dict = field(default_factory=dict)
    draw: Callable | None = None

    def __post_init__(self):
        self.frames = Frames(self.frames)


DAY_PATTERNS = ("%d.%m.%Y", "%Y-%m-%d")  # dd.mm.yyyy (nb) and ISO (en); either is read in any language


class SelectionProblem(AnalysisError):
    """A selection the explorer cannot show (a date it cannot read, From after To): the message is the reason."""


def format_day(value, language: str) -> str:
    """A date control's text: the day as the handout writes it (``14.06.2026`` nb, ``2026-06-14`` en), "" for none."""
    return "" if value is None else format_date(value, language)


def parse_day(text, language: str, *, control: str = "") -> dt.date | None:
    """The day typed in a date control: ``dd.mm.yyyy`` (also ``d.m.yyyy``) or ``yyyy-mm-dd``; None when empty.

    Raises SelectionProblem naming the control, what was typed and the layout expected."""
    if isinstance(text, dt.date):
        return text
    typed = (text or "").strip()
    if not typed:
        return None
    for pattern in DAY_PATTERNS:
        try:
            return dt.datetime.strptime(typed, pattern).date()
        except ValueError:
            continue
    layout = label("explore.date_layout", language)
    raise SelectionProblem(label("explore.date_invalid", language, control=control, found=typed, layout=layout),
                           argument=control, expected=layout, found=typed)


def check_period(values: dict, language: str, *, labels: dict) -> None:
    """Raise SelectionProblem when a From/To pair (start/end, compare_start/compare_end) runs backwards."""
    for first, second in (("start", "end"), ("compare_start", "compare_end")):
        start, end = values.get(first), values.get(second)
        if start is not None and end is not None and start > end:
            raise SelectionProblem(label("explore.from_after_to", language, start=format_date(start, language),
                                         end=format_date(end, language), first=labels.get(first, first),
                                         second=labels.get(second, second)),
                                   argument=first, expected=f"{first} <= {second}", found=f"{start} > {end}")


def build_widget(control: Control, language: str):
    """The ipywidgets widget for ``control``, with its label in ``language``."""
    import ipywidgets as widgets

    description = label(control.label_key, language)
    common = {"description": description, "style": {"description_width": "initial"}}
    if control.kind == "dropdown":
        return widgets.Dropdown(options=list(control.options), value=control.value, **common)
    if control.kind == "multiselect":
        return widgets.SelectMultiple(options=list(control.options), value=tuple(control.value),
                                      rows=min(6, max(2, len(control.options))), **common)
    if control.kind == "date":  # a text box in the client's layout (the browser's date picker shows its own)
        layout = label("explore.date_layout", language)
        return widgets.Text(value=format_day(control.value, language), placeholder=layout, continuous_update=False,
                            tooltip=layout, layout={"width": "16em"}, **common)
    if control.kind == "toggle":
        return widgets.Checkbox(value=bool(control.value), indent=False, **common)
    if control.kind == "integer":
        return widgets.BoundedIntText(value=control.value, min=control.minimum, max=control.maximum, **common)
    return widgets.Text(value=control.value, continuous_update=False,
                        placeholder=label("explore.search_placeholder", language), **common)


def figure_output(figure) -> dict:
    """A matplotlib Figure as a Jupyter ``display_data`` output (PNG)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight")
    return {"output_type": "display_data", "metadata": {},
            "data": {"image/png": base64.b64encode(buffer.getvalue()).decode("ascii"),
                     "text/plain": "<Figure>"}}


def html_output(part) -> dict:
    """Anything with ``_repr_html_`` (already escaped, e.g. present.table) as a ``display_data`` output."""
    markup = part._repr_html_()
    return {"output_type": "display_data", "metadata": {},
            "data": {"text/html": markup, "text/plain": repr(part)}}


def bundle_output(part) -> dict:
    """An object with ``_repr_mimebundle_`` (e.g. present.figure's PNG) as a ``display_data`` output."""
    bundle = part._repr_mimebundle_()
    data, metadata = bundle if isinstance(bundle, tuple) else (bundle, {})
    return {"output_type": "display_data", "data": dict(data), "metadata": dict(metadata or {})}


def to_output(part) -> dict:
    """One part of a snapshot as an output the Output widget shows."""
    if hasattr(part, "savefig"):
        return figure_output(part)
    if hasattr(part, "_repr_mimebundle_"):
        return bundle_output(part)
    if hasattr(part, "_repr_html_"):
        return html_output(part)
    return html_output(Html(f"<pre>{html.escape(str(part))}</pre>"))


class Selection:
    """The stage result restricted to an explorer's current selection; cells below the explorer follow it.

    ``full`` is the stage result; ``restrict(values)`` returns the result restricted to the controls'
    values (a result of the same kind, computed by the stage's own functions). At the controls'
    defaults, and always in a handout, :attr:`result` is ``full`` itself (nothing is copied).
    ``selection.<name>`` (e.g. ``selection.conversations``) is a :class:`SelectionPart` following one
    attribute of the result. :meth:`follow` is how a cell subscribes.
    """

    sermo_selection = True  # the marker present.Handout looks for (it never imports the explorers)

    def __init__(self, full, restrict: Callable[[dict], Any] | None, *, language: str, headless: bool):
        self.full = full
        self.restrict = restrict
        self.language = language
        self.headless = headless
        self.problem: Exception | None = None
        self.values: dict | None = None
        self.followers: list[Follower] = []
        self._result = full

    @property
    def result(self):
        """The restricted result, computed on first use after a change (only when a cell asks for it)."""
        if self._result is None:
            self._result = self.restrict(self.values)
        return self._result

    def current(self):
        """The restricted result now (raises the selection's problem when it has one)."""
        if self.problem is not None:
            raise self.problem
        return self.result

    def update(self, values: dict | None, *, defaults: dict | None = None, problem: Exception | None = None) -> None:
        """Restrict the result to ``values`` (or record why it cannot be) and re-render the followers.

        The followers are re-rendered only when what they show can have changed: a control that does
        not restrict the result (how many rows a browser lists, a drill-down) leaves them as they are,
        provided ``restrict`` returns the same object for the same selection (the stages' explorers
        remember their last restriction)."""
        previous, had_problem = self._result, self.problem is not None
        self.values, self.problem = values, problem
        if problem is None and (values is None or values == defaults or self.restrict is None):
            self._result = self.full
        else:
            self._result = None  # restricted lazily: nothing is computed while no cell follows
        if not self.followers:
            return
        if problem is None and not had_problem and previous is not None:
            try:
                unchanged = self.result is previous
            except Exception:  # the followers show it
                unchanged = False
            if unchanged:
                return
        for follower in self.followers:
            follower.refresh()

    def follow(self, render: Callable[[], Any]):
        """What a cell below shows: ``render()`` once (headless: the full result, a static output), or a
        :class:`Follower` that calls ``render()`` again whenever the selection changes (JupyterLab)."""
        if self.headless:
            return render()
        follower = Follower(self, render)
        self.followers.append(follower)
        return follower

    def __getattr__(self, name: str):
        if name.startswith("_") or not hasattr(self.full, name):
            raise AttributeError(f"the selection's result has no attribute {name!r}")
        return SelectionPart(self, name)

    def __repr__(self) -> str:
        return f"<Selection of {type(self.full).__name__}: {'full' if self.result is self.full else 'restricted'}>"


class SelectionPart:
    """One attribute of a :class:`Selection`'s result (``selection.conversations``), followed the same way."""

    sermo_selection = True

    def __init__(self, selection: Selection, name: str):
        self.selection = selection
        self.name = name

    @property
    def full(self):
        return getattr(self.selection.full, self.name)

    def current(self):
        return getattr(self.selection.current(), self.name)

    def follow(self, render: Callable[[], Any]):
        return self.selection.follow(render)

    def __repr__(self) -> str:
        return f"<SelectionPart {self.name} of {self.selection!r}>"


class Follower:
    """A cell below an explorer (JupyterLab): an ``Output`` area re-rendered from ``render()`` whenever the
    explorer's selection changes; a problem with the selection is shown as its one-line reason."""

    def __init__(self, selection: Selection, render: Callable[[], Any]):
        import ipywidgets as widgets

        self.selection = selection
        self.render = render
        self.output = widgets.Output()
        self.output.add_class("sermo-follower")
        self.shown = None
        self.error: Exception | None = None
        self.renders = 0
        self.refresh()

    def refresh(self):
        """Render again from the selection's current result and show it."""
        self.renders += 1
        try:
            self.shown = self.render()
            self.error = None
        except SelectionProblem as problem:
            self.error, self.shown = problem, note(str(problem))
        except Exception as error:  # shown to the strategist, kept for inspection
            self.error = error
            self.shown = note(label("explore.failed", self.selection.language, error=str(error)))
        self.output.outputs = (to_output(self.shown),) if self.shown is not None else ()
        return self.shown

    def _ipython_display_(self):
        from IPython.display import display

        display(self.output)


class Explorer:
    """Controls plus an output area (interactive) or the static view (headless).

    Parameters
    ----------
    render : ``render(values) -> Snapshot``, where ``values`` maps each control's name to its value.
    controls : the controls, in the order shown.
    language : language of the labels.
    headless : force a mode; default :func:`is_headless`.
    result, restrict : the stage result and ``restrict(values) -> result`` for :attr:`selection`, which
        the cells below the explorer follow (see :class:`Selection`).

    After construction, ``snapshot`` holds the current view. In interactive mode ``widgets`` maps
    control names to widgets, ``output`` is the Output widget and ``box`` the whole layout; setting a
    widget's value re-renders (:meth:`set` sets several, dates as dates). A failure while re-rendering
    shows its message in the output area (the error stays in ``error``) instead of vanishing into the
    browser's log; a selection that cannot be shown (a date that cannot be read, From after To) shows
    the reason.
    """

    def __init__(self, render: Callable[[dict], Snapshot], controls: Sequence[Control], *, language: str,
                 headless: bool | None = None, exporter: Callable | None = None, result=None,
                 restrict: Callable[[dict], Any] | None = None):
        self.render = render
        self.exporter = exporter
        self.export_status = None
        self.exported = None
        self.controls = list(controls)
        self.language = language
        self.headless = is_headless() if headless is None else headless
        self.selection = Selection(result, restrict, language=language, headless=self.headless)
        self.widgets: dict = {}
        self.output = None
        self.box = None
        self.error: Exception | None = None
        self.renders = 0
        self.snapshot = self._render(self.defaults())
        if not self.headless:
            self._build()

    def defaults(self) -> dict:
        return {control.name: control.value for control in self.controls}

    def values(self) -> dict:
        """The controls' current values (their defaults when headless); dates parsed from their text.

        Raises SelectionProblem when a date cannot be read."""
        if self.headless:
            return self.defaults()
        values = {}
        for control in self.controls:
            value = self.widgets[control.name].value
            if control.kind == "date":
                value = parse_day(value, self.language, control=label(control.label_key, self.language))
            values[control.name] = value
        return values

    def set(self, **values) -> Snapshot:
        """Set controls by name (dates as ``datetime.date`` or None) and return the view they give."""
        unknown = [name for name in values if name not in self.widgets]
        if unknown:
            raise AnalysisError(f"no control {unknown[0]!r} in this explorer (controls: {', '.join(self.widgets)})",
                                argument=unknown[0], expected=", ".join(self.widgets), found=unknown[0])
        kinds = {control.name: control.kind for control in self.controls}
        for name, value in values.items():
            self.widgets[name].value = format_day(value, self.language) if kinds[name] == "date" else value
        return self.snapshot

    def _render(self, values: dict) -> Snapshot:
        snapshot = self.render(values)
        self.renders += 1
        return snapshot

    def _build(self) -> None:
        import ipywidgets as widgets

        self.widgets = {control.name: build_widget(control, self.language) for control in self.controls}
        self.output = widgets.Output(layout={"border": "1px solid #dee2e6", "padding": "4px"})
        self._show(self.snapshot)
        for widget in self.widgets.values():
            widget.observe(self.refresh, names="value")
        controls = []
        for control in self.controls:
            widget = self.widgets[control.name]
            if control.kind == "multiselect":  # say how to pick several and what picking none means
                hint = widgets.HTML(f'<small class="sermo-hint">{html.escape(label("explore.multiselect_hint", self.language))} '
                                    f'{html.escape(label(control.hint_key or "explore.empty_means_all", self.language))}</small>')
                widget = widgets.VBox([widget, hint])
            controls.append(widget)
        rows = [widgets.HBox(controls[i:i + 3]) for i in range(0, len(controls), 3)]
        if self.exporter is not None:
            self.export_button = widgets.Button(description=label("explore.export.button", self.language),
                                                icon="download", layout={"width": "auto"})
            self.export_button.on_click(lambda _: self.export())
            self.export_status = widgets.HTML()
            rows.append(widgets.HBox([self.export_button, self.export_status]))
        self.box = widgets.VBox([*rows, self.output])
        self.box.add_class("sermo-explorer")

    def _show(self, snapshot: Snapshot) -> None:
        self.output.outputs = tuple(to_output(part) for part in snapshot.parts)

    def refresh(self, change=None) -> Snapshot:
        """Re-render from the controls' current values and show the result; the cells below follow."""
        try:
            values = self.values()
            check_period(values, self.language,
                         labels={control.name: label(control.label_key, self.language) for control in self.controls})
        except SelectionProblem as problem:  # the reason, in place of the view and of the cells below
            self.error = problem
            self.snapshot = Snapshot([note(str(problem))])
            self.selection.update(None, problem=problem)
        else:
            self.selection.update(values, defaults=self.defaults())
            try:
                self.snapshot = self._render(values)
                self.error = None
            except Exception as error:  # shown to the strategist, kept for inspection
                self.error = error
                self.snapshot = Snapshot([note(label("explore.failed", self.language, error=str(error)))])
        if self.output is not None:
            self._show(self.snapshot)
        return self.snapshot

    def export(self):
        """Write the current selection with the exporter (Excel, PNG, SVG) and say where it went."""
        try:
            self.exported = self.exporter(self.snapshot, self.values())
            message = self.exported.message(self.language)
        except Exception as error:  # shown to the strategist, kept for inspection
            self.error = error
            message = label("explore.export.failed", self.language, error=str(error))
        if self.export_status is not None:
            self.export_status.value = html.escape(message)
        return self.exported

    def _ipython_display_(self):
        from IPython.display import display

        if self.headless:
            for part in self.snapshot.parts:
                display(part)
        else:
            display(self.box)

    def __repr__(self) -> str:
        mode = "headless" if self.headless else "interactive"
        return f"<Explorer {mode}: {len(self.snapshot.parts)} parts>"


def restriction(whole, compute: Callable[[dict], Any], *, controls: Sequence[Control], selecting: Sequence[str]):
    """An explorer's ``restrict`` function: ``whole`` (the stage result, as the handout shows it) while
    the ``selecting`` controls are at their defaults, else ``compute(values)``, computed once per
    selection and kept until the selection changes, so the view and the cells below it
    (:class:`Selection`) share one restricted result."""
    defaults = {control.name: control.value for control in controls if control.name in selecting}
    last: dict = {}

    def restrict(values: dict):
        picked = {name: values.get(name) for name in selecting}
        if picked == defaults:
            return whole
        key = repr(picked)
        if key not in last:
            last.clear()
            last[key] = compute(values)
        return last[key]

    return restrict


def period_controls(client) -> list[Control]:
    """From/to date fields (dd.mm.yyyy in Norwegian) over the client's period."""
    return [Control("start", "date", "explore.period_start", client.period_start),
            Control("end", "date", "explore.period_end", client.period_end)]


def in_period(times, *, timezone: str, start=None, end=None):
    """Boolean mask: ``times`` (UTC) falling on local calendar days ``start``..``end`` (inclusive)."""
    import pandas as pd

    keep = pd.Series(True, index=times.index)
    if start is None and end is None:  # every day: no local days computed for a million times
        return keep
    day = times.dt.tz_convert(timezone).dt.tz_localize(None).dt.normalize()
    if start is not None:
        keep &= day >= pd.Timestamp(start)
    if end is not None:
        keep &= day <= pd.Timestamp(end)
    return keep.fillna(False)


def choice_options(values, language: str, *, all_label: bool = True, prefix: str | None = None) -> tuple:
    """``(shown, value)`` pairs for a dropdown, starting with "all" (value ``"all"``)."""
    shown = [(label("explore.all", language), "all")] if all_label else []
    for value in values:
        text = str(value)
        if prefix:
            try:
                text = label(f"{prefix}.{value}", language)
            except SermoError:  # a value without a label shows as it is
                pass
        shown.append((text, value))
    return tuple(shown)


def channel_options(channels, language: str) -> tuple:
    """``(shown, value)`` pairs for channels, shown by the handout's names (e.g. "X (Twitter)")."""
    shown = []
    for channel in channels:
        try:
            text = label(f"channel.{channel}", language)
        except SermoError:  # a channel without a label shows as it is
            text = str(channel)
        shown.append((text, channel))
    return tuple(shown)
