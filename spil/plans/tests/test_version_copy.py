"""A new draft after agreement copies each goal's members (issue 14: a young person sees
the family's goals and their own; a goal whose members were lost in the copy vanished
from their portal and read "for nobody" on the plan)."""

import pytest

from spil.plans.models import Goal

pytestmark = pytest.mark.django_db


def test_a_new_draft_keeps_for_whom_each_goal_is(world, plan):
    noor = world.family.members.get(first_name="Noor")
    world.goal(plan, title="Ik ga elke dag naar school", whole_family=False, members=[noor])
    world.goal(plan, title="Wij hebben rust in huis")
    world.agree(plan)
    world.goal(plan, title="Wij eten samen op vrijdag")  # a change: a new draft
    draft = {g.title: g for g in Goal.objects.filter(version__number=2)}
    assert set(draft) == {
        "Ik ga elke dag naar school",
        "Wij hebben rust in huis",
        "Wij eten samen op vrijdag",
    }
    assert list(draft["Ik ga elke dag naar school"].members.all()) == [noor]
    assert not draft["Ik ga elke dag naar school"].whole_family
    assert draft["Wij hebben rust in huis"].whole_family
