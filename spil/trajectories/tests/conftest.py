import pytest

from spil.core.testing import days_ago
from spil.directory.models import Programme
from spil.families.tests.conftest import World, make_family
from spil.trajectories import services
from spil.trajectories.models import Trajectory


@pytest.fixture
def programme(world):
    return Programme.objects.create(
        name="Gezinscoaching 6+6",
        provider=world.coaching,
        frame="vrijwillig",
        duration="vast",
        duration_months=6,
        max_months=12,
        caseload_min=5,
        caseload_max=8,
    )


@pytest.fixture
def world(db):
    return World()


@pytest.fixture
def trajectory(world, programme):
    trajectory = Trajectory.objects.get(family=world.family)
    trajectory.programme = programme
    trajectory.save()
    return trajectory


def open_trajectories(world, programme, n):
    for i in range(n):
        family = make_family(world.coach, name=f"Gezin{i}")
        services.trajectory_open(
            actor=world.coach,
            family=family,
            kind="gezinscoach",
            coach=world.coach,
            started_on=days_ago(30 + i),
            programme=programme,
        )
