"""Bad input never reaches a 500 (issue 22, point 9): dates far outside any sensible range,
ids too large for the database and texts too long are refused with a Dutch message."""

import pytest
from django.urls import reverse

from spil.contacts.models import Appointment, Contact, Crisis
from spil.contacts.tests.factories import hours, local_input
from spil.plans.tests.factories import PlanWorld

pytestmark = pytest.mark.django_db

HUGE_ID = "9" * 20  # above 2**63 - 1: SQLite cannot even hold it
OUT_OF_RANGE = "Vul een datum in tussen 1900 en 2100."


@pytest.fixture
def world(db):
    return PlanWorld()


def _post(client, world, name, data):
    client.force_login(world.coach)
    response = client.post(reverse(name, kwargs={"uuid": world.family.uuid}), data)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("moment", ["0001-01-01T00:00", "9999-12-31T23:59"])
def test_a_contact_far_outside_any_sensible_date_is_refused(client, world, moment):
    body = _post(client, world, "contacts:new", {"occurred_at": moment, "kind": "telefoon"})
    assert OUT_OF_RANGE in body
    assert not Contact.objects.exists()


@pytest.mark.parametrize("moment", ["0001-01-01T00:00", "9999-12-31T23:59"])
def test_a_crisis_far_outside_any_sensible_date_is_refused(client, world, moment):
    body = _post(
        client, world, "contacts:crisis_new", {"occurred_at": moment, "what_happened": "Ruzie."}
    )
    assert OUT_OF_RANGE in body
    assert not Crisis.objects.exists()


@pytest.mark.parametrize("moment", ["0001-01-01T00:00", "9999-12-31T23:59"])
def test_an_appointment_far_outside_any_sensible_date_is_refused(client, world, moment):
    body = _post(
        client,
        world,
        "contacts:appointment_new",
        {"starts_at": moment, "worker": str(world.coach.uuid)},
    )
    assert OUT_OF_RANGE in body
    assert not Appointment.objects.exists()


@pytest.mark.parametrize("field", ["members", "involvements"])
def test_a_contact_with_a_twenty_digit_id_is_refused(client, world, field):
    data = {"occurred_at": local_input(hours(-1)), "kind": "telefoon", field: [HUGE_ID]}
    body = _post(client, world, "contacts:new", data)
    assert "Kies een geldige optie." in body
    assert not Contact.objects.exists()


def test_a_contact_with_a_word_for_a_member_is_refused(client, world):
    data = {"occurred_at": local_input(hours(-1)), "kind": "telefoon", "members": ["abc"]}
    body = _post(client, world, "contacts:new", data)
    assert "Kies een geldige optie." in body
    assert not Contact.objects.exists()


def test_a_ten_thousand_character_summary_is_refused_and_the_limit_is_said(client, world):
    client.force_login(world.coach)
    page = client.get(reverse("contacts:new", kwargs={"uuid": world.family.uuid}))
    assert 'maxlength="5000"' in page.content.decode()
    assert "Hoogstens 5000 tekens." in page.content.decode()
    data = {"occurred_at": local_input(hours(-1)), "kind": "telefoon", "summary": "x" * 10_000}
    body = _post(client, world, "contacts:new", data)
    assert "Dit is te lang: hoogstens 5000 tekens (nu 10000)." in body
    assert not Contact.objects.exists()


def test_a_contact_just_inside_the_range_is_still_logged(client, world):
    data = {"occurred_at": local_input(hours(-1)), "kind": "telefoon", "summary": "x" * 5000}
    client.force_login(world.coach)
    response = client.post(reverse("contacts:new", kwargs={"uuid": world.family.uuid}), data)
    assert response.status_code == 302
    assert len(Contact.objects.get().summary) == 5000
