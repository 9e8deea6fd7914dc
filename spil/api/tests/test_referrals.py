"""POST a referral and read its status: the referral form's service and policy."""

import copy
import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from spil.api.views import REFERRAL_EXAMPLE
from spil.core.models import AuditEvent
from spil.intake import services as intake_services
from spil.intake.models import Answer, Referral, Weighing

pytestmark = pytest.mark.django_db
REFERRALS = "/api/v1/referrals/"


def payload(to, **changes):
    data = copy.deepcopy(REFERRAL_EXAMPLE)
    data["meldpunt"] = str(to.uuid)
    data["received_on"] = timezone.localdate().isoformat()
    data.update(changes)
    return data


def test_a_referral_is_registered_for_the_clients_organisation(api_for, school, meldpunt):
    api = api_for(school)
    response = api.post(REFERRALS, payload(meldpunt), format="json")
    assert response.status_code == 201, response.content
    referral = Referral.objects.get()
    assert response.json()["uuid"] == str(referral.uuid)
    assert response["Location"] == f"/api/v1/referrals/{referral.uuid}/"
    assert response.json()["status"] == "ontvangen"
    assert "no-store" in response["Cache-Control"]
    assert referral.meldpunt == meldpunt
    assert referral.referrer_organisation == school
    assert referral.referred_by == api.api_client.user
    assert referral.referrer_phone == "020-1234567"
    assert [m.first_name for m in referral.members.order_by("id")] == ["Sanne", "Joris"]
    assert referral.members.get(first_name="Joris").bsn == "111222333"
    assert referral.helpers.get().organisation_name == "Basisschool De Regenboog"
    # On the meldpunt's worklist, like a referral made on the page.
    assert referral.status == Referral.Status.RECEIVED


def test_the_write_is_audited_with_the_client_and_no_personal_data(api_for, school, meldpunt):
    api = api_for(school)
    api.post(REFERRALS, payload(meldpunt), format="json")
    event = AuditEvent.objects.get(action="api.referral_created")
    assert event.detail == {"client": api.api_client.client_id}
    assert event.organisation_id == school.id
    assert event.actor == api.api_client.user
    assert AuditEvent.objects.filter(action="referral.registered").exists()
    for event in AuditEvent.objects.all():
        text = str(event.detail)
        assert "111222333" not in text and "Vries" not in text


def _problem(response, status=400):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    return response.json()


def _fields(body):
    return {(e["field"], e["code"]) for e in body["errors"]}


def test_a_bad_bsn_is_refused_on_its_field_without_repeating_it(api_for, school, meldpunt):
    data = payload(meldpunt)
    data["members"][1]["bsn"] = "123456789"
    response = api_for(school).post(REFERRALS, data, format="json")
    body = _problem(response)
    assert ("members.1.bsn", "invalid_bsn") in _fields(body)
    assert body["title"] == "Ongeldige invoer"
    assert "elfproef" in str(body["errors"])
    assert "123456789" not in response.content.decode()
    assert not Referral.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"members": []}, "members"),
        ({"concerns": ""}, "concerns"),
        ({"urgency": "111222333"}, "urgency"),
        ({"received_on": "gisteren"}, "received_on"),
        ({"meldpunt": "6f1c2b7e-3d4a-4e5f-8a9b-0c1d2e3f4a5b"}, "meldpunt"),
        ({"referrer_email": "geen-adres"}, "referrer_email"),
    ],
)
def test_bad_input_is_refused_on_its_field(api_for, school, meldpunt, changes, field):
    response = api_for(school).post(REFERRALS, payload(meldpunt, **changes), format="json")
    body = _problem(response)
    assert field in {e["field"] for e in body["errors"]}
    # The value sent is never repeated (it may be personal data).
    assert "111222333" not in str(body)
    assert not Referral.objects.exists()


def test_the_services_rules_answer_as_field_errors(api_for, school, meldpunt):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    api = api_for(school)
    body = _problem(api.post(REFERRALS, payload(meldpunt, received_on=tomorrow), format="json"))
    assert ("received_on", "invalid") in _fields(body)
    body = _problem(api.post(REFERRALS, payload(meldpunt, postcode="ABCD"), format="json"))
    assert "postcode" in {e["field"] for e in body["errors"]}
    assert not Referral.objects.exists()


def test_an_organisation_that_is_not_a_meldpunt_is_refused(api_for, school, meldpunt):
    response = api_for(school).post(REFERRALS, payload(school), format="json")
    assert "meldpunt" in {e["field"] for e in _problem(response)["errors"]}


def test_not_json_and_a_broken_body_are_problems(api_for, school):
    api = api_for(school)
    body = _problem(api.post(REFERRALS, "{kapot", content_type="application/json"))
    assert body["code"] == "parse_error"
    _problem(api.post(REFERRALS, "a=b", content_type="text/plain"), status=415)


def test_a_body_above_the_limit_gets_413(api_for, school, meldpunt, settings):
    settings.SPIL_API_MAX_BODY = 500
    response = api_for(school).post(REFERRALS, payload(meldpunt), format="json")
    assert _problem(response, 413)["title"] == "Verzoek te groot"
    assert not Referral.objects.exists()


def test_the_client_is_throttled(api_for, school, monkeypatch):
    from spil.api.throttles import ClientRateThrottle

    monkeypatch.setattr(ClientRateThrottle, "THROTTLE_RATES", {"api_client": "2/minute"})
    api = api_for(school)
    other = api_for(school)
    url = f"{REFERRALS}6f1c2b7e-3d4a-4e5f-8a9b-0c1d2e3f4a5b/"
    assert [api.get(url).status_code for _ in range(2)] == [404, 404]
    response = api.get(url)
    assert _problem(response, 429)["code"] == "throttled"
    assert int(response["Retry-After"]) > 0
    # Per client: another client is not held back.
    assert other.get(url).status_code == 404


# --- The status ------------------------------------------------------------------------


def _sent(api, meldpunt):
    response = api.post(REFERRALS, payload(meldpunt), format="json")
    assert response.status_code == 201
    return Referral.objects.get(uuid=response.json()["uuid"])


def test_the_status_shows_the_weighing_and_outcome_never_the_file(
    api_for, school, meldpunt, coordinator
):
    api = api_for(school)
    referral = _sent(api, meldpunt)
    url = f"{REFERRALS}{referral.uuid}/"
    body = api.get(url).json()
    assert body["status"] == "ontvangen" and body["weighed_on"] is None and body["outcome"] == ""

    intake_services.referral_weigh(
        actor=coordinator,
        referral=referral,
        help_not_effective=Answer.NO,
        broader_problems=Answer.NO,
        no_own_regie=Answer.NO,
        decision=Weighing.Decision.RETURN,
        return_reason=Weighing.ReturnReason.HELP_EFFECTIVE,
        weighed_on=timezone.localdate(),
        advice="Bespreek het met de jeugdarts.",
    )
    response = api.get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    body = response.json()
    assert body["status"] == "teruggelegd"
    assert body["weighing_decision"] == "terugleggen"
    assert body["outcome"] == "returned_with_advice"
    assert body["advice"] == "Bespreek het met de jeugdarts."
    assert body["decided_on"] == timezone.localdate().isoformat()
    assert not {"members", "concerns", "family", "family_name", "helpers"} & set(body)
    event = AuditEvent.objects.filter(action="api.referral_viewed").last()
    assert event.detail == {"client": api.api_client.client_id}
    assert event.organisation_id == school.id


def test_another_organisations_referral_is_404(api_for, school, meldpunt):
    referral = _sent(api_for(school), meldpunt)
    from spil.accounts.tests.factories import OrganisationFactory

    other = api_for(OrganisationFactory(name="Huisartsenpraktijk"))
    response = other.get(f"{REFERRALS}{referral.uuid}/")
    assert _problem(response, 404)["title"] == "Niet gevonden"
    assert not AuditEvent.objects.filter(action="api.referral_viewed").exists()


def test_staff_may_read_with_their_session_and_never_write(coordinator, api_for, school, meldpunt):
    referral = _sent(api_for(school), meldpunt)
    session = APIClient()
    session.force_login(coordinator)
    response = session.get(f"{REFERRALS}{referral.uuid}/")
    assert response.status_code == 200
    assert AuditEvent.objects.filter(
        action="api.referral_viewed", actor=coordinator, detail={"session": True}
    ).exists()
    response = session.post(REFERRALS, payload(meldpunt), format="json")
    assert response.status_code == 403
    assert Referral.objects.count() == 1


def test_unknown_api_paths_are_problems(api_for, school):
    assert APIClient().get("/api/v1/bestaat-niet/").status_code == 401
    _problem(api_for(school).get("/api/v1/bestaat-niet/"), 404)


@pytest.mark.parametrize(
    "body",
    [
        [],
        "tekst",
        None,
        {"meldpunt": "111222333"},
        {"meldpunt": ["x"], "members": "Joris", "helpers": {"a": 1}},
        {"members": [None, 1, "x", {"bsn": 111222333}]},
        {"received_on": 20260101, "urgency": None, "concerns": ["a"]},
    ],
)
def test_odd_bodies_are_problems_never_500_nor_an_echo(api_for, school, body):
    response = api_for(school).post(REFERRALS, body, format="json")
    problem = _problem(response)
    assert problem["errors"]
    assert "111222333" not in response.content.decode()
    assert not Referral.objects.exists()
