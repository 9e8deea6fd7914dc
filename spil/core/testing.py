"""Test helpers shared by every app: the system Chromium for browser tests."""

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

# Flags for a headless Chromium on a closed network, run as root in CI.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str | None:
    """Debian's chromium; SPIL_CHROMIUM may point elsewhere. Never a downloaded build."""
    explicit = os.environ.get("SPIL_CHROMIUM")
    if explicit:
        return explicit
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@contextmanager
def browser_page() -> Iterator[Any]:
    """A fresh headless page in the system Chromium."""
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    assert path, "no Chromium found"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path, headless=True, args=CHROMIUM_ARGS
        )
        try:
            context = browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam")
            yield context.new_page()
        finally:
            browser.close()


# axe-core's default rules plus WCAG 2.2's target size (2.5.8), which axe leaves off by
# default: the legal norm is WCAG 2.1 AA, Spil builds to 2.2 AA.
AXE_OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}


# axe's results are filtered in the page: only the serious and critical violations come back
# over the wire (the full results of a long page take longer to hand over than the checks).
_SERIOUS = """options => axe.run(document, options).then(results =>
    results.violations.filter(v => v.impact === "serious" || v.impact === "critical"))"""


def serious_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core violations with impact serious or critical on the current page (axe-core as
    axe-playwright-python ships it, run on the whole document)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_script())
    return page.evaluate(_SERIOUS, AXE_OPTIONS)


def axe_script() -> str:
    """axe-core as axe-playwright-python ships it. A test that checks many pages gives it to
    the browser once (`page.context.add_init_script(axe_script())`): sending its 570 kB
    with every page took longer than loading it there."""
    from axe_playwright_python.base import AXE_SCRIPT

    return AXE_SCRIPT


def days_ago(n: int) -> dt.date:
    """Today (Europe/Amsterdam) minus n days; negative n lies ahead."""
    from django.utils import timezone

    return timezone.localdate() - dt.timedelta(days=n)


@contextmanager
def committed() -> Iterator[None]:
    """Run what commits inside as a request would: the `transaction.on_commit` callbacks
    (event subscribers, e-mails) run when the block ends, also those they register."""
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        yield


# --- E-mail through the task queue (docs/adr/0031) ------------------------------------------

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def use_task_queue(settings: Any) -> None:
    """The queue of production (the database backend) instead of the test settings'
    immediate one: enqueued tasks wait in `DBTaskResult` until run."""
    settings.TASKS = DATABASE_QUEUE


def stop_mail_server(settings: Any) -> None:
    """An SMTP server that is not there: a closed local port, refused at once."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 1
    settings.EMAIL_TIMEOUT = 1


def queued_tasks(task_path: str) -> list[Any]:
    """The `DBTaskResult`s of this task, oldest first."""
    from django_tasks_db.models import DBTaskResult

    return list(DBTaskResult.objects.filter(task_path=task_path).order_by("enqueued_at", "id"))


def task_arguments(result: Any) -> str:
    """Everything the queue table holds of a task's arguments, as one text to search."""
    import json

    return json.dumps(result.args_kwargs)


def run_queued_tasks() -> int:
    """Run the ready tasks of the database queue as `manage.py db_worker` does (claim, run,
    record SUCCESSFUL or FAILED with the exception's class), inside the test's own
    transaction: the worker's loop closes connections, which that transaction would not
    survive. Tasks queued for later (a retry's `run_after`) wait. Returns how many ran."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    ran = 0
    while (found := DBTaskResult.objects.ready().order_by("enqueued_at", "id").first()) is not None:
        found.claim(worker.worker_id)
        worker.run_task(found)
        ran += 1
    return ran


def fails_then_is_retried(settings: Any, task_path: str, argument: str) -> Any:
    """With the mail server stopped (`stop_mail_server`), the worker's first attempt at the
    queued task fails visibly (EmailNotSent, no address in its traceback), no e-mail leaves,
    and a second attempt is queued with the same `argument`; then the mail server is back
    and the retry runs and succeeds. Returns the retry's result."""
    from django.core import mail

    run_queued_tasks()  # the worker meets the stopped mail server
    (failed, retry) = queued_tasks(task_path)
    assert failed.status == "FAILED"
    assert failed.exception_class_path == "spil.core.mail.EmailNotSent"
    assert "@" not in failed.traceback
    assert retry.status == "READY" and retry.args_kwargs["kwargs"]["attempt"] == 2
    assert retry.args_kwargs["kwargs"][argument] == failed.args_kwargs["kwargs"][argument]
    assert mail.outbox == []

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    type(retry).objects.filter(pk=retry.pk).update(run_after=failed.enqueued_at)
    assert run_queued_tasks() == 1
    retry.refresh_from_db()
    assert retry.status == "SUCCESSFUL"
    return retry
