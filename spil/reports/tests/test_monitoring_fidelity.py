"""Issue 20 in the monitoring: returns per reason code (point 3), running trajectories per
kind of coach (point 1) and closures per the family's word (point 8) — small cells hidden
like every other count."""

import pytest
from django.utils import timezone

from spil.core.testing import days_ago
from spil.intake.models import Weighing
from spil.intake.tests.factories import register, weigh
from spil.plans.tests.factories import PlanWorld
from spil.reports.monitoring import monitoring
from spil.trajectories import services as trajectory_services
from spil.trajectories.models import Trajectory
from spil.trajectories.tests.factories import TrajectoryFactory

from .test_monitoring import table

pytestmark = pytest.mark.django_db


def period():
    return {"date_from": days_ago(365), "date_to": timezone.localdate()}


@pytest.fixture
def world():
    return PlanWorld()


def test_returns_are_counted_per_reason_code_small_cells_hidden(world):
    reasons = ["buiten_gebied"] * 5 + ["gezin_weigert"]
    for i, reason in enumerate(reasons):
        referral = register(world.coordinator, world.meldpunt, received_on=days_ago(40 + i))
        weigh(
            world.coordinator,
            referral,
            decision=Weighing.Decision.RETURN,
            advice="Advies",
            return_reason=reason,
        )
    rows = {
        r.code: r for r in table(monitoring(**period()), "referrals", "returned_by_reason").rows
    }
    assert rows["buiten_gebied"].cells[0].value == 5
    assert rows["gezin_weigert"].cells[0].value == 1
    assert rows["gezin_weigert"].cells[0].text == "<5"  # one family: hidden
    # ... and a cell that would give it away with the total is hidden too.
    assert rows["buiten_gebied"].cells[0].text in {"5", "×"}
    assert "geen_code" in rows  # returns from before the codes have a row of their own


def test_running_trajectories_per_kind_of_coach_and_closures_per_family_word(world):
    for _ in range(5):
        TrajectoryFactory(
            coach=world.coordinator,
            coach_kind="netwerklid",
            lay_coach_name="Buurvrouw",
            started_on=days_ago(30),
        )
    sections = monitoring(**period())
    kinds = {r.code: r for r in table(sections, "caseload", "running_by_coach_kind").rows}
    assert kinds["netwerklid"].cells[0].value == 5
    assert kinds["medewerker"].cells[0].value == 1  # the world's own family

    for trajectory in Trajectory.objects.filter(coach_kind="netwerklid"):
        trajectory_services.trajectory_close(
            actor=world.coordinator,
            trajectory=trajectory,
            closed_on=days_ago(1),
            reason="doelen_bereikt",
            reached="Rust.",
            family_agreement="eens",
        )
    rows = {
        r.code: r
        for r in table(monitoring(**period()), "trajectories", "closed_by_family_agreement").rows
    }
    assert rows["eens"].cells[0].value == 5
    assert rows["niet_eens"].cells[0].value == 0
