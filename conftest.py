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


@pytest.fixture
def browser_page():
    """A headless page in Debian's Chromium. Skips only where no Chromium exists and
    SPIL_REQUIRE_BROWSER is unset (CI sets it, so there it fails instead)."""
    import os

    from spil.core import testing

    if testing.chromium_path() is None:
        if os.environ.get("SPIL_REQUIRE_BROWSER"):
            pytest.fail("SPIL_REQUIRE_BROWSER is set but no Chromium was found")
        pytest.skip("no Chromium on this machine")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls from
    # the test body are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with testing.browser_page() as page:
        yield page
