"""`core.sql.day_bounds`: the Amsterdam days as moments, which every "on this day" range in
the house (reminders, due signals, the API's date filters, the monitoring) is built on."""

import datetime as dt

from spil.core.sql import day_bounds

UTC = dt.UTC


def test_a_winter_day_runs_from_amsterdam_midnight_to_the_next():
    start, end = day_bounds(dt.date(2026, 12, 6), dt.date(2026, 12, 6))
    assert start.astimezone(UTC) == dt.datetime(2026, 12, 5, 23, tzinfo=UTC)
    assert end.astimezone(UTC) == dt.datetime(2026, 12, 6, 23, tzinfo=UTC)


def test_clock_change_days_are_23_and_25_hours_long():
    spring = day_bounds(dt.date(2026, 3, 29), dt.date(2026, 3, 29))
    autumn = day_bounds(dt.date(2026, 10, 25), dt.date(2026, 10, 25))
    # (in UTC: Python subtracts two moments of one zone by their wall clocks)
    assert spring[1].astimezone(UTC) - spring[0].astimezone(UTC) == dt.timedelta(hours=23)
    assert autumn[1].astimezone(UTC) - autumn[0].astimezone(UTC) == dt.timedelta(hours=25)


def test_a_range_of_days_ends_at_the_first_moment_after_its_last_day():
    start, end = day_bounds(dt.date(2026, 7, 1), dt.date(2026, 7, 31))
    assert start.astimezone(UTC) == dt.datetime(2026, 6, 30, 22, tzinfo=UTC)
    assert end.astimezone(UTC) == dt.datetime(2026, 7, 31, 22, tzinfo=UTC)
