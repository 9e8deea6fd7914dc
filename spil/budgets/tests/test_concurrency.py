"""Two spendings at the same moment cannot both spend the same euros: the balance is checked
under a row lock on the budget (`select_for_update`). Real concurrency needs PostgreSQL
(SQLite serialises whole transactions and has no row locks): run with DATABASE_URL set."""

import threading
import time
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.utils import timezone

from spil.accounts.services import membership_add
from spil.accounts.tests.factories import OrganisationFactory, TeamFactory, UserFactory
from spil.budgets import selectors, services
from spil.budgets.models import Budget, Spending
from spil.core.roles import Role

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (DATABASE_URL)"
    ),
]


@pytest.fixture
def budget():
    organisation = OrganisationFactory()
    team = TeamFactory(organisation=organisation)
    coach, lead = UserFactory(), UserFactory()
    membership_add(user=coach, organisation=organisation, role=Role.COACH, team=team)
    membership_add(user=lead, organisation=organisation, role=Role.TEAM_LEAD, team=team)
    return services.budget_set(
        actor=lead, coach=coach, year=timezone.localdate().year, amount=Decimal("100")
    )


def _spend(budget_pk, amount, results, index):
    from django.db import connections

    try:
        budget = Budget.objects.select_related("coach").get(pk=budget_pk)
        spending = services.spending_record(
            actor=budget.coach,
            budget=budget,
            spent_on=timezone.localdate(),
            amount=Decimal(amount),
            category="reiskosten",
            purpose="Bus",
        )
        results[index] = spending.status
    except Exception as error:  # pragma: no cover - shown in the assertion
        results[index] = repr(error)
    finally:
        connections.close_all()


def test_a_second_spending_waits_for_the_lock_and_then_sees_the_first(budget):
    """One transaction holds the budget's lock while it books € 80; a second spending of € 80
    started meanwhile must wait, and then finds € 20 left: it waits for approval."""
    results: dict[int, str] = {}
    second = threading.Thread(target=_spend, args=(budget.pk, "80", results, 2))
    with transaction.atomic():
        first = services.spending_record(
            actor=budget.coach,
            budget=budget,
            spent_on=timezone.localdate(),
            amount=Decimal("80"),
            category="reiskosten",
            purpose="Trein",
        )
        second.start()
        time.sleep(1.0)
        assert second.is_alive(), "the second spending did not wait for the lock"
        assert 2 not in results
    second.join(timeout=30)
    assert first.status == Spending.Status.BOOKED
    assert results[2] == Spending.Status.PENDING
    assert selectors.current_balance(budget) == Decimal("20.00")


def test_many_spendings_at_once_never_overspend(budget):
    results: dict[int, str] = {}
    threads = [
        threading.Thread(target=_spend, args=(budget.pk, "30", results, i)) for i in range(6)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results.values()) == ["geboekt"] * 3 + ["wacht_op_akkoord"] * 3, results
    assert selectors.current_balance(budget) == Decimal("10.00")
