import pytest

from spil.notifications.models import Notification

from .factories import NotifyWorld


@pytest.fixture
def world(db, mailoutbox):
    world = NotifyWorld()
    # What setting up the world sent (the GGZ's consent: "informatie gedeeld") is out of
    # the way: each test starts with empty inboxes and an empty outbox.
    Notification.objects.all().delete()
    mailoutbox.clear()
    return world


IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def tasks_run_at_once(settings):
    """The e-mails of a notice go through the task queue (docs/adr/0031); these tests
    check what is sent, so the queue runs each task as it is enqueued. The queue itself
    (database backend, worker, retries) is tested in test_tasks.py."""
    settings.TASKS = IMMEDIATE
