import pytest

from spil.families.tests.factories import World


@pytest.fixture
def world(db):
    return World()
