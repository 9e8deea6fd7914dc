import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from spil.accounts import services as account_services
from spil.accounts.models import Organisation
from spil.accounts.tests.factories import OrganisationFactory, UserFactory
from spil.api import services
from spil.core.roles import Role

TOKEN_URL = "/api/v1/oauth/token/"


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def meldpunt():
    return OrganisationFactory(name="Meldpunt Testregio", kind=Organisation.Kind.MELDPUNT)


@pytest.fixture
def coordinator(meldpunt):
    user = UserFactory(full_name="Coördinator Meldpunt")
    account_services.membership_add(user=user, organisation=meldpunt, role=Role.COORDINATOR)
    return user


@pytest.fixture
def school():
    return OrganisationFactory(name="Basisschool De Wilg", kind=Organisation.Kind.EDUCATION)


@pytest.fixture
def make_client():
    def make(organisation, scopes="referrals:write", name="Leerlingsysteem"):
        return services.api_client_create(
            actor=None, organisation=organisation, name=name, scopes=scopes
        )

    return make


def fetch_token(client, secret, scope=None):
    data = {"grant_type": "client_credentials"}
    if scope is not None:
        data["scope"] = scope
    return APIClient().post(TOKEN_URL, data, HTTP_AUTHORIZATION=_basic(client.client_id, secret))


def _basic(client_id, secret):
    import base64

    return "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()


@pytest.fixture
def api_for(make_client):
    """An APIClient carrying a fresh bearer token of a new client of `organisation`."""

    def build(organisation, scopes="referrals:write"):
        client, secret = make_client(organisation, scopes)
        response = fetch_token(client, secret)
        assert response.status_code == 200, response.content
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {response.json()['access_token']}")
        api.api_client = client
        return api

    return build
