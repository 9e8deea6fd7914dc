"""The meldpunt's figures over a period (seed 001, H4): outcomes, referrers, lead time.

    report = meldpunt_report(referrals=access.referrals_for_aggregates(user),
                             date_from=date(2004, 5, 1), date_to=date(2005, 4, 30))

A pure selector: the caller decides which referrals may be counted (access policy); this
module only counts them, in the database, in four queries whatever the number of referrals.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Max, QuerySet
from django.utils.translation import gettext as _

from spil.accounts.models import Organisation
from spil.core.sql import DaysBetween, quantiles

from .models import Outcome, Referral

OPEN = "open"


@dataclass(frozen=True)
class Share:
    """One line of a breakdown: how many referrals, and their share of the total."""

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
class LeadTime:
    """Days from received_on to decided_on, over the decided referrals."""

    decided: int
    median: float | None
    max: int | None  # named like the JSON key

    def to_json_dict(self) -> dict[str, Any]:
        return {"decided": self.decided, "median": self.median, "max": self.max}


@dataclass(frozen=True)
class MeldpuntReport:
    date_from: date
    date_to: date
    total: int
    by_outcome: tuple[Share, ...]
    by_referrer_kind: tuple[Share, ...]
    lead_time: LeadTime

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "period": {"from": self.date_from.isoformat(), "to": self.date_to.isoformat()},
            "total": self.total,
            "by_outcome": [share.to_json_dict() for share in self.by_outcome],
            "by_referrer_kind": [share.to_json_dict() for share in self.by_referrer_kind],
            "lead_time_days": self.lead_time.to_json_dict(),
        }


def meldpunt_report(
    *, referrals: QuerySet[Referral], date_from: date, date_to: date
) -> MeldpuntReport:
    """The figures over the referrals received in [date_from, date_to] (both included),
    counted in the database: however many referrals a year brings, the queries return a
    row per outcome and per kind of referrer, and the lead time's three numbers."""
    in_period = _received_in(referrals, date_from, date_to)
    outcomes: Counter[str] = Counter()
    for outcome, n in in_period.values_list("outcome").annotate(n=Count("id")):
        outcomes[outcome or OPEN] += n
    kinds = Counter(
        dict(in_period.values_list("referrer_organisation_kind").annotate(n=Count("id")))
    )
    total = outcomes.total()
    return MeldpuntReport(
        date_from=date_from,
        date_to=date_to,
        total=total,
        by_outcome=_outcome_shares(outcomes, total),
        by_referrer_kind=_kind_shares(kinds, total),
        lead_time=lead_time(referrals=referrals, date_from=date_from, date_to=date_to),
    )


def _received_in(
    referrals: QuerySet[Referral], date_from: date, date_to: date
) -> QuerySet[Referral]:
    return referrals.filter(received_on__gte=date_from, received_on__lte=date_to).order_by()


def lead_time(*, referrals: QuerySet[Referral], date_from: date, date_to: date) -> LeadTime:
    """Days from receipt to outcome over the decided referrals received in [date_from,
    date_to]: how many, the median (PostgreSQL's `percentile_cont`; the same on SQLite) and
    the longest."""
    decided = _received_in(referrals, date_from, date_to).exclude(outcome="")
    decided = decided.filter(decided_on__isnull=False)
    days = DaysBetween("decided_on", "received_on")
    n, (median,) = quantiles(decided, days, [0.5])
    if n == 0:
        return LeadTime(decided=0, median=None, max=None)
    longest = decided.aggregate(longest=Max(days))["longest"]
    return LeadTime(decided=n, median=median, max=longest)


def _outcome_shares(counts: Counter[str], total: int) -> tuple[Share, ...]:
    labels = [(outcome.value, str(outcome.label)) for outcome in Outcome]
    labels.append((OPEN, _("Open (nog geen uitkomst)")))
    return tuple(_share(code, label, counts[code], total) for code, label in labels)


def _kind_shares(counts: Counter[str], total: int) -> tuple[Share, ...]:
    labels = dict(Organisation.Kind.choices)
    shares = [
        _share(code, str(labels.get(code, code)), count, total) for code, count in counts.items()
    ]
    return tuple(sorted(shares, key=lambda share: (-share.count, share.label.lower())))


def _share(code: str, label: str, count: int, total: int) -> Share:
    return Share(
        code=code,
        label=label,
        count=count,
        percentage=float(_percentage(count, total, Decimal("0.1"))),
        percent=int(_percentage(count, total, Decimal("1"))),
    )


def _percentage(count: int, total: int, step: Decimal) -> Decimal:
    """count / total as a percentage, rounded half up to `step` (0 when there is no total).

    Both roundings start from the exact fraction, so 44.45 shows as 44, never 45.
    """
    if total == 0:
        return Decimal(0)
    return (Decimal(count * 100) / Decimal(total)).quantize(step, rounding=ROUND_HALF_UP)
