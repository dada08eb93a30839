"""Calendar arithmetic for relative dates: weekdays, month-days, months, quarters, weeks."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsfuse.analyze.timex import resolve_weekday
from newsfuse.analyze.timex_resolve import (
    days_in_month,
    iso_week,
    last_weekday,
    next_weekday,
    resolve_month,
    resolve_month_day,
    resolve_quarter,
    shift_date,
)

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def test_past_weekday_is_on_or_before_ref() -> None:
    ref = date(2022, 2, 26)  # a Saturday
    assert resolve_weekday(SAT, ref, "past") == ref
    assert resolve_weekday(THU, ref, "past") == date(2022, 2, 24)
    assert resolve_weekday(SUN, ref, "past") == date(2022, 2, 20)


def test_future_weekday_is_on_or_after_ref() -> None:
    ref = date(2022, 2, 26)
    assert resolve_weekday(SUN, ref, "future") == date(2022, 2, 27)
    assert resolve_weekday(SAT, ref, "future") == ref
    assert resolve_weekday(FRI, ref, "future") == date(2022, 3, 4)  # across Feb/Mar


def test_present_weekday_prefers_the_past_unless_the_future_is_much_nearer() -> None:
    ref = date(2022, 2, 24)  # Thursday
    assert resolve_weekday(MON, ref, "present") == date(2022, 2, 21)
    assert resolve_weekday(SUN, ref, "present") == date(2022, 2, 20)  # 4 back vs 3 ahead
    assert resolve_weekday(FRI, ref, "present") == date(2022, 2, 25)  # 6 back vs 1 ahead


def test_weekday_across_the_year_boundary() -> None:
    ref = date(2022, 1, 1)  # Saturday
    assert resolve_weekday(THU, ref, "past") == date(2021, 12, 30)
    assert resolve_weekday(MON, ref, "future") == date(2022, 1, 3)
    assert resolve_weekday(FRI, date(2021, 12, 29), "future") == date(2021, 12, 31)
    assert resolve_weekday(TUE, date(2021, 12, 29), "future") == date(2022, 1, 4)


def test_weekday_across_a_leap_day() -> None:
    ref = date(2024, 3, 1)  # Friday, the day after Feb. 29
    assert resolve_weekday(THU, ref, "past") == date(2024, 2, 29)
    assert resolve_weekday(WED, date(2024, 2, 27), "future") == date(2024, 2, 28)
    assert resolve_weekday(THU, date(2024, 2, 27), "future") == date(2024, 2, 29)
    assert resolve_weekday(THU, date(2023, 3, 1), "past") == date(2023, 2, 23)


def test_last_and_next_exclude_the_ref_day() -> None:
    ref = date(1989, 10, 30)  # Monday
    assert last_weekday(MON, ref) == date(1989, 10, 23)
    assert next_weekday(MON, ref) == date(1989, 11, 6)
    assert last_weekday(FRI, ref) == date(1989, 10, 27)


@given(
    st.dates(date(1900, 1, 1), date(2100, 12, 31)),
    st.integers(0, 6),
    st.sampled_from(["past", "future", "present"]),
)
def test_weekday_is_right_and_within_a_week(ref: date, weekday: int, tense: str) -> None:
    day = resolve_weekday(weekday, ref, tense)
    assert day.weekday() == weekday
    assert abs((day - ref).days) <= 6
    if tense == "past":
        assert day <= ref
    if tense == "future":
        assert day >= ref


def test_month_day_year_follows_tense() -> None:
    ref = date(2022, 2, 26)
    assert resolve_month_day(2, 11, ref, "past") == date(2022, 2, 11)
    assert resolve_month_day(12, 20, ref, "past") == date(2021, 12, 20)
    assert resolve_month_day(3, 15, ref, "future") == date(2022, 3, 15)
    assert resolve_month_day(12, 20, date(2022, 1, 10), "present") == date(2021, 12, 20)
    assert resolve_month_day(1, 5, date(2021, 12, 20), "future") == date(2022, 1, 5)
    assert resolve_month_day(1, 5, date(2021, 12, 20), "present") == date(2022, 1, 5)
    assert resolve_month_day(2, 30, ref, "past") is None


def test_feb_29_falls_in_a_leap_year() -> None:
    assert resolve_month_day(2, 29, date(2024, 3, 10), "past") == date(2024, 2, 29)
    assert resolve_month_day(2, 29, date(2023, 3, 10), "past") == date(2024, 2, 29)


def test_month_without_year() -> None:
    ref = date(2022, 2, 26)
    assert resolve_month(10, ref, "past") == (2021, 10)
    assert resolve_month(2, ref, "past") == (2022, 2)
    assert resolve_month(4, ref, "future") == (2022, 4)
    assert resolve_month(12, date(1989, 11, 2), "present") == (1989, 12)
    assert resolve_month(1, date(1989, 11, 2), "future") == (1990, 1)


def test_quarter_year() -> None:
    assert resolve_quarter(3, date(1989, 10, 26), "past") == 1989
    assert resolve_quarter(3, date(1989, 10, 26), "future") == 1989
    assert resolve_quarter(4, date(1998, 1, 26), "past") == 1997
    assert resolve_quarter(1, date(1998, 1, 26), "present") == 1998


def test_iso_week_and_month_arithmetic() -> None:
    assert iso_week(date(2022, 2, 26)) == "2022-W08"
    assert iso_week(date(2021, 1, 1)) == "2020-W53"  # ISO week-numbering year
    assert days_in_month(2024, 2) == 29 and days_in_month(2023, 2) == 28
    assert shift_date(date(2024, 2, 29), years=-1) == date(2023, 2, 28)
    assert shift_date(date(2022, 1, 31), months=1) == date(2022, 2, 28)
    assert shift_date(date(2022, 12, 15), months=2) == date(2023, 2, 15)


@pytest.mark.parametrize("delta", [-400, -40, -1, 0, 1, 40, 400])
def test_shift_days(delta: int) -> None:
    base = date(2022, 2, 26)
    assert shift_date(base, days=delta) == base + timedelta(days=delta)


def test_holidays() -> None:
    from newsfuse.analyze.timex_resolve import easter, holiday, resolve_holiday

    assert holiday("Thanksgiving Day", 1999) == date(1999, 11, 25)
    assert holiday("Election Day", 1998) == date(1998, 11, 3)
    assert holiday("Memorial Day", 2022) == date(2022, 5, 30)
    assert holiday("New Year's Day", 2022) == date(2022, 1, 1)
    assert easter(2000) == date(2000, 4, 23) and easter(2024) == date(2024, 3, 31)
    assert resolve_holiday("Christmas", date(2022, 1, 10), "past") == date(2021, 12, 25)
    assert resolve_holiday("Christmas", date(2022, 1, 10), "future") == date(2022, 12, 25)
    assert resolve_holiday("Christmas", date(2022, 12, 20), "present") == date(2022, 12, 25)


@pytest.mark.parametrize(
    ("num", "unit", "value"),
    [
        ("25", "minutes", "PT25M"),
        ("two", "years", "P2Y"),
        ("2 1/2", "years", "P2Y6M"),
        ("5 1/2", "hours", "PT5H30M"),
        ("1.5", "days", "P1DT12H"),
        ("several", "weeks", "PXW"),
        ("two", "decades", "P20Y"),
        ("three", "quarters", "P9M"),
        ("twenty-five", "days", "P25D"),
        ("a", "fortnight", "P2W"),
        ("a couple of", "months", "P2M"),
    ],
)
def test_duration_values(num: str, unit: str, value: str) -> None:
    from newsfuse.analyze.timex_values import duration_value

    assert duration_value(num, unit) == value


def test_shift_value_keeps_granularity() -> None:
    from newsfuse.analyze.timex_values import shift_value

    assert shift_value("1989-08-12", -1, "year") == "1988-08-12"
    assert shift_value("1989-Q1", -1, "quarter") == "1988-Q4"
    assert shift_value("1989-01", -2, "months") == "1988-11"
    assert shift_value("1989", 1, "year") == "1990"
    assert shift_value("2024-02-29", -1, "year") == "2023-02-28"
