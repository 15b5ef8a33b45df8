"""Take the selection along: "Eksporter utvalget" writes what an explorer shows to files.

:func:`export_selection` writes, into ``editions/<slug>/work/exports/`` (:func:`exports_dir`, the
workbook's own work, never the client's data folder):

* ``<stage>-<time>.xlsx``: one sheet per table of the current view (rows as the explorer selected
  them; times in the client's local time) and a sheet *Filtre*/*Filters* with every control's name
  and value as shown on screen. Every text cell goes through
  :func:`sermo_helpers.safe_csv.neutralise`, so a mention that starts with ``=``, ``+``, ``-`` or ``@``
  is text (a leading apostrophe), never a formula;
* ``<stage>-<time>.png`` and ``.svg``: the current figure redrawn at slide size (13.33 × 7.5 in,
  16:9) — PNG at 150 dpi for slides, SVG for print.

Files are written atomically (:func:`sermo_helpers.files.open_atomic`), so a failed export never leaves
half a file; an export never overwrites an earlier one (the time in the name, a counter on a clash).
"""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import paths
from ..files import open_atomic
from ..i18n import format_date, label
from ..safe_csv import neutralise

EXPORTS_FOLDER = "exports"
SLIDE_INCHES = (13.334, 7.5)  # a 16:9 slide (13.33 in wide; .334 so 150 dpi gives 2000 px, not 1999)
SLIDE_DPI = 150
SHEET_NAME_LIMIT = 31


@dataclass(frozen=True)
class ExportedFiles:
    """Where one export went: the Excel file and the figure as PNG and SVG (None without a figure)."""

    excel: Path
    png: Path | None
    svg: Path | None

    def message(self, language: str) -> str:
        figures = ", ".join(str(path.name) for path in (self.png, self.svg) if path is not None)
        return label("explore.export.done", language, folder=str(self.excel.parent), excel=self.excel.name,
                     figures=figures or "–")


def exports_dir(client) -> Path:
    """``editions/<slug>/work/exports/``."""
    return paths.editions_dir() / client.slug / "work" / EXPORTS_FOLDER


def shown_value(control, value, language: str) -> str:
    """A control's value as the screen shows it: option texts, dates dd.mm.yyyy (nb), "alle"."""
    if control.kind == "date":
        return format_date(value, language) if value is not None else label("explore.all", language)
    if control.kind == "toggle":
        return label("explore.on" if value else "explore.off", language)
    if control.kind in ("dropdown", "multiselect"):
        names = {option_value: text for text, option_value in control.options}
        if control.kind == "multiselect":
            chosen = list(value or ())
            if not chosen or len(chosen) == len(control.options):
                return label("explore.all", language)
            return ", ".join(str(names.get(item, item)) for item in chosen)
        return str(names.get(value, value))
    return "" if value is None else str(value)


def _cell(value):
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        return value.item()
    if isinstance(value, str):
        return neutralise(value)
    return value


def _sheet_frame(frame: pd.DataFrame, timezone: str) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if isinstance(series.dtype, pd.DatetimeTZDtype):
            out[column] = series.dt.tz_convert(timezone).dt.tz_localize(None)
        elif not (pd.api.types.is_numeric_dtype(series) or pd.api.types.is_datetime64_any_dtype(series)
                  or pd.api.types.is_bool_dtype(series)):
            out[column] = series.astype("object").map(lambda cell: cell if cell is None or isinstance(cell, str)
                                                      or (not isinstance(cell, (list, tuple, dict)) and pd.isna(cell))
                                                      else str(cell))
    return out


def _unique_stem(folder: Path, stem: str) -> str:
    candidate, counter = stem, 1
    while any(folder.glob(f"{candidate}.*")):
        counter += 1
        candidate = f"{stem}-{counter}"
    return candidate


def write_workbook(tables: dict, filters: list[tuple[str, str]], path: Path, *, language: str,
                   timezone: str) -> None:
    """The Excel file: one sheet per table (formula-safe cells) and a sheet with the filters."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    used = set()
    for name, frame in tables.items():
        title = str(name)[:SHEET_NAME_LIMIT] or "data"
        while title in used:
            title = f"{title[:SHEET_NAME_LIMIT - 2]}_{len(used)}"
        used.add(title)
        sheet = book.create_sheet(title)
        data = _sheet_frame(frame, timezone)
        sheet.append([_cell(str(column)) for column in data.columns])
        for row in data.itertuples(index=False):
            sheet.append([_cell(value) for value in row])
    sheet = book.create_sheet(label("explore.export.filters_sheet", language)[:SHEET_NAME_LIMIT])
    sheet.append([label("explore.export.control", language), label("explore.export.value", language)])
    for name, value in filters:
        sheet.append([_cell(name), _cell(value)])
    buffer = io.BytesIO()
    book.save(buffer)
    with open_atomic(path, mode="wb") as stream:
        stream.write(buffer.getvalue())


def write_figure(draw, stem: Path) -> tuple[Path, Path]:
    """Redraw the figure at slide size with ``draw(ax)`` and write it as PNG and SVG."""
    import matplotlib.pyplot as plt

    figure, ax = plt.subplots(figsize=SLIDE_INCHES)
    try:
        draw(ax)
        figure.tight_layout()
        written = []
        for suffix, options in ((".png", {"dpi": SLIDE_DPI}), (".svg", {})):
            target = stem.with_suffix(suffix)
            buffer = io.BytesIO()
            figure.savefig(buffer, format=suffix[1:], **options)
            with open_atomic(target, mode="wb") as stream:
                stream.write(buffer.getvalue())
            written.append(target)
    finally:
        plt.close(figure)
    return written[0], written[1]


def export_selection(snapshot, *, client, stage: str, controls=(), values: dict | None = None,
                     now: dt.datetime | None = None) -> ExportedFiles:
    """Write the current selection's tables, filters and figure; return where they went.

    ``snapshot`` is the explorer's current :class:`~sermo_helpers.explore.core.Snapshot` (its
    ``frames`` are the tables, its ``draw`` redraws the figure); ``controls`` and ``values`` give
    the filters sheet.
    """
    language = client.language
    folder = exports_dir(client)
    folder.mkdir(parents=True, exist_ok=True)
    moment = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    stem = folder / _unique_stem(folder, f"{stage}-{moment}")
    values = values or {}
    filters = [(label(control.label_key, language), shown_value(control, values.get(control.name, control.value),
                                                                 language)) for control in controls]
    tables = {name: frame for name, frame in snapshot.frames.items() if isinstance(frame, pd.DataFrame)}
    excel = stem.with_suffix(".xlsx")
    write_workbook(tables, filters, excel, language=language, timezone=client.timezone)
    png = svg = None
    if getattr(snapshot, "draw", None) is not None:
        png, svg = write_figure(snapshot.draw, stem)
    return ExportedFiles(excel, png, svg)
