"""Reads of the work budget, each starting from what the user may see.

Who sees which budget (docs/adr/0017):
- a coach: their own budget, and the budget of a team they are a coach in;
- a team lead: the budgets of the coaches of their team(s) and of their team(s);
- nobody else (a policy officer reads the sums on the monitoring page only).
A family named on a spending line is shown by name only to a user who may open that family
(`core.access`); everyone else reads "een gezin".
"""

from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from spil.accounts.models import Membership, Team, User
from spil.core import access
from spil.core.access import Capability
from spil.core.roles import Role
from spil.directory.models import Programme

from .models import Budget, Recovery, Spending

ZERO = Decimal("0.00")
_MONEY = DecimalField(max_digits=12, decimal_places=2)


def lead_team_ids(user: Any) -> list[int]:
    """The teams the user leads."""
    if not access.can(user, Capability.LEAD_TEAM):
        return []
    return list(
        user.memberships.filter(role=Role.TEAM_LEAD, team__isnull=False).values_list(
            "team_id", flat=True
        )
    )


def coach_team_ids(user: Any) -> list[int]:
    """The teams the user is a coach in."""
    if not access.can(user, Capability.COACH_FAMILIES):
        return []
    return list(
        user.memberships.filter(role=Role.COACH, team__isnull=False).values_list(
            "team_id", flat=True
        )
    )


def _sum(model: Any, **filters: Any) -> Any:
    total = (
        model.objects.filter(budget=OuterRef("pk"), **filters)
        .order_by()
        .values("budget")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Coalesce(Subquery(total, output_field=_MONEY), Value(ZERO), output_field=_MONEY)


def with_totals(budgets: QuerySet[Budget]) -> QuerySet[Budget]:
    """Each budget with `spent` (booked lines), `recovered`, `pending` (waiting for
    approval), in one query; `balance` = amount − spent + recovered (see `balance_of`)."""
    return budgets.annotate(
        spent=_sum(Spending, status=Spending.Status.BOOKED),
        recovered=_sum(Recovery),
        pending=_sum(Spending, status=Spending.Status.PENDING),
    ).select_related("coach", "team")


def balance_of(budget: Budget) -> Decimal:
    """The balance of an annotated budget (`with_totals`)."""
    return Decimal(budget.amount) - budget.spent + budget.recovered  # type: ignore[attr-defined]


def current_balance(budget: Budget) -> Decimal:
    """The balance as the database has it now (inside a lock: after `select_for_update`)."""
    fresh = with_totals(Budget.objects.filter(pk=budget.pk)).get()
    return balance_of(fresh)


def readable_budgets(user: Any) -> QuerySet[Budget]:
    """Every budget the user may read."""
    q = Q(pk__in=[])
    if access.can(user, Capability.COACH_FAMILIES):
        q |= Q(coach_id=user.pk) | Q(team_id__in=coach_team_ids(user))
    lead_teams = lead_team_ids(user)
    if lead_teams:
        q |= Q(coach_id__in=access.team_coach_ids(user)) | Q(team_id__in=lead_teams)
    return Budget.objects.filter(q)


def led_budgets(user: Any) -> QuerySet[Budget]:
    """The budgets a team lead sets and whose requests they decide."""
    lead_teams = lead_team_ids(user)
    if not lead_teams:
        return Budget.objects.none()
    return Budget.objects.filter(
        Q(coach_id__in=access.team_coach_ids(user)) | Q(team_id__in=lead_teams)
    )


def may_manage(user: Any, budget: Budget) -> bool:
    return led_budgets(user).filter(pk=budget.pk).exists()


def may_spend(user: Any, budget: Budget) -> bool:
    """The coach of a personal budget, or a coach of the team of a team budget."""
    if not access.can(user, Capability.COACH_FAMILIES):
        return False
    if budget.coach_id is not None:
        return bool(budget.coach_id == user.pk)
    return budget.team_id in coach_team_ids(user)


def may_recover(user: Any, budget: Budget) -> bool:
    return may_spend(user, budget) or may_manage(user, budget)


def budget_for(user: Any, uuid: Any) -> Budget:
    """One budget the user may read, with its totals; 404 otherwise."""
    budget = with_totals(readable_budgets(user).filter(uuid=uuid)).first()
    if budget is None:
        raise Http404
    return budget


def spending_for_decision(user: Any, uuid: Any) -> Spending:
    """A spending line of a budget the user leads; 404 otherwise."""
    spending = (
        Spending.objects.filter(uuid=uuid, budget__in=led_budgets(user))
        .select_related("budget__coach", "budget__team", "recorded_by", "family")
        .first()
    )
    if spending is None:
        raise Http404
    return spending


def budget_of_coach(user: Any, year: int) -> Budget | None:
    """The budget a coach spends from in `year`: their own, else their team's."""
    if not access.can(user, Capability.COACH_FAMILIES):
        return None
    budgets = with_totals(
        Budget.objects.filter(Q(coach_id=user.pk) | Q(team_id__in=coach_team_ids(user)), year=year)
    )
    own = [b for b in budgets if b.coach_id == user.pk]
    return own[0] if own else next(iter(budgets), None)


def spendings_of(budget: Budget) -> list[Spending]:
    return list(
        budget.spendings.select_related("family", "recorded_by", "decided_by").order_by(
            "-spent_on", "-id"
        )
    )


def recoveries_of(budget: Budget) -> list[Recovery]:
    return list(
        budget.recoveries.select_related("spending", "recorded_by").order_by("-received_on", "-id")
    )


def pending_for_lead(user: Any) -> list[Spending]:
    """The requests above the balance that wait for this team lead."""
    return list(
        Spending.objects.filter(
            budget__in=led_budgets(user), status=Spending.Status.PENDING
        ).select_related("budget__coach", "budget__team", "recorded_by", "family")
    )


def visible_family_ids(user: Any, spendings: list[Spending]) -> set[int]:
    """Of the families named on these lines, those the user may open (one query): only
    they are shown by name."""
    ids = {s.family_id for s in spendings if s.family_id is not None}
    if not ids:
        return set()
    return set(access.visible_families(user).filter(pk__in=ids).values_list("pk", flat=True))


def spendable_families(user: Any) -> QuerySet[Any]:
    """The families a coach may choose on a spending line: those whose file they may open;
    the service checks that they may also edit it."""
    return access.visible_families(user).order_by("name")


def team_coaches(user: Any) -> QuerySet[User]:
    """The coaches of the teams this user leads."""
    return User.objects.filter(pk__in=access.team_coach_ids(user)).order_by("full_name")


def led_teams(user: Any) -> QuerySet[Team]:
    return Team.objects.filter(pk__in=lead_team_ids(user)).order_by("name")


def default_amount(user: Any) -> Decimal | None:
    """The programme's default budget per coach per year for the team lead's organisation
    (`Programme.work_budget_eur`), to fill in the form."""
    organisations = Membership.objects.filter(
        user=user, role=Role.TEAM_LEAD, team__isnull=False
    ).values("organisation_id")
    value = (
        Programme.objects.filter(
            provider_id__in=organisations, is_active=True, work_budget_eur__isnull=False
        )
        .order_by("name")
        .values_list("work_budget_eur", flat=True)
        .first()
    )
    return None if value is None else Decimal(value).quantize(Decimal("0.01"))
