"""The small scheduler (docs/adr/0031): apps register their daily jobs here, in their
`AppConfig.ready()`; `manage.py run_scheduled` puts each job in the task queue once per
day, at or after its hour (Europe/Amsterdam); `manage.py db_worker` runs it.

    schedule.register("notifications.due", run_due_notifications, hour=6)
    schedule.register("families.emergency_digest", send_digest, hour=7, weekday=0)

A weekly job (`weekday`: 0 is Monday … 6 is Sunday) is due only on that day, at or after
its hour, and like a daily job once that day; a scheduler that is down that whole day
skips that week.

Once a day is recorded in the database (`ScheduledRun`, unique per job and day), so two
schedulers at once, or a scheduler started twice, enqueue a job once. A day without a
run is not caught up for the days before: each job itself looks back (the due notices
work over a window; the seal looks back to the previous seal).
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import ScheduledRun

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@dataclass(frozen=True)
class Job:
    name: str
    task: Any  # a django-tasks Task
    hour: int
    minute: int = 0
    weekday: int | None = None  # None: every day; 0 = Monday … 6 = Sunday: weekly

    def runs_on(self, day: dt.date) -> bool:
        return self.weekday is None or day.weekday() == self.weekday


_JOBS: dict[str, Job] = {}


def register(
    name: str, task: Any, *, hour: int, minute: int = 0, weekday: int | None = None
) -> None:
    """Run `task` (no arguments) once a day from hour:minute, Amsterdam time; with
    `weekday` (0 = Monday … 6 = Sunday) only on that day of the week."""
    if not (0 <= hour < 24 and 0 <= minute < 60):
        raise ValueError(f"job {name}: hour/minute out of range")
    if weekday is not None and weekday not in range(7):
        raise ValueError(f"job {name}: weekday out of range (0 = Monday … 6 = Sunday)")
    _JOBS[name] = Job(name, task, hour, minute, weekday)


def jobs() -> list[Job]:
    return sorted(_JOBS.values(), key=lambda job: (job.hour, job.minute, job.name))


def due(now: dt.datetime | None = None) -> list[Job]:
    """The jobs whose hour has come today (a weekly job: on its weekday) and that were
    not enqueued today."""
    local = timezone.localtime(now or timezone.now(), AMSTERDAM)
    done = set(ScheduledRun.objects.filter(day=local.date()).values_list("job", flat=True))
    return [
        job
        for job in jobs()
        if job.name not in done
        and job.runs_on(local.date())
        and (local.hour, local.minute) >= (job.hour, job.minute)
    ]


def enqueue_due(now: dt.datetime | None = None) -> list[str]:
    """Enqueue every due job once; returns the names enqueued now."""
    local = timezone.localtime(now or timezone.now(), AMSTERDAM)
    enqueued = []
    for job in due(now):
        try:
            with transaction.atomic():
                ScheduledRun.objects.create(job=job.name, day=local.date())
                result = job.task.enqueue()
                ScheduledRun.objects.filter(job=job.name, day=local.date()).update(
                    task_id=str(result.id)
                )
        except IntegrityError:
            continue  # another scheduler was first
        enqueued.append(job.name)
    return enqueued
