"""Signals in the demo (issue 15 §3): coach1 and coach2 gave signals, teamlead1 passed a
bundle that policy1 answered, one signal waits unbundled, two breakthroughs; each role sees
its part, and building it again changes nothing."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from spil.accounts.models import User
from spil.demo import region, signals
from spil.signals.models import Answer, Breakthrough, Bundle, Signal
from spil.signals.reporting import section

pytestmark = pytest.mark.django_db


def _user(handle):
    return User.objects.get(email=f"{handle}@{region.DEMO_DOMAIN}")


def _counts():
    return (
        Signal.objects.count(),
        Bundle.objects.count(),
        Answer.objects.count(),
        Breakthrough.objects.count(),
        sorted(Signal.objects.values_list("revision", flat=True)),
    )


def test_the_demo_round_of_signals(demo_seeded, client):
    assert {s.author.email.split("@")[0] for s in Signal.objects.all()} == {"coach1", "coach2"}
    bundle = Bundle.objects.get(title=signals.BUNDLE_TITLE)
    assert bundle.passed_by == _user("teamlead1") and bundle.status == "opgelost"
    assert bundle.signals.count() == 2
    assert list(bundle.answers.values_list("status", "answered_by__email")) == [
        ("ontvangen", "policy1@demo.spil.test"),
        ("opgelost", "policy1@demo.spil.test"),
    ]
    assert Signal.objects.filter(bundle__isnull=True).count() == 1
    assert set(Breakthrough.objects.values_list("for_whom", flat=True)) == {"gezin", "gemeente"}
    assert signals.summary() in demo_seeded
    # The coach reads the municipality's answer on their signal.
    mine = bundle.signals.get(author=_user("coach1"))
    client.force_login(_user("coach1"))
    page = client.get(reverse("signals:detail", kwargs={"uuid": mine.uuid})).content.decode()
    assert signals.ANSWER_REASON in page
    # The policy officer sees the passed bundle, not the waiting signal.
    client.force_login(_user("policy1"))
    page = client.get(reverse("signals:list")).content.decode()
    assert signals.BUNDLE_TITLE in page
    waiting = Signal.objects.get(bundle__isnull=True)
    assert client.get(reverse("signals:detail", kwargs={"uuid": waiting.uuid})).status_code == 404


def test_the_demo_signals_in_the_monitoring(demo_seeded):
    today = timezone.localdate()
    found = section(date_from=today - dt.timedelta(days=365), date_to=today)
    figures = {f.key: f.cell for f in found.figures}
    assert figures["signals_total"].text == "<5"  # three signals: a small count
    assert figures["answer_median_days"].value == 4.0  # passed 35, answered 31 days ago
    assert len(found.notes) == 2


def test_building_the_demo_signals_twice_changes_nothing(demo_seeded):
    users = {a.handle: _user(a.handle) for a in region.ACCOUNTS}
    before = _counts()
    signals.build_signals(users)
    assert _counts() == before
