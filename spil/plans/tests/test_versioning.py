"""No lost updates on the plan goal form (also when the save starts a new draft)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from spil.plans.models import Goal

pytestmark = pytest.mark.django_db

STALE = "Iemand anders heeft dit intussen gewijzigd."


def _data(goal, revision, **changes):
    data = {
        "title": goal.title,
        "domain": str(goal.domain.uuid),
        "origin": goal.origin,
        "whole_family": "on",
        "measurable": goal.measurable,
        "revision": revision,
    }
    return {**data, **changes}


def _revision(body):
    return re.search(r'name="revision" value="(\d+)"', body).group(1)


@pytest.mark.parametrize("agreed", [False, True], ids=["draft", "agreed"])
def test_a_stale_goal_save_is_refused_and_keeps_the_input(world, plan, agreed):
    goal = world.goal(plan)
    if agreed:
        world.agree(plan)
    url = reverse("plans:goal_edit", kwargs={"uuid": world.family.uuid, "goal_uuid": goal.uuid})
    a, b = Client(), Client()
    a.force_login(world.coach)
    b.force_login(world.coach)
    seen_a = _revision(a.get(url).content.decode())
    seen_b = _revision(b.get(url).content.decode())

    a.post(url, _data(goal, seen_a, title="Wij hebben rust in huis, elke avond"))
    stale = b.post(url, _data(goal, seen_b, measurable="Drie avonden per week rustig"))
    body = stale.content.decode()
    assert stale.status_code == 200
    assert STALE in body and "‘Wij hebben rust in huis, elke avond’" in body
    assert "Drie avonden per week rustig" in body  # B's input is still in the form
    current = Goal.objects.filter(key=goal.key).order_by("-version__number").first()
    assert current.title == "Wij hebben rust in huis, elke avond"
    assert current.measurable == goal.measurable  # nothing of B's written

    again = b.post(
        url,
        _data(current, _revision(body), measurable="Drie avonden per week rustig"),
    )
    assert again.status_code == 302
    current = Goal.objects.filter(key=goal.key).order_by("-version__number").first()
    assert current.title == "Wij hebben rust in huis, elke avond"
    assert current.measurable == "Drie avonden per week rustig"
