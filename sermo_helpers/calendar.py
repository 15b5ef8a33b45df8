"""Norwegian public holidays and business-hours arithmetic, computed offline.

Holidays follow the Norwegian law on public holidays (helligdager) and the two state days of
1 and 17 May: New Year's Day, Maundy Thursday, Good Friday, Easter Sunday and Monday, 1 May,
17 May, Ascension Day, Whit Sunday and Monday, Christmas Day and Boxing Day. The movable feasts are
counted from Easter Sunday, found with the anonymous Gregorian algorithm (Meeus/Jones/Butcher).

Business hours are wall-clock hours in the client's time zone (for example 08:00–15:30, Monday to
Friday). Elapsed business time is measured as real elapsed time inside those hours, so a daylight
saving change never adds or removes a phantom hour.
"""
from __future__ import annotations

import datetime as dt
import functools
from typing import Iterable
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from .config import BusinessHours
from .errors import AnalysisError


def easter_sunday(year: int) -> dt.date:
    """Easter Sunday of ``year`` in the Gregorian calendar (anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 - the algorithm's own letter
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


# (name in bokmål, name in English, days after Easter Sunday or a fixed (month, day))
_HOLIDAYS = (
    ("Første nyttårsdag", "New Year's Day", (1, 1)),
    ("Skjærtorsdag", "Maundy Thursday", -3),
    ("Langfredag", "Good Friday", -2),
    ("Første påskedag", "Easter Sunday", 0),
    ("Andre påskedag", "Easter Monday", 1),
    ("Arbeidernes dag", "Labour Day", (5, 1)),
    ("Grunnlovsdag", "Constitution Day", (5, 17)),
    ("Kristi himmelfartsdag", "Ascension Day", 39),
    ("Første pinsedag", "Whit Sunday", 49),
    ("Andre pinsedag", "Whit Monday", 50),
    ("Første juledag", "Christmas Day", (12, 25)),
    ("Andre juledag", "Boxing Day", (12, 26)),
)


@functools.cache
def norwegian_public_holidays(year: int, *, language: str = "nb") -> dict[dt.date, str]:
    """The Norwegian public holidays of ``year``, as ``{date: name}`` sorted by date.

    ``language`` is ``nb`` or ``en`` for the names. Raises AnalysisError for another language.
    """
    if language not in ("nb", "en"):
        raise AnalysisError(f"language must be 'nb' or 'en', found {language!r}", argument="language",
                            expected="nb or en", found=repr(language))
    easter = easter_sunday(year)
    holidays = {}
    for name_nb, name_en, when in _HOLIDAYS:
        day = dt.date(year, *when) if isinstance(when, tuple) else easter + dt.timedelta(days=when)
        holidays[day] = name_nb if language == "nb" else name_en
    return dict(sorted(holidays.items()))


def is_business_day(day: dt.date, *, business_hours: BusinessHours = BusinessHours(),
                    holidays: Iterable[dt.date] | None = None) -> bool:
    """True when ``day`` is one of the business weekdays and not a holiday (Norwegian by default)."""
    if holidays is None:
        holidays = norwegian_public_holidays(day.year)
    return day.weekday() in business_hours.weekday_numbers and day not in set(holidays)


def business_minutes_between(start, end, *, timezone: str = "Europe/Oslo",
                             business_hours: BusinessHours = BusinessHours(),
                             holidays: Iterable[dt.date] | None = None) -> pd.Series:
    """Minutes of business time between each ``start`` and ``end`` (element-wise).

    Business time is the real elapsed time that falls inside ``business_hours`` (wall-clock hours
    in ``timezone``) on business weekdays that are not holidays. With ``holidays=None`` the
    Norwegian public holidays of every year involved are used; pass an empty list for none.

    Parameters
    ----------
    start, end : timezone-aware times (Series, index, list or scalars of equal length); naive
        times are rejected because their time zone is unknown. Missing values give NaN.

    Returns a float64 Series aligned with ``start`` (its index when it is a Series). When ``end``
    is before ``start`` the result is negative (minus the business time between them).

    Raises AnalysisError when times are naive or the lengths differ.
    """
    start_utc = _as_utc_series(start, "start")
    end_utc = _as_utc_series(end, "end")
    if len(start_utc) != len(end_utc):
        raise AnalysisError(f"start and end must have the same length, found {len(start_utc)} and "
                            f"{len(end_utc)}", argument="end", expected=str(len(start_utc)),
                            found=str(len(end_utc)))
    index = start.index if isinstance(start, pd.Series) else pd.RangeIndex(len(start_utc))
    result = pd.Series(np.nan, index=index, dtype="float64")
    present = (start_utc.notna() & end_utc.notna()).to_numpy()
    if not present.any():
        return result
    zone = ZoneInfo(timezone)
    both = pd.concat([start_utc[present], end_utc[present]])
    local_days = both.dt.tz_convert(zone).dt.tz_localize(None).dt.normalize()
    table = _business_day_table(local_days.min(), local_days.max(), zone, business_hours, holidays)
    start_position = _business_position(start_utc[present], zone, table)
    end_position = _business_position(end_utc[present], zone, table)
    result[present] = end_position - start_position
    return result


def _as_utc_series(values, name: str) -> pd.Series:
    if np.isscalar(values) or isinstance(values, (dt.datetime, pd.Timestamp)):
        values = [values]
    series = pd.Series(values).reset_index(drop=True)
    if len(series) and not isinstance(series.dtype, pd.DatetimeTZDtype):
        try:
            converted = pd.to_datetime(series, errors="coerce")
        except ValueError:  # different UTC offsets: aware times, so UTC is the common zone
            converted = pd.to_datetime(series, errors="coerce", utc=True)
        if not isinstance(converted.dtype, pd.DatetimeTZDtype):
            if converted.notna().any():
                raise AnalysisError(f"{name}: expected times with a time zone (UTC offset), found times "
                                    "without one; localise them first", argument=name,
                                    expected="timezone-aware times", found="naive times")
            converted = converted.dt.tz_localize("UTC")
        series = converted
    if not len(series):
        return pd.Series([], dtype="datetime64[us, UTC]")
    return series.dt.tz_convert("UTC").astype("datetime64[us, UTC]")


def _business_day_table(first: pd.Timestamp, last: pd.Timestamp, zone: ZoneInfo,
                        business_hours: BusinessHours, holidays) -> pd.DataFrame:
    """One row per local day: opening and closing instant (UTC), business minutes, minutes before."""
    days = pd.date_range(first, last, freq="D", unit="us")
    if holidays is None:
        holiday_set = {day for year in range(first.year, last.year + 1)
                       for day in norwegian_public_holidays(year)}
    else:
        holiday_set = set(holidays)
    is_open = days.day_of_week.isin(business_hours.weekday_numbers) & ~days.normalize().map(
        lambda day: day.date() in holiday_set).to_numpy(dtype=bool)
    opening = _local_clock(days, business_hours.start, zone)
    closing = _local_clock(days, business_hours.end, zone)
    minutes = np.where(is_open, (closing - opening).total_seconds() / 60.0, 0.0)
    before = np.concatenate([[0.0], np.cumsum(minutes)[:-1]])
    return pd.DataFrame({"opening": opening, "closing": closing, "is_open": is_open,
                         "minutes_before": before}, index=days)


def _local_clock(days: pd.DatetimeIndex, clock: dt.time, zone: ZoneInfo) -> pd.DatetimeIndex:
    """The instant (naive UTC) at wall-clock ``clock`` on each local day, DST gaps shifted forward."""
    offset = pd.Timedelta(hours=clock.hour, minutes=clock.minute, seconds=clock.second)
    local = (days + offset).tz_localize(zone, ambiguous=np.zeros(len(days), dtype=bool),
                                        nonexistent="shift_forward")
    return local.tz_convert("UTC").tz_localize(None)  # naive UTC, for numpy arithmetic


def _business_position(times: pd.Series, zone: ZoneInfo, table: pd.DataFrame) -> np.ndarray:
    """Business minutes from the table's first day to each time."""
    local_day = times.dt.tz_convert(zone).dt.tz_localize(None).dt.normalize()
    rows = table.index.get_indexer(local_day)
    opening = table["opening"].to_numpy()[rows]
    closing = table["closing"].to_numpy()[rows]
    instant = times.dt.tz_localize(None).to_numpy()
    inside = np.clip(instant, opening, closing) - opening
    inside_minutes = np.where(table["is_open"].to_numpy()[rows],
                              inside / np.timedelta64(1, "m"), 0.0)
    return table["minutes_before"].to_numpy()[rows] + inside_minutes
