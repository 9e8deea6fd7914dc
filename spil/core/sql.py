"""SQL the ORM does not have: quartiles and days between two dates, on PostgreSQL and SQLite.
Shared by the monitoring (spil.reports) and the apps that add a section to it (signals).

`quantiles(queryset, expression, (0.25, 0.5, 0.75))` returns the number of values and the
continuous percentiles (linear interpolation between the two nearest ranks, the definition
of PostgreSQL's `percentile_cont` and of `statistics.quantiles(method="inclusive")`), in one
query whatever the number of rows:

- PostgreSQL: `percentile_cont(p) WITHIN GROUP (ORDER BY x)`, an ordered-set aggregate;
- SQLite (no such aggregate): the rows are numbered by a window function
  (`ROW_NUMBER() OVER (ORDER BY x)`, `COUNT(*) OVER ()`) and the query picks, per
  percentile, the two values at the ranks around (n − 1)·p; Python only interpolates
  between those two numbers.
"""

import math
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, connections
from django.db.models import (
    Aggregate,
    Count,
    DateTimeField,
    Expression,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Value,
)
from django.utils import timezone


class _StartOfDay(Func):
    """The first moment of a date in the site's time zone, as a timestamp (PostgreSQL):
    `day::timestamp AT TIME ZONE 'Europe/Amsterdam'`, the zone passed as a parameter."""

    output_field = DateTimeField()
    arity = 2
    template = "(%(expressions)s)"
    arg_joiner = "::timestamp AT TIME ZONE "

    def __init__(self, day: Any) -> None:
        super().__init__(day, Value(settings.TIME_ZONE))


def on_or_after_day(moment: str, day: Any) -> Q:
    """`moment` (a datetime field) falls on `day` (a date expression) or later, in the
    site's time zone. On PostgreSQL a plain comparison with the day's first moment, which
    an index on `moment` answers; SQLite compares the local dates."""
    if connection.vendor == "postgresql":
        return Q(**{f"{moment}__gte": _StartOfDay(day)})
    return Q(**{f"{moment}__date__gte": day})


def day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """The days `first` … `last` in the site's time zone as moments: the first day's first
    moment and the first moment of the day after the last (a half-open range)."""
    start = timezone.make_aware(datetime.combine(first, time.min))
    end = timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min))
    return start, end


def within_days(moment: str, first: date, last: date) -> Q:
    """`moment` (a datetime field) falls on one of the days `first` … `last` in the site's
    time zone: a range an index on `moment` answers (a date cast per row reads every row)."""
    start, end = day_bounds(first, last)
    return Q(**{f"{moment}__gte": start, f"{moment}__lt": end})


class PercentileCont(Aggregate):
    """PostgreSQL's continuous percentile of an expression (p is a constant of our own)."""

    function = "percentile_cont"
    name = "PercentileCont"
    output_field = FloatField()
    template = "%(function)s(%(percentile)s) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression: Any, percentile: float, **extra: Any) -> None:
        if not 0 <= percentile <= 1:
            raise ValueError("percentile must lie in [0, 1]")
        super().__init__(expression, percentile=repr(float(percentile)), **extra)


class DaysBetween(Func):
    """Whole days from `start` to `end` (two dates), as an integer (in PostgreSQL date − date
    is already a whole number of days; SQLite subtracts Julian day numbers)."""

    output_field = IntegerField()
    arity = 2
    template = "(%(expressions)s)"
    arg_joiner = " - "

    def __init__(self, end: Any, start: Any) -> None:
        super().__init__(end, start)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra,
        )


def quantiles(
    queryset: QuerySet[Any], expression: Expression | F | str, percentiles: Sequence[float]
) -> tuple[int, list[float | None]]:
    """(n, [value at each percentile]) over the non-null values of `expression`."""
    if isinstance(expression, str):
        expression = F(expression)
    qs = (
        queryset.order_by().annotate(quantile_value=expression).filter(quantile_value__isnull=False)
    )
    if connection.vendor == "postgresql":
        aggregates: dict[str, Any] = {"n": Count("quantile_value")}
        for index, p in enumerate(percentiles):
            aggregates[f"p{index}"] = PercentileCont("quantile_value", p)
        row = qs.aggregate(**aggregates)
        return row["n"], [row[f"p{index}"] for index in range(len(percentiles))]
    return _quantiles_by_window(qs, percentiles)


def _quantiles_by_window(
    qs: QuerySet[Any], percentiles: Sequence[float]
) -> tuple[int, list[float | None]]:
    inner, params = qs.values_list("quantile_value").query.sql_with_params()
    picks = []
    for p in percentiles:
        rank = f"CAST((n - 1) * {float(p)!r} AS INTEGER)"
        picks.append(f"MAX(CASE WHEN i = {rank} THEN x END)")
        picks.append(f"MAX(CASE WHEN i = {rank} + 1 THEN x END)")
    # Only our own float constants and the ORM's compiled SQL (with its params) go in here.
    sql = " ".join(
        (
            "SELECT COUNT(*),",
            ", ".join(picks),
            "FROM (SELECT x, ROW_NUMBER() OVER (ORDER BY x) - 1 AS i, COUNT(*) OVER () AS n",
            "FROM (SELECT quantile_value AS x FROM (",
            inner,
            ") AS values_) AS numbered_) AS ranked_",
        )
    )
    # The queryset's own database: a report read inside `read_from_replica()` stays there.
    with connections[qs.db].cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    n = row[0]
    values: list[float | None] = []
    for index, p in enumerate(percentiles):
        low, high = row[1 + 2 * index], row[2 + 2 * index]
        if n == 0 or low is None:
            values.append(None)
            continue
        position = (n - 1) * p
        fraction = position - math.floor(position)
        values.append(
            float(low) + fraction * (float(high) - float(low)) if high is not None else float(low)
        )
    return n, values
