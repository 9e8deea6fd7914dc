import pytest

from spil.families.tests.factories import World

from .factories import family_account


@pytest.fixture
def world(db):
    return World()


@pytest.fixture
def parent_account(world):
    return family_account(world.parent)


@pytest.fixture
def young_account(world):
    return family_account(world.family.members.get(first_name="Noor"))


@pytest.fixture
def parent_client(client, parent_account):
    client.force_login(parent_account.user)
    return client
