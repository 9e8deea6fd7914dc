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
