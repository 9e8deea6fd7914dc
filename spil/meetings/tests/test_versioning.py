"""No lost updates on the meeting and rhythm forms: a save from a stale form is refused,
naming what stands now, with the user's input kept and nothing of it written; a second
save after reading goes through."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from spil.meetings import services
from spil.meetings.models import Meeting, MeetingRhythm
from spil.plans.selectors import running_trajectory

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


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_a_stale_rhythm_save_is_refused_and_keeps_the_input(world, htmx):
    trajectory = running_trajectory(world.family)
    services.rhythm_set(actor=world.coach, trajectory=trajectory, every_weeks=4)
    url = reverse("meetings:rhythm", kwargs={"uuid": world.family.uuid})
    headers = {"HX-Request": "true"} if htmx else {}
    a, b = _clients(world)
    seen_a = _revision(a.get(url, headers=headers).content.decode())
    seen_b = _revision(b.get(url, headers=headers).content.decode())
    assert seen_a == seen_b == str(MeetingRhythm.objects.get().revision)

    saved = a.post(url, {"every_weeks": "8", "revision": seen_a}, headers=headers)
    assert saved.status_code in (200, 302) and STALE not in saved.content.decode()

    stale = b.post(url, {"every_weeks": "6", "revision": seen_b}, headers=headers)
    body = stale.content.decode()
    assert stale.status_code == 200
    assert STALE in body and "Elke zoveel weken: ‘8’" in body and KEPT in body
    assert 'value="6"' in body  # B's input is still in the form
    stored = MeetingRhythm.objects.get()
    assert stored.every_weeks == 8  # A's stays, nothing of B's is written
    assert _revision(body) == str(stored.revision) != seen_b

    again = b.post(url, {"every_weeks": "6", "revision": _revision(body)}, headers=headers)
    assert STALE not in again.content.decode()
    assert MeetingRhythm.objects.get().every_weeks == 6


def test_a_stale_rhythm_removal_is_refused(world):
    trajectory = running_trajectory(world.family)
    rhythm = services.rhythm_set(actor=world.coach, trajectory=trajectory, every_weeks=4)
    seen = rhythm.revision
    services.rhythm_set(actor=world.coach, trajectory=trajectory, every_weeks=8, revision=seen)
    a = Client()
    a.force_login(world.coach)
    url = reverse("meetings:rhythm", kwargs={"uuid": world.family.uuid})
    body = a.post(url, {"every_weeks": "", "revision": str(seen)}).content.decode()
    assert STALE in body
    assert MeetingRhythm.objects.get().every_weeks == 8
