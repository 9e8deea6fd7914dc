"""Every API URL × every kind of caller that may not have it: no token, a token without
the scope, another organisation's token, a staff session that writes. Refused is 401, 403,
404 or 405 — never a 500 — and nothing is written."""

import pytest
from django.urls import get_resolver
from rest_framework.test import APIClient

from spil.accounts.tests.factories import OrganisationFactory
from spil.core.tests.test_url_walk import walk
from spil.intake.models import Referral

from .test_referrals import payload

pytestmark = pytest.mark.django_db

PUBLIC = {"api:token", "api:schema", "api:docs"}
UNKNOWN = "6f1c2b7e-3d4a-4e5f-8a9b-0c1d2e3f4a5b"
API_URLS = sorted(
    (name, url) for name, url in walk(get_resolver().url_patterns) if name.startswith("api:")
)


@pytest.fixture
def walked(api_for, school, meldpunt, coordinator):
    """A referral of the school's client, and the URLs with it and with an unknown uuid."""
    owner = api_for(school)
    response = owner.post("/api/v1/referrals/", payload(meldpunt), format="json")
    assert response.status_code == 201
    referral = response.json()["uuid"]
    urls = []
    for name, url in API_URLS:
        if name in PUBLIC:
            continue
        urls.append(url)
        if UNKNOWN in url:
            urls.append(url.replace(UNKNOWN, referral))
    staff = APIClient()
    staff.force_login(coordinator)
    callers = {
        "geen token": APIClient(),
        "token zonder scope": api_for(school, "offers:read monitoring:read"),
        "andere organisatie": api_for(OrganisationFactory(name="Andere school")),
    }
    return urls, callers, staff


def test_the_walk_finds_the_api():
    names = {name for name, _url in API_URLS}
    assert {"api:referrals", "api:referral_detail", "api:token", "api:not_found"} <= names


def test_refused_callers_never_get_a_500_nor_write(walked, meldpunt):
    urls, callers, staff = walked
    before = Referral.objects.count()
    wrong = []
    for who, api in callers.items():
        for url in urls:
            for method in ("get", "post", "patch", "delete"):
                if who == "andere organisatie" and method == "post" and url.endswith("/referrals/"):
                    continue  # another school may refer: that is its right, not a leak
                response = getattr(api, method)(url, {}, format="json")
                allowed = {401} if who == "geen token" else {403, 404, 405}
                if response.status_code not in allowed:
                    wrong.append(f"{who} {method.upper()} {url}: {response.status_code}")
                elif response["Content-Type"] != "application/problem+json":
                    wrong.append(f"{who} {method.upper()} {url}: {response['Content-Type']}")
    for url in urls:
        for method in ("post", "patch", "delete"):
            response = getattr(staff, method)(url, payload(meldpunt), format="json")
            if response.status_code not in {403, 404, 405}:
                wrong.append(f"sessie {method.upper()} {url}: {response.status_code}")
    assert not wrong, "\n".join(wrong)
    assert Referral.objects.count() == before


def test_another_organisations_token_sees_nothing_of_the_referral(walked):
    urls, callers, _staff = walked
    for url in urls:
        if "/referrals/" in url and UNKNOWN not in url and not url.endswith("/referrals/"):
            response = callers["andere organisatie"].get(url)
            assert response.status_code == 404, url
            assert "ontvangen" not in response.content.decode()
