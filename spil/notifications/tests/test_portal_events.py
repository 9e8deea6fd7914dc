"""What a family does in its portal reaches the coach (issue 14): each portal event becomes
a notice for the coach (and the back-up, or the appointment's worker, where the rule says
so), with no names and no words of the family, and an e-mail without personal data."""

import datetime as dt

import pytest
from django.utils import timezone

from spil.core import events
from spil.core.testing import committed
from spil.notifications.models import CommunicationRule, Notification
from spil.notifications.rules import Event
from spil.portal.models import CorrectionRequest, Message
from spil.portal.tests.factories import family_account

from .factories import FAMILY_NAMES, assert_no_personal_data, emails_to

FAMILY_WORDS = "Daan heeft koorts en Karin kan niet"


@pytest.fixture
def account(world):
    return family_account(world.parent)


def emit(event):
    with committed():
        events.emit(event)


def told(world, event):
    return {
        n.recipient
        for n in Notification.objects.filter(event=event, family=world.family).select_related(
            "recipient"
        )
    }


def assert_plain(world, event):
    notices = list(Notification.objects.filter(event=event))
    assert notices
    for notice in notices:
        for word in [*FAMILY_NAMES, "koorts"]:
            assert word not in notice.title and word not in notice.body, word


def base(world, account):
    return {"family_id": world.family.pk, "actor_id": account.user.pk, "member_id": world.parent.pk}


# --- The plan ----------------------------------------------------------------------------


@pytest.mark.parametrize("agrees, words", [(True, "akkoord"), (False, "niet eens")])
def test_a_response_to_the_plan_tells_coach_and_backup(world, account, mailoutbox, agrees, words):
    plan = world.start_plan()
    version = plan.versions.get()
    emit(events.FamilyRespondedToPlan(**base(world, account), version_id=version.pk, agrees=agrees))
    assert told(world, Event.FAMILY_PLAN_RESPONSE) == {world.coach, world.backup}
    notice = Notification.objects.filter(event=Event.FAMILY_PLAN_RESPONSE).first()
    assert notice.title == "Het gezin reageerde op het plan"
    assert words in notice.body
    assert_plain(world, Event.FAMILY_PLAN_RESPONSE)
    for user in (world.coach, world.backup):
        [mail] = emails_to(mailoutbox, user)
        assert_no_personal_data(mail)
    # Not the team within consent, not the teamleider, never the family account.
    assert not Notification.objects.filter(recipient=world.ggz_worker).exists()
    assert not Notification.objects.filter(recipient=account.user).exists()


def test_the_same_response_heard_twice_is_one_notice(world, account):
    version = world.start_plan().versions.get()
    event = events.FamilyRespondedToPlan(**base(world, account), version_id=version.pk, agrees=True)
    emit(event)
    emit(event)
    assert Notification.objects.filter(event=Event.FAMILY_PLAN_RESPONSE).count() == 2  # 2 people


# --- Appointments ------------------------------------------------------------------------


def test_a_cancelled_appointment_tells_the_coach_and_the_appointments_worker(
    world, account, mailoutbox
):
    appointment = world.appointment(worker=world.backup, day=3, hour=14)
    emit(
        events.AppointmentAnswered(
            **base(world, account), appointment_id=appointment.pk, cancelled=True
        )
    )
    assert told(world, Event.FAMILY_CANCELLED_APPOINTMENT) == {world.coach, world.backup}
    notice = Notification.objects.filter(event=Event.FAMILY_CANCELLED_APPOINTMENT).first()
    assert notice.title == "Afspraak afgezegd door het gezin"
    assert "14:00" in notice.body
    assert "Gesprek met Karin" not in notice.body  # the purpose stays in the file
    assert_plain(world, Event.FAMILY_CANCELLED_APPOINTMENT)
    for mail in mailoutbox:
        assert_no_personal_data(mail)
    assert len(mailoutbox) == 2


def test_a_confirmed_appointment_tells_nobody(world, account, mailoutbox):
    appointment = world.appointment()
    emit(
        events.AppointmentAnswered(
            **base(world, account), appointment_id=appointment.pk, cancelled=False
        )
    )
    assert not Notification.objects.exists()
    assert mailoutbox == []


# --- Consents ----------------------------------------------------------------------------


def test_a_withdrawn_consent_tells_coach_and_backup(world, account):
    emit(
        events.ConsentChangedByFamily(
            **base(world, account), consent_id=world.ggz_consent.pk, withdrawn=True
        )
    )
    assert told(world, Event.FAMILY_CONSENT_CHANGED) == {world.coach, world.backup}
    notice = Notification.objects.filter(event=Event.FAMILY_CONSENT_CHANGED).first()
    assert "trok" in notice.body and "GGZ" in notice.body
    assert_plain(world, Event.FAMILY_CONSENT_CHANGED)


def test_a_given_consent_tells_the_coach_once_and_the_team_that_it_is_shared(world, account):
    emit(
        events.ConsentChangedByFamily(
            **base(world, account), consent_id=world.ggz_consent.pk, withdrawn=False
        )
    )
    assert told(world, Event.FAMILY_CONSENT_CHANGED) == {world.coach, world.backup}
    # The GGZ worker (within consent) hears that information is shared; the coach and
    # back-up are not told the same thing twice; the school (no consent) hears nothing.
    assert told(world, Event.INFORMATION_SHARED) == {world.ggz_worker}
    assert not Notification.objects.filter(recipient=world.teacher).exists()


# --- Messages, corrections, closing ------------------------------------------------------


def test_a_message_from_the_family_tells_the_coach(world, account, mailoutbox):
    message = Message.objects.create(
        family=world.family, author=account.user, member=world.parent, body=FAMILY_WORDS
    )
    emit(events.FamilyMessageSent(**base(world, account), message_id=message.pk))
    assert told(world, Event.FAMILY_MESSAGE) == {world.coach}
    assert_plain(world, Event.FAMILY_MESSAGE)
    [mail] = mailoutbox
    assert mail.to == [world.coach.email]
    assert "koorts" not in mail.body
    assert_no_personal_data(mail)


def test_a_correction_request_tells_coach_and_backup_with_its_deadline(world, account):
    today = timezone.localdate()
    request = CorrectionRequest.objects.create(
        family=world.family,
        member=world.parent,
        about="ons plan, doel 2",
        request=FAMILY_WORDS,
        requested_on=today,
        due_on=today + dt.timedelta(days=30),
    )
    emit(events.CorrectionRequested(**base(world, account), request_id=request.pk))
    assert told(world, Event.CORRECTION_REQUESTED) == {world.coach, world.backup}
    notice = Notification.objects.filter(event=Event.CORRECTION_REQUESTED).first()
    assert notice.title == "Verzoek om correctie"
    assert str((today + dt.timedelta(days=30)).year) in notice.body
    assert "doel 2" not in notice.body
    assert_plain(world, Event.CORRECTION_REQUESTED)


@pytest.mark.parametrize("agrees, words", [(True, "akkoord"), (False, "niet eens")])
def test_an_answer_on_closing_tells_coach_and_backup(world, account, agrees, words):
    emit(
        events.FamilyAnsweredClosing(
            **base(world, account), trajectory_id=world.trajectory.pk, agrees=agrees
        )
    )
    assert told(world, Event.FAMILY_ON_CLOSING) == {world.coach, world.backup}
    notice = Notification.objects.filter(event=Event.FAMILY_ON_CLOSING).first()
    assert words in notice.body
    assert_plain(world, Event.FAMILY_ON_CLOSING)


# --- The rules stay the beheerder's --------------------------------------------------------


def test_a_rule_switched_off_tells_nobody(world, account):
    CommunicationRule.objects.filter(event=Event.FAMILY_MESSAGE).update(is_active=False)
    message = Message.objects.create(
        family=world.family, author=account.user, member=world.parent, body=FAMILY_WORDS
    )
    emit(events.FamilyMessageSent(**base(world, account), message_id=message.pk))
    assert not Notification.objects.exists()


def test_the_backup_can_be_added_to_the_message_rule(world, account):
    CommunicationRule.objects.filter(event=Event.FAMILY_MESSAGE).update(to_backup=True)
    message = Message.objects.create(
        family=world.family, author=account.user, member=world.parent, body=FAMILY_WORDS
    )
    emit(events.FamilyMessageSent(**base(world, account), message_id=message.pk))
    assert told(world, Event.FAMILY_MESSAGE) == {world.coach, world.backup}
