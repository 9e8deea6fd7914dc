"""The family's timeline: what happened, newest first, within what the user may see."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from spil.contacts import services as contact_services
from spil.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _log(world, summary, *, hours_ago=1, note="", crisis=False):
    return contact_services.contact_log(
        actor=world.coach,
        family=world.family,
        occurred_at=timezone.now() - dt.timedelta(hours=hours_ago),
        members=[world.parent],
        summary=summary,
        working_note=note,
        is_crisis=crisis,
    )


def _timeline(client, world):
    return client.get(reverse("families:timeline", kwargs={"uuid": world.family.uuid}))


def test_contacts_appear_newest_first_with_the_trajectory_start(client, world):
    _log(world, "Eerste bezoek.", hours_ago=48)
    _log(world, "Tweede bezoek.", hours_ago=2, crisis=True)
    client.force_login(world.coach)
    body = _timeline(client, world).content.decode()
    assert (
        body.index("Tweede bezoek.")
        < body.index("Eerste bezoek.")
        < body.index("Het traject begon")
    )
    assert "Huisbezoek met Karin" in body
    assert AuditEvent.objects.filter(action="family.timeline_viewed").count() == 1


def test_working_notes_never_appear_on_the_timeline(client, world):
    _log(world, "Over school.", note="Vermoeden van schulden.")
    client.force_login(world.coach)
    body = _timeline(client, world).content.decode()
    assert "Over school." in body and "schulden" not in body


def test_a_professional_sees_only_the_parts_the_consent_names(client, world):
    _log(world, "Samen de post doorgenomen.")
    world.family.involvements.create(role="ggz", organisation=world.ggz, worker=world.ggz_worker)
    world.share_with(world.ggz, ["plan"])
    client.force_login(world.ggz_worker)
    response = _timeline(client, world)
    assert response.status_code == 200
    assert "Samen de post" not in response.content.decode()
    world.share_with(world.ggz, ["contacten"])
    assert "Samen de post" in _timeline(client, world).content.decode()


def test_no_access_means_404(client, world):
    for user in (world.ggz_worker, world.policy, world.admin, world.other_coach):
        client.force_login(user)
        assert _timeline(client, world).status_code == 404


def test_timeline_queries_stay_flat(client, world, django_assert_max_num_queries):
    client.force_login(world.coach)
    for hours in range(2):
        _log(world, "Bezoek", hours_ago=hours + 1)
    with django_assert_max_num_queries(60) as few:
        _timeline(client, world)
    for hours in range(30):
        _log(world, "Bezoek", hours_ago=hours + 10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        _timeline(client, world)
