"""Every family page of this app asks the policy once (`family_access`), through
`family_view`, and never again: selectors and services take the access object."""

import pytest

from spil.contacts import services
from spil.contacts.models import Appointment, Promise
from spil.contacts.tests.factories import hours, local_input, url
from spil.core import access as policy
from spil.core.access import family_access
from spil.core.testing import days_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def counted(monkeypatch):
    calls = {"family_access": 0, "family_parts": 0}
    real_access, real_parts = policy.family_access, policy.family_parts

    def counting_access(*args, **kwargs):
        calls["family_access"] += 1
        return real_access(*args, **kwargs)

    def counting_parts(*args, **kwargs):
        calls["family_parts"] += 1
        return real_parts(*args, **kwargs)

    monkeypatch.setattr(policy, "family_access", counting_access)
    monkeypatch.setattr(policy, "family_parts", counting_parts)
    return calls


def test_each_family_page_asks_the_policy_once(client, world, counted):
    granted = family_access(world.coach, world.family)
    contact = services.contact_log(access=granted, occurred_at=hours(-2), is_crisis=True)
    appointment = services.appointment_plan(access=granted, starts_at=hours(-1))
    promise = services.promise_record(
        access=granted,
        direction=Promise.Direction.COACH_TO_FAMILY,
        what="Bellen",
        due_on=days_ago(-3),
    )
    agreement = services.what_if_agree(
        access=granted, situation="Als", who_does_what="Wie", who_tells_whom="Wie"
    )
    pages = [
        url("contacts:list", world.family),
        url("contacts:new", world.family),
        url("contacts:detail", world.family, contact_uuid=contact.uuid),
        url("contacts:working_note", world.family, contact_uuid=contact.uuid),
        url("contacts:appointments", world.family),
        url("contacts:appointment_new", world.family),
        url("contacts:appointment_status", world.family, appointment_uuid=appointment.uuid),
        url("contacts:promises", world.family),
        url("contacts:promise_new", world.family),
        url("contacts:promise_renegotiate", world.family, promise_uuid=promise.uuid),
        url("contacts:crises", world.family),
        url("contacts:crisis_new", world.family),
        url("contacts:crisis_change", world.family, crisis_uuid=contact.crisis.uuid),
        url("contacts:what_if_new", world.family),
        url("contacts:what_if_end", world.family, agreement_uuid=agreement.uuid),
    ]
    client.force_login(world.coach)
    for page in pages:
        counted.update(family_access=0, family_parts=0)
        assert client.get(page).status_code == 200, page
        assert counted == {"family_access": 1, "family_parts": 1}, page
    # A write asks once too: the service takes the request's access.
    counted.update(family_access=0, family_parts=0)
    response = client.post(
        url("contacts:appointment_new", world.family),
        {
            "starts_at": local_input(hours(24)),
            "ends_at": local_input(hours(25)),
            "place": "Thuis",
            "worker": str(world.backup.uuid),
        },
    )
    assert response.status_code == 302
    assert Appointment.objects.filter(worker=world.backup).exists()
    assert counted == {"family_access": 1, "family_parts": 1}
    counted.update(family_access=0, family_parts=0)
    client.post(
        url("contacts:promise_close", world.family, promise_uuid=promise.uuid),
        {"status": Promise.Status.KEPT},
    )
    assert counted == {"family_access": 1, "family_parts": 1}
