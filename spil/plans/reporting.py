"""Goal attainment per programme over a period (issue 7, point 9): reached, still being
worked on, and everything else, as counts and percentages.

    report = goal_report(goals=goals_for_aggregates(user), date_from=…, date_to=…)

Which goals count (ADR 0005): every goal in the *working version* of a plan (one row per
goal, however many versions the plan has), active or closed, whose **status date** falls
in the period — or, for a goal that is still *open* (no status yet), whose **target
date** falls in it. A goal with neither date in the period is not counted. The programme
is the one of the trajectory the plan belongs to; plans without one are counted under
"zonder programma". Percentages are over the goals counted, rounded half up (whole
percent for display, one decimal in the data), as in the meldpunt's figures.

A pure selector: the caller decides which goals may be counted; this module only counts,
in one query whatever the number of goals.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from spil.core import access

from .models import Goal

REACHED = "bereikt"
STILL_WORKING = "nog_mee_bezig"
OTHER = "anders"
NO_PROGRAMME = ""


def goals_for_aggregates(user: Any) -> QuerySet[Goal]:
    """Goals counted for those who see aggregates (beleid, coördinator, teamleider); the
    report shows counts only, never a goal or a family."""
    if not access.can(user, access.Capability.VIEW_AGGREGATES):
        return Goal.objects.none()
    return Goal.objects.all()


def in_period(goals: QuerySet[Goal], date_from: date, date_to: date) -> QuerySet[Goal]:
    return goals.filter(version__is_current=True).filter(
        (~Q(status=Goal.Status.OPEN) & Q(status_on__gte=date_from, status_on__lte=date_to))
        | Q(status=Goal.Status.OPEN, target_on__gte=date_from, target_on__lte=date_to)
    )


@dataclass(frozen=True)
class Share:
    code: str
    label: str
    count: int
    percentage: float  # one decimal, for the data (JSON)
    percent: int  # whole percent, for display

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "label": self.label,
            "count": self.count,
            "percentage": self.percentage,
        }


@dataclass(frozen=True)
class Attainment:
    programme: str
    goals: int
    reached: Share
    still_working: Share
    other: Share
    by_status: tuple[Share, ...]

    @property
    def label(self) -> str:
        return self.programme or _("Zonder programma")

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "programme": self.programme or None,
            "goals": self.goals,
            "reached": self.reached.to_json_dict(),
            "still_working": self.still_working.to_json_dict(),
            "other": self.other.to_json_dict(),
            "by_status": [s.to_json_dict() for s in self.by_status],
        }


@dataclass(frozen=True)
class GoalReport:
    date_from: date
    date_to: date
    total: Attainment
    programmes: tuple[Attainment, ...]

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "period": {"from": self.date_from.isoformat(), "to": self.date_to.isoformat()},
            "counted": RULE,
            "total": self.total.to_json_dict(),
            "programmes": [p.to_json_dict() for p in self.programmes],
        }


# Which goals are counted, in the JSON beside the figures (fixed text, not translated).
RULE = (
    "doelen uit de werkversie van elk plan waarvan de statusdatum in de periode valt, "
    "of - zolang het doel open is - de streefdatum"
)


def goal_report(*, goals: QuerySet[Goal], date_from: date, date_to: date) -> GoalReport:
    rows = list(
        in_period(goals, date_from, date_to)
        .order_by()
        .values_list("status", "version__plan__trajectory__programme__name")
    )
    per_programme: dict[str, Counter[str]] = defaultdict(Counter)
    for status, programme in rows:
        per_programme[programme or NO_PROGRAMME][status] += 1
    total: Counter[str] = Counter(status for status, _programme in rows)
    return GoalReport(
        date_from=date_from,
        date_to=date_to,
        total=_attainment("", total),
        programmes=tuple(
            _attainment(name, counts)
            for name, counts in sorted(per_programme.items(), key=lambda i: (i[0] == "", i[0]))
        ),
    )


def _attainment(programme: str, counts: Counter[str]) -> Attainment:
    total = sum(counts.values())
    other = total - counts[REACHED] - counts[STILL_WORKING]
    return Attainment(
        programme=programme,
        goals=total,
        reached=_share(REACHED, _("Bereikt"), counts[REACHED], total),
        still_working=_share(STILL_WORKING, _("Nog mee bezig"), counts[STILL_WORKING], total),
        other=_share(OTHER, _("Anders"), other, total),
        by_status=tuple(
            _share(status.value, str(status.label), counts[status.value], total)
            for status in Goal.Status
        ),
    )


def _share(code: str, label: str, count: int, total: int) -> Share:
    return Share(
        code=code,
        label=label,
        count=count,
        percentage=float(_percentage(count, total, Decimal("0.1"))),
        percent=int(_percentage(count, total, Decimal("1"))),
    )


def _percentage(count: int, total: int, step: Decimal) -> Decimal:
    """count / total as a percentage, rounded half up to `step` (0 without a total)."""
    if total == 0:
        return Decimal(0)
    return (Decimal(count * 100) / Decimal(total)).quantize(step, rounding=ROUND_HALF_UP)
