"""The scheduled run of the retention periods (django-tasks). Another part of Spil
schedules it (daily or weekly); `manage.py apply_retention` runs the same by hand."""

import logging

from django_tasks import task

from . import retention

logger = logging.getLogger(__name__)


@task()
def apply_retention() -> dict[str, int]:
    """Destroy what is past its retention period; returns the counts by category (no
    names, no ids) and writes them to the destruction log."""
    logs = retention.apply(actor=None, run_as="taak")
    counts = {log.category: log.count for log in logs}
    logger.info("retention applied: %s", counts)
    return counts
