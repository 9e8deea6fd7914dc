"""Writes of the work budget: keyword-only, atomic, audited.

Money is checked under a row lock: every write that depends on the balance first locks the
budget row (`select_for_update`), so two spendings posted at the same moment are decided one
after the other and cannot both spend the same euros (docs/adr/0017)."""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.http import Http404
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from spil.core import access, audit
from spil.core.access import Capability
from spil.core.versioning import save_if_current

from . import selectors
from .models import BUDGET_MAX, LINE_MAX, YEAR_MAX, YEAR_MIN, Budget, Provision, Recovery, Spending


def euro(value: Decimal) -> str:
    return "€ " + number_format(Decimal(value).quantize(Decimal("0.01")), 2)


def _check_amount(amount: Decimal, *, maximum: Decimal, field: str = "amount") -> None:
    if amount is None or amount <= 0:
        raise ValidationError({field: _("Vul een bedrag in dat groter is dan nul.")})
    if amount > maximum:
        raise ValidationError({field: _("Dit bedrag is te hoog: hoogstens %s.") % euro(maximum)})
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError(
            {field: _("Een bedrag heeft hoogstens twee cijfers achter de komma.")}
        )


def _lock(budget: Budget) -> Budget:
    return Budget.objects.select_for_update().get(pk=budget.pk)


# --- The budget ---------------------------------------------------------------------------


@transaction.atomic
def budget_set(
    *,
    actor: Any,
    year: int,
    amount: Decimal,
    coach: Any = None,
    team: Any = None,
) -> Budget:
    """A team lead sets the budget of a coach of their team, or of their team, for a year.
    One budget per holder per year: a second one is refused (change the first)."""
    access.require(actor, Capability.LEAD_TEAM)
    if (coach is None) == (team is None):
        raise ValidationError({"holder": _("Kies een coach of een team.")})
    if coach is not None and coach.pk not in access.team_coach_ids(actor):
        raise Http404
    if team is not None and team.pk not in selectors.lead_team_ids(actor):
        raise Http404
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise ValidationError(
            {
                "year": _("Kies een jaar tussen %(min)s en %(max)s.")
                % {"min": YEAR_MIN, "max": YEAR_MAX}
            }
        )
    _check_budget_amount(amount)
    holder = {"coach": coach} if coach is not None else {"team": team}
    if Budget.objects.select_for_update().filter(year=year, **holder).exists():
        raise ValidationError(
            {"holder": _("Voor dit jaar is er al een budget. Wijzig dat budget.")}
        )
    budget = Budget(year=year, amount=amount, set_by=actor, **holder)
    budget.full_clean()
    try:
        with transaction.atomic():  # two team leads at once: the unique constraint decides
            budget.save()
    except IntegrityError:
        raise ValidationError(
            {"holder": _("Voor dit jaar is er al een budget. Wijzig dat budget.")}
        ) from None
    audit.record(
        actor=actor,
        action="work_budget.set",
        obj=budget,
        detail={"year": year, "holder": "coach" if coach is not None else "team"},
    )
    return budget


def _check_budget_amount(amount: Decimal) -> None:
    if amount is None or amount < 0:
        raise ValidationError({"amount": _("Een budget kan niet negatief zijn.")})
    if amount > BUDGET_MAX:
        raise ValidationError(
            {"amount": _("Dit bedrag is te hoog: hoogstens %s.") % euro(BUDGET_MAX)}
        )


@transaction.atomic
def budget_change(*, actor: Any, budget: Budget, amount: Decimal, revision: int | None) -> Budget:
    """Change the amount of a budget; refused when the form's revision is stale."""
    if not selectors.may_manage(actor, budget):
        raise Http404
    _check_budget_amount(amount)
    budget = _lock(budget)
    budget.amount = amount
    budget.set_by = actor
    save_if_current(budget, revision, ["amount", "set_by"])
    audit.record(
        actor=actor, action="work_budget.changed", obj=budget, detail={"year": budget.year}
    )
    return budget


# --- Spending -----------------------------------------------------------------------------


@transaction.atomic
def spending_record(
    *,
    actor: Any,
    budget: Budget,
    spent_on: Any,
    amount: Decimal,
    category: str,
    purpose: str,
    family: Any = None,
) -> Spending:
    """A coach spends from the budget. Within the balance it is booked at once; above it,
    it waits for the team lead's approval and does not count as spent until then."""
    if not selectors.may_spend(actor, budget):
        raise Http404
    _check_amount(amount, maximum=LINE_MAX)
    today = timezone.localdate()
    if spent_on > today:
        raise ValidationError({"spent_on": _("Deze datum ligt in de toekomst.")})
    if spent_on.year != budget.year:
        raise ValidationError(
            {
                "spent_on": _("Kies een datum in %(year)s, het jaar van dit budget.")
                % {"year": budget.year}
            }
        )
    if family is not None and not access.family_access(actor, family).can_edit:
        raise ValidationError({"family": _("Kies een gezin waarvan u het dossier bijhoudt.")})
    budget = _lock(budget)
    balance = selectors.current_balance(budget)
    status = Spending.Status.BOOKED if amount <= balance else Spending.Status.PENDING
    spending = Spending(
        budget=budget,
        spent_on=spent_on,
        amount=amount,
        category=category,
        purpose=purpose.strip(),
        family=family,
        status=status,
        recorded_by=actor,
    )
    spending.full_clean()
    spending.save()
    audit.record(
        actor=actor,
        action="work_budget.spent" if status == Spending.Status.BOOKED else "work_budget.requested",
        obj=spending,
        family=family,
        detail={"budget": str(budget.uuid), "category": category, "status": status},
    )
    return spending


@transaction.atomic
def spending_decide(
    *,
    actor: Any,
    spending: Spending,
    approve: bool,
    reason: str = "",
    revision: int | None = None,
) -> Spending:
    """The team lead approves a spending above the balance (it then counts as spent, even
    when the balance goes below zero) or refuses it with a reason."""
    if not selectors.may_manage(actor, spending.budget):
        raise Http404
    _lock(spending.budget)
    stored = Spending.objects.get(pk=spending.pk)
    if stored.status != Spending.Status.PENDING:
        raise ValidationError(_("Over deze uitgave is al besloten."))
    reason = reason.strip()
    if not approve and not reason:
        raise ValidationError({"reason": _("Schrijf kort waarom u de uitgave afwijst.")})
    spending.status = Spending.Status.BOOKED if approve else Spending.Status.REFUSED
    spending.refusal_reason = "" if approve else reason
    spending.decided_by = actor
    spending.decided_at = timezone.now()
    save_if_current(spending, revision, ["status", "refusal_reason", "decided_by", "decided_at"])
    audit.record(
        actor=actor,
        action="work_budget.approved" if approve else "work_budget.refused",
        obj=spending,
        family=spending.family,
        detail={"budget": str(spending.budget.uuid)},
    )
    return spending


# --- Recoveries ---------------------------------------------------------------------------


@transaction.atomic
def recovery_record(
    *,
    actor: Any,
    budget: Budget,
    provision: str,
    received_on: Any,
    amount: Decimal,
    provision_name: str = "",
    spending: Spending | None = None,
) -> Recovery:
    """Money recovered afterwards from a provision, against one booked spending (never
    more than was spent on it) or against the budget; it tops the balance up."""
    if not selectors.may_recover(actor, budget):
        raise Http404
    _check_amount(amount, maximum=LINE_MAX)
    provision_name = provision_name.strip()
    if provision == Provision.OTHER and not provision_name:
        raise ValidationError({"provision_name": _("Schrijf welke voorziening betaalde.")})
    today = timezone.localdate()
    if received_on > today:
        raise ValidationError({"received_on": _("Deze datum ligt in de toekomst.")})
    if received_on.year < budget.year:
        raise ValidationError(
            {"received_on": _("Kies een datum vanaf 1 januari %(year)s.") % {"year": budget.year}}
        )
    budget = _lock(budget)
    if spending is not None:
        if spending.budget_id != budget.pk:
            raise ValidationError({"spending": _("Deze uitgave hoort niet bij dit budget.")})
        stored = Spending.objects.get(pk=spending.pk)
        if stored.status != Spending.Status.BOOKED:
            raise ValidationError({"spending": _("Alleen een geboekte uitgave kan terugkomen.")})
        already = stored.recoveries.aggregate(total=Sum("amount"))["total"] or Decimal(0)
        if already + amount > stored.amount:
            raise ValidationError(
                {
                    "amount": _("Er kan nog hoogstens %s terugkomen voor deze uitgave.")
                    % euro(stored.amount - already)
                }
            )
    recovery = Recovery(
        budget=budget,
        spending=spending,
        provision=provision,
        provision_name=provision_name,
        received_on=received_on,
        amount=amount,
        recorded_by=actor,
    )
    recovery.full_clean()
    recovery.save()
    audit.record(
        actor=actor,
        action="work_budget.recovered",
        obj=recovery,
        family=spending.family if spending is not None else None,
        detail={"budget": str(budget.uuid), "provision": provision},
    )
    return recovery
