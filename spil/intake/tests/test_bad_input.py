"""Bad input never reaches a 500 (issue 22, point 9): the meldpunt's forms refuse dates far
outside any sensible range, ids the database cannot hold and endless texts, in Dutch."""

import pytest
from django.urls import reverse

from spil.core.testing import days_ago
from spil.intake import services
from spil.intake.forms import HelperFormSet, MemberFormSet
from spil.intake.models import Assessment, Referral

from .factories import register, weigh

pytestmark = pytest.mark.django_db

HUGE_ID = "9" * 20


@pytest.fixture
def referral(coordinator, meldpunt):
    referral = register(coordinator, meldpunt)
    services.referral_create_family(actor=coordinator, referral=referral)
    weigh(coordinator, referral)
    parent = referral.family.members.get(first_name="Karin")
    services.referral_consent(
        actor=coordinator,
        referral=referral,
        given_by=parent,
        parties="School",
        given_on=days_ago(30),
    )
    return referral


def _assess(client, coordinator, referral, **data):
    client.force_login(coordinator)
    post = {
        "kind": "gezinsgesprek",
        "held_on": days_ago(25).isoformat(),
        "tie_breaker": "De coördinator",
        **data,
    }
    response = client.post(reverse("intake:assess", kwargs={"uuid": referral.uuid}), post)
    assert response.status_code == 200
    assert not Assessment.objects.exists()
    return response.content.decode()


@pytest.mark.parametrize("value", [HUGE_ID, "-" + HUGE_ID, "abc"])
def test_an_assessment_with_an_id_that_cannot_be_one_is_refused(
    client, coordinator, referral, value
):
    body = _assess(client, coordinator, referral, family_participants=[value])
    assert "Kies een geldige optie." in body


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_an_assessment_far_outside_any_sensible_date_is_refused(client, coordinator, referral, day):
    body = _assess(client, coordinator, referral, held_on=day)
    assert "Vul een datum in tussen 1900 en 2100." in body


def test_a_ten_thousand_character_concern_is_refused_and_the_limit_is_said(
    client, coordinator, meldpunt
):
    client.force_login(coordinator)
    page = client.get(reverse("intake:new")).content.decode()
    assert "Hoogstens 5000 tekens." in page
    response = client.post(
        reverse("intake:new"),
        {
            "meldpunt": meldpunt.uuid,
            "received_on": days_ago(3).isoformat(),
            "urgency": "normaal",
            "concerns": "x" * 10_000,
            "lid-TOTAL_FORMS": "0",
            "lid-INITIAL_FORMS": "0",
            "hulp-TOTAL_FORMS": "0",
            "hulp-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "Dit is te lang: hoogstens 5000 tekens (nu 10000)." in response.content.decode()
    assert not Referral.objects.exists()


def test_a_referral_with_a_twenty_digit_meldpunt_is_refused(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("intake:new"),
        {
            "meldpunt": HUGE_ID,
            "received_on": "0001-01-01",
            "concerns": "Zorgen.",
            "lid-TOTAL_FORMS": "1",
            "lid-INITIAL_FORMS": "0",
            "lid-0-role": "ouder",
            "lid-0-first_name": "Karin",
            "lid-0-surname": "Vos",
            "lid-0-birth_date": "9999-12-31",
            "hulp-TOTAL_FORMS": "1",
            "hulp-INITIAL_FORMS": "0",
            "hulp-0-role": "gezinsvoogd",
            "hulp-0-organisation_name": "GI",
            "hulp-0-worker": HUGE_ID,
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    for field, message in [
        ("meldpunt", "Kies een geldige optie."),
        ("received_on", "Vul een datum in tussen 1900 en 2100."),
        ("lid-0-birth_date", "Vul een datum in tussen 1900 en 2100."),
        ("hulp-0-worker", "Kies een geldige optie."),
    ]:
        assert f'id="id_{field}_errors"><li>{message}' in body, field
    assert not Referral.objects.exists()


def test_a_huge_number_of_member_rows_builds_no_more_than_twenty_forms():
    for formset, prefix in ((MemberFormSet, "lid"), (HelperFormSet, "hulp")):
        data = {f"{prefix}-TOTAL_FORMS": str(10**9), f"{prefix}-INITIAL_FORMS": "0"}
        assert formset(data, prefix=prefix).total_form_count() == 20
