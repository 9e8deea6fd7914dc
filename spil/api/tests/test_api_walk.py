"""Every API URL × every kind of caller that may not have it: no token (401 with a Bearer
challenge), a token without the URL's scope (403), a token of an organisation without the
family's consent (404), a staff session that writes (403). Never a 500, always a problem,
and nothing is written."""

import pytest
from django.urls import get_resolver
from rest_framework.test import APIClient

from spil.accounts.tests.factories import OrganisationFactory
from spil.api.scopes import Scope
from spil.api.throttles import ClientRateThrottle
from spil.core.models import AuditEvent
from spil.core.tests.test_url_walk import walk
from spil.intake.models import Referral
from spil.plans.models import Step
from spil.plans.tests.factories import PlanWorld

from .test_referrals import payload

pytestmark = pytest.mark.django_db

PUBLIC = {"api:token", "api:schema", "api:docs"}
UNKNOWN = "6f1c2b7e-3d4a-4e5f-8a9b-0c1d2e3f4a5b"
API_URLS = sorted(
    (name, url) for name, url in walk(get_resolver().url_patterns) if name.startswith("api:")
)
FAMILY_URLS = {
    "api:family",
    "api:members",
    "api:team",
    "api:plan",
    "api:step",
    "api:appointments",
    "api:contacts",
    "api:consents",
}
SCOPES = {
    "api:referrals": Scope.REFERRALS_WRITE,
    "api:referral_detail": Scope.REFERRALS_WRITE,
    "api:families": Scope.FAMILIES_READ,
    **dict.fromkeys(FAMILY_URLS, Scope.FAMILIES_READ),
    "api:offers": Scope.OFFERS_READ,
    "api:interventions": Scope.OFFERS_READ,
    "api:monitoring": Scope.MONITORING_READ,
}
METHODS = ("get", "post", "patch", "put", "delete")


def _scope(name, method):
    if name == "api:step" and method != "get":
        return Scope.PLANS_WRITE
    return SCOPES.get(name)


@pytest.fixture
def walked(api_for, school, meldpunt, coordinator, monkeypatch):
    """A referral of the school's client; a family with an agreed plan shared with the GGZ
    only; the URLs with unknown uuids and with these. The walk sends more than a minute's
    worth of requests per client: the throttle is not what it tests."""
    monkeypatch.setattr(ClientRateThrottle, "rate", "100000/minute", raising=False)
    owner = api_for(school)
    response = owner.post("/api/v1/referrals/", payload(meldpunt), format="json")
    assert response.status_code == 201
    referral = response.json()["uuid"]
    world = PlanWorld()
    plan = world.start_plan()
    step = world.step(world.goal(plan), owner=world.ggz_involvement)
    world.agree(plan)
    world.share_with(world.ggz, ["plan", "contacten"])
    urls = []
    for name, url in API_URLS:
        if name in PUBLIC:
            continue
        urls.append((name, url))
        if name in FAMILY_URLS:
            real = url.replace(UNKNOWN, str(world.family.uuid), 1)
            urls.append((name, real.replace(UNKNOWN, str(step.uuid))))
        elif UNKNOWN in url:
            urls.append((name, url.replace(UNKNOWN, referral)))
    all_scopes = [s.value for s in Scope]
    lacking = {
        scope: api_for(school, " ".join(s for s in all_scopes if s != scope)) for scope in Scope
    }
    staff = APIClient()
    staff.force_login(coordinator)
    stranger = api_for(OrganisationFactory(name="Andere school"), " ".join(all_scopes))
    return urls, lacking, stranger, staff, world


def test_the_walk_finds_the_api():
    names = {name for name, _url in API_URLS}
    assert {"api:referrals", "api:referral_detail", "api:token", "api:not_found"} <= names
    assert FAMILY_URLS | {"api:families", "api:offers", "api:interventions"} <= names
    assert "api:monitoring" in names
    assert set(SCOPES) | PUBLIC | {"api:not_found"} == names


def _check(wrong, who, method, url, response, allowed):
    if response.status_code not in allowed:
        wrong.append(f"{who} {method.upper()} {url}: {response.status_code}")
    elif response["Content-Type"] != "application/problem+json":
        wrong.append(f"{who} {method.upper()} {url}: {response['Content-Type']}")


def test_refused_callers_never_get_a_500_nor_write(walked, meldpunt):
    urls, lacking, stranger, staff, _world = walked
    before = (Referral.objects.count(), Step.objects.filter(done_on__isnull=False).count())
    wrong: list[str] = []
    anonymous = APIClient()
    for name, url in urls:
        for method in METHODS:
            response = getattr(anonymous, method)(url, {}, format="json")
            _check(wrong, "geen token", method, url, response, {401})
            if response.status_code == 401 and not response.get("WWW-Authenticate", "").startswith(
                "Bearer"
            ):
                wrong.append(f"geen token {method.upper()} {url}: no Bearer challenge")
            scope = _scope(name, method)
            if scope is not None:
                response = getattr(lacking[scope], method)(url, {}, format="json")
                # A method the URL does not have may answer 405 before the scope is asked.
                _check(wrong, f"zonder {scope}", method, url, response, {403, 405})
            if name in FAMILY_URLS and UNKNOWN not in url:
                response = getattr(stranger, method)(url, {}, format="json", HTTP_IF_MATCH="*")
                _check(wrong, "zonder toestemming", method, url, response, {404, 405})
                if method == "get":
                    assert response.status_code == 404, url
            response = getattr(staff, method)(url, payload(meldpunt), format="json")
            if method != "get" and response.status_code not in {403, 404, 405}:
                wrong.append(f"sessie {method.upper()} {url}: {response.status_code}")
            if response.status_code >= 500:
                wrong.append(f"sessie {method.upper()} {url}: {response.status_code}")
    assert not wrong, "\n".join(wrong)
    after = (Referral.objects.count(), Step.objects.filter(done_on__isnull=False).count())
    assert after == before
    assert not AuditEvent.objects.filter(action__in=["plan.step_done", "api.step_updated"]).exists()


def test_another_organisations_token_sees_nothing_of_the_referral(walked):
    urls, _lacking, stranger, _staff, _world = walked
    for name, url in urls:
        if name == "api:referral_detail" and UNKNOWN not in url:
            response = stranger.get(url)
            assert response.status_code == 404, url
            assert "ontvangen" not in response.content.decode()
