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
