import pytest

from spil.families.tests.factories import World


@pytest.fixture
def world(db):
    """Coach (team A, coaching family Vos: Karin, Daan, Noor), back-up coach, a coach of
    team B, team leads, coordinator, professionals, policy, admin."""
    return World()
