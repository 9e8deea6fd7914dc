import pytest

from spil.families.tests.factories import World
from spil.trajectories.tests.factories import programme_for, trajectory_on


@pytest.fixture
def world(db):
    return World()


@pytest.fixture
def programme(world):
    return programme_for(world)


@pytest.fixture
def trajectory(world, programme):
    return trajectory_on(world, programme)
