"""The notices' e-mails in batches (docs/adr/0031): a claim that expires, so a worker
killed mid-batch loses nothing; one connection per batch, so a stuck mail server costs
one timeout, not one per recipient; a refused address stops no other e-mail; and the daily
run fails visibly when some of its e-mails did not go."""

import datetime as dt
import logging
import threading
import time

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from spil.core.mail import EmailNotSent
from spil.core.testing import queued_tasks, run_queued_tasks, use_task_queue
from spil.core.tests.smtp_server import SMTPServer
from spil.notifications import services, tasks
from spil.notifications.models import Notification
from spil.notifications.rules import Event
from spil.trajectories.deadlines import add_months

from .factories import emails_to

SITUATION = Event.SITUATION_CHANGED.value
SEND_TASK = "spil.notifications.services.send_notification_emails"
DUE_TASK = "spil.notifications.tasks.run_due_notifications"


def _situation_notices(world):
    """The three notices of a situation change the coach marks (one per recipient of the
    rule), stored, their e-mails not yet sent; in the order the e-mails go."""
    with transaction.atomic():
        stored = services.notify(
            event=SITUATION, family=world.family, actor=world.coach, key="x", defer_email=True
        )
    assert len(stored) == 3
    return list(Notification.objects.filter(pk__in=[n.pk for n in stored]).order_by("recipient_id"))


def _in_sending_order(notices):
    return [n.recipient for n in notices]


# --- A worker killed mid-batch ---------------------------------------------------------------


def test_notices_of_a_worker_killed_while_sending_are_sent_once_its_claim_expires(
    world, settings, mailoutbox
):
    notices = _situation_notices(world)
    first, *others = _in_sending_order(notices)
    settings.EMAIL_BACKEND = "spil.notifications.tests.backends.KilledBackend"
    with pytest.raises(SystemExit):
        services.deliver()
    # Nothing went out: no notice may count as e-mailed.
    assert not Notification.objects.filter(emailed_at__isnull=False).exists()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # The killed worker's claim is fresh: it might be a worker still sending. The others go.
    assert services.deliver() == 2
    assert sorted(m.to[0] for m in mailoutbox) == sorted(u.email for u in others)
    # Minutes later the claim has expired: the first recipient's e-mail goes, once.
    Notification.objects.filter(emailed_at__isnull=True).update(
        email_claimed_at=timezone.now()
        - dt.timedelta(minutes=services.EMAIL_CLAIM_MINUTES, seconds=1)
    )
    assert services.deliver() == 1
    assert services.deliver() == 0
    assert len(emails_to(mailoutbox, first)) == 1 and len(mailoutbox) == 3
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
    assert not Notification.objects.filter(email_claimed_at__isnull=False).exists()


@pytest.mark.skipif(
    not connection.features.has_select_for_update_skip_locked,
    reason="SQLite has no row locks: its writers take turns",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # as the worker's tests
def test_a_notice_another_worker_holds_is_skipped_not_waited_for(world, mailoutbox):
    notices = _situation_notices(world)
    held = notices[0]
    locked, release = threading.Event(), threading.Event()

    def other_worker():
        try:
            with transaction.atomic():
                list(Notification.objects.select_for_update().filter(pk=held.pk))
                locked.set()
                release.wait(timeout=10)
        finally:
            connections.close_all()

    thread = threading.Thread(target=other_worker)
    thread.start()
    try:
        assert locked.wait(timeout=10)
        started = time.monotonic()
        assert services.deliver() == 2  # the two others, at once
        assert time.monotonic() - started < 3
    finally:
        release.set()
        thread.join()
    assert emails_to(mailoutbox, held.recipient) == []
    assert services.deliver() == 1  # released: now it goes


# --- One connection per batch ----------------------------------------------------------------


def test_a_silent_mail_server_costs_the_batch_one_timeout_and_keeps_the_rest_waiting(
    world, settings
):
    notices = _situation_notices(world)
    with SMTPServer(silent=True) as server:
        server.use(settings, timeout=1)
        started = time.monotonic()
        with pytest.raises(EmailNotSent) as failed:
            services.send_notification_emails.call(ids=[n.pk for n in notices])
        took = time.monotonic() - started
        assert server.connections == 1  # not one per recipient
    assert took < 2.5
    assert str(failed.value).startswith("3 e-mail(s) not sent, 0 sent")
    waiting = Notification.objects.filter(pk__in=[n.pk for n in notices])
    assert waiting.filter(emailed_at__isnull=True, email_claimed_at__isnull=True).count() == 3

    with SMTPServer() as server:  # the mail server answers again: the retry sends them all
        server.use(settings)
        assert services.send_notification_emails.call(ids=[n.pk for n in notices]) == 3
        assert server.connections == 1
        assert sorted(server.recipients()) == sorted(n.recipient.email for n in notices)


def test_a_refused_address_stops_no_other_e_mail_and_names_no_one(world, settings, caplog):
    notices = _situation_notices(world)
    first, *others = _in_sending_order(notices)
    caplog.set_level(logging.DEBUG)
    with SMTPServer(refuse={first.email}) as server:
        server.use(settings)
        with pytest.raises(EmailNotSent) as failed:
            services.send_notification_emails.call(ids=[n.pk for n in notices])
        assert server.recipients() == [u.email for u in others]
        assert server.connections == 1
    assert str(failed.value).startswith("1 e-mail(s) not sent, 2 sent")
    assert failed.value.__cause__ is None and failed.value.__context__ is None
    assert "@" not in caplog.text
    first_notice = Notification.objects.get(recipient=first, key=notices[0].key)
    assert first_notice.emailed_at is None and first_notice.email_claimed_at is None
    assert Notification.objects.filter(emailed_at__isnull=False).count() == 2


# --- The daily run --------------------------------------------------------------------------


def test_the_daily_run_fails_visibly_when_an_e_mail_was_refused_after_sending_the_others(
    world, settings, caplog
):
    use_task_queue(settings)
    # Six months from the start: the trajectory ends in 20 days; coach, back-up and their
    # teamleider are told.
    world.trajectory.started_on = add_months(timezone.localdate() + dt.timedelta(days=20), -6)
    world.trajectory.save()
    caplog.set_level(logging.DEBUG)
    with SMTPServer(refuse={world.coach.email}) as server:
        server.use(settings)
        tasks.run_due_notifications.enqueue()
        run_queued_tasks()
        assert sorted(server.recipients()) == sorted([world.backup.email, world.team_lead.email])
    (run,) = queued_tasks(DUE_TASK)
    assert run.status == "FAILED"
    assert run.exception_class_path == "spil.core.mail.EmailNotSent"
    assert "1 e-mail(s) not sent, 2 sent" in run.traceback
    assert "@" not in run.traceback and world.coach.email not in caplog.text
    # The coach's e-mail is retried as every notice's is: a next attempt, later.
    (retry,) = queued_tasks(SEND_TASK)
    assert retry.status == "READY" and retry.run_after > timezone.now()
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    waiting = Notification.objects.filter(emailed_at__isnull=True, send_email=True)
    assert list(waiting.values_list("recipient", flat=True)) == [world.coach.pk]
    assert sorted(retry.args_kwargs["kwargs"]["ids"]) == [waiting.get().pk]
