"""No lost updates on the trajectory's details form: a save from a stale form is refused,
naming what stands now, with the user's input kept and nothing of it written; a second
save after reading goes through."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from spil.trajectories.models import Trajectory

pytestmark = pytest.mark.django_db

STALE = "Iemand anders heeft dit intussen gewijzigd."


def _revision(body):
    return re.search(r'name="revision" value="(\d+)"', body).group(1)


def _post_data(trajectory, **changes):
    return {
        "trajectory_type": trajectory.trajectory_type,
        "family_type": trajectory.family_type,
        "style": trajectory.style,
        "specific_tasks": trajectory.specific_tasks,
        "broad_lines": list(trajectory.broad_lines or []),
        "reachable_hours": trajectory.reachable_hours,
        "reachable_channel": trajectory.reachable_channel,
        "out_of_hours_route": trajectory.out_of_hours_route,
        **changes,
    }


def test_a_stale_details_save_is_refused_and_keeps_the_input(world, trajectory):
    url = reverse("trajectories:edit", kwargs={"uuid": trajectory.uuid})
    a, b = Client(), Client()
    a.force_login(world.coach)
    b.force_login(world.coach)
    seen_a = _revision(a.get(url).content.decode())
    seen_b = _revision(b.get(url).content.decode())
    assert seen_a == seen_b == str(trajectory.revision)

    saved = a.post(
        url, {**_post_data(trajectory, reachable_hours="ma–vr 9–17"), "revision": seen_a}
    )
    assert saved.status_code == 302

    stale = b.post(url, {**_post_data(trajectory, reachable_channel="Signal"), "revision": seen_b})
    body = stale.content.decode()
    assert stale.status_code == 200
    assert STALE in body and "Bereikbaar op: ‘ma–vr 9–17’" in body
    assert "Uw invoer staat nog in het formulier" in body
    assert 'value="Signal"' in body  # B's input is still in the form
    stored = Trajectory.objects.get(pk=trajectory.pk)
    assert stored.reachable_hours == "ma–vr 9–17"  # A's stays
    assert stored.reachable_channel == trajectory.reachable_channel  # nothing of B's
    assert _revision(body) == str(stored.revision) != seen_b

    again = b.post(
        url, {**_post_data(stored, reachable_channel="Signal"), "revision": _revision(body)}
    )
    assert again.status_code == 302
    stored = Trajectory.objects.get(pk=trajectory.pk)
    assert (stored.reachable_hours, stored.reachable_channel) == ("ma–vr 9–17", "Signal")
