"""The coaches' work budget in the demo (issue 15, seed 002: € 5.000 per coach per year).

This year: coach1 and coach2 (Team Noord) each have a budget of their own; Team Zuid has a
team budget that coach3 spends from. coach1 paid a train ticket for family Bouali (the
portal's family), a moving van before the allowance was granted — and got most of that back
from bijzondere bijstand afterwards — and groceries; coach3 asks for more than Team Zuid has
left, which waits for teamlead1's approval on /werkbudget/.

Everything goes through the services (validated, audited). Idempotent: built once per year,
when coach1 has no budget for this year yet.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from spil.accounts.models import Team, User
from spil.budgets import services
from spil.budgets.models import Budget, Recovery, Spending
from spil.demo import portal
from spil.demo.region import ACCOUNTS

PER_COACH = Decimal("5000.00")  # seed 002
TEAM_ZUID = Decimal("2500.00")


def _day(today: date, days_ago: int) -> date:
    """A day this year, `days_ago` before today but never before 1 January."""
    return max(today - timedelta(days=days_ago), today.replace(month=1, day=1))


def build_budgets(users: dict[str, User]) -> None:
    today = timezone.localdate()
    if Budget.objects.filter(coach=users["coach1"], year=today.year).exists():
        return
    _build(users, today)


@transaction.atomic
def _build(users: dict[str, User], today: date) -> None:
    lead = users["teamlead1"]
    year = today.year
    coach1, coach2, coach3 = users["coach1"], users["coach2"], users["coach3"]
    budget1 = services.budget_set(actor=lead, coach=coach1, year=year, amount=PER_COACH)
    services.budget_set(actor=lead, coach=coach2, year=year, amount=PER_COACH)
    zuid = Team.objects.get(name=_team_of("coach3"))
    team_budget = services.budget_set(actor=lead, team=zuid, year=year, amount=TEAM_ZUID)

    bouali = portal.portal_family()
    services.spending_record(
        actor=coach1,
        budget=budget1,
        spent_on=_day(today, 40),
        amount=Decimal("46.80"),
        category="reiskosten",
        purpose="Treinkaartjes naar de grootouders in Groningen",
        family=bouali,
    )
    moving = services.spending_record(
        actor=coach1,
        budget=budget1,
        spent_on=_day(today, 75),
        amount=Decimal("640.00"),
        category="verhuiskosten",
        purpose="Verhuisbus en twee verhuizers, voordat de verhuisvergoeding was toegezegd",
    )
    services.spending_record(
        actor=coach1,
        budget=budget1,
        spent_on=_day(today, 12),
        amount=Decimal("85.25"),
        category="levensonderhoud",
        purpose="Boodschappen voor een week, in afwachting van de uitkering",
    )
    services.recovery_record(
        actor=coach1,
        budget=budget1,
        spending=moving,
        provision="bijzondere_bijstand",
        received_on=_day(today, 20),
        amount=Decimal("560.00"),
    )
    services.spending_record(
        actor=coach3,
        budget=team_budget,
        spent_on=_day(today, 30),
        amount=Decimal("2300.00"),
        category="schulden",
        purpose="Huurachterstand betaald om een ontruiming te voorkomen",
    )
    services.spending_record(  # more than Team Zuid has left: waits for teamlead1
        actor=coach3,
        budget=team_budget,
        spent_on=_day(today, 2),
        amount=Decimal("350.00"),
        category="kinderopvang_school",
        purpose="Schoolreis en schoolspullen, de regeling van school komt pas na de zomer",
    )


def _team_of(handle: str) -> str:
    account = next(a for a in ACCOUNTS if a.handle == handle)
    assert account.team is not None
    return account.team


def summary() -> str:
    """One line for seed_demo's output: counts only."""
    pending = Spending.objects.filter(status=Spending.Status.PENDING).count()
    return (
        f"{Budget.objects.count()} werkbudgetten, {Spending.objects.count()} uitgaven "
        f"({pending} wacht op akkoord), {Recovery.objects.count()} terugvorderingen."
    )
