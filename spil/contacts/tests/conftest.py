import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from spil.families.tests.conftest import World


@pytest.fixture
def world(db):
    return World()


def url(name, family, **kwargs):
    return reverse(name, kwargs={"uuid": family.uuid, **kwargs})


def hours(n):
    """Now plus n hours (negative: in the past)."""
    return timezone.now() + dt.timedelta(hours=n)


def local_input(moment):
    """A moment as the browser's datetime-local field sends it."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")
