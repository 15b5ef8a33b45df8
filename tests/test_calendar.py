"""Norwegian holidays and business-hours arithmetic (weekends, 17 May, DST changes)."""
import datetime as dt

import pandas as pd
import pytest

from sermo_helpers.calendar import (business_minutes_between, easter_sunday, is_business_day,
                                    norwegian_public_holidays)
from sermo_helpers.config import BusinessHours
from sermo_helpers.errors import AnalysisError

OFFICE = BusinessHours(dt.time(8, 0), dt.time(15, 30), ("mon", "tue", "wed", "thu", "fri"))


def minutes(start, end, **options):
    """Business minutes for one pair of ISO times with offsets."""
    return business_minutes_between([start], [end], business_hours=options.pop("hours", OFFICE),
                                    **options).iloc[0]


@pytest.mark.parametrize("year, expected", [
    (2024, dt.date(2024, 3, 31)), (2025, dt.date(2025, 4, 20)), (2026, dt.date(2026, 4, 5)),
    (2027, dt.date(2027, 3, 28)), (2038, dt.date(2038, 4, 25)), (2285, dt.date(2285, 3, 22)),
])
def test_easter_sunday_known_dates(year, expected):
    assert easter_sunday(year) == expected


def test_holidays_2026_are_the_twelve_norwegian_days():
    holidays = norwegian_public_holidays(2026)
    assert list(holidays) == [
        dt.date(2026, 1, 1), dt.date(2026, 4, 2), dt.date(2026, 4, 3), dt.date(2026, 4, 5),
        dt.date(2026, 4, 6), dt.date(2026, 5, 1), dt.date(2026, 5, 14), dt.date(2026, 5, 17),
        dt.date(2026, 5, 24), dt.date(2026, 5, 25), dt.date(2026, 12, 25), dt.date(2026, 12, 26)]
    assert holidays[dt.date(2026, 5, 17)] == "Grunnlovsdag"
    assert norwegian_public_holidays(2026, language="en")[dt.date(2026, 5, 14)] == "Ascension Day"


def test_holiday_names_reject_unknown_language():
    with pytest.raises(AnalysisError, match="language"):
        norwegian_public_holidays(2026, language="de")


def test_is_business_day():
    assert is_business_day(dt.date(2028, 5, 16))  # Tuesday
    assert not is_business_day(dt.date(2028, 5, 17))  # Wednesday, Constitution Day
    assert not is_business_day(dt.date(2028, 5, 20))  # Saturday
    assert is_business_day(dt.date(2028, 5, 17), holidays=[])


def test_same_day_inside_hours():
    assert minutes("2026-09-01T09:00+02:00", "2026-09-01T10:15+02:00") == 75


def test_before_opening_and_after_closing_count_nothing():
    assert minutes("2026-09-01T06:00+02:00", "2026-09-01T07:59+02:00") == 0
    assert minutes("2026-09-01T16:00+02:00", "2026-09-02T07:00+02:00") == 0
    assert minutes("2026-09-01T15:00+02:00", "2026-09-02T08:30+02:00") == 30 + 30


def test_across_a_weekend():
    # Friday 14:00 to Monday 09:00: 90 minutes on Friday, 60 on Monday.
    assert minutes("2026-09-04T14:00+02:00", "2026-09-07T09:00+02:00") == 150


def test_a_question_on_saturday_answered_on_monday():
    assert minutes("2026-09-05T11:00+02:00", "2026-09-07T08:45+02:00") == 45


def test_across_17_may_on_a_weekday():
    # 2028: Tuesday 16 May 15:00 to Thursday 18 May 09:00; Wednesday 17 May is closed.
    assert minutes("2028-05-16T15:00+02:00", "2028-05-18T09:00+02:00") == 30 + 60


def test_across_ascension_and_17_may_2026():
    # Wednesday 13 May 15:00 to Tuesday 19 May 09:00: Thursday 14 May (Ascension) closed,
    # Friday 15 May open (450), weekend incl. Sunday 17 May closed, Monday 18 May open (450).
    assert minutes("2026-05-13T15:00+02:00", "2026-05-19T09:00+02:00") == 30 + 450 + 450 + 60


def test_without_holidays_17_may_counts():
    assert minutes("2028-05-16T15:00+02:00", "2028-05-18T09:00+02:00", holidays=[]) == 30 + 450 + 60


def test_across_spring_dst_change():
    # Friday 27 March 2026 15:00 CET to Monday 30 March 09:00 CEST (clocks went forward Sunday).
    assert minutes("2026-03-27T15:00+01:00", "2026-03-30T09:00+02:00") == 90
    # Given in UTC the result is the same: local wall-clock hours are what count.
    assert minutes("2026-03-27T14:00+00:00", "2026-03-30T07:00+00:00") == 90


def test_across_autumn_dst_change():
    assert minutes("2026-10-23T15:00+02:00", "2026-10-26T09:00+01:00") == 90


def test_dst_day_inside_round_the_clock_hours_is_real_elapsed_time():
    every_day = BusinessHours(dt.time(0, 0), dt.time(23, 59), ("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
    # Sunday 29 March 2026 has 23 hours; 00:00 to 23:59 local is 22 h 59 min of real time.
    assert minutes("2026-03-29T00:00+01:00", "2026-03-29T23:59+02:00", hours=every_day, holidays=[]) == 1379
    # Sunday 25 October 2026 has 25 hours.
    assert minutes("2026-10-25T00:00+02:00", "2026-10-25T23:59+01:00", hours=every_day, holidays=[]) == 1499


def test_other_time_zone():
    # 09:00 to 10:00 in New York is 13:00 to 14:00 UTC in September.
    assert minutes("2026-09-01T13:00+00:00", "2026-09-01T14:00+00:00", timezone="America/New_York") == 60
    # The same instants in Oslo are 15:00 to 16:00, and the office closes at 15:30.
    assert minutes("2026-09-01T13:00+00:00", "2026-09-01T14:00+00:00") == 30


def test_vector_keeps_index_and_missing_values():
    start = pd.Series(pd.to_datetime(["2026-09-01T09:00+02:00", None], utc=True), index=[10, 11])
    end = pd.Series(pd.to_datetime(["2026-09-01T09:30+02:00", "2026-09-01T10:00+02:00"], utc=True),
                    index=[10, 11])
    result = business_minutes_between(start, end)
    assert result.index.tolist() == [10, 11]
    assert result.iloc[0] == 30
    assert pd.isna(result.iloc[1])


def test_end_before_start_is_negative():
    assert minutes("2026-09-01T10:00+02:00", "2026-09-01T09:00+02:00") == -60


def test_naive_times_are_rejected():
    with pytest.raises(AnalysisError, match="time zone"):
        business_minutes_between(pd.Series(pd.to_datetime(["2026-09-01 09:00"])),
                                 pd.Series(pd.to_datetime(["2026-09-01 10:00"])))


def test_lengths_must_match():
    with pytest.raises(AnalysisError, match="same length"):
        business_minutes_between(["2026-09-01T09:00+02:00"], [])
