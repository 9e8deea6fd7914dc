import pytest

from .factories import MeetingWorld


@pytest.fixture
def world(db):
    return MeetingWorld()


@pytest.fixture
def plan(world):
    return world.start_plan()


@pytest.fixture
def goal(world, plan):
    return world.goal(plan, title="Wij hebben rust in huis")
