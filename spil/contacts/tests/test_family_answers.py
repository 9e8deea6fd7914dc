"""A family member confirms or cancels an appointment in the portal (issue 14): only a
planned, future appointment of their own family that they see; a young person cancels only
their own; never in a coach's preview; a stale answer is refused; the reason stays out of
the audit trail; the coach sees the answer and is told of a cancellation."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from spil.contacts import selectors, services
from spil.contacts.models import Appointment
from spil.core import events
from spil.core.access import family_access, member_access
from spil.core.audit_labels import known as known_labels
from spil.core.models import AuditEvent
from spil.core.testing import committed
from spil.families.tests.factories import make_family
from spil.notifications.models import Notification
from spil.portal.tests.factories import family_account

from .factories import hours, url

REASON = "Daan is ziek, we hebben koorts in huis"


def appointment(world, *, family=None, members=(), starts=None, status="gepland"):
    a = Appointment.objects.create(
        family=family or world.family,
        starts_at=starts or hours(48),
        worker=world.coach,
        purpose="Gesprek over de week",
        status=status,
        created_by=world.coach,
    )
    a.members.set(members)
    return Appointment.objects.get(pk=a.pk)


def access_of(member):
    return member_access(family_account(member).user, member)


@pytest.fixture
def noor(world):
    return world.family.members.get(first_name="Noor")


@pytest.fixture
def parent(world):
    return access_of(world.parent)


def answer(access, a, *, confirm, reason="", revision=None):
    return services.family_answer_appointment(
        access=access,
        appointment=a,
        confirm=confirm,
        reason=reason,
        revision=a.revision if revision is None else revision,
    )


def fresh(a):
    return Appointment.objects.get(pk=a.pk)


# --- Confirm ---------------------------------------------------------------------------


def test_a_parent_confirms_a_planned_appointment(world, parent):
    a = appointment(world)
    answer(parent, a, confirm=True)
    a = fresh(a)
    assert a.confirmed_at is not None
    assert a.answered_by_member == world.parent
    assert a.status == Appointment.Status.PLANNED
    assert a.revision == 2
    event = AuditEvent.objects.get(action="appointment.family_confirmed")
    assert event.object_uuid == a.uuid
    assert event.family_uuid == world.family.uuid
    assert event.detail == {"lid": str(world.parent.uuid)}
    assert "appointment.family_confirmed" in known_labels()


def test_a_confirmation_emits_the_event_and_tells_nobody(world, parent, monkeypatch):
    heard = []
    monkeypatch.setitem(
        events._subscribers,
        events.AppointmentAnswered,
        [*events.subscribers(events.AppointmentAnswered), heard.append],
    )
    a = appointment(world)
    with committed():
        answer(parent, a, confirm=True)
    assert heard == [
        events.AppointmentAnswered(
            family_id=world.family.pk,
            actor_id=parent.user.pk,
            member_id=world.parent.pk,
            appointment_id=a.pk,
            cancelled=False,
        )
    ]
    assert not Notification.objects.filter(event="afspraak_afgezegd_door_gezin").exists()


def test_confirming_twice_is_refused(world, parent):
    a = appointment(world)
    answer(parent, a, confirm=True)
    with pytest.raises(ValidationError, match="al bevestigd"):
        answer(parent, fresh(a), confirm=True)


# --- Cancel ----------------------------------------------------------------------------


def test_a_parent_cancels_with_a_reason_and_the_coach_is_told(world, parent, mailoutbox):
    a = appointment(world)
    with committed():
        answer(parent, a, confirm=False, reason=f"  {REASON}\n ")
    a = fresh(a)
    assert a.status == Appointment.Status.CANCELLED_BY_FAMILY
    assert a.status_note == REASON
    assert a.answered_by_member == world.parent
    event = AuditEvent.objects.get(action="appointment.family_cancelled")
    assert REASON not in str(event.detail)
    assert "koorts" not in str(event.detail)
    notice = Notification.objects.get(recipient=world.coach, event="afspraak_afgezegd_door_gezin")
    assert "koorts" not in notice.body and "Karin" not in notice.body
    assert [m.to for m in mailoutbox] == [[world.coach.email]]
    assert "koorts" not in mailoutbox[0].body


@pytest.mark.parametrize(
    "reason, message",
    [("", "waarom"), ("   \n\t ", "waarom"), ("x" * 5000, "te lang"), ("x" * 301, "te lang")],
)
def test_a_cancellation_needs_a_short_reason(world, parent, reason, message):
    a = appointment(world)
    with pytest.raises(ValidationError, match=message):
        answer(parent, a, confirm=False, reason=reason)
    a = fresh(a)
    assert a.status == Appointment.Status.PLANNED and a.status_note == ""
    assert not AuditEvent.objects.filter(action="appointment.family_cancelled").exists()


def test_the_reason_is_kept_as_one_plain_line(world, parent):
    a = appointment(world)
    answer(parent, a, confirm=False, reason="Ziek\n\nsorry\x00\x07 <b>echt</b>")
    assert fresh(a).status_note == "Ziek sorry <b>echt</b>"  # the template escapes it


def test_a_confirmed_appointment_can_still_be_cancelled(world, parent):
    a = appointment(world)
    answer(parent, a, confirm=True)
    answer(parent, fresh(a), confirm=False, reason=REASON)
    assert fresh(a).status == Appointment.Status.CANCELLED_BY_FAMILY


# --- What may not be answered ----------------------------------------------------------


def test_a_past_appointment_is_refused(world, parent):
    a = appointment(world, starts=hours(-2))
    with pytest.raises(ValidationError, match="voorbij"):
        answer(parent, a, confirm=False, reason=REASON)
    assert fresh(a).status == Appointment.Status.PLANNED


@pytest.mark.parametrize("status", ["afgezegd_werker", "nagekomen", "afgezegd_gezin"])
def test_only_a_planned_appointment_is_answered(world, parent, status):
    a = appointment(world, status=status)
    with pytest.raises(ValidationError):
        answer(parent, a, confirm=True)
    assert fresh(a).confirmed_at is None


def test_another_familys_appointment_is_404(world, parent):
    other = make_family(world.other_coach, name="Bakker")
    a = appointment(world, family=other)
    with pytest.raises(Http404):
        answer(parent, a, confirm=False, reason=REASON)
    assert fresh(a).status == Appointment.Status.PLANNED


def test_a_coachs_preview_cannot_answer(world):
    preview = member_access(world.coach, world.parent, preview=True)
    a = appointment(world)
    with pytest.raises(Http404):
        answer(preview, a, confirm=True)
    with pytest.raises(Http404):
        answer(preview, a, confirm=False, reason=REASON)
    a = fresh(a)
    assert a.confirmed_at is None and a.status == Appointment.Status.PLANNED


def test_a_young_person_answers_only_what_is_with_them(world, noor):
    daan = world.family.members.get(first_name="Daan")
    young = access_of(noor)
    with_daan = appointment(world, members=[daan])
    with pytest.raises(Http404):  # not hers to see
        answer(young, with_daan, confirm=True)
    whole_family = appointment(world)
    with pytest.raises(ValidationError, match="ouder"):
        answer(young, whole_family, confirm=False, reason=REASON)
    assert fresh(whole_family).status == Appointment.Status.PLANNED
    answer(young, whole_family, confirm=True)  # she may say she comes
    with_her = appointment(world, members=[noor, world.parent])
    answer(young, with_her, confirm=False, reason=REASON)
    assert fresh(with_her).status == Appointment.Status.CANCELLED_BY_FAMILY


def test_the_rights_match_what_the_service_allows(world, noor):
    young, parent = access_of(noor), access_of(world.parent)
    whole_family = appointment(world)
    assert selectors.family_answer_rights(parent, whole_family) == selectors.FamilyAnswerRights(
        confirm=True, cancel=True
    )
    assert selectors.family_answer_rights(young, whole_family) == selectors.FamilyAnswerRights(
        confirm=True, cancel=False
    )
    past = appointment(world, starts=hours(-1))
    assert not selectors.family_answer_rights(parent, past).any
    preview = member_access(world.coach, world.parent, preview=True)
    assert not selectors.family_answer_rights(preview, whole_family).any


# --- A stale answer --------------------------------------------------------------------


def test_cancelling_an_appointment_the_coach_changed_since_is_refused(world, parent):
    a = appointment(world)
    seen = a.revision
    # The coach moves it after the family opened the page.
    moved = fresh(a)
    moved.starts_at = moved.starts_at + dt.timedelta(days=1)
    moved.save()
    with pytest.raises(ValidationError, match="intussen veranderd"):
        answer(parent, fresh(a), confirm=False, reason=REASON, revision=seen)
    assert fresh(a).status == Appointment.Status.PLANNED


def test_an_answer_after_the_coach_cancelled_is_refused(world, parent):
    a = appointment(world)
    seen = a.revision
    services.appointment_set_status(
        access=family_access(world.coach, world.family),
        appointment=fresh(a),
        status="afgezegd_werker",
        note="Coach ziek",
    )
    with pytest.raises(ValidationError, match="intussen veranderd"):
        answer(parent, fresh(a), confirm=False, reason=REASON, revision=seen)
    a = fresh(a)
    assert a.status == Appointment.Status.CANCELLED_BY_WORKER
    assert a.status_note == "Coach ziek"


# --- What the coach sees -----------------------------------------------------------------


def test_the_coach_sees_the_familys_answers_on_the_appointments_page(client, world, parent):
    confirmed = appointment(world)
    answer(parent, confirmed, confirm=True)
    cancelled = appointment(world, starts=hours(72))
    answer(parent, cancelled, confirm=False, reason=REASON)
    client.force_login(world.coach)
    response = client.get(url("contacts:appointments", world.family))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bevestigd door Karin" in html
    assert "Via het portaal, door Karin." in html
    assert f"Reden: {REASON}" in html


def test_when_the_coach_records_a_family_cancellation_it_is_not_shown_as_the_portals(
    client, world, parent
):
    a = appointment(world)
    answer(parent, a, confirm=True)
    services.appointment_set_status(
        access=family_access(world.coach, world.family),
        appointment=fresh(a),
        status="afgezegd_gezin",
        note="Belde af",
    )
    assert fresh(a).answered_by_member is None
    client.force_login(world.coach)
    html = client.get(url("contacts:appointments", world.family)).content.decode()
    assert "Via het portaal" not in html


def test_confirmed_at_is_in_the_past_or_now(world, parent):
    a = appointment(world)
    before = timezone.now()
    answer(parent, a, confirm=True)
    assert before <= fresh(a).confirmed_at <= timezone.now()
