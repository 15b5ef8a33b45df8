"""Time that fits the selection: the period length for a span, zero-filled series, readable axes.

One shared helper for the explorers and the handout's figures:

* :func:`choose_freq` picks days, weeks or months from the length of the selected span: days up
  to :data:`DAILY_MAX_DAYS` (five weeks), weeks up to :data:`WEEKLY_MAX_DAYS` (about half a year),
  months beyond.
* :func:`fill_periods` gives every period of the span (and every value of ``by``) a row, with zero
  where nothing happened, and flags periods that the span covers only in part (``complete``), so a
  line drops to zero in a quiet week instead of bridging it, and a half-finished last week is not
  read as a fall.
* :func:`time_axis` labels the x axis with one tick per period (thinned evenly when there are many)
  in the client's date layout (a week by its Monday), so no two ticks read the same; :func:`count_axis` puts only whole
  numbers on a count axis (no "9 9 9 9 9"); :func:`mark_incomplete` shades a partial period.
* :func:`flag_complete` gives a stage's own series (the handout's weekly figures) the same
  ``complete`` column from the data's last day, so the handout and the explorers mark an incomplete
  last period one way: shaded and named in the legend, never silently dropped.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from .errors import AnalysisError
from .i18n import format_number, label

DAILY_MAX_DAYS = 35
WEEKLY_MAX_DAYS = 183
FREQUENCIES = ("D", "W", "M")
MAX_TICKS = 12


def choose_freq(start, end) -> str:
    """``"D"``, ``"W"`` or ``"M"`` for the span ``start``..``end`` (inclusive calendar days)."""
    if start is None or end is None:
        return "W"
    days = (pd.Timestamp(end).normalize() - pd.Timestamp(start).normalize()).days + 1
    if days <= DAILY_MAX_DAYS:
        return "D"
    if days <= WEEKLY_MAX_DAYS:
        return "W"
    return "M"


def period_start(day, freq: str) -> pd.Timestamp:
    """The first day of the period (day, ISO week from Monday, calendar month) holding ``day``."""
    day = pd.Timestamp(day).normalize()
    if freq == "D":
        return day
    if freq == "W":
        return day - pd.Timedelta(days=day.weekday())
    if freq == "M":
        return day.replace(day=1)
    raise AnalysisError(f"freq must be one of {', '.join(FREQUENCIES)}; found {freq!r}", argument="freq",
                        expected="D, W or M", found=repr(freq))


def period_end(start: pd.Timestamp, freq: str) -> pd.Timestamp:
    """The last day of the period starting on ``start``."""
    if freq == "D":
        return start
    if freq == "W":
        return start + pd.Timedelta(days=6)
    return (start + pd.offsets.MonthEnd(0)).normalize()


def periods_between(start, end, freq: str) -> list[pd.Timestamp]:
    """The starts of every period touching ``start``..``end``, in order."""
    first, last = period_start(start, freq), period_start(end, freq)
    starts, current = [], first
    while current <= last:
        starts.append(current)
        current = period_end(current, freq) + pd.Timedelta(days=1)
    return starts


def fill_periods(counts: pd.DataFrame, *, freq: str, start, end, by: str | None = None,
                 value: str = "count") -> pd.DataFrame:
    """Every period of ``start``..``end`` (and every ``by`` value seen) with ``value`` zero where absent.

    ``counts`` has a ``period`` column (period starts, tz-naive), ``value`` and optionally ``by``.
    Adds ``complete``: False for a period the span covers only in part (the first or the last).
    Rows outside the span's periods are dropped (they cannot be in a filtered selection).
    """
    starts = periods_between(start, end, freq)
    span_start, span_end = pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize()
    index = pd.DatetimeIndex(starts).astype("datetime64[us]")
    data = counts.copy()
    data["period"] = pd.to_datetime(data["period"]).astype("datetime64[us]")
    if by is None:
        series = data.groupby("period")[value].sum().reindex(index, fill_value=0).astype(float)
        filled = series.rename(value).rename_axis("period").reset_index()
    else:
        values = sorted(data[by].dropna().unique().tolist())
        full = pd.MultiIndex.from_product([index, values], names=["period", by])
        filled = (data.groupby(["period", by])[value].sum().reindex(full, fill_value=0).astype(float)
                  .rename(value).reset_index())
    complete = {begin: bool(begin >= span_start and period_end(begin, freq) <= span_end) for begin in starts}
    filled["complete"] = filled["period"].map(lambda begin: complete[pd.Timestamp(begin)]).astype(bool)
    filled.attrs = {}
    return filled


def flag_complete(frame: pd.DataFrame, *, freq: str, last_day, column: str = "period") -> pd.DataFrame:
    """``frame`` with a ``complete`` column: False for a period that ends after ``last_day`` (the last local
    day with data; None: every period counts as complete). A new frame; ``frame`` is not modified."""
    if last_day is None or frame.empty:
        return frame.assign(complete=pd.Series(True, index=frame.index, dtype=bool))
    limit = pd.Timestamp(last_day).normalize()
    ends = [period_end(period_start(begin, freq), freq) for begin in pd.to_datetime(frame[column])]
    return frame.assign(complete=pd.Series([end <= limit for end in ends], index=frame.index, dtype=bool))


def tick_text(begin, freq: str, language: str, *, with_year: bool = False) -> str:
    """The label of one period on an axis: its first day (``08.06``; weeks by their Monday, as every
    weekly chart of the handout) or its month (``06.2026``); with the year where the span crosses one."""
    begin = pd.Timestamp(begin)
    if freq == "M":
        return begin.strftime("%m.%Y") if language == "nb" else begin.strftime("%b %Y")
    pattern = ("%d.%m.%Y" if with_year else "%d.%m") if language == "nb" else ("%d %b %Y" if with_year else "%d %b")
    text = begin.strftime(pattern)
    return text if language == "nb" else text.lstrip("0")


def tick_labels(periods, freq: str, language: str) -> tuple[list[pd.Timestamp], list[str]]:
    """Positions and texts of the ticks for ``periods``: at most :data:`MAX_TICKS`, all different."""
    starts = sorted({pd.Timestamp(begin) for begin in periods})
    if not starts:
        return [], []
    step = max(1, -(-len(starts) // MAX_TICKS))
    chosen = starts[::step]
    texts = [tick_text(begin, freq, language) for begin in chosen]
    if len(set(texts)) < len(texts) or len({begin.year for begin in starts}) > 1:  # the span crosses a year
        texts = [tick_text(begin, freq, language, with_year=True) for begin in chosen]
    return chosen, texts


def time_axis(ax, periods, freq: str, language: str) -> None:
    """One tick per period (thinned evenly), in the client's layout, never two alike.

    The formatter writes any position as its period (so a figure's alternative text can name where a
    line peaks the way the axis does)."""
    import matplotlib.dates as mdates
    from matplotlib.ticker import FixedLocator, FuncFormatter

    positions, texts = tick_labels(periods, freq, language)
    with_year = any(str(begin.year) in text for begin, text in zip(positions, texts))

    def write(value, _position=None):
        day = pd.Timestamp(mdates.num2date(value).replace(tzinfo=None)).normalize()
        return tick_text(period_start(day, freq), freq, language, with_year=with_year)

    ax.xaxis.set_major_locator(FixedLocator([mdates.date2num(begin.to_pydatetime()) for begin in positions]))
    ax.xaxis.set_major_formatter(FuncFormatter(write))
    ax.xaxis.set_minor_locator(FixedLocator([]))
    if len(texts) > 8:
        for tick in ax.get_xticklabels():
            tick.set_rotation(45)
            tick.set_horizontalalignment("right")
    ax.set_xlabel(label(f"timeline.axis.{freq}", language))


def count_axis(axis, language: str) -> None:
    """Whole numbers only on a count axis, formatted for ``language``."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))
    axis.set_major_formatter(FuncFormatter(lambda value, _: format_number(value, language)))
    axis.axes.figure.sermo_language = language  # as plots.style.number_axis: the alt text's language


def mark_incomplete(ax, filled: pd.DataFrame, freq: str, language: str, *, column: str = "period") -> bool:
    """Shade the last period when the span covers it only in part (``complete`` False, from
    :func:`fill_periods` or :func:`flag_complete`); True when something was marked."""
    if filled.empty or "complete" not in filled.columns:
        return False
    last = pd.Timestamp(filled[column].max())
    if bool(filled.loc[filled[column] == last, "complete"].all()):
        return False
    end = period_end(pd.Timestamp(last), freq) + pd.Timedelta(days=1)
    ax.axvspan(last, end if freq != "D" else last + pd.Timedelta(hours=12), color="#adb5bd", alpha=0.25, lw=0,
               label=label("timeline.incomplete", language))
    return True


def span_days(start: dt.date, end: dt.date) -> int:
    """Calendar days in ``start``..``end`` inclusive."""
    return (pd.Timestamp(end) - pd.Timestamp(start)).days + 1


def infer_freq(periods) -> str:
    """D, W or M from the spacing of period starts (W when there is only one period)."""
    starts = pd.Series(sorted({pd.Timestamp(begin) for begin in periods}))
    if len(starts) < 2:
        return "W"
    gap = starts.diff().dropna().min().days
    return "D" if gap < 7 else ("W" if gap < 28 else "M")
