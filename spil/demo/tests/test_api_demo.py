"""The demo's API client: the school's system gets a token with the documented secret and
sends a referral that lands at the demo meldpunt."""

import base64

import pytest
from rest_framework.test import APIClient

from spil.api.models import ApiClient
from spil.demo import api as demo_api
from spil.intake.models import Referral

pytestmark = pytest.mark.django_db


def test_the_demo_school_has_a_client_and_the_curl_works(demo_seeded):
    client = ApiClient.objects.get(application__client_id=demo_api.DEMO_CLIENT_ID)
    assert client.organisation.name == demo_api.DEMO_SCHOOL
    assert client.scopes == "referrals:write"
    assert demo_api.DEMO_CLIENT_ID in demo_seeded and demo_api.demo_secret() in demo_seeded

    basic = base64.b64encode(
        f"{demo_api.DEMO_CLIENT_ID}:{demo_api.demo_secret()}".encode()
    ).decode()
    token = APIClient().post(
        "/api/v1/oauth/token/",
        {"grant_type": "client_credentials"},
        HTTP_AUTHORIZATION=f"Basic {basic}",
    )
    assert token.status_code == 200, token.content
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token.json()['access_token']}")
    # The body the seed prints (the second curl), as it prints it.
    body = demo_seeded.split("-d '", 1)[1].split("' ", 1)[0]
    response = api.post("/api/v1/referrals/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    referral = Referral.objects.get(uuid=response.json()["uuid"])
    assert referral.meldpunt.name == demo_api.DEMO_MELDPUNT
    assert api.get(f"/api/v1/referrals/{referral.uuid}/").json()["status"] == "ontvangen"


def test_building_it_again_changes_nothing(demo_seeded):
    before = list(ApiClient.objects.values_list("pk", "updated_at"))
    assert demo_api.build_api_clients({}).client_id == demo_api.DEMO_CLIENT_ID
    assert list(ApiClient.objects.values_list("pk", "updated_at")) == before
