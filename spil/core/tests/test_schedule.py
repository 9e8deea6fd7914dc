"""The small scheduler: each daily job is enqueued once a day, from its hour on."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from spil.core import schedule
from spil.core.models import ScheduledRun

pytestmark = pytest.mark.django_db


def _at(day, hour, minute=0):
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=schedule.AMSTERDAM)


@pytest.fixture
def queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_the_jobs_of_the_apps_are_registered():
    names = {job.name for job in schedule.jobs()}
    assert {"audit.seal", "notifications.due", "portal.reminders"} <= names


def test_a_job_is_enqueued_once_a_day_from_its_hour(queue):
    day = dt.date(2026, 3, 2)
    assert schedule.enqueue_due(_at(day, 1, 59)) == []
    assert schedule.enqueue_due(_at(day, 7)) == ["audit.seal", "notifications.due"]
    assert schedule.enqueue_due(_at(day, 7, 5)) == []  # not twice
    assert schedule.enqueue_due(_at(day, 18)) == ["portal.reminders"]
    assert schedule.enqueue_due(_at(day + dt.timedelta(days=1), 3)) == ["audit.seal"]
    paths = sorted(DBTaskResult.objects.values_list("task_path", flat=True))
    assert paths == sorted(
        [
            "spil.core.tasks.seal_audit_chains",
            "spil.core.tasks.seal_audit_chains",
            "spil.notifications.tasks.run_due_notifications",
            "spil.portal.tasks.send_appointment_reminders",
        ]
    )
    assert all(run.task_id for run in ScheduledRun.objects.all())


def test_the_command_enqueues_what_is_due_and_lists_the_jobs(queue):
    out = io.StringIO()
    call_command("run_scheduled", "--list", stdout=out)
    assert "02:00  audit.seal" in out.getvalue()
    call_command("run_scheduled", stdout=io.StringIO())
    call_command("run_scheduled", stdout=io.StringIO())
    assert DBTaskResult.objects.count() == ScheduledRun.objects.count()


def test_the_due_notifications_task_runs_in_the_worker(queue):
    from spil.notifications.tasks import run_due_notifications

    assert run_due_notifications.call() == {"notices": 0, "emails": 0}
