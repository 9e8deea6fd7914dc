from decimal import Decimal

import pytest
from django.utils import timezone

from spil.budgets import services
from spil.families.tests.factories import World, make_family
from spil.trajectories.models import Trajectory


class BudgetWorld(World):
    """The families World (two teams, coach and back-up in team A, a team lead per team, …)
    with a second family of the coach alone (the back-up cannot open it) and a budget of
    € 5.000 for the coach this year."""

    def __init__(self):
        super().__init__()
        self.year = timezone.localdate().year
        self.today = timezone.localdate()
        self.family_alone = make_family(self.coach, name="Alleen")
        Trajectory.objects.create(
            family=self.family_alone,
            kind="gezinscoach",
            coach=self.coach,
            started_on=self.today.replace(month=1, day=1),
        )
        self.budget = services.budget_set(
            actor=self.team_lead, coach=self.coach, year=self.year, amount=Decimal("5000.00")
        )

    def spend(self, amount, *, budget=None, actor=None, family=None, category="reiskosten"):
        return services.spending_record(
            actor=actor or self.coach,
            budget=budget or self.budget,
            spent_on=self.today,
            amount=Decimal(amount),
            category=category,
            purpose="Treinkaartje naar familie",
            family=family,
        )


@pytest.fixture
def world(db):
    return BudgetWorld()
