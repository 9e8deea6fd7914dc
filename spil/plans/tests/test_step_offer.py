"""A plan step can point to an offer of the sociale kaart (issue 16): "aanmelden bij …",
with the waiting time and how to apply, kept in every version of the plan."""

import pytest
from django.urls import reverse

from spil.directory.tests.factories import make_offer
from spil.plans import services
from spil.plans.models import Step

pytestmark = pytest.mark.django_db


def _url(world, name, **kwargs):
    return reverse(f"plans:{name}", kwargs={"uuid": world.family.uuid, **kwargs})


@pytest.fixture
def offer():
    return make_offer(
        "Hulp bij schulden",
        kind="schuldhulp",
        waiting_weeks=4,
        request="Bel het loket op werkdagen.",
    )


def test_a_step_points_to_an_offer_through_the_form(client, world, plan, offer):
    goal = world.goal(plan)
    client.force_login(world.coach)
    url = _url(world, "step_new", goal_uuid=goal.uuid)
    form = client.get(url).content.decode()
    assert f'value="{offer.uuid}"' in form and "Welzijn Testdorp: Hulp bij schulden" in form
    assert f"?gezin={world.family.uuid}" in form  # the sociale kaart for this family
    response = client.post(
        url,
        {
            "what": "Aanmelden bij de schuldhulp",
            "owner": f"coach:{world.coach.uuid}",
            "offer": str(offer.uuid),
        },
    )
    assert response.status_code == 302
    step = Step.objects.get()
    assert step.offer == offer
    page = client.get(_url(world, "plan")).content.decode()
    assert "Aanmelden bij Welzijn Testdorp: Hulp bij schulden" in page
    assert "4 weken" in page and "Bel het loket op werkdagen." in page
    assert f'href="/sociale-kaart/?gezin={world.family.uuid}"' in page


def test_an_unknown_or_inactive_offer_is_refused(client, world, plan, offer):
    goal = world.goal(plan)
    client.force_login(world.coach)
    url = _url(world, "step_new", goal_uuid=goal.uuid)
    gone = make_offer("Gestopt aanbod", is_active=False)
    for value in ("00000000-0000-4000-8000-000000000000", "12", str(gone.uuid), "x" * 300):
        response = client.post(
            url, {"what": "Aanmelden", "owner": f"coach:{world.coach.uuid}", "offer": value}
        )
        assert response.status_code == 200, value
        assert "errorlist" in response.content.decode()
    assert not Step.objects.exists()
    with pytest.raises(Exception, match="niet meer"):
        services.step_add(
            actor=world.coach, goal=goal, what="Aanmelden", owner=world.coach, offer=gone
        )


def test_the_offer_is_changed_and_kept_in_the_next_version(client, world, plan, offer):
    goal = world.goal(plan)
    step = world.step(goal, what="Aanmelden")
    other = make_offer("Budgetcursus", kind="schuldhulp", waiting_weeks=0)
    client.force_login(world.coach)
    url = _url(world, "step_edit", step_uuid=step.uuid)
    response = client.post(
        url,
        {
            "what": "Aanmelden",
            "owner": f"lid:{world.parent.uuid}",
            "offer": str(other.uuid),
            "revision": step.revision,
        },
    )
    assert response.status_code == 302
    step = Step.objects.get(key=step.key, goal__version=plan.versions.order_by("-number").first())
    assert step.offer == other
    edit = client.get(_url(world, "step_edit", step_uuid=step.uuid)).content.decode()
    assert f'<option value="{other.uuid}" selected>' in edit
    world.agree(plan)
    services.step_update(
        actor=world.coach,
        step=step,
        what="Aanmelden, samen bellen",
        owner=world.parent,
        offer=other,
    )
    assert set(Step.objects.filter(key=step.key).values_list("offer", flat=True)) == {other.pk}
    assert Step.objects.filter(key=step.key).count() == 2


def test_the_plan_page_does_not_grow_with_linked_offers(
    client, world, plan, django_assert_max_num_queries
):
    goal = world.goal(plan)
    client.force_login(world.coach)
    url = _url(world, "plan")
    first = world.step(goal, what="Stap 0")
    services.step_update(
        actor=world.coach, step=first, what="Stap 0", owner=world.parent, offer=make_offer("A 0")
    )
    client.get(url)
    with django_assert_max_num_queries(200) as few:
        client.get(url)
    for n in range(1, 5):
        step = world.step(goal, what=f"Stap {n}")
        services.step_update(
            actor=world.coach,
            step=step,
            what=f"Stap {n}",
            owner=world.parent,
            offer=make_offer(f"A {n}"),
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count("Aanmelden bij") == 5
