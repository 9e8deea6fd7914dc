"""E-mails leave through the task queue (docs/adr/0031): a stopped mail server never
slows or breaks a coach's save; the worker sends, retries and shows what failed."""

import datetime as dt
import socket

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from spil.core.mail import EMAIL_ATTEMPTS, EmailNotSent
from spil.notifications import services
from spil.notifications.models import Notification
from spil.notifications.rules import Event

SITUATION = Event.SITUATION_CHANGED.value
TASK = "spil.notifications.services.send_notification_emails"


def _closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again when the probe closes


# The worker closes a connection that is not in autocommit, which inside a test's
# transaction would close the test itself (on PostgreSQL): tests that run it work on
# committed data (as spil/portal/tests/test_reminders.py).
WORKER = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _run_worker():
    call_command(
        "db_worker", "--batch", "--no-startup-delay", "--interval", "0", "--no-reload", verbosity=0
    )


@pytest.fixture
def queue(settings):
    """The real queue of production: the database backend."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def mail_server_down(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = _closed_port()
    settings.EMAIL_TIMEOUT = 2


def _mark_change(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.coach)
    url = reverse("notifications:situation", kwargs={"uuid": world.family.uuid})
    day = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(url, {"category": "wonen", "noticed_on": day})


@WORKER
def test_a_save_with_the_mail_server_down_succeeds_and_the_task_fails_visibly_then_retries(
    client, world, queue, mail_server_down, mailoutbox, settings, django_capture_on_commit_callbacks
):
    response = _mark_change(client, world, django_capture_on_commit_callbacks)
    assert response.status_code == 302  # the save is done; no mail server was asked
    waiting = Notification.objects.filter(event=SITUATION, send_email=True)
    assert waiting.count() == 3 and not waiting.filter(emailed_at__isnull=False).exists()
    (queued,) = DBTaskResult.objects.filter(task_path=TASK)
    assert queued.status == "READY"

    _run_worker()  # the worker meets the stopped mail server
    queued.refresh_from_db()
    assert queued.status == "FAILED"
    assert queued.exception_class_path == "spil.core.mail.EmailNotSent"
    assert "@" not in queued.traceback  # counts only, no addresses
    (retry,) = DBTaskResult.objects.filter(task_path=TASK, status="READY")
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    assert retry.run_after > timezone.now()  # later, not in a tight loop
    assert not waiting.filter(emailed_at__isnull=False).exists()  # kept for the next try
    assert mailoutbox == []

    # The mail server is back; the next attempt sends them all, once.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    _run_worker()
    retry.refresh_from_db()
    assert retry.status == "SUCCESSFUL"
    assert len(mailoutbox) == 3
    assert not waiting.filter(emailed_at__isnull=True).exists()


def test_the_last_attempt_queues_no_other(world, queue, settings):
    settings.EMAIL_BACKEND = "spil.notifications.tests.backends.RefusingBackend"
    services.notify(event=SITUATION, family=world.family, actor=world.coach, key="x")
    ids = list(Notification.objects.filter(send_email=True).values_list("pk", flat=True))
    with pytest.raises(EmailNotSent):
        services.send_notification_emails.call(ids=ids, attempt=EMAIL_ATTEMPTS)
    assert not DBTaskResult.objects.filter(task_path=TASK, status="READY").exists()


@WORKER
def test_mail_is_sent_when_the_worker_runs(
    client, world, queue, mailoutbox, django_capture_on_commit_callbacks
):
    assert _mark_change(client, world, django_capture_on_commit_callbacks).status_code == 302
    assert mailoutbox == []  # queued, not sent inside the request
    _run_worker()
    assert sorted(m.to[0] for m in mailoutbox) == sorted(world.told(SITUATION))
    assert DBTaskResult.objects.get(task_path=TASK).status == "SUCCESSFUL"


@WORKER
def test_the_failed_tasks_are_listed_for_the_beheerder(
    client, world, queue, settings, administrator
):
    settings.EMAIL_BACKEND = "spil.notifications.tests.backends.RefusingBackend"
    services.notify(event=SITUATION, family=world.family, actor=world.coach, key="y")
    ids = list(Notification.objects.filter(send_email=True).values_list("pk", flat=True))
    services.send_notification_emails.enqueue(ids=ids)
    _run_worker()
    client.force_login(administrator)
    url = reverse("admin:django_tasks_database_dbtaskresult_changelist") + "?status__exact=FAILED"
    page = client.get(url).content.decode()
    assert "send_notification_emails" in page
    assert "EmailNotSent" in page
    client.force_login(world.coach)
    assert client.get(url).status_code == 404  # not for a coach
