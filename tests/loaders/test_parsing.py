import pandas as pd
import pytest

from sermo_helpers.errors import LoadError
from sermo_helpers.loaders import parsing


def s(*values):
    return pd.Series(list(values), dtype="str")


def test_norwegian_and_english_numbers():
    assert parsing.parse_numbers(s("1.234,5", "1 234", "12,5", "-", None), source="f", column="c",
                                 decimal_comma=True).tolist()[:3] == [1234.5, 1234.0, 12.5]
    english = parsing.parse_numbers(s("15,000", "1,204", "7"), source="f", column="c")
    assert english.tolist() == [15000.0, 1204.0, 7.0]
    with pytest.raises(LoadError) as caught:
        parsing.parse_numbers(s("1", "mange"), source="f.csv", column="reach")
    assert (caught.value.row, caught.value.column, caught.value.found) == (2, "reach", "mange")


def test_naive_times_are_oslo_local_and_offsets_are_kept():
    warnings = []
    times = parsing.parse_times(s("01.07.2026 12:00", "01.01.2026 12:00"), source="f", column="t",
                                tz="Europe/Oslo", warnings=warnings)
    assert [str(t) for t in times] == ["2026-07-01 10:00:00+00:00", "2026-01-01 11:00:00+00:00"]
    x = parsing.parse_times(s("2020-02-10 18:00 +0000"), source="f", column="t", tz="Europe/Oslo",
                            formats=("%Y-%m-%d %H:%M %z",))
    assert str(x.iloc[0]) == "2020-02-10 18:00:00+00:00"
    assert warnings == []


def test_norwegian_month_names():
    times = parsing.parse_times(s("3. mars 2026 kl. 10:00", "27. sep. 2026 08:15"), source="f", column="t",
                                tz="Europe/Oslo")
    assert [str(t) for t in times] == ["2026-03-03 09:00:00+00:00", "2026-09-27 06:15:00+00:00"]
    dates = parsing.parse_dates(s("1. desember 2026", "2. des. 2026"), source="f", column="d")
    assert [str(d.date()) for d in dates] == ["2026-12-01", "2026-12-02"]


def test_dates_in_every_layout():
    for values in (("2026-04-01",), ("01.04.2026",), ("04/01/2026",), ("20260401",), ("Apr 1, 2026",)):
        assert str(parsing.parse_dates(s(*values), source="f", column="d").iloc[0].date()) == "2026-04-01"


def test_durations():
    seconds = parsing.parse_duration_seconds(s("0:03:12", "1:42:05", "4:05", "75"), source="f", column="d")
    assert seconds.tolist() == [192.0, 6125.0, 245.0, 75.0]


def test_ids_and_formulas():
    warnings = []
    assert parsing.check_ids(s("1226928461543653377", None), source="f", column="post_id",
                             warnings=warnings).tolist()[0] == "1226928461543653377"
    with pytest.raises(LoadError, match="scientific notation"):
        parsing.check_ids(s("1", "5.70306E+17"), source="f", column="post_id", warnings=warnings)
    text = parsing.neutralise_formulas(s("=1+1", "-2 grader i dag", "@kommune hei", "@SUM(A1)", "+ bra (veldig)"),
                                       column="text", warnings=warnings)
    assert text.tolist() == ["'=1+1", "-2 grader i dag", "@kommune hei", "'@SUM(A1)", "+ bra (veldig)"]
    assert warnings == ["column 'text': 2 cells start like a spreadsheet formula (e.g. =HYPERLINK(...)); "
                        "prefixed with ' so they are shown as text, never run"]


def test_first_bytes_reads_arrow_buffers_of_chunked_and_sliced_text():
    import numpy as np

    values = pd.concat([s("=A1", "æble", "", None), s("@x", "+1")], ignore_index=True)  # two chunks
    assert parsing.first_bytes(values).tolist() == [ord("="), 0xC3, 0, 0, ord("@"), ord("+")]
    sliced = values.iloc[3:]  # a view that starts inside a chunk
    assert parsing.first_bytes(sliced).tolist() == [0, ord("@"), ord("+")]
    assert parsing.first_bytes(s()).dtype == np.uint8 and len(parsing.first_bytes(s())) == 0


def test_formulas_are_found_in_a_large_chunked_column():
    rows = 150_000
    values = pd.concat([pd.Series([f"@bruker{n} hei" for n in range(rows)], dtype="str"),
                        s("=HYPERLINK(\"http://x\")", "@SUM(A1:A3)", "-2 grader (kaldt)", "@ola (igjen)")],
                       ignore_index=True)
    warnings = []
    checked = parsing.neutralise_formulas(values, column="author", warnings=warnings)
    changed = (checked != values).to_numpy().nonzero()[0].tolist()
    assert changed == [rows, rows + 1]
    assert checked.iloc[rows + 1] == "'@SUM(A1:A3)" and checked.iloc[rows + 3] == "@ola (igjen)"
    assert warnings == ["column 'author': 2 cells start like a spreadsheet formula (e.g. =HYPERLINK(...)); "
                        "prefixed with ' so they are shown as text, never run"]


def test_repeated_dates_are_read_once_each_and_errors_name_the_row():
    days = [f"2026-04-{day:02d}" for day in range(1, 31)] * 40  # 1,200 rows, 30 distinct values
    days[5] = " 2026-04-06 "  # spaces around a value are not a different date
    days[9] = None
    dates = parsing.parse_dates(s(*days), source="f", column="date")
    assert str(dates.iloc[5].date()) == "2026-04-06" and pd.isna(dates.iloc[9])
    assert str(dates.iloc[1199].date()) == "2026-04-30" and str(dates.dtype) == "datetime64[us]"
    norwegian = parsing.parse_dates(s(*(["01.04.2026", "02.04.2026"] * 50)), source="f", column="date")
    assert [str(d.date()) for d in norwegian.iloc[:2]] == ["2026-04-01", "2026-04-02"]
    days[777] = "2026-04-31"
    with pytest.raises(LoadError) as caught:
        parsing.parse_dates(s(*days), source="f.csv", column="date")
    assert (caught.value.row, caught.value.column, caught.value.found) == (778, "date", "2026-04-31")


def test_iso_times_with_offsets_take_the_fast_path_and_the_rest_the_general_one():
    values = s("2026-04-01T09:30:00+02:00", "2026-10-25T01:30:00-01:00", None)
    times = parsing.parse_times(values, source="f", column="t", tz="Europe/Oslo", required=False)
    assert [str(t) for t in times.iloc[:2]] == ["2026-04-01 07:30:00+00:00", "2026-10-25 02:30:00+00:00"]
    assert pd.isna(times.iloc[2]) and str(times.dtype) == "datetime64[us, UTC]"
    padded = parsing.parse_times(s(" 2026-04-01T09:30:00+02:00", "2026-04-01T10:00:00Z"), source="f",
                                 column="t", tz="Europe/Oslo")
    assert [str(t) for t in padded] == ["2026-04-01 07:30:00+00:00", "2026-04-01 10:00:00+00:00"]
    with pytest.raises(LoadError) as caught:
        parsing.parse_times(values, source="f.csv", column="t", tz="Europe/Oslo")
    assert (caught.value.row, caught.value.found) == (3, "an empty cell")


def test_fast_paths_keep_the_input_index():
    times = s("2026-04-01T09:30:00+02:00", "2026-04-02T09:30:00Z")
    times.index = [7, 3]
    parsed = parsing.parse_times(times, source="f", column="t", tz="Europe/Oslo")
    assert parsed.index.tolist() == [7, 3] and str(parsed.loc[3]) == "2026-04-02 09:30:00+00:00"
    days = s("2026-04-01", "2026-04-02")
    days.index = [5, 1]
    parsed_days = parsing.parse_dates(days, source="f", column="d")
    assert parsed_days.index.tolist() == [5, 1] and str(parsed_days.loc[1].date()) == "2026-04-02"
    assert str(parsed_days.dtype) == "datetime64[us]"


def test_formulas_found_on_the_starts_alone_equal_the_pattern_on_every_value():
    """The search only among values starting with + - @ (and a "(") marks exactly what the pattern
    marks when run over every value: demo texts and authors, and made-up edge cases."""
    from pathlib import Path

    demo = pd.read_csv(Path(__file__).parents[2] / "data" / "clients" / "fjordvik" / "mentions.csv",
                       dtype="str", keep_default_na=False, na_values=[""])
    edge = ["=1+1", "= A1", "-2 grader i dag", "-SUM(A1)", "- SUM(A1)", "@kommune hei", "@SUM(A1)", "@ SUM (A1)",
            "@ola (igjen)", "+ bra (veldig)", "+cmd|' /C calc'!A0", "+HYPERLINK(\"x\")", "@æ(", "@_x.y(", "(", "",
            None, "'=allerede", "\t=A1", "Ødegård (@SUM(", "-", "@", "+(", "=", "@a(b", "@1(", "-x.y(z)"]
    chunked = pd.concat([demo["text"].astype("str"), s(*edge)] * 30, ignore_index=True)  # many Arrow chunks
    for values in (demo["text"], demo["author"], s(*edge), chunked, chunked.iloc[7:-5], s(*edge).astype(object)):
        if values.dtype != object:
            values = values.astype("str")
        found: list[str] = []
        checked = parsing.neutralise_formulas(values, column="c", warnings=found)
        marked = values.str.contains(parsing.FORMULA, regex=True).fillna(False).astype(bool)
        expected = values.where(~marked, "'" + values.where(marked, ""))
        pd.testing.assert_series_equal(checked, expected, check_exact=True)
        assert bool(found) == bool(marked.any())
    assert parsing.neutralise_formulas(s(*edge), column="c", warnings=[]).tolist()[:8] == [
        "'=1+1", "'= A1", "-2 grader i dag", "'-SUM(A1)", "'- SUM(A1)", "@kommune hei", "'@SUM(A1)", "@ SUM (A1)"]
