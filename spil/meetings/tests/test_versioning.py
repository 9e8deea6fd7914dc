"""No lost updates on the meeting and rhythm forms: a save from a stale form is refused,
naming what stands now, with the user's input kept and nothing of it written; a second
save after reading goes through."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from spil.meetings.models import Meeting

pytestmark = pytest.mark.django_db

STALE = "Iemand anders heeft dit intussen gewijzigd."
KEPT = "Uw invoer staat nog in het formulier"


def _revision(body):
    return re.search(r'name="revision" value="(\d+)"', body).group(1)


def _clients(world):
    a, b = Client(), Client()
    a.force_login(world.coach)
    b.force_login(world.coach)
    return a, b


def _meeting_post(world, meeting, **changes):
    return {
        "kind": meeting.kind,
        "starts_at": timezone.localtime(meeting.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "place": meeting.place,
        "chair": f"coach:{world.coach.uuid}",
        "members": [str(world.parent.uuid)],
        "family_present": "on",
        **changes,
    }


def test_a_stale_meeting_save_is_refused_and_keeps_the_input(world):
    meeting = world.meeting()
    url = reverse("meetings:edit", kwargs={"uuid": world.family.uuid, "meeting_uuid": meeting.uuid})
    a, b = _clients(world)
    seen_a = _revision(a.get(url).content.decode())
    seen_b = _revision(b.get(url).content.decode())
    assert seen_a == seen_b == str(meeting.revision)

    saved = a.post(url, {**_meeting_post(world, meeting, place="Op school"), "revision": seen_a})
    assert saved.status_code == 302

    stale = b.post(
        url, {**_meeting_post(world, meeting, place="Bij oma thuis"), "revision": seen_b}
    )
    body = stale.content.decode()
    assert stale.status_code == 200
    assert STALE in body and "‘Op school’" in body and KEPT in body
    assert 'value="Bij oma thuis"' in body  # B's input is still in the form
    stored = Meeting.objects.get(pk=meeting.pk)
    assert stored.place == "Op school"  # A's stays, nothing of B's is written
    assert _revision(body) == str(stored.revision) != seen_b

    again = b.post(
        url, {**_meeting_post(world, stored, place="Bij oma thuis"), "revision": _revision(body)}
    )
    assert again.status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).place == "Bij oma thuis"
