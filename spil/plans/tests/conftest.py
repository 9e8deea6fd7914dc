import pytest

from .factories import PlanWorld


@pytest.fixture
def world(db):
    return PlanWorld()


@pytest.fixture
def plan(world):
    return world.start_plan()
