"""Issue 20 point 2: the monitoring counts escalations by reason, small cells hidden."""

from datetime import date

import pytest

from spil.accounts.tests.factories import OrganisationFactory, UserFactory
from spil.assessments.models import Escalation
from spil.core.figures import HIDDEN_SECONDARY, HIDDEN_SMALL
from spil.families.tests.factories import FamilyFactory
from spil.reports.monitoring import monitoring

pytestmark = pytest.mark.django_db

YEAR = {"date_from": date(2025, 1, 1), "date_to": date(2025, 12, 31)}


def _escalations(n, reason, on, **extra):
    user = UserFactory()
    for _ in range(n):
        Escalation.objects.create(
            family=FamilyFactory(),
            raised_on=on,
            raised_by=user,
            target=Escalation.Target.COORDINATOR,
            reason=reason,
            arguments="x",
            **extra,
        )


def _table(sections):
    trajectories = next(s for s in sections if s.key == "trajectories")
    return next(t for t in trajectories.tables if t.key == "escalations_by_reason")


def test_escalations_in_the_period_are_counted_by_reason_small_cells_hidden():
    _escalations(6, "stagnatie", date(2025, 3, 1))
    _escalations(5, "organisatie_levert_niet", date(2025, 4, 1), organisation=OrganisationFactory())
    _escalations(2, "financiele_regels", date(2025, 5, 1))
    _escalations(7, "doorzettingsmacht", date(2024, 12, 31))  # before the period
    table = _table(monitoring(**YEAR))
    rows = {row.code: row for row in table.rows}
    assert set(rows) == set(Escalation.Reason.values)
    assert rows["stagnatie"].cells[0].value == 6
    assert rows["financiele_regels"].cells[0].hidden == HIDDEN_SMALL
    assert rows["doorzettingsmacht"].cells[0].value == 0
    assert table.total.cells[0].value == 13
    # The total (13) minus the rest would give the hidden 2 away: the next smallest row
    # (5, not delivering) is hidden as well.
    assert rows["organisatie_levert_niet"].cells[0].hidden == HIDDEN_SECONDARY


def test_without_escalations_every_reason_counts_zero():
    table = _table(monitoring(**YEAR))
    assert all(row.cells[0].value == 0 for row in table.rows)
