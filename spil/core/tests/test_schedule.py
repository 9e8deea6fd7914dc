"""The small scheduler: each daily job is enqueued once a day, from its hour on; a weekly
job once on its weekday, from its hour on."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from spil.core import schedule
from spil.core.models import ScheduledRun
from spil.core.testing import run_queued_tasks

pytestmark = pytest.mark.django_db


def _at(day, hour, minute=0):
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=schedule.AMSTERDAM)


@pytest.fixture
def queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


MONDAY = dt.date(2026, 3, 2)
TUESDAY = MONDAY + dt.timedelta(days=1)
SUNDAY = MONDAY + dt.timedelta(days=6)


def test_the_jobs_of_the_apps_are_registered():
    jobs = {
        job.name: (job.weekday, job.hour, job.minute, job.task.module_path)
        for job in schedule.jobs()
    }
    assert {"audit.seal", "notifications.due", "portal.reminders"} <= set(jobs)
    # The jobs the docs promise (docs/adr/0027, 0031, docs/deployment.md).
    assert jobs["rights.retention"] == (None, 3, 0, "spil.rights.tasks.apply_retention")
    assert jobs["families.emergency_digest"] == (
        0,
        7,
        0,
        "spil.families.tasks.send_emergency_access_digest",
    )
    assert jobs["core.prune_task_results"] == (
        6,
        4,
        0,
        "spil.core.housekeeping.prune_task_results",
    )


def test_a_job_is_enqueued_once_a_day_from_its_hour(queue):
    day = TUESDAY  # no weekly job today
    assert schedule.enqueue_due(_at(day, 1, 59)) == []
    assert schedule.enqueue_due(_at(day, 7)) == [
        "audit.seal",
        "rights.retention",
        "notifications.due",
    ]
    assert schedule.enqueue_due(_at(day, 7, 5)) == []  # not twice
    assert schedule.enqueue_due(_at(day, 18)) == ["portal.reminders"]
    assert schedule.enqueue_due(_at(day + dt.timedelta(days=1), 3)) == [
        "audit.seal",
        "rights.retention",
    ]
    paths = sorted(DBTaskResult.objects.values_list("task_path", flat=True))
    assert paths == sorted(
        [
            "spil.core.tasks.seal_audit_chains",
            "spil.core.tasks.seal_audit_chains",
            "spil.rights.tasks.apply_retention",
            "spil.rights.tasks.apply_retention",
            "spil.notifications.tasks.run_due_notifications",
            "spil.portal.tasks.send_appointment_reminders",
        ]
    )
    assert all(run.task_id for run in ScheduledRun.objects.all())


def _due(name, when):
    return name in {job.name for job in schedule.due(when)}


@pytest.mark.parametrize(
    ("name", "weekday", "hour"),
    [("families.emergency_digest", 0, 7), ("core.prune_task_results", 6, 4)],
)
def test_a_weekly_job_is_due_only_on_its_weekday_from_its_hour_once(queue, name, weekday, hour):
    its_day = MONDAY + dt.timedelta(days=weekday)
    assert its_day.weekday() == weekday
    assert not _due(name, _at(its_day, hour - 1, 59))
    assert _due(name, _at(its_day, hour))
    assert _due(name, _at(its_day, 23, 59))  # a late scheduler still runs it that day
    # Not on any other day of the week, however late.
    for other in range(1, 7):
        assert not _due(name, _at(its_day + dt.timedelta(days=other), 23, 59))
    # Once that day.
    assert name in schedule.enqueue_due(_at(its_day, hour, 1))
    assert not _due(name, _at(its_day, 23, 59))
    assert name not in schedule.enqueue_due(_at(its_day, 23, 59))
    # And again a week later.
    assert name in schedule.enqueue_due(_at(its_day + dt.timedelta(days=7), hour))
    assert ScheduledRun.objects.filter(job=name).count() == 2


def test_a_weekday_out_of_range_is_refused():
    with pytest.raises(ValueError):
        schedule.register("test.bad", object(), hour=7, weekday=7)
    assert "test.bad" not in {job.name for job in schedule.jobs()}


def test_the_command_enqueues_what_is_due_and_lists_the_jobs(queue):
    out = io.StringIO()
    call_command("run_scheduled", "--list", stdout=out)
    assert "02:00  audit.seal" in out.getvalue()
    assert "\n03:00  rights.retention\n" in out.getvalue()
    # A weekly job with its day, in Dutch.
    assert "maandag 07:00  families.emergency_digest" in out.getvalue()
    assert "zondag 04:00  core.prune_task_results" in out.getvalue()
    call_command("run_scheduled", stdout=io.StringIO())
    call_command("run_scheduled", stdout=io.StringIO())
    assert DBTaskResult.objects.count() == ScheduledRun.objects.count()


def test_the_due_notifications_task_runs_in_the_worker(queue):
    from spil.notifications.tasks import run_due_notifications

    assert run_due_notifications.call() == {"notices": 0, "emails": 0}


def _result(status, days_ago, **extra):
    now = dt.datetime.now(dt.UTC)
    return DBTaskResult.objects.create(
        status=status,
        task_path="spil.core.tasks.seal_audit_chains",
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        run_after=now - dt.timedelta(days=days_ago),
        finished_at=now - dt.timedelta(days=days_ago) if status != "RUNNING" else None,
        **extra,
    )


def test_the_weekly_prune_removes_old_task_results_and_keeps_recent_ones(queue):
    old_ok = _result("SUCCESSFUL", 31)
    old_failed = _result("FAILED", 45, exception_class_path="spil.core.mail.EmailNotSent")
    recent_ok = _result("SUCCESSFUL", 29)
    recent_failed = _result("FAILED", 2, exception_class_path="spil.core.mail.EmailNotSent")
    running = _result("RUNNING", 60)  # a worker is still at it: stays
    assert "core.prune_task_results" in schedule.enqueue_due(_at(SUNDAY, 4))
    run_queued_tasks()
    prune = DBTaskResult.objects.get(task_path="spil.core.housekeeping.prune_task_results")
    assert prune.status == "SUCCESSFUL", prune.traceback
    left = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert not {old_ok.pk, old_failed.pk} & left
    assert {recent_ok.pk, recent_failed.pk, running.pk} <= left
