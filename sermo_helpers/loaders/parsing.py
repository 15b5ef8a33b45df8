"""Turning export cells into canonical values: times, numbers, identifiers, safe text.

Every function is vectorised (no per-row Python) and raises :class:`LoadError` naming the file,
the column, the first failing data row (1 = first row under the header), what was expected and
what was found.

Rules (documented in ``loaders/README.md``):

* **Times**: a value with a UTC offset (``+0000``, ``+02:00``, ``Z``) is that instant. A value
  without one is local time in the client's time zone (``Europe/Oslo`` by default) and converted to
  UTC. In the autumn hour that occurs twice the first (summer-time) occurrence is taken; a time in
  the missing spring hour is moved forward by the gap. Both are counted in a warning.
* **Numbers**: in files separated by ``;`` a comma is the decimal mark and ``.``/spaces group
  thousands (``1.234,5`` and ``1 234,5`` are 1234.5); elsewhere a comma groups thousands
  (``"15,000"`` is 15000). ``-`` and empty cells are missing.
* **Identifiers** are text. Excel-mangled ids in scientific notation (``5.70306E+17``) lost digits
  and cannot be repaired: they are an error. A trailing ``.0`` (an id once stored as a float) is
  removed, with a warning.
* **Formula injection**: text starting with ``=`` or with ``+``, ``-``, ``@`` followed by a
  spreadsheet function call (``@SUM(``) is prefixed with an apostrophe so a spreadsheet shows it as
  text, with a warning. Other text, ``<script>`` included, is kept as it is (escaping is the handout's job).
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..errors import LoadError
from ..arrow_text import first_bytes
from ..parallel import thread_map

NORWEGIAN_MONTHS = {
    "januar": "Jan", "februar": "Feb", "mars": "Mar", "april": "Apr", "mai": "May", "juni": "Jun",
    "juli": "Jul", "august": "Aug", "september": "Sep", "oktober": "Oct", "november": "Nov",
    "desember": "Dec", "jan": "Jan", "feb": "Feb", "mar": "Mar", "apr": "Apr", "jun": "Jun",
    "jul": "Jul", "aug": "Aug", "sep": "Sep", "sept": "Sep", "okt": "Oct", "nov": "Nov", "des": "Dec",
}
_MONTH_PATTERN = re.compile(r"\b(" + "|".join(sorted(NORWEGIAN_MONTHS, key=len, reverse=True)) + r")\b\.?",
                            re.IGNORECASE)
OFFSET_PATTERN = r"(?:[Zz]|[+-]\d{2}:?\d{2}|UTC|GMT)$"
MANGLED_ID = r"^\d+(?:[.,]\d+)?[eE]\+?\d+$"
FORMULA = r"^(?:=|[+\-@]\s*[A-Za-z_][A-Za-z0-9_.]*\()"

# Formats tried, in order, for times without a declared format. Day-first before month-first
# only where the separator says so (dots are Norwegian, slashes are Meta/LinkedIn month-first).
TIME_FORMATS = (
    "ISO8601",
    "%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y kl. %H:%M", "%d.%m.%Y kl. %H.%M", "%d.%m.%Y",
    "%d.%m.%y",
    "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%m/%d/%Y %I:%M %p", "%m/%d/%Y",
    "%d/%m/%Y %H:%M", "%d/%m/%Y",
    "%d %b %Y %H:%M", "%d %b %Y", "%d. %b %Y %H:%M", "%d. %b %Y", "%b %d, %Y %H:%M", "%b %d, %Y",
    "%b %d, %Y %I:%M %p", "%d-%b-%Y %I:%M%p", "%d-%b-%Y %H:%M", "%d-%b-%Y", "%Y%m%d",
    "%a %b %d %H:%M:%S %z %Y", "%Y-%m-%d %H:%M %z", "%Y-%m-%d %H:%M:%S %z",
)


def fail(source: str, message: str, *, column=None, row=None, expected=None, found=None) -> LoadError:
    where = source
    if row is not None:
        where += f", data row {row}"
    if column is not None:
        where += f", column {column!r}"
    text = f"{where}: {message}"
    if expected is not None:
        text += f" Expected {expected}; found {found!r}."
    return LoadError(text, path=source, row=row, column=column, expected=expected, found=found)


def _first_bad(bad: pd.Series, values: pd.Series) -> tuple[int, str]:
    position = int(np.flatnonzero(bad.to_numpy())[0])
    return position + 1, str(values.iloc[position])


def as_text(values: pd.Series) -> pd.Series:
    """Stripped text with empty cells as missing."""
    if not pd.api.types.is_string_dtype(values.dtype) or values.dtype == object:
        values = values.astype("str").where(values.notna())
    values = values.str.strip()
    return values.where(values != "")


def has_month_names(text: pd.Series) -> bool:
    """Whether the column holds month names (looked for in a sample, then in every value if needed)."""
    sample = text.dropna().head(200)
    if sample.astype("str").str.contains(r"[^\W\d_]{3}", regex=True).any():
        return True
    # digits, separators and a T/Z/AM/PM only: no names; a cheap test that avoids regex on every value
    return False


def translate_months(values: pd.Series) -> pd.Series:
    """Replace Norwegian month names (``3. mars 2026``, ``27. sep. 2026``) by English abbreviations."""
    def replace(match):
        return NORWEGIAN_MONTHS[match.group(1).lower()]
    out = values.str.replace(_MONTH_PATTERN, replace, regex=True)
    return out.str.replace(r"^(\d{1,2})\.\s+", r"\1 ", regex=True).str.replace(r"\s+kl\.?\s+", " ", regex=True)


def _parse_with(values: pd.Series, fmt: str, *, utc: bool) -> pd.Series:
    if fmt == "ISO8601":
        return pd.to_datetime(values, format="ISO8601", errors="coerce", utc=utc)
    return pd.to_datetime(values, format=fmt, errors="coerce", utc=utc)


def choose_format(values: pd.Series, formats=TIME_FORMATS, *, sample: int = 200) -> str | None:
    """The first format that reads every non-empty value of a sample of ``values``."""
    head = values.dropna()
    if len(head) > sample:
        head = pd.concat([head.iloc[: sample // 2], head.iloc[-sample // 2:]])
    if head.empty:
        return formats[0]
    for fmt in formats:
        try:
            parsed = _parse_with(head, fmt, utc=True)
        except (ValueError, TypeError):
            continue
        if parsed.notna().all():
            return fmt
    return None


def parse_times(values: pd.Series, *, source: str, column: str, tz: str, formats=None,
                warnings: list[str] | None = None, required: bool = True) -> pd.Series:
    """Parse a column of times into ``datetime64[us, UTC]`` following the module's time rules."""
    warnings = [] if warnings is None else warnings
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        return values.dt.tz_convert("UTC").astype("datetime64[us, UTC]")
    if pd.api.types.is_datetime64_dtype(values.dtype):
        return localise(values, tz=tz, source=source, column=column, warnings=warnings)
    if isinstance(values.dtype, pd.StringDtype) and not (required and values.isna().any()):
        fast = _fast_iso_with_offset(values)  # the common case, without first copying the text
        if fast is not None:
            return fast.astype("datetime64[us, UTC]")
    text = as_text(values)
    if has_month_names(text):
        text = translate_months(text)
    formats = tuple(formats or TIME_FORMATS)
    fmt = choose_format(text, formats)
    if fmt is None:
        return _parse_mixed(text, source=source, column=column, tz=tz, formats=formats, warnings=warnings,
                            required=required)
    # the common case first: every value ISO 8601 with an offset (the strict parser proves the offsets)
    fast = _fast_iso_with_offset(text) if fmt == "ISO8601" else None
    has_offset = text.notna() if fast is not None or "%z" in fmt else _has_offset(text)
    if fast is not None:
        result = fast
    elif has_offset.all():
        result = _parse_with(text, fmt, utc=True)
    elif not has_offset.any():
        naive = _parse_with(text, fmt, utc=False)
        if isinstance(naive.dtype, pd.DatetimeTZDtype):  # ISO values like ...Z that the regex missed
            result = naive.dt.tz_convert("UTC")
        else:
            result = localise(naive, tz=tz, source=source, column=column, warnings=warnings)
    else:
        aware = _parse_with(text.where(has_offset), "ISO8601" if fmt == "ISO8601" else fmt, utc=True)
        naive = _parse_with(text.where(~has_offset), fmt, utc=False)
        local = localise(naive, tz=tz, source=source, column=column, warnings=warnings)
        result = aware.where(has_offset, local)
        warnings.append(f"column {column!r}: {int((~has_offset & text.notna()).sum())} times without a UTC "
                        f"offset among times with one; those were read as {tz} local time")
    result = result.astype("datetime64[us, UTC]")
    bad = result.isna() & text.notna()
    if bad.any():
        row, found = _first_bad(bad, text)
        raise fail(source, f"{int(bad.sum())} times could not be read in the layout of the other rows ({fmt}).",
                   column=column, row=row, expected=f"times like the first rows ({fmt})", found=found)
    if required and text.isna().any():
        row, found = _first_bad(text.isna(), values.astype("str"))
        raise fail(source, "a time is missing.", column=column, row=row, expected="a time in every row",
                   found="an empty cell")
    return result


def _fast_iso_with_offset(text: pd.Series) -> pd.Series | None:
    """``2026-04-01T09:30:00+02:00`` (or ``…Z``, ``…+0200``, fractions, a space for the ``T``) in
    every value, read by Arrow's own ISO 8601 parser: a cast, several times faster than strptime and
    strict (no naive times, no impossible dates, no spaces around). None when any value needs the
    general parser."""
    return _arrow_cast(text, pa.timestamp("us", tz="UTC"))


def _fast_iso_dates(text: pd.Series) -> pd.Series | None:
    """``2026-04-01`` in every value, read by Arrow's ISO date parser; None otherwise."""
    days = _arrow_cast(text, pa.date32())
    return None if days is None else days.astype("datetime64[us]")


def _arrow_cast(text: pd.Series, target: pa.DataType) -> pd.Series | None:
    if not isinstance(text.dtype, pd.StringDtype):
        return None
    array = pa.array(text.array)
    chunks = array.chunks if isinstance(array, pa.ChunkedArray) else [array]
    try:  # the chunks are read on every core
        parsed = pa.chunked_array(thread_map(lambda chunk: pc.cast(chunk, target), chunks, rows=len(text)),
                                  type=target)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
        return None
    if target == pa.date32():
        parsed = pc.cast(parsed, pa.timestamp("us"))
    result = parsed.to_pandas()
    result.index = text.index  # positions, not labels: the input may have any index
    return result


def _has_offset(text: pd.Series) -> pd.Series:
    """Which values end in a UTC offset or Z (fast literal tests first; the regex only if needed)."""
    sign = text.str.slice(-6, -5).isin(["+", "-"]) & text.str.slice(-3, -2).eq(":")
    zulu = text.str.endswith("Z") | text.str.endswith("z")
    found = (sign | zulu).fillna(False).astype(bool)
    if found.all():
        return found
    rest = text.notna() & ~found
    if rest.any():
        found = found | text.where(rest).str.contains(OFFSET_PATTERN, regex=True).fillna(False).astype(bool)
    return found


def _parse_mixed(text: pd.Series, *, source, column, tz, formats, warnings, required) -> pd.Series:
    """Read a column whose values use several layouts: each format fills what the earlier ones left."""
    result = pd.Series(pd.NaT, index=text.index, dtype="datetime64[us, UTC]")
    used = []
    for fmt in formats:
        todo = result.isna() & text.notna()
        if not todo.any():
            break
        subset = text[todo]
        if fmt == "ISO8601" or "%z" in fmt:
            parsed = _parse_with(subset, fmt, utc=True)
        else:
            naive = _parse_with(subset, fmt, utc=False)
            if isinstance(naive.dtype, pd.DatetimeTZDtype):
                continue
            ok = naive.notna()
            if not ok.any():
                continue
            parsed = localise(naive[ok], tz=tz, source=source, column=column, warnings=warnings)
        parsed = parsed.dropna()
        if len(parsed):
            result.loc[parsed.index] = parsed.astype("datetime64[us, UTC]")
            used.append(fmt)
    bad = result.isna() & text.notna()
    if bad.any() or not used:
        row, found = _first_bad(bad, text) if bad.any() else (1, str(text.dropna().iloc[0]) if text.notna().any() else "")
        raise fail(source, "times could not be read.", column=column, row=row,
                   expected="times such as 2026-04-01T09:30:00+02:00, 01.04.2026 09:30 or 04/01/2026 09:30",
                   found=found)
    _check_day_month(used, source=source, column=column)
    warnings.append(f"column {column!r}: times are written in {len(used)} different layouts "
                    f"({', '.join(used)}); each value was read with the first layout that fits "
                    "(times without an offset as local time)")
    if required and text.isna().any():
        row, _ = _first_bad(text.isna(), text.astype("str"))
        raise fail(source, "a time is missing.", column=column, row=row, expected="a time in every row",
                   found="an empty cell")
    return result


def localise(naive: pd.Series, *, tz: str, source: str, column: str, warnings: list[str]) -> pd.Series:
    """Read naive times as local time in ``tz`` and convert to UTC (see the module's rules)."""
    naive = naive.astype("datetime64[us]")
    ambiguous = pd.Series(naive.dt.tz_localize(tz, ambiguous="NaT", nonexistent="NaT").isna() & naive.notna())
    if ambiguous.any():
        shifted = naive.dt.tz_localize(tz, ambiguous="NaT", nonexistent=pd.Timedelta(hours=1))
        gaps = int((shifted.notna() & ambiguous).sum())
        repeats = int(ambiguous.sum()) - gaps
        if repeats:
            warnings.append(f"column {column!r}: {repeats} local times fall in the autumn hour that occurs "
                            "twice; read as the first (summer-time) occurrence")
        if gaps:
            warnings.append(f"column {column!r}: {gaps} local times fall in the missing spring hour; "
                            "moved forward by one hour")
    localised = naive.dt.tz_localize(tz, ambiguous=np.ones(len(naive), dtype=bool),
                                     nonexistent=pd.Timedelta(hours=1))
    return localised.dt.tz_convert("UTC").astype("datetime64[us, UTC]")


def _check_day_month(used: list[str], *, source: str, column: str) -> None:
    if any("%m/%d" in fmt for fmt in used) and any("%d/%m" in fmt for fmt in used):
        raise fail(source, "some dates only fit day/month order and others month/day order, so the order of "
                   "day and month is ambiguous. Export the file again with ISO dates (2026-04-01).",
                   column=column, expected="one order of day and month", found="both")


def parse_dates(values: pd.Series, *, source: str, column: str, formats=None,
                warnings: list[str] | None = None) -> pd.Series:
    """Parse calendar days (``2026-04-01``, ``01.04.2026``, ``04/01/2026``, ``20260401``...) as naive midnight.

    A column mixing layouts is read value by value with the first layout that fits (a warning says
    so), except that mixing day/month and month/day order is an error.
    """
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        out = values.dt.tz_localize(None) if isinstance(values.dtype, pd.DatetimeTZDtype) else values
        return out.dt.normalize().astype("datetime64[us]")
    fast = _fast_iso_dates(values)  # the common case: ISO dates
    if fast is not None:
        return fast
    # Daily data repeats each date many times: read each distinct value once. If that fails, the
    # whole column is read again so the error names the first failing row.
    codes, distinct = pd.factorize(values)
    if len(distinct) * 4 < len(values):
        found: list[str] = []
        try:
            days = _parse_dates(pd.Series(distinct, dtype="str"), source=source, column=column, formats=formats,
                                warnings=found)
        except LoadError:
            pass
        else:
            if warnings is not None:
                warnings.extend(found)
            days = days.to_numpy(dtype="datetime64[us]")
            picked = days[np.maximum(codes, 0)] if len(days) else np.full(len(codes), np.datetime64("NaT", "us"))
            return pd.Series(np.where(codes >= 0, picked, np.datetime64("NaT", "us")), index=values.index)
    return _parse_dates(values, source=source, column=column, formats=formats, warnings=warnings)


def _parse_dates(values: pd.Series, *, source: str, column: str, formats=None,
                 warnings: list[str] | None = None) -> pd.Series:
    date_warnings = warnings
    text = as_text(values)
    if has_month_names(text):
        text = translate_months(text)
    dashed = _dashed_day_month(text, source=source, column=column, warnings=warnings)
    if dashed is not None:
        return dashed
    formats = tuple(formats or ("%Y-%m-%d", "%Y%m%d", "%d.%m.%Y", "%m/%d/%Y", "%d/%m/%Y", "%b %d, %Y",
                                "%d %b %Y", "%d. %b %Y", "%d.%m.%y") + TIME_FORMATS)
    fmt = choose_format(text, formats)
    if fmt is None:
        result = pd.Series(pd.NaT, index=text.index, dtype="datetime64[us]")
        used = []
        for candidate in formats:
            todo = result.isna() & text.notna()
            if not todo.any():
                break
            parsed = _parse_with(text[todo], candidate, utc=False)
            if isinstance(parsed.dtype, pd.DatetimeTZDtype):
                parsed = parsed.dt.tz_localize(None)
            parsed = parsed.dropna()
            if len(parsed):
                result.loc[parsed.index] = parsed.astype("datetime64[us]")
                used.append(candidate)
        _check_day_month(used, source=source, column=column)
        if not used:
            raise fail(source, "dates could not be read.", column=column, row=1,
                       expected="dates such as 2026-04-01, 01.04.2026 or 04/01/2026",
                       found=str(text.dropna().iloc[0]) if text.notna().any() else "")
        if len(used) > 1:
            warnings_out = f"column {column!r}: dates are written in {len(used)} different layouts ({', '.join(used)})"
            if date_warnings is not None:
                date_warnings.append(warnings_out + "; each value was read with the first layout that fits")
        fmt = " or ".join(used)
    else:
        result = _parse_with(text, "ISO8601" if fmt == "%Y-%m-%d" else fmt, utc=False)
        if isinstance(result.dtype, pd.DatetimeTZDtype):
            result = result.dt.tz_localize(None)
    bad = result.isna() & text.notna()
    if bad.any():
        row, found = _first_bad(bad, text)
        raise fail(source, f"{int(bad.sum())} dates could not be read in the layout of the other rows.",
                   column=column, row=row, expected=f"dates like the first rows ({fmt})", found=found)
    return result.dt.normalize().astype("datetime64[us]")


def _dashed_day_month(text: pd.Series, *, source: str, column: str, warnings) -> pd.Series | None:
    """``13-06-2025``: dates a spreadsheet re-saved with dashes, day and month in an order the layout
    does not say. A first field above 12 proves day first, a second field above 12 month first; the
    column is then read in that order with a warning. Without such a value the order is ambiguous
    and the column is refused. None when the column is not in this layout."""
    filled = text.dropna()
    if filled.empty or not filled.str.fullmatch(r"\d{1,2}-\d{1,2}-\d{4}").all():
        return None
    parts = filled.str.split("-", expand=True).astype("int64")
    day_first, month_first = bool((parts[0] > 12).any()), bool((parts[1] > 12).any())
    if day_first == month_first:
        raise fail(source, "dates are written with dashes (DD-MM-YYYY or MM-DD-YYYY) and "
                   + ("both orders occur" if day_first else "no day above 12 shows which order they are in")
                   + ". Export the file again with ISO dates (2025-06-13).", column=column,
                   row=int(np.flatnonzero(text.notna().to_numpy())[0]) + 1,
                   expected="ISO dates, or dashed dates whose order a day above 12 makes certain",
                   found=str(filled.iloc[0]))
    fmt = "%d-%m-%Y" if day_first else "%m-%d-%Y"
    example = filled[parts[0] > 12].iloc[0] if day_first else filled[parts[1] > 12].iloc[0]
    if warnings is not None:
        warnings.append(f"column {column!r}: dates written as {'DD-MM-YYYY' if day_first else 'MM-DD-YYYY'} "
                        f"(the file was re-saved by a spreadsheet); the order is certain from {example!r}")
    result = pd.to_datetime(text, format=fmt, errors="coerce")
    bad = result.isna() & text.notna()
    if bad.any():
        row, found = _first_bad(bad, text)
        raise fail(source, "a date does not exist.", column=column, row=row, expected=f"dates in {fmt}",
                   found=found)
    return result.astype("datetime64[us]")


def parse_numbers(values: pd.Series, *, source: str, column: str, decimal_comma: bool = False) -> pd.Series:
    """Parse counts written by spreadsheets into float64 (see the module's number rules)."""
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        return values.astype("float64")
    text = as_text(values)
    text = text.where(~text.isin(["-", "–", "n/a", "N/A", "--"]))
    cleaned = text.str.replace(r"[\s\u00a0\u202f'%]", "", regex=True)
    if decimal_comma:
        grouped = cleaned.str.fullmatch(r"-?\d{1,3}(?:\.\d{3})+(?:,\d*)?").fillna(False).astype(bool)
        cleaned = cleaned.where(~grouped, cleaned.str.replace(".", "", regex=False))
        cleaned = cleaned.str.replace(",", ".", regex=False)
    else:
        cleaned = cleaned.str.replace(",", "", regex=False)
    cleaned = cleaned.str.replace("\u2212", "-", regex=False)
    result = pd.to_numeric(cleaned, errors="coerce").astype("float64")
    bad = result.isna() & text.notna()
    if bad.any():
        row, found = _first_bad(bad, text)
        raise fail(source, f"{int(bad.sum())} values are not numbers.", column=column, row=row,
                   expected="a number such as 1234, 1 234 or 1234,5", found=found)
    return result


def parse_duration_seconds(values: pd.Series, *, source: str, column: str) -> pd.Series:
    """``H:MM:SS`` or ``M:SS`` durations (YouTube Studio) as seconds; plain numbers are seconds."""
    text = as_text(values)
    bad = text.notna() & ~text.str.fullmatch(r"\d+(?::\d{1,2}){0,2}(?:\.\d+)?").fillna(False).astype(bool)
    if bad.any():
        row, found = _first_bad(bad, text)
        raise fail(source, "durations could not be read.", column=column, row=row,
                   expected="durations as H:MM:SS (or whole seconds)", found=found)
    parts = text.str.extract(r"^(?:(?:(\d+):)?(\d{1,2}):)?(\d+(?:\.\d+)?)$", expand=True)
    numbers = parts.apply(lambda col: pd.to_numeric(col, errors="coerce")).fillna(0)
    seconds = (numbers[0] * 3600 + numbers[1] * 60 + numbers[2]).astype("float64")
    return seconds.where(text.notna())


def check_ids(values: pd.Series, *, source: str, column: str, warnings: list[str]) -> pd.Series:
    """Return ids as text; raise on Excel-mangled ids; repair float leftovers (``123.0``)."""
    if pd.api.types.is_float_dtype(values.dtype) and values.isna().all():
        return as_text(values.astype(object))
    if pd.api.types.is_integer_dtype(values.dtype):
        return values.astype("str")
    if pd.api.types.is_float_dtype(values.dtype):
        raise fail(source, "identifiers were read as numbers and may have lost digits.", column=column,
                   row=1, expected="identifiers read as text", found=str(values.dropna().head(1).tolist()))
    if isinstance(values.dtype, pd.StringDtype):
        try:  # whole numbers only (the common case): nothing a spreadsheet damaged, nothing to repair
            pc.cast(pa.array(values.array), pa.int64())
            return values
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            pass
    text = as_text(values)
    if text.isna().all():
        return text
    suspect = (text.str.contains("E", regex=False) | text.str.contains("e", regex=False)).fillna(False).astype(bool)
    mangled = suspect & text.where(suspect).str.contains(MANGLED_ID, regex=True).fillna(False).astype(bool)
    if mangled.any():
        row, found = _first_bad(mangled, text)
        raise fail(source, f"{int(mangled.sum())} identifiers are in scientific notation: a spreadsheet "
                   "rounded them and the lost digits cannot be recovered. Export the file again and do not "
                   "open and save it in Excel (or import the column as Text).", column=column, row=row,
                   expected="the full identifier as text (e.g. 570306133677760513)", found=found)
    floaty = text.str.endswith(".0").fillna(False).astype(bool)
    if floaty.any() and text[floaty].str.fullmatch(r"\d+\.0").all():
        text = text.where(~floaty, text.str.slice(0, -2))
        warnings.append(f"column {column!r}: removed a trailing '.0' from {int(floaty.sum())} identifiers "
                        "(they had been stored as numbers)")
    return text


def neutralise_formulas(values: pd.Series, *, column: str, warnings: list[str]) -> pd.Series:
    """Prefix spreadsheet formulas in text with an apostrophe so they are shown, never run."""
    if values.isna().all():
        return values
    first = first_bytes(values)
    equals = first == ord("=")
    other = (first == ord("+")) | (first == ord("-")) | (first == ord("@"))
    formula = pd.Series(equals, index=values.index)
    if other.any():  # "@kommune hei" is common; only a function call like "@SUM(" is a formula
        calls = _formula_calls(values, other)
        if calls.size:
            marked = equals.copy()
            marked[calls] = True
            formula = pd.Series(marked, index=values.index)
    if not formula.any():
        return values
    warnings.append(f"column {column!r}: {int(formula.sum())} cells start like a spreadsheet formula "
                    "(e.g. =HYPERLINK(...)); prefixed with ' so they are shown as text, never run")
    return values.where(~formula, "'" + values)


def _formula_calls(values: pd.Series, candidates: np.ndarray) -> np.ndarray:
    """Positions among ``candidates`` (values starting with + - @) that match :data:`FORMULA`.

    Only the candidates are searched, chunk by chunk of the Arrow text (a take from the whole
    column would first join its chunks: a copy of every text), and the pattern only where a "("
    occurs, as the pattern needs one."""
    if not isinstance(values.dtype, pd.StringDtype):
        values = values.astype("str")
    array = pa.array(values.array)
    chunks = array.chunks if isinstance(array, pa.ChunkedArray) else [array]
    found, start = [], 0
    for chunk in chunks:
        inside = candidates[start:start + len(chunk)]
        positions = np.flatnonzero(inside) + start
        start += len(chunk)
        if not positions.size:
            continue
        subset = chunk.filter(pa.array(inside))
        opens = np.asarray(pc.fill_null(pc.match_substring(subset, "("), False).to_numpy(zero_copy_only=False),
                           dtype=bool)
        if not opens.any():
            continue
        texts = pd.Series(pd.array(subset.filter(pa.array(opens)), dtype="str"))
        calls = texts.str.contains(FORMULA, regex=True).fillna(False).astype(bool).to_numpy()
        found.append(positions[opens][calls])
    return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)
