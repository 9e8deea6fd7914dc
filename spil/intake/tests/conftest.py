import pytest

from spil.accounts import services as account_services
from spil.accounts.models import Organisation
from spil.accounts.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from spil.core.roles import Role


@pytest.fixture
def meldpunt():
    return OrganisationFactory(name="Meldpunt Testregio", kind=Organisation.Kind.MELDPUNT)


@pytest.fixture
def coordinator(meldpunt):
    user = UserFactory(full_name="Coördinator Meldpunt")
    account_services.membership_add(user=user, organisation=meldpunt, role=Role.COORDINATOR)
    return user


@pytest.fixture
def referrer():
    """A professional of a school who reports a family themselves."""
    school = OrganisationFactory(name="Basisschool De Wilg", kind=Organisation.Kind.EDUCATION)
    return MembershipFactory(role=Role.PROFESSIONAL, organisation=school).user


@pytest.fixture
def coach():
    return MembershipFactory(role=Role.COACH).user
