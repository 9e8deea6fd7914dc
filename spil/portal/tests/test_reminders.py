"""Appointment reminders (issue 14): the day before, an e-mail to each member with the
appointment who chose it, sent by a django-tasks task on the database backend, once only,
never with personal details in the subject. And the member's settings page to turn it off."""

import datetime as dt
import logging
import threading
import time
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connections
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from spil.contacts import services as contact_services
from spil.contacts.models import Appointment
from spil.core import audit
from spil.core.access import family_access
from spil.core.mail import EmailNotSent
from spil.core.models import AuditEvent
from spil.core.tests.smtp_server import SMTPServer
from spil.portal.models import FamilyAccount, ReminderSent
from spil.portal.tasks import AMSTERDAM, send_appointment_reminders, tomorrow_bounds

pytestmark = pytest.mark.django_db

# The worker runs as in production: it closes a database connection that is not in
# autocommit, which inside a test's transaction would close the test itself (on
# PostgreSQL). Tests that run it work on committed data instead.
WORKER = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def queue_in_the_database(settings):
    """These tests check the queue itself: the database backend, as in production (the
    test settings run tasks at once elsewhere)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", "--no-reload")


def _enqueue_and_run():
    call_command("send_reminders", stdout=StringIO())
    _run_worker()


def _plan(world, starts_at, members=None, place="Thuis"):
    return contact_services.appointment_plan(
        access=family_access(world.coach, world.family),
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=1),
        place=place,
        purpose="Het plan bespreken",
        members=members,
    )


def _tomorrow_at(hour, minute=0):
    start, _ = tomorrow_bounds()
    return start.replace(hour=hour, minute=minute)


def _noor(world):
    return world.family.members.get(first_name="Noor")


def test_tomorrow_is_the_amsterdam_day():
    # 23:30 UTC on 6 December is already 7 December in Amsterdam: tomorrow is the 8th.
    now = dt.datetime(2026, 12, 6, 23, 30, tzinfo=dt.UTC)
    start, end = tomorrow_bounds(now)
    assert start == dt.datetime(2026, 12, 8, tzinfo=AMSTERDAM)
    assert end == dt.datetime(2026, 12, 9, tzinfo=AMSTERDAM)
    # Summer time: the day starts at 22:00 UTC the evening before.
    start, _ = tomorrow_bounds(dt.datetime(2026, 7, 1, 12, tzinfo=dt.UTC))
    assert start.astimezone(dt.UTC) == dt.datetime(2026, 7, 1, 22, tzinfo=dt.UTC)


@WORKER
def test_the_command_only_enqueues_and_the_worker_sends(world, parent_account):
    _plan(world, _tomorrow_at(10, 30))
    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert mail.outbox == []  # enqueued, not sent
    task = DBTaskResult.objects.get()
    assert task.task_path == "spil.portal.tasks.send_appointment_reminders"
    assert str(task.id) in out.getvalue()
    _run_worker()
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    assert len(mail.outbox) == 1


@WORKER
def test_a_parent_gets_one_plain_reminder_with_time_and_place(world, parent_account):
    appointment = _plan(world, _tomorrow_at(10, 30), place="Op kantoor, Stationsplein 1")
    _enqueue_and_run()
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == [parent_account.user.email]
    assert sent.subject == "Herinnering: u heeft morgen een afspraak"
    for personal in ("Karin", "Vos", "kantoor", "10:30", world.coach.full_name):
        assert personal not in sent.subject
    assert "heeft u om 10:30 een afspraak" in sent.body
    assert "Waar: Op kantoor, Stationsplein 1" in sent.body
    assert "http://localhost:8000/mijn-gezin/afspraken/" in sent.body
    reminder = ReminderSent.objects.get()
    assert (reminder.appointment, reminder.member) == (appointment, world.parent)
    event = AuditEvent.objects.get(action="portal.reminder_sent")
    assert event.object_uuid == appointment.uuid
    assert event.detail == {"lid": str(world.parent.uuid)}


@WORKER
def test_run_twice_one_mail(world, parent_account):
    _plan(world, _tomorrow_at(9))
    _enqueue_and_run()
    _enqueue_and_run()
    assert send_appointment_reminders.call() == 0  # and a third time, directly
    assert len(mail.outbox) == 1
    assert ReminderSent.objects.count() == 1


@WORKER
def test_a_young_person_gets_je(world, young_account):
    _plan(world, _tomorrow_at(15), members=[_noor(world)])
    _enqueue_and_run()
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.subject == "Herinnering: je hebt morgen een afspraak"
    assert "heb je om 15:00 een afspraak" in sent.body
    assert " u " not in sent.body


@WORKER
def test_only_the_members_with_the_appointment_get_one(world, parent_account, young_account):
    _plan(world, _tomorrow_at(15), members=[_noor(world)])
    _enqueue_and_run()
    assert [m.to for m in mail.outbox] == [[young_account.user.email]]


@WORKER
def test_no_members_named_is_the_whole_family(world, parent_account, young_account):
    _plan(world, _tomorrow_at(11))
    _enqueue_and_run()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [parent_account.user.email, young_account.user.email]
    )


@WORKER
def test_no_reminder_for_who_turned_it_off(world, parent_account, young_account):
    FamilyAccount.objects.filter(pk=parent_account.pk).update(reminders_by_email=False)
    _plan(world, _tomorrow_at(11))
    _enqueue_and_run()
    assert [m.to for m in mail.outbox] == [[young_account.user.email]]


@WORKER
def test_no_reminder_for_a_switched_off_account(world, parent_account):
    parent_account.user.is_active = False
    parent_account.user.save()
    _plan(world, _tomorrow_at(11))
    _enqueue_and_run()
    assert mail.outbox == []


@WORKER
def test_only_planned_appointments_of_tomorrow(world, parent_account):
    start, end = tomorrow_bounds()
    _plan(world, start - dt.timedelta(minutes=30))  # today, late evening
    _plan(world, end + dt.timedelta(minutes=30))  # the day after tomorrow, just after midnight
    cancelled = _plan(world, _tomorrow_at(12))
    Appointment.objects.filter(pk=cancelled.pk).update(
        status=Appointment.Status.CANCELLED_BY_FAMILY
    )
    first = _plan(world, start)  # tomorrow, at midnight
    last = _plan(world, end - dt.timedelta(minutes=1))  # tomorrow, 23:59
    _enqueue_and_run()
    assert len(mail.outbox) == 2
    assert set(ReminderSent.objects.values_list("appointment", flat=True)) == {first.pk, last.pk}


@WORKER
def test_no_reminder_to_another_family(world, parent_account):
    from spil.families.tests.factories import make_family
    from spil.trajectories.models import Trajectory

    other = make_family(world.coach, name="Bakker")
    Trajectory.objects.create(
        family=other, kind="gezinscoach", coach=world.coach, started_on=dt.date(2026, 1, 5)
    )
    contact_services.appointment_plan(
        access=family_access(world.coach, other),
        starts_at=_tomorrow_at(10),
        place="Thuis",
    )
    _enqueue_and_run()
    assert mail.outbox == []


# --- A mail server that refuses an address, or does not answer ----------------------------

TASK = "spil.portal.tasks.send_appointment_reminders"


@WORKER
def test_a_refused_address_stops_no_other_reminder_names_no_one_and_is_retried(
    world, parent_account, young_account, settings, caplog
):
    # The accounts in the order the reminders go: the first one's address is refused.
    first, second = FamilyAccount.objects.select_related("user", "member").order_by("id")
    _plan(world, _tomorrow_at(11))  # the whole family
    caplog.set_level(logging.DEBUG)
    with SMTPServer(refuse={first.user.email}) as server:
        server.use(settings)
        _enqueue_and_run()
        assert server.recipients() == [second.user.email]  # the refusal stopped no other

    task = DBTaskResult.objects.get(task_path=TASK, status="FAILED")
    assert task.exception_class_path == "spil.core.mail.EmailNotSent"
    # No address in the stored traceback, nor in any log line of the worker.
    assert "@" not in task.traceback and "Refused" not in task.traceback
    assert first.user.email not in caplog.text and second.user.email not in caplog.text
    # Only what went out is recorded (in the trail too); the refused one waits for the retry.
    assert set(ReminderSent.objects.values_list("member", flat=True)) == {second.member_id}
    (event,) = AuditEvent.objects.filter(action="portal.reminder_sent")
    assert event.detail == {"lid": str(second.member.uuid)}
    retry = DBTaskResult.objects.get(task_path=TASK, status="READY")
    assert retry.args_kwargs["kwargs"] == {"attempt": 2}
    assert retry.run_after > timezone.now()

    # The address is accepted again: the retry sends the one reminder left, once.
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    with SMTPServer() as server:
        server.use(settings)
        _run_worker()
        assert server.recipients() == [first.user.email]
    retry.refresh_from_db()
    assert retry.status == "SUCCESSFUL"
    assert ReminderSent.objects.count() == 2
    assert AuditEvent.objects.filter(action="portal.reminder_sent").count() == 2


@WORKER
def test_an_audited_write_on_the_family_does_not_wait_for_a_silent_mail_server(
    world, parent_account, settings
):
    """While the worker waits for a mail server that does not answer, the coach saves
    something of the same family: that write (and its audit event, which takes the
    family's chain lock) must not wait for the mail server."""
    _plan(world, _tomorrow_at(11), members=[world.parent])
    waited: list[object] = []
    done = threading.Event()

    def coach_saves_meanwhile() -> None:
        # Runs in the mail server's thread, on a database connection of its own, while
        # the worker waits for the server's greeting.
        started = time.monotonic()
        try:
            audit.record(actor=world.coach, action="family.viewed", family=world.family)
            waited.append(time.monotonic() - started)
        except Exception as error:  # what the coach would have met
            waited.append(error)
        finally:
            connections.close_all()
            done.set()

    with SMTPServer(silent=True, on_connect=coach_saves_meanwhile) as server:
        server.use(settings, timeout=3)
        with pytest.raises(Exception) as failed:  # its class is checked below
            send_appointment_reminders.call()
        assert done.wait(timeout=10)
    (took,) = waited
    assert isinstance(took, float), took
    assert took < 1.5  # not the mail server's timeout
    assert failed.type is EmailNotSent
    assert not ReminderSent.objects.exists()  # not sent: tried again later


# --- The member's settings page -------------------------------------------------------------


SETTINGS = "/mijn-gezin/instellingen/"


def test_the_settings_page_is_in_the_portal_menu(parent_client):
    response = parent_client.get(reverse("portal:home"))
    assert f'href="{SETTINGS}"' in response.content.decode()
    page = parent_client.get(SETTINGS)
    assert page.status_code == 200
    assert 'name="reminders_by_email"' in page.content.decode()
    assert "checked" in page.content.decode()


@WORKER
def test_the_member_turns_reminders_off_and_on(parent_client, world, parent_account):
    response = parent_client.post(SETTINGS, {})  # an unticked box is not sent
    assert response.status_code == 302
    parent_account.refresh_from_db()
    assert parent_account.reminders_by_email is False
    event = AuditEvent.objects.get(action="portal.settings_changed")
    assert event.actor == parent_account.user
    assert event.family_uuid == world.family.uuid
    assert event.detail == {"lid": str(world.parent.uuid), "herinnering_email": False}
    _plan(world, _tomorrow_at(11))
    _enqueue_and_run()
    assert mail.outbox == []
    parent_client.post(SETTINGS, {"reminders_by_email": "on"})
    parent_account.refresh_from_db()
    assert parent_account.reminders_by_email is True
    assert AuditEvent.objects.filter(action="portal.settings_changed").count() == 2


def test_saving_the_same_choice_records_nothing(parent_client, parent_account):
    parent_client.post(SETTINGS, {"reminders_by_email": "on"})
    assert not AuditEvent.objects.filter(action="portal.settings_changed").exists()


def test_the_settings_page_answers_404_to_staff(client, world, parent_account):
    client.force_login(world.coach)
    assert client.get(SETTINGS).status_code == 404
    assert client.post(SETTINGS, {}).status_code == 404
    parent_account.refresh_from_db()
    assert parent_account.reminders_by_email is True


def test_a_young_person_reads_je_on_the_settings_page(client, young_account):
    client.force_login(young_account.user)
    page = client.get(SETTINGS).content.decode()
    assert "Wil je een e-mail" in page
    assert "Wilt u" not in page
