"""No lost updates on the plan's goal and contribution forms (also when the save starts a new
draft); adding a contribution never overwrites one that is there (issue 22)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from spil.plans import services
from spil.plans.models import Contribution, Goal

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


def _contribution(world, plan):
    goal = world.goal(plan)
    return services.contribution_save(
        actor=world.coach, goal=goal, involvement=world.ggz_involvement, part="Gesprekken moeder"
    )


@pytest.mark.parametrize("agreed", [False, True], ids=["draft", "agreed"])
def test_a_stale_contribution_save_is_refused_and_keeps_the_input(world, plan, agreed):
    contribution = _contribution(world, plan)
    if agreed:
        world.agree(plan)
    url = reverse(
        "plans:contribution_change",
        kwargs={"uuid": world.family.uuid, "contribution_uuid": contribution.uuid},
    )
    a, b = Client(), Client()
    a.force_login(world.coach)
    b.force_login(world.coach)
    seen_a = _revision(a.get(url).content.decode())
    seen_b = _revision(b.get(url).content.decode())

    assert a.post(url, {"part": "Wekelijks gesprek", "revision": seen_a}).status_code == 302
    stale = b.post(url, {"part": "Gesprek met vader erbij", "revision": seen_b})
    body = stale.content.decode()
    assert stale.status_code == 200
    assert STALE in body and "Gesprek met vader erbij" in body
    current = Contribution.objects.order_by("-goal__version__number").first()
    assert current.part == "Wekelijks gesprek"

    again = b.post(url, {"part": "Gesprek met vader erbij", "revision": _revision(body)})
    assert again.status_code == 302
    current = Contribution.objects.order_by("-goal__version__number").first()
    assert current.part == "Gesprek met vader erbij"


def test_adding_a_contribution_never_overwrites_the_one_that_is_there(world, plan):
    contribution = _contribution(world, plan)
    client = Client()
    client.force_login(world.coach)
    url = reverse(
        "plans:contribution",
        kwargs={"uuid": world.family.uuid, "goal_uuid": contribution.goal.uuid},
    )
    answer = client.post(
        url, {"involvement": str(world.ggz_involvement.uuid), "part": "Iets heel anders"}
    )
    assert answer.status_code == 200
    assert "heeft al een bijdrage bij dit doel" in answer.content.decode()
    assert list(Contribution.objects.values_list("part", flat=True)) == ["Gesprekken moeder"]
    # the plan page links to the contribution's own form
    page = client.get(reverse("plans:plan", kwargs={"uuid": world.family.uuid}))
    change = reverse(
        "plans:contribution_change",
        kwargs={"uuid": world.family.uuid, "contribution_uuid": contribution.uuid},
    )
    assert change in page.content.decode()
