"""The family's timeline: what happened, newest first, within what the user may see."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from spil.contacts import services as contact_services
from spil.core.access import family_access
from spil.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _log(world, summary, *, hours_ago=1, note="", crisis=False):
    return contact_services.contact_log(
        access=family_access(world.coach, world.family),
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


def test_every_source_is_on_the_timeline_within_the_parts_of_the_consent(client):
    from spil.contacts.models import Appointment, Promise
    from spil.meetings.tests.factories import MeetingWorld

    world = MeetingWorld()  # a GGZ worker in the team around the family
    coach, family = world.coach, world.family
    missed = contact_services.appointment_plan(
        access=family_access(coach, family),
        starts_at=timezone.now() - dt.timedelta(days=3),
        purpose="Samen naar de woningcorporatie",
    )
    contact_services.appointment_set_status(
        access=family_access(coach, family),
        appointment=missed,
        status=Appointment.Status.NO_SHOW,
    )
    contact_services.appointment_plan(
        access=family_access(coach, family),
        starts_at=timezone.now() + dt.timedelta(days=2),
        purpose="Het budget bijhouden",
    )
    promise = contact_services.promise_record(
        access=family_access(coach, family),
        direction=Promise.Direction.COACH_TO_FAMILY,
        by_user=coach,
        what="Ik bel de school over het rooster",
        due_on=timezone.localdate() - dt.timedelta(days=1),
    )
    contact_services.promise_close(actor=coach, promise=promise, status=Promise.Status.BROKEN)
    contact_services.crisis_record(
        access=family_access(coach, family),
        occurred_at=timezone.now() - dt.timedelta(days=1),
        what_happened="Ruzie met de buren, politie kwam langs.",
    )
    world.meeting(kind="systeembijeenkomst")

    client.force_login(coach)
    body = _timeline(client, world).content.decode()
    for text in (
        "Samen naar de woningcorporatie",
        "Niet verschenen",
        "Het budget bijhouden",
        "komt nog",
        "Ik bel de school over het rooster",
        "Niet nagekomen",
        "Ruzie met de buren",
        "Systeembijeenkomst",
    ):
        assert text in body, text

    # The GGZ worker's consent names the plan only: the meeting, not the rest.
    world.share_with(world.ggz, ["plan"])
    client.force_login(world.ggz_worker)
    body = _timeline(client, world).content.decode()
    assert "Systeembijeenkomst" in body
    for hidden in ("woningcorporatie", "rooster", "Ruzie met de buren"):
        assert hidden not in body, hidden
    world.share_with(world.ggz, ["veiligheid"])
    assert "Ruzie met de buren" in _timeline(client, world).content.decode()


def test_a_crisis_contact_is_on_the_timeline_once_until_the_log_tells_more(client, world):
    from spil.contacts import services

    contact = _log(world, "Politie was er, moeder overstuur.", crisis=True)
    client.force_login(world.coach)
    body = _timeline(client, world).content.decode()
    assert body.count("timeline__item--crisis") == 0  # the contact itself carries the flag
    assert body.count("Politie was er") == 1
    services.crisis_update(
        actor=world.coach,
        crisis=contact.crisis,
        what_happened="Ruzie met de ex-partner aan de deur.",
    )
    body = _timeline(client, world).content.decode()
    assert body.count("timeline__item--crisis") == 1
    assert "Ruzie met de ex-partner" in body
