"""Fixtures shared by every app's tests."""

import pytest
from axes.models import AccessAttempt

from spil.accounts.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from spil.core.roles import Role


@pytest.fixture(autouse=True)
def _fresh_lockouts(db: None) -> None:
    """Lockouts live in the database; every test starts with none."""
    AccessAttempt.objects.all().delete()


@pytest.fixture
def organisation():
    return OrganisationFactory()


def _member(role: Role):
    membership = MembershipFactory(role=role)
    return membership.user


@pytest.fixture
def coach():
    return _member(Role.COACH)


@pytest.fixture
def coordinator():
    return _member(Role.COORDINATOR)


@pytest.fixture
def team_lead():
    return _member(Role.TEAM_LEAD)


@pytest.fixture
def professional():
    return _member(Role.PROFESSIONAL)


@pytest.fixture
def policy_officer():
    return _member(Role.POLICY)


@pytest.fixture
def administrator():
    return _member(Role.ADMIN)


@pytest.fixture
def user_without_role():
    return UserFactory()
