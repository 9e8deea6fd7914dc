"""Test data for contacts: worlds and builders other apps' tests may import too
(never another app's conftest; fixtures stay in conftest.py)."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone


def url(name, family, **kwargs):
    return reverse(name, kwargs={"uuid": family.uuid, **kwargs})


def hours(n):
    """Now plus n hours (negative: in the past)."""
    return timezone.now() + dt.timedelta(hours=n)


def local_input(moment):
    """A moment as the browser's datetime-local field sends it."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")
