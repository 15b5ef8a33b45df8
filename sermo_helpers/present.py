"""What a notebook cell shows: headings, short texts, tables and figures, safe for a client handout.

Every text that may come from the internet is HTML-escaped here, once, so a mention containing
``<script>`` or ``<img onerror=...>`` shows as text. Headings carry the ``sermo-section`` class and an
id, from which the handout's table of contents is built.
"""
from __future__ import annotations

import base64
import html
import io
import math

import matplotlib.pyplot as plt
import pandas as pd

from .i18n import format_date, format_number, format_percent, format_share, label, value_label

SECTION_CLASS = "sermo-section"


class Html:
    """A piece of HTML that Jupyter and nbconvert display as it is."""

    def __init__(self, markup: str):
        self.markup = markup

    def _repr_html_(self) -> str:
        return self.markup

    def __repr__(self) -> str:  # what a plain-text front end shows
        return html.unescape(_strip_tags(self.markup))


def _strip_tags(markup: str) -> str:
    import re

    return re.sub(r"<[^>]+>", " ", markup).strip()


def heading(key: str, language: str, *, level: int = 2, anchor: str | None = None, **values) -> Html:
    """A section heading from the labels file; levels 1 and 2 enter the table of contents."""
    text = label(key, language, **values)
    anchor = anchor or "sec-" + key.replace(".", "-").replace("_", "-")
    return Html(f'<h{level} class="{SECTION_CLASS}" id="{html.escape(anchor)}">{html.escape(text)}</h{level}>')


def paragraph(key: str, language: str, **values) -> Html:
    """A short paragraph from the labels file; the filled-in values are escaped."""
    safe = {name: html.escape(str(value)) for name, value in values.items()}
    return Html(f'<p class="sermo-lead">{label(key, language, **safe)}</p>')


def note(text: str) -> Html:
    """A short escaped text (for computed verdicts and messages)."""
    return Html(f'<p class="sermo-note">{html.escape(text)}</p>')


def no_data(language: str) -> Html:
    """The short note a handout shows where a section has no data (label ``common.no_data``)."""
    return Html(f'<p class="sermo-note sermo-no-data">{html.escape(label("common.no_data", language))}</p>')


def _format_cell(value, kind: str, language: str) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return "–"  # not reported: never "nan", "<NA>" or 0
    if kind == "percent":
        return format_percent(float(value), language, decimals=1)
    if kind == "share":
        return format_share(float(value), language)
    if kind == "number":
        return format_number(float(value), language, decimals=0)
    if kind == "decimal":
        return format_number(float(value), language, decimals=1)
    if kind in ("date", "datetime", "month"):
        return format_date(value, language, kind=kind)
    return str(value)


def _kind(series: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(series.dtype):
        return "text"
    if pd.api.types.is_integer_dtype(series.dtype):
        return "number"
    if pd.api.types.is_float_dtype(series.dtype):
        whole = series.dropna()
        return "number" if len(whole) and (whole == whole.round()).all() else "decimal"
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        return "datetime"
    return "text"


VALUE_COLUMNS = {"channel": "channel", "sentiment": "sentiment"}


def table(frame: pd.DataFrame, language: str, *, columns: dict[str, str] | None = None,
          formats: dict[str, str] | None = None, values: dict[str, str] | None = None, max_rows: int = 30) -> Html:
    """An escaped HTML table with numbers in the handout language's format.

    Parameters
    ----------
    frame : the rows to show (the index is not shown; reset it first if it matters).
    columns : column -> label key (from templates/labels) for the header; other columns keep their name.
    formats : column -> one of text, number, decimal, percent (one decimal), share (a headline share, as
        :func:`~sermo_helpers.i18n.format_share` writes it everywhere), date, datetime, month (default: from dtype).
    values : column -> kind of value shown in the reader's words (:func:`~sermo_helpers.i18n.value_label`);
        columns named ``channel`` and ``sentiment`` are translated unless given here as ``None``.
    max_rows : at most this many rows are shown; the caption says how many were left out.

    An empty frame shows the "no data" note (:func:`no_data`) instead of a table without rows.
    """
    if frame.empty:
        return no_data(language)
    columns = columns or {}
    formats = formats or {}
    shown = frame.head(max_rows)
    titles = [label(columns[name], language) if name in columns else str(name) for name in shown.columns]
    kinds = {name: formats.get(name, _kind(shown[name])) for name in shown.columns}
    header = "".join(
        f'<th scope="col"{_NUMERIC_CLASS if kinds[name] in _NUMERIC else ""}>{html.escape(title)}</th>'
        for name, title in zip(shown.columns, titles))
    translated = {name: kind for name, kind in (VALUE_COLUMNS | (values or {})).items()
                  if kind and name in shown.columns}
    if translated:
        shown = shown.assign(**{name: [value_label(kind, value, language) for value in shown[name]]
                                for name, kind in translated.items()})
    body = []
    texts = []
    for row in shown.itertuples(index=False, name=None):
        cells = []
        texts.append([_format_cell(value, kinds[name], language) for name, value in zip(shown.columns, row)])
        for name, title, kind, text in zip(shown.columns, titles, kinds.values(), texts[-1]):
            css = _NUMERIC_CLASS if kind in _NUMERIC else _ROLE_CLASSES.get(name, "")
            cells.append(f'<td{css} data-label="{html.escape(title)}">{html.escape(text)}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    caption = ""
    if len(frame) > max_rows:
        caption = f'<caption>{html.escape(label("common.rows_shown", language, shown=max_rows, total=len(frame)))}</caption>'
    fit = table_fit_class(titles, [kinds[name] in _NUMERIC for name in shown.columns], texts)
    return Html(f'<table class="sermo-table{" " + fit if fit else ""}">{caption}<thead><tr>{header}</tr></thead>'
                f'<tbody>{"".join(body)}</tbody></table>')


_NUMERIC = ("number", "decimal", "percent", "share")
_NUMERIC_CLASS = ' class="num"'
# Cells that are not the handout's own words: quoted mention texts (someone else's words, in their own
# language) and names of people and organisations. Marked so readers and the language check know.
_ROLE_CLASSES = {"text": ' class="quote"', "new_terms": ' class="quote"', "author": ' class="name"',
                 "actor": ' class="name"', "responder": ' class="name"', "top_authors": ' class="name"'}
# Width classes of tables (rem); templates/handout/handout.css has one container rule per bucket that
# shows a table of that class as cards when the page is narrower than the bucket.
TABLE_FIT_BUCKETS = (20, 25, 30, 35, 40, 45, 50, 55, 60, 70, 80, 100, 120)
_WRAPPED_TEXT_CHARACTERS = 12  # a text column is given room for at least this many characters a line


def table_width_rem(titles, numeric, rows) -> float:
    """An estimate of the width (rem) a table needs to be read comfortably: headers wrap between words,
    numbers never wrap, text columns get at least 12 characters a line (never less than their longest word).

    The estimate uses DejaVu Sans' average advance (0.62 em) at the table's 0.9 rem, plus cell padding.
    """
    width = 0.0
    for index, title in enumerate(titles):
        header = max((len(word) for word in str(title).split()), default=0) * 1.08  # bold is wider
        values = [row[index] for row in rows]
        if numeric[index]:
            cells = max((len(value) for value in values), default=0)
        else:
            longest = max((len(value) for value in values), default=0)
            word = max((len(part) for value in values for part in value.split()), default=0)
            cells = max(word, min(longest, _WRAPPED_TEXT_CHARACTERS))
        width += 0.9 * (max(header, cells) * 0.62 + 1.2)
    return width


def table_fit_class(titles, numeric, rows) -> str:
    """``sermo-fit-<bucket>``: the smallest width bucket (rem) the table needs, or "" for a narrow table."""
    needed = table_width_rem(titles, numeric, rows)
    if needed <= TABLE_FIT_BUCKETS[0]:
        return ""
    bucket = next((bucket for bucket in TABLE_FIT_BUCKETS if bucket >= needed), TABLE_FIT_BUCKETS[-1])
    return f"sermo-fit-{bucket}"


class Figure:
    """A finished plot as an embedded PNG with alternative text (its titles) for screen readers."""

    def __init__(self, png: bytes, alt: str):
        self.png = png
        self.alt = alt

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = {"image/png": base64.b64encode(self.png).decode("ascii"), "text/plain": self.alt}
        return data, {"image/png": {"alt": self.alt}}


def figure(ax_or_figure, *, alt: str | None = None) -> Figure | Html:
    """Show a finished plot once: a PNG with alternative text; the figure is closed for pyplot.

    ``alt`` defaults to the figure's titles (suptitle and axes titles) and, for an axes drawn by
    :func:`sermo_helpers.plots.style.draw_no_data`, its "no data" message, followed by what the figure
    shows in numbers (:func:`describe_axes`) when the plot recorded its language.

    A chart of a single value (one bar, no line) says nothing a sentence cannot: it is shown as that
    sentence (an :class:`Html` paragraph, label ``figure.one_value``) instead of a picture.
    """
    from .plots.style import NO_DATA_GID

    fig = getattr(ax_or_figure, "figure", ax_or_figure)
    if alt is None:
        titles = [fig._suptitle.get_text()] if getattr(fig, "_suptitle", None) else []
        for ax in fig.axes:
            titles.append(ax.get_title() or ax.get_title(loc="left"))
            titles += [text.get_text() for text in ax.texts if text.get_gid() == NO_DATA_GID]
        alt = " – ".join(title for title in titles if title) or "Figure"
        language = getattr(fig, "sermo_language", None)
        facts = [fact for ax in fig.axes for fact in describe_axes(ax, language)] if language else []
        single = _single_bar(fig) if language else None
        if single:
            plt.close(fig)
            name, value = single
            sentence = label("figure.one_value", language, title=alt, name=name, value=value)
            return Html(f'<p class="sermo-lead">{html.escape(sentence)}</p>')
        if facts:
            alt = f"{alt}{'' if alt.endswith(('.', '?', '!')) else '.'} {'; '.join(facts)}.".strip()
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    plt.close(fig)
    return Figure(buffer.getvalue(), alt)


MAX_DESCRIBED = 8  # bars or lines named in a figure's alternative text; the rest are counted


def _tick_text(axis, value) -> str:
    """``value`` as the axis writes its tick labels (the handout's number, percent or date format)."""
    try:
        text = axis.get_major_formatter()(value, None)
    except Exception:  # a formatter that needs its ticks set first: fall back to the plain number
        text = ""
    return text or format_number(float(value), "en", decimals=1)


def _category_name(axis, where: float) -> str:
    """The category a bar stands on: the nearest tick label within half a category (grouped bars sit
    beside their tick), else the position as the axis writes it (a date on a time axis)."""
    ticks = [(abs(float(tick) - where), text.get_text()) for tick, text in zip(axis.get_ticklocs(), axis.get_ticklabels())]
    near = [text for distance, text in sorted(ticks) if distance <= 0.5 and text]
    return near[0] if near else _tick_text(axis, where)


def describe_axes(ax, language: str) -> list[str]:
    """What a plot shows, in numbers, for its alternative text: the facts the plot stated itself
    (:func:`sermo_helpers.plots.style.describe`), each bar's category and value, and for each named line
    its first, last and highest value and where the highest is. Values are written as the axes write
    them (labels ``figure.alt.*``)."""
    from matplotlib.container import BarContainer
    from matplotlib.dates import date2num

    facts = list(getattr(ax, "sermo_facts", ()))  # stated by the plot (plots.style.describe)
    if getattr(ax, "sermo_facts_complete", False):
        return facts
    bars = [container for container in ax.containers if isinstance(container, BarContainer)]
    legend = ax.get_legend()
    legend_texts = [text.get_text() for text in legend.get_texts()] if legend is not None else []
    for index, container in enumerate(bars):
        horizontal = getattr(container, "orientation", "vertical") == "horizontal"
        categories = ax.yaxis if horizontal else ax.xaxis
        series = container.get_label() if not str(container.get_label()).startswith("_") else ""
        # seaborn names grouped bars (hue) only in the legend, one entry per container in order
        hue = legend_texts[index] if not series and len(bars) > 1 and len(legend_texts) == len(bars) else ""
        for patch in list(container)[:MAX_DESCRIBED]:
            if horizontal:
                where, value, axis = patch.get_y() + patch.get_height() / 2, patch.get_width(), ax.xaxis
            else:
                where, value, axis = patch.get_x() + patch.get_width() / 2, patch.get_height(), ax.yaxis
            if value != value:  # NaN: a missing bar
                continue
            name = _category_name(categories, float(where)) + (f" ({hue})" if hue else "")
            facts.append(label("figure.alt.bar", language, name=" ".join(part for part in (series, name) if part),
                               value=_tick_text(axis, value)))
        if len(container) > MAX_DESCRIBED:
            facts.append(label("figure.alt.more", language, count=len(container) - MAX_DESCRIBED))
    legend_names = {}
    if legend is not None:  # seaborn names its lines only in the legend: match them by colour
        for handle, text in zip(getattr(legend, "legend_handles", []), legend.get_texts()):
            if hasattr(handle, "get_color"):
                legend_names.setdefault(str(handle.get_color()), text.get_text())
    lines = []
    for line in ax.get_lines():
        name = line.get_label() if not str(line.get_label()).startswith("_") else legend_names.get(str(line.get_color()))
        if name and len(line.get_ydata()) > 1:
            lines.append((name, line))
    for name, line in lines[:MAX_DESCRIBED]:
        x, y = line.get_xdata(), pd.to_numeric(pd.Series(line.get_ydata()), errors="coerce")
        if y.dropna().empty:
            continue
        x = pd.Series(x)
        if pd.api.types.is_datetime64_any_dtype(x.dtype):
            x = pd.Series(date2num(x.dt.tz_localize(None) if x.dt.tz is not None else x))
        valid = y.notna()
        x, y = x[valid].reset_index(drop=True), y[valid].reset_index(drop=True)
        top = int(y.idxmax())
        facts.append(label("figure.alt.line", language, name=name, first=_tick_text(ax.yaxis, y.iloc[0]),
                           last=_tick_text(ax.yaxis, y.iloc[-1]), high=_tick_text(ax.yaxis, y.iloc[top]),
                           at=_tick_text(ax.xaxis, x.iloc[top])))
    return facts


def _single_bar(fig) -> tuple[str, str] | None:
    """The category and value of a figure showing a single value (one axes, one bar, no drawn line,
    image or mesh), as the axes write them; None for any other figure."""
    from matplotlib.container import BarContainer

    if len(fig.axes) != 1:
        return None
    ax = fig.axes[0]
    bars = [patch for container in ax.containers if isinstance(container, BarContainer) for patch in container]
    def drawn(line) -> bool:  # seaborn's error bar of a single value has NaN ends: nothing is drawn
        points = pd.DataFrame({"x": pd.to_numeric(pd.Series(line.get_xdata()), errors="coerce"),
                               "y": pd.to_numeric(pd.Series(line.get_ydata()), errors="coerce")})
        return len(points.dropna()) > 1

    lines = [line for line in ax.get_lines() if drawn(line)]
    if len(bars) != 1 or lines or ax.images or ax.collections:
        return None
    container = next(container for container in ax.containers if isinstance(container, BarContainer))
    bar = bars[0]
    if getattr(container, "orientation", "vertical") == "horizontal":
        return _category_name(ax.yaxis, bar.get_y() + bar.get_height() / 2), _tick_text(ax.xaxis, bar.get_width())
    return _category_name(ax.xaxis, bar.get_x() + bar.get_width() / 2), _tick_text(ax.yaxis, bar.get_height())


class Handout:
    """The handout's presentation edge for one client: the language (and time zone) are bound once here.

    ``show = Handout(client)`` in a notebook's setup cell; then one call per cell:
    ``show.heading("listen.volume")``, ``show.paragraph("listen.intro", client=...)``, and
    ``show(function, *args, **options)``, which calls a stage's display function or a plot with the
    client's ``language`` (and ``client``/``timezone`` where the function takes them) and shows what it
    returns: a matplotlib Axes or Figure as :func:`figure`, a DataFrame as :func:`table`, HTML as it is.
    Analyses never take a language; only what goes through here does.
    """

    def __init__(self, client):
        self.client = client
        self.language = client.language

    def heading(self, key: str, *, level: int = 2, anchor: str | None = None, **values) -> Html:
        """The heading, followed by the strategist's assessment of that section when the client's notes
        (``clients/<slug>.notes.md``, :mod:`sermo_helpers.notes`) have one."""
        from .notes import assessment_block, section_key

        shown = heading(key, self.language, level=level, anchor=anchor, **values)
        words = self.notes.get(section_key(key))
        return Html(shown.markup + assessment_block(words, self.language)) if words else shown

    @property
    def notes(self):
        """The client's checked notes (loaded once; ConfigError listing every problem in the file)."""
        if getattr(self, "_notes", None) is None:
            from .notes import load_notes

            self._notes = load_notes(self.client.slug)
        return self._notes

    def paragraph(self, key: str, **values) -> Html:
        return paragraph(key, self.language, **values)

    def table(self, frame: pd.DataFrame, **options) -> Html:
        return table(frame, self.language, **options)

    def figure(self, ax_or_figure, *, alt: str | None = None) -> Figure:
        return figure(ax_or_figure, alt=alt)

    def metric(self, name: str, value) -> str:
        """A headline metric's value as the handout writes it everywhere (:func:`sermo_helpers.metrics.format_metric`)."""
        from .metrics import format_metric

        return format_metric(name, value, self.language)

    def __call__(self, function, *args, **options):
        """Call ``function`` and show what it returns. An argument that is an explorer's selection
        (``explorer.selection``, :class:`sermo_helpers.explore.core.Selection`) makes the cell follow the
        explorer: the handout shows the full result as before; JupyterLab re-renders on every change."""
        followed = next((value for value in (*args, *options.values()) if getattr(value, "sermo_selection", False)),
                        None)
        if followed is not None:
            def current(value):
                return value.current() if getattr(value, "sermo_selection", False) else value

            return followed.follow(lambda: self(function, *map(current, args),
                                                **{name: current(value) for name, value in options.items()}))
        import inspect

        parameters = inspect.signature(function).parameters
        bound = {"language": self.language, "client": self.client, "timezone": self.client.timezone}
        for name, value in bound.items():
            if name in parameters and name not in options:
                options[name] = value
        shown = function(*args, **options)
        return self.show(shown)

    def show(self, shown):
        """Wrap a finished object for display: Axes/Figure -> :func:`figure`, DataFrame -> :func:`table`."""
        if isinstance(shown, pd.DataFrame):
            return self.table(shown)
        if hasattr(shown, "savefig") or hasattr(getattr(shown, "figure", None), "savefig"):
            return self.figure(shown)
        return shown
