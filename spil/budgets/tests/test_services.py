"""The ledger's rules, through the services: who sets and spends, the balance, spending past
the balance waiting for the team lead, recoveries topping the balance up, every write
audited (with the family when there is one)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404

from spil.budgets import selectors, services
from spil.budgets.models import Budget, Recovery, Spending
from spil.core.models import AuditEvent
from spil.core.versioning import StaleEdit
from spil.families.tests.factories import make_family

pytestmark = pytest.mark.django_db


def balance(budget):
    return selectors.current_balance(budget)


def test_a_team_lead_sets_the_budget_of_a_coach_of_their_team_and_of_their_team(world):
    assert world.budget.amount == Decimal("5000.00")
    assert world.budget.set_by == world.team_lead
    team_budget = services.budget_set(
        actor=world.team_lead, team=world.team_a, year=world.year, amount=Decimal("2000")
    )
    assert team_budget.team == world.team_a and team_budget.coach is None
    assert AuditEvent.objects.filter(action="work_budget.set").count() == 2


@pytest.mark.parametrize("who", ["other_team_lead", "coach", "policy", "admin"])
def test_nobody_else_sets_a_budget_for_the_coach(world, who):
    with pytest.raises(Http404):
        services.budget_set(
            actor=getattr(world, who), coach=world.backup, year=world.year, amount=Decimal("1")
        )
    assert not Budget.objects.filter(coach=world.backup).exists()


def test_a_team_lead_cannot_set_the_budget_of_another_team(world):
    with pytest.raises(Http404):
        services.budget_set(
            actor=world.team_lead, team=world.team_b, year=world.year, amount=Decimal("1")
        )


def test_one_budget_per_coach_per_year(world):
    with pytest.raises(ValidationError) as error:
        services.budget_set(
            actor=world.team_lead, coach=world.coach, year=world.year, amount=Decimal("1")
        )
    assert "al een budget" in str(error.value)
    services.budget_set(
        actor=world.team_lead, coach=world.coach, year=world.year + 1, amount=Decimal("1")
    )


def test_the_database_refuses_a_budget_of_a_coach_and_a_team_at_once(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Budget.objects.create(
            coach=world.backup, team=world.team_a, year=world.year, amount=1, set_by=world.team_lead
        )


def test_a_stale_change_of_the_budget_is_refused(world):
    revision = world.budget.revision
    services.budget_change(
        actor=world.team_lead, budget=world.budget, amount=Decimal("4000"), revision=revision
    )
    with pytest.raises(StaleEdit):
        services.budget_change(
            actor=world.team_lead, budget=world.budget, amount=Decimal("6000"), revision=revision
        )
    world.budget.refresh_from_db()
    assert world.budget.amount == Decimal("4000.00")


def test_spending_within_the_balance_is_booked_and_lowers_it(world):
    line = world.spend("12.50", family=world.family)
    assert line.status == Spending.Status.BOOKED
    assert balance(world.budget) == Decimal("4987.50")
    event = AuditEvent.objects.get(action="work_budget.spent")
    assert event.family_uuid == world.family.uuid
    assert event.object_uuid == line.uuid


def test_spending_past_the_balance_waits_for_the_team_lead_and_does_not_count(world):
    world.spend("4900")
    line = world.spend("200")
    assert line.status == Spending.Status.PENDING
    assert balance(world.budget) == Decimal("100.00")
    assert AuditEvent.objects.filter(action="work_budget.requested").count() == 1
    assert [s.pk for s in selectors.pending_for_lead(world.team_lead)] == [line.pk]
    assert selectors.pending_for_lead(world.other_team_lead) == []


def test_the_exact_balance_is_still_booked(world):
    assert world.spend("5000").status == Spending.Status.BOOKED
    assert world.spend("0.01").status == Spending.Status.PENDING


def test_the_team_lead_approves_and_the_balance_may_go_below_zero(world):
    world.spend("4900")
    line = world.spend("200")
    services.spending_decide(
        actor=world.team_lead, spending=line, approve=True, revision=line.revision
    )
    line.refresh_from_db()
    assert line.status == Spending.Status.BOOKED and line.decided_by == world.team_lead
    assert balance(world.budget) == Decimal("-100.00")
    assert AuditEvent.objects.filter(action="work_budget.approved").count() == 1


def test_the_team_lead_refuses_with_a_reason(world):
    world.spend("5000")
    line = world.spend("10", family=world.family)
    with pytest.raises(ValidationError):
        services.spending_decide(actor=world.team_lead, spending=line, approve=False, reason=" ")
    services.spending_decide(
        actor=world.team_lead, spending=line, approve=False, reason="Past bij bijzondere bijstand"
    )
    line.refresh_from_db()
    assert line.status == Spending.Status.REFUSED
    assert line.refusal_reason == "Past bij bijzondere bijstand"
    assert balance(world.budget) == Decimal("0.00")
    event = AuditEvent.objects.get(action="work_budget.refused")
    assert event.family_uuid == world.family.uuid
    with pytest.raises(ValidationError):  # decided already
        services.spending_decide(actor=world.team_lead, spending=line, approve=True)


def test_a_stale_decision_is_refused(world):
    world.spend("5000")
    line = world.spend("10")
    stale = line.revision
    services.spending_decide(actor=world.team_lead, spending=line, approve=True, revision=stale)
    line = Spending.objects.get(pk=line.pk)
    line.status = Spending.Status.PENDING  # as the second team lead's page still shows it
    with pytest.raises(ValidationError):
        services.spending_decide(
            actor=world.team_lead, spending=line, approve=False, reason="x", revision=stale
        )
    assert Spending.objects.get(pk=line.pk).status == Spending.Status.BOOKED


@pytest.mark.parametrize("who", ["other_team_lead", "coach", "backup"])
def test_only_the_own_team_lead_decides(world, who):
    world.spend("5000")
    line = world.spend("10")
    with pytest.raises(Http404):
        services.spending_decide(actor=getattr(world, who), spending=line, approve=True)


@pytest.mark.parametrize("who", ["backup", "team_lead", "other_coach", "policy"])
def test_only_the_coach_spends_from_a_personal_budget(world, who):
    with pytest.raises(Http404):
        world.spend("1", actor=getattr(world, who))
    assert not Spending.objects.exists()


def test_every_coach_of_the_team_spends_from_the_team_budget(world):
    team_budget = services.budget_set(
        actor=world.team_lead, team=world.team_a, year=world.year, amount=Decimal("300")
    )
    world.spend("100", budget=team_budget, actor=world.backup)
    world.spend("100", budget=team_budget, actor=world.coach)
    with pytest.raises(Http404):
        world.spend("1", budget=team_budget, actor=world.other_coach)
    assert balance(team_budget) == Decimal("100.00")


def test_the_family_must_be_one_the_coach_keeps_the_file_of(world):
    other_family = make_family(world.other_coach, name="Ander")
    with pytest.raises(ValidationError) as error:
        world.spend("10", family=other_family)
    assert "family" in error.value.message_dict
    assert not Spending.objects.exists()


@pytest.mark.parametrize("amount", ["0", "-5", "10000.01", "1.005"])
def test_bad_amounts_are_refused_in_dutch(world, amount):
    with pytest.raises(ValidationError) as error:
        world.spend(amount)
    assert "amount" in error.value.message_dict
    assert not Spending.objects.exists()


def test_a_recovery_against_a_line_tops_the_balance_up_but_never_above_the_line(world):
    line = world.spend("300", family=world.family, category="verhuiskosten")
    services.recovery_record(
        actor=world.coach,
        budget=world.budget,
        spending=line,
        provision="bijzondere_bijstand",
        received_on=world.today,
        amount=Decimal("250"),
    )
    assert balance(world.budget) == Decimal("4950.00")
    with pytest.raises(ValidationError) as error:
        services.recovery_record(
            actor=world.coach,
            budget=world.budget,
            spending=line,
            provision="wmo",
            received_on=world.today,
            amount=Decimal("50.01"),
        )
    assert "€ 50,00" in error.value.message_dict["amount"][0]
    event = AuditEvent.objects.get(action="work_budget.recovered")
    assert event.family_uuid == world.family.uuid


def test_a_recovery_against_the_budget_names_its_provision(world):
    with pytest.raises(ValidationError):
        services.recovery_record(
            actor=world.coach,
            budget=world.budget,
            provision="anders",
            received_on=world.today,
            amount=Decimal("20"),
        )
    recovery = services.recovery_record(
        actor=world.team_lead,
        budget=world.budget,
        provision="anders",
        provision_name="Fonds Kinderhulp",
        received_on=world.today,
        amount=Decimal("20"),
    )
    assert recovery.provision_label == "Fonds Kinderhulp"
    assert balance(world.budget) == Decimal("5020.00")


def test_no_recovery_against_a_pending_line_or_another_budget(world):
    world.spend("5000")
    pending = world.spend("10")
    with pytest.raises(ValidationError):
        services.recovery_record(
            actor=world.coach,
            budget=world.budget,
            spending=pending,
            provision="wmo",
            received_on=world.today,
            amount=Decimal("5"),
        )
    other = services.budget_set(
        actor=world.team_lead, coach=world.backup, year=world.year, amount=Decimal("10")
    )
    with pytest.raises(ValidationError):
        services.recovery_record(
            actor=world.backup,
            budget=other,
            spending=Spending.objects.first(),
            provision="wmo",
            received_on=world.today,
            amount=Decimal("5"),
        )
    assert not Recovery.objects.exists()


def test_a_spending_must_be_dated_in_the_budget_year_and_not_ahead(world):
    import datetime as dt

    for day in (world.today + dt.timedelta(days=1), world.today.replace(year=world.year - 1)):
        with pytest.raises(ValidationError):
            services.spending_record(
                actor=world.coach,
                budget=world.budget,
                spent_on=day,
                amount=Decimal("1"),
                category="anders",
                purpose="x",
            )
