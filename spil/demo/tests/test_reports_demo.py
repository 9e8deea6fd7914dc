"""The demo's monitoring: Lindeveen's history sheet imported, the live trajectories in the
fact table, figures for 2025; a second build changes nothing."""

from datetime import date

import pytest

from spil.accounts.models import User
from spil.demo import reports
from spil.demo.region import ACCOUNTS
from spil.reports.models import TrajectoryRecord
from spil.reports.monitoring import monitoring
from spil.trajectories.models import Trajectory

pytestmark = pytest.mark.django_db


def test_the_history_and_the_live_trajectories_are_counted(demo_seeded):
    history_rows = len(reports.HISTORY.read_text(encoding="utf-8").splitlines()) - 1
    records = TrajectoryRecord.objects
    assert records.filter(source="import").count() == history_rows == 68
    assert records.filter(source="spil").count() == Trajectory.objects.count() > 0
    assert "68 trajecten uit de historie" in demo_seeded
    sections = monitoring(date_from=date(2025, 1, 1), date_to=date(2025, 12, 31))
    trajectories = next(s for s in sections if s.key == "trajectories")
    started = next(f for f in trajectories.figures if f.key == "started")
    closed = next(f for f in trajectories.figures if f.key == "closed")
    assert started.cell.value >= 20 and closed.cell.value >= 5
    median = next(f for f in trajectories.figures if f.key == "duration_median_days")
    assert median.cell.text not in ("<5", "–")


def test_building_the_demo_reports_twice_changes_nothing(demo_seeded):
    users = {
        "policy1": User.objects.get(email=next(a.email for a in ACCOUNTS if a.handle == "policy1"))
    }
    before = list(TrajectoryRecord.objects.values_list("id", "revision", "updated_at"))
    result = reports.build_reports(users)
    assert (result.created, result.updated) == (0, 0)
    assert list(TrajectoryRecord.objects.values_list("id", "revision", "updated_at")) == before
