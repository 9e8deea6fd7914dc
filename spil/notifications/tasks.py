"""Scheduled work of the notifications app (django-tasks; see spil.core.schedule)."""

from django_tasks import task

from . import due


@task()
def run_due_notifications() -> dict[str, int]:
    """The time-based rules for today, as `manage.py send_due_notifications` (daily)."""
    summary = due.run()
    return {"notices": summary.total, "emails": summary.emails}
