"""Issue 22: a refused family (the 404 that hides it) is logged as a security event —
who, when, which family — and does not show in that family's "wie keek"."""

import uuid

import pytest
from django.urls import reverse

from spil.core import audit
from spil.core.models import AuditEvent
from spil.families import selectors

pytestmark = pytest.mark.django_db


def _refusals():
    return AuditEvent.objects.filter(action=audit.FAMILY_REFUSED)


def test_a_refused_family_is_recorded_with_user_time_and_family(client, world):
    client.force_login(world.other_coach)
    response = client.get(reverse("families:overview", kwargs={"uuid": world.family.uuid}))
    assert response.status_code == 404
    (event,) = _refusals()
    assert event.actor == world.other_coach
    assert event.occurred_at is not None
    assert event.detail == {"family": str(world.family.uuid), "reason": "no_access"}
    assert event.request_id  # tied to the web request


def test_an_unknown_family_is_recorded_with_the_uuid_asked_for(client, world):
    asked = uuid.uuid4()
    client.force_login(world.coach)
    assert client.get(reverse("families:overview", kwargs={"uuid": asked})).status_code == 404
    (event,) = _refusals()
    assert event.actor == world.coach
    assert event.detail == {"family": str(asked), "reason": "unknown"}


def test_a_refusal_does_not_show_in_the_familys_who_looked(client, world):
    client.force_login(world.other_coach)
    client.get(reverse("families:overview", kwargs={"uuid": world.family.uuid}))
    assert _refusals().count() == 1
    looks = selectors.who_looked(family=world.family)
    assert audit.FAMILY_REFUSED not in {look.event.action for look in looks}
    assert world.other_coach.id not in {look.event.actor_id for look in looks}
    client.force_login(world.coach)
    page = client.get(reverse("families:who_looked", kwargs={"uuid": world.family.uuid}))
    assert world.other_coach.full_name not in page.content.decode()


def test_a_failing_audit_write_still_answers_404(client, world, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("audit store unavailable")

    client.force_login(world.other_coach)
    monkeypatch.setattr(audit, "record", broken)
    response = client.get(reverse("families:overview", kwargs={"uuid": world.family.uuid}))
    assert response.status_code == 404
