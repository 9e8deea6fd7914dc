"""Deadline arithmetic of a trajectory, as pure functions (no database).

Months are calendar months: adding a month to 31 January gives the last day of February
(28 or 29), never a day in March. Someone born on 29 February turns 18 on 1 March in a
year without 29 February: only then have the full 18 years passed.
"""

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

FIXED = "vast"
UNTIL_YOUNGEST_18 = "tot_jongste_18"
NEAR_LIMIT_DAYS = 30


def add_months(start: date, months: int) -> date:
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def turns_18_on(birth_date: date) -> date:
    year = birth_date.year + 18
    if birth_date.month == 2 and birth_date.day == 29 and not calendar.isleap(year):
        return date(year, 3, 1)
    return birth_date.replace(year=year)


def youngest_turns_18_on(child_birth_dates: Iterable[date | None], after: date) -> date | None:
    """When the youngest child who is still a minor on `after` turns 18."""
    dates = [turns_18_on(b) for b in child_birth_dates if b is not None]
    minors = [d for d in dates if d > after]
    return max(minors) if minors else None


@dataclass(frozen=True)
class Deadlines:
    plan_due: date
    halfway: date | None
    end: date | None
    max_end: date | None
    youngest_18: date | None

    def next_after(self, today: date) -> tuple[str, date] | None:
        """The first deadline still to come, with its key."""
        upcoming = [
            (when, key)
            for key, when in (("plan", self.plan_due), ("halfway", self.halfway), ("end", self.end))
            if when is not None and when >= today
        ]
        if not upcoming:
            return None
        when, key = min(upcoming)
        return key, when

    def near_limit(self, today: date) -> bool:
        return self.end is not None and today <= self.end <= today + timedelta(NEAR_LIMIT_DAYS)

    def past_end(self, today: date) -> bool:
        return self.end is not None and today > self.end


def compute(
    *,
    started_on: date,
    duration: str,
    duration_months: int | None,
    max_months: int | None,
    plan_due_weeks: int,
    extension_months: int,
    child_birth_dates: Iterable[date | None],
) -> Deadlines:
    youngest_18 = youngest_turns_18_on(child_birth_dates, after=started_on)
    end: date | None = None
    max_end: date | None = None
    if duration == FIXED and duration_months:
        end = add_months(started_on, duration_months + extension_months)
        max_end = add_months(started_on, max_months or duration_months)
    elif duration == UNTIL_YOUNGEST_18:
        end = youngest_18
    halfway = started_on + timedelta(days=(end - started_on).days // 2) if end else None
    return Deadlines(
        plan_due=started_on + timedelta(weeks=plan_due_weeks),
        halfway=halfway,
        end=end,
        max_end=max_end,
        youngest_18=youngest_18,
    )
