"""The figures of daily work: kept appointments and kept promises (issue 8, points 2–3).

Trust grows when the coach comes on time and keeps promises (seed 000); these figures
make that visible. They are pure counting: the caller decides which appointments or
promises may be counted (see `selectors`), this module counts them in one query.

**Kept-appointment rate.** Of the appointments whose start has passed and whose outcome
has been recorded (status no longer "gepland"), the share that was kept:

    rate = kept / (kept + cancelled by the family + cancelled by the worker + no-show)

Every cancellation counts against the rate, whoever cancelled: the family and the worker
did not meet. The three kinds of miss are always shown as separate counts beside the
rate. Not counted, but shown: appointments in the past still marked "gepland" (their
outcome has not been recorded: "nog bij te werken") and upcoming ones. Without counted
appointments there is no rate (shown as "—", never as 0%).

**Promises kept.** Of the promises *closed* in the period (their status date lies in it),
the share kept:

    rate = kept / (kept + broken + renegotiated)

A renegotiated promise counts as not kept as first agreed; its follow-up is a promise of
its own and counts when it is closed. "Kept late" (kept after the due date) is shown
within "kept". Open and overdue promises (open, due before today) are counted as they
stand today, whatever the period. Per coach: the promises the coach made; per
organisation: the promises of its coaches and workers (a family's promises to the coach
belong to no organisation and are not counted there).

Percentages are whole percents, rounded half up, as in the other reports.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .models import Appointment, Promise

A = Appointment.Status
P = Promise.Status
MISSES = (A.CANCELLED_BY_FAMILY, A.CANCELLED_BY_WORKER, A.NO_SHOW)


def percent(count: int, total: int) -> int | None:
    """count / total as a whole percent, rounded half up; None without a total."""
    if total == 0:
        return None
    return int((Decimal(count * 100) / Decimal(total)).quantize(Decimal(1), ROUND_HALF_UP))


@dataclass(frozen=True)
class AppointmentFigures:
    kept: int = 0
    cancelled_by_family: int = 0
    cancelled_by_worker: int = 0
    no_show: int = 0
    to_update: int = 0  # in the past, still "gepland"
    upcoming: int = 0  # not begun yet

    @property
    def counted(self) -> int:
        return self.kept + self.cancelled_by_family + self.cancelled_by_worker + self.no_show

    @property
    def rate(self) -> int | None:
        return percent(self.kept, self.counted)


def appointment_figures(rows: list[tuple[str, datetime]], *, now: datetime) -> AppointmentFigures:
    """Count (status, starts_at) rows as of `now`."""
    counts: Counter[str] = Counter()
    for status, starts_at in rows:
        if starts_at > now:
            counts["upcoming"] += 1
        elif status == A.PLANNED:
            counts["to_update"] += 1
        else:
            counts[status] += 1
    return AppointmentFigures(
        kept=counts[A.KEPT],
        cancelled_by_family=counts[A.CANCELLED_BY_FAMILY],
        cancelled_by_worker=counts[A.CANCELLED_BY_WORKER],
        no_show=counts[A.NO_SHOW],
        to_update=counts["to_update"],
        upcoming=counts["upcoming"],
    )


@dataclass(frozen=True)
class PromiseFigures:
    kept: int = 0
    kept_late: int = 0  # within kept: after the due date
    broken: int = 0
    renegotiated: int = 0
    open: int = 0  # today, whatever the period
    overdue: int = 0  # within open: due before today

    @property
    def closed(self) -> int:
        return self.kept + self.broken + self.renegotiated

    @property
    def rate(self) -> int | None:
        return percent(self.kept, self.closed)


def promise_figures(
    rows: list[tuple[str, date, date | None]], *, date_from: date, date_to: date, today: date
) -> PromiseFigures:
    """Count (status, due_on, status_on) rows: closed ones in the period, open ones now."""
    counts: Counter[str] = Counter()
    for status, due_on, status_on in rows:
        if status == P.OPEN:
            counts["open"] += 1
            counts["overdue"] += due_on < today
        elif status_on is not None and date_from <= status_on <= date_to:
            counts[status] += 1
            counts["kept_late"] += status == P.KEPT and status_on > due_on
    return PromiseFigures(
        kept=counts[P.KEPT],
        kept_late=counts["kept_late"],
        broken=counts[P.BROKEN],
        renegotiated=counts[P.RENEGOTIATED],
        open=counts["open"],
        overdue=counts["overdue"],
    )


def group_rows(rows: list[tuple[Any, ...]]) -> dict[Any, list[tuple[Any, ...]]]:
    """Rows whose first value is a key (a worker, an organisation), grouped by it."""
    grouped: dict[Any, list[tuple[Any, ...]]] = {}
    for key, *rest in rows:
        grouped.setdefault(key, []).append(tuple(rest))
    return grouped
