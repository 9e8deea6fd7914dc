"""Deadline arithmetic: month ends, leap days, the youngest child's 18th birthday."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spil.trajectories import deadlines


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # leap year
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2026, 3, 31), 6, date(2026, 9, 30)),
        (date(2026, 7, 15), 6, date(2027, 1, 15)),
        (date(2026, 12, 1), 12, date(2027, 12, 1)),
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
    ],
)
def test_add_months_keeps_to_the_calendar(start, months, expected):
    assert deadlines.add_months(start, months) == expected


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 1, 1)), st.integers(0, 240))
def test_add_months_lands_in_the_right_month_never_later_day(start, months):
    result = deadlines.add_months(start, months)
    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == months
    assert result.day <= start.day


def test_born_on_29_february_turns_18_on_1_march_in_a_common_year():
    assert deadlines.turns_18_on(date(2008, 2, 29)) == date(2026, 3, 1)
    assert deadlines.turns_18_on(date(2012, 2, 29)) == date(2030, 3, 1)
    assert deadlines.turns_18_on(date(2010, 2, 28)) == date(2028, 2, 28)


def test_the_youngest_minor_child_sets_the_date_with_several_children():
    births = [date(2009, 5, 1), date(2016, 10, 3), None, date(2012, 1, 1)]
    assert deadlines.youngest_turns_18_on(births, after=date(2026, 1, 1)) == date(2034, 10, 3)
    # Only adults left: no date.
    assert deadlines.youngest_turns_18_on([date(2000, 1, 1)], after=date(2026, 1, 1)) is None


def _fixed(start, extension=0):
    return deadlines.compute(
        started_on=start,
        duration="vast",
        duration_months=6,
        max_months=12,
        plan_due_weeks=6,
        extension_months=extension,
        child_birth_dates=[date(2015, 1, 1)],
    )


def test_fixed_programme_deadlines():
    result = _fixed(date(2026, 8, 31))
    assert result.plan_due == date(2026, 10, 12)
    assert result.end == date(2027, 2, 28)
    assert result.halfway == date(2026, 11, 29)
    assert result.max_end == date(2027, 8, 31)


def test_an_extension_moves_the_end_and_the_halfway_point():
    result = _fixed(date(2026, 1, 31), extension=3)
    assert result.end == date(2026, 10, 31)
    assert result.max_end == date(2027, 1, 31)


def test_open_ended_until_the_youngest_is_18():
    result = deadlines.compute(
        started_on=date(2026, 3, 1),
        duration="tot_jongste_18",
        duration_months=None,
        max_months=None,
        plan_due_weeks=6,
        extension_months=0,
        child_birth_dates=[date(2012, 2, 29), date(2009, 1, 1)],
    )
    assert result.end == date(2030, 3, 1)
    assert result.max_end is None


def test_as_long_as_needed_has_no_end():
    result = deadlines.compute(
        started_on=date(2026, 3, 1),
        duration="zolang_nodig",
        duration_months=None,
        max_months=None,
        plan_due_weeks=6,
        extension_months=0,
        child_birth_dates=[],
    )
    assert (result.end, result.halfway) == (None, None)
    assert result.next_after(date(2026, 3, 2)) == ("plan", date(2026, 4, 12))


def test_near_limit_and_next_deadline():
    result = _fixed(date(2026, 1, 1))
    assert result.end == date(2026, 7, 1)
    assert result.near_limit(date(2026, 6, 10)) and not result.near_limit(date(2026, 5, 1))
    assert result.next_after(date(2026, 5, 1)) == ("end", date(2026, 7, 1))
    assert result.past_end(date(2026, 7, 2))
