"""Housekeeping of the task queue itself (docs/adr/0031, docs/deployment.md).

`prune_task_results` is the weekly run of django-tasks' own
`manage.py prune_db_task_results --min-age-days 30`: the finished task results (successful
and failed) older than 30 days leave the queue table, so it does not grow forever. Tasks
waiting or running stay. Registered in `CoreConfig.ready()`; `run_scheduled` enqueues it.
"""

import logging

from django.core.management import call_command
from django_tasks import task, task_backends

logger = logging.getLogger(__name__)

# How long a finished task result stays in the list of beheer (failed ones included).
TASK_RESULTS_KEPT_DAYS = 30


@task()
def prune_task_results() -> None:
    """Remove the finished task results older than TASK_RESULTS_KEPT_DAYS, as
    `manage.py prune_db_task_results --min-age-days 30` does (it logs the count)."""
    from django_tasks_db.backend import DatabaseBackend

    if not isinstance(task_backends["default"], DatabaseBackend):
        # The development and test queue runs tasks at once and keeps no table.
        logger.info("task results not pruned: the task backend keeps no results")
        return
    call_command("prune_db_task_results", min_age_days=TASK_RESULTS_KEPT_DAYS, verbosity=1)
