"""What the family does on its plan and about closing, through the portal (issue 14):
agree to the plan or say what not, score the goals at an evaluation, agree to closing.
Bad input is a plain Dutch message and changes nothing; a coach's preview cannot act."""

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory
from django.urls import reverse

from spil.core import access
from spil.core.testing import days_ago
from spil.plans import services as plan_services
from spil.plans.models import PlanResponse, PlanVersion, ScalingAnswer
from spil.plans.tests.factories import PlanWorld
from spil.portal import views
from spil.trajectories import services as trajectory_services
from spil.trajectories.models import ClosingAnswer, Trajectory

from .factories import family_account


@pytest.fixture
def world(db):
    """The family world with a programme, a team around the family and a plan with one
    goal for the whole family (a draft)."""
    world = PlanWorld()
    world.plan = world.start_plan()
    world.family_goal = world.goal(world.plan)
    return world


@pytest.fixture
def noor(world):
    return world.family.members.get(first_name="Noor")


@pytest.fixture
def young_client(client, noor):
    client.force_login(family_account(noor).user)
    return client


def _version(world):
    return PlanVersion.objects.get(plan=world.plan, is_current=True)


def _answer(world, answer, remark="", **extra):
    return {
        "answer": answer,
        "remark": remark,
        "version": str(_version(world).uuid),
        "revision": "0",
        **extra,
    }


def _evaluate(world, goals=None, held=2):
    goals = goals if goals is not None else list(_version(world).goals.all())
    return plan_services.evaluation_record(
        actor=world.coach,
        plan=world.plan,
        held_on=days_ago(held),
        moment="tussentijds",
        goals=[plan_services.GoalProgressData(goal=g, progress="Gaat beter") for g in goals],
    )


def _preview_request(world, method="get", data=None):
    """A request as the coach's "bekijk als gezin" makes it: the member's access with
    preview on (the portal's own decorator keeps an access it finds on the request)."""
    factory = RequestFactory()
    request = getattr(factory, method)("/mijn-gezin/", data or {})
    request.user = world.coach
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    request.family_access = access.member_access(world.coach, world.parent, preview=True)
    return request


# --- Agreeing to the plan --------------------------------------------------------------------


def test_a_parent_agrees_to_the_plan_and_sees_the_answer(parent_client, world):
    page = parent_client.get(reverse("portal:plan")).text
    assert "Ik ben het eens met dit plan" in page and "Ik ben het niet eens met dit plan" in page
    response = parent_client.post(reverse("portal:plan_respond"), _answer(world, "eens"))
    assert response.status_code == 302 and response["Location"] == reverse("portal:plan")
    stored = PlanResponse.objects.get()
    assert (stored.member, stored.version, stored.agrees) == (world.parent, _version(world), True)
    page = parent_client.get(reverse("portal:plan")).text
    assert "Uw antwoord:" in page and 'data-answer="eens"' in page
    assert f'name="revision" value="{stored.revision}"' in page


def test_disagreeing_without_a_remark_is_refused_in_plain_dutch(parent_client, world):
    response = parent_client.post(reverse("portal:plan_respond"), _answer(world, "oneens"))
    assert response.status_code == 200
    assert "Schrijf op waar u het niet mee eens bent." in response.text
    assert not PlanResponse.objects.exists()
    response = parent_client.post(
        reverse("portal:plan_respond"), _answer(world, "oneens", "Te veel tegelijk.")
    )
    assert response.status_code == 302
    assert PlanResponse.objects.get().remark == "Te veel tegelijk."


def test_a_young_person_is_spoken_to_with_je(young_client, world):
    response = young_client.post(reverse("portal:plan_respond"), _answer(world, "oneens"))
    assert "Schrijf op waar je het niet mee eens bent." in response.text
    assert "Wat vind jij van dit plan?" in response.text


@pytest.mark.parametrize(
    "garbage",
    [
        {"answer": "misschien"},
        {"answer": ""},
        {"version": "abc"},
        {"version": "00000000-0000-0000-0000-000000000000"},
        {"revision": "-5"},
        {"revision": "abc"},
        {"revision": "99999999999999999999"},
        {"remark": "x" * 1001, "answer": "oneens"},
    ],
)
def test_garbage_in_the_answer_form_changes_nothing(parent_client, world, garbage):
    response = parent_client.post(reverse("portal:plan_respond"), _answer(world, "eens") | garbage)
    assert response.status_code == 200
    assert 'class="error-summary"' in response.text
    assert not PlanResponse.objects.exists()


def test_a_second_tab_does_not_overwrite_an_answer_it_did_not_show(parent_client, world):
    parent_client.post(reverse("portal:plan_respond"), _answer(world, "oneens", "Nog niet."))
    stale = parent_client.post(reverse("portal:plan_respond"), _answer(world, "eens"))
    assert stale.status_code == 200
    assert "Uw antwoord is intussen veranderd" in stale.text
    stored = PlanResponse.objects.get()
    assert stored.agrees is False
    assert f'name="revision" value="{stored.revision}"' in stale.text  # sending again works
    again = parent_client.post(
        reverse("portal:plan_respond"), _answer(world, "eens", revision=str(stored.revision))
    )
    assert again.status_code == 302
    assert PlanResponse.objects.get().agrees is True


def test_an_agreed_plan_shows_no_answer_form(parent_client, world):
    world.agree(world.plan)
    page = parent_client.get(reverse("portal:plan")).text
    assert "Ik ben het eens met dit plan" not in page
    assert "Dit plan is al afgesproken" in page
    refused = parent_client.post(reverse("portal:plan_respond"), _answer(world, "eens"))
    assert refused.status_code == 200 and "al afgesproken" in refused.text
    assert not PlanResponse.objects.exists()


def test_a_get_to_the_answer_address_is_not_allowed(parent_client):
    assert parent_client.get(reverse("portal:plan_respond")).status_code == 405


# --- Scoring the goals ------------------------------------------------------------------------


def test_without_an_open_evaluation_there_is_nothing_to_score(parent_client, world):
    page = parent_client.get(reverse("portal:plan_scores")).text
    assert "Er is nu geen evaluatie om cijfers bij te geven." in page
    _evaluate(world, held=40)
    page = parent_client.get(reverse("portal:plan_scores")).text
    assert "Er is nu geen evaluatie om cijfers bij te geven." in page
    assert "Cijfers geven" not in parent_client.get(reverse("portal:plan")).text
    response = parent_client.post(reverse("portal:plan_scores"), {})
    assert response.status_code == 200
    assert "Er is nu geen evaluatie om cijfers bij te geven." in response.text
    assert not ScalingAnswer.objects.filter(member__isnull=False).exists()


def test_a_parent_scores_a_goal(parent_client, world):
    evaluation = _evaluate(world)
    goal_evaluation = evaluation.goal_evaluations.get()
    assert "Cijfers geven" in parent_client.get(reverse("portal:plan")).text
    page = parent_client.get(reverse("portal:plan_scores")).text
    assert world.family_goal.title in page
    response = parent_client.post(
        reverse("portal:plan_scores"), {f"doel_{goal_evaluation.uuid}": "8"}
    )
    assert response.status_code == 302
    answer = ScalingAnswer.objects.get(member=world.parent)
    assert (answer.goal_evaluation, answer.value) == (goal_evaluation, 8)
    page = parent_client.get(reverse("portal:plan_scores")).text
    assert 'value="8"' in page  # the own answer stands in the form


@pytest.mark.parametrize("value", ["11", "-1", "abc", "7.5", "99999999999999999999"])
def test_a_score_outside_0_to_10_is_refused_without_change(parent_client, world, value):
    goal_evaluation = _evaluate(world).goal_evaluations.get()
    response = parent_client.post(
        reverse("portal:plan_scores"), {f"doel_{goal_evaluation.uuid}": value}
    )
    assert response.status_code == 200
    assert "Vul een cijfer in van 0 tot en met 10." in response.text
    assert not ScalingAnswer.objects.filter(member__isnull=False).exists()


def test_an_unknown_goal_or_nothing_is_refused_without_change(parent_client, world):
    _evaluate(world)
    for data in ({"doel_00000000-0000-0000-0000-000000000000": "5"}, {"doel_abc": "5"}, {}):
        response = parent_client.post(reverse("portal:plan_scores"), data)
        assert response.status_code == 200
        assert "Vul bij minstens één doel een cijfer in." in response.text
    assert not ScalingAnswer.objects.filter(member__isnull=False).exists()


def test_a_young_person_cannot_score_a_goal_about_their_parent_only(young_client, world, noor):
    parents_goal = world.goal(
        world.plan,
        title="Karin maakt een plan voor de schulden",
        code="financien_schulden",
        whole_family=False,
        members=[world.parent],
    )
    evaluation = _evaluate(world)
    parent_ge = evaluation.goal_evaluations.get(goal__key=parents_goal.key)
    family_ge = evaluation.goal_evaluations.get(goal__key=world.family_goal.key)
    page = young_client.get(reverse("portal:plan_scores")).text
    assert world.family_goal.title in page
    assert parents_goal.title not in page
    response = young_client.post(reverse("portal:plan_scores"), {f"doel_{parent_ge.uuid}": "3"})
    assert response.status_code == 200
    assert not ScalingAnswer.objects.filter(member=noor).exists()
    response = young_client.post(
        reverse("portal:plan_scores"),
        {f"doel_{family_ge.uuid}": "6", f"doel_{parent_ge.uuid}": "3"},
    )
    assert response.status_code == 302
    mine = ScalingAnswer.objects.filter(member=noor).values_list("goal_evaluation", "value")
    assert list(mine) == [(family_ge.pk, 6)]


# --- A coach's preview ------------------------------------------------------------------------


def test_a_preview_shows_the_plan_but_cannot_act(world):
    _evaluate(world)
    goal_evaluation = PlanVersion.objects.get(plan=world.plan).evaluations.get()
    goal_evaluation = goal_evaluation.goal_evaluations.get()
    page = views.plan(_preview_request(world)).content.decode()
    assert world.family_goal.title in page
    assert "Ik ben het eens met dit plan" not in page
    assert "U bekijkt het portaal zoals dit gezinslid het ziet." in page
    refused = views.plan_respond(_preview_request(world, "post", _answer(world, "eens")))
    assert refused.status_code == 200 and "alleen kijken" in refused.content.decode()
    scores = views.plan_scores(_preview_request(world)).content.decode()
    assert "Cijfers bewaren" not in scores
    posted = views.plan_scores(
        _preview_request(world, "post", {f"doel_{goal_evaluation.uuid}": "5"})
    )
    assert posted.status_code == 200 and "alleen kijken" in posted.content.decode()
    closing = views.closing(_preview_request(world)).content.decode()
    assert "Ja, we kunnen afsluiten" not in closing
    posted = views.closing(_preview_request(world, "post", {"answer": "eens"}))
    assert posted.status_code == 200 and "alleen kijken" in posted.content.decode()
    assert not PlanResponse.objects.exists()
    assert not ScalingAnswer.objects.filter(member__isnull=False).exists()
    assert not ClosingAnswer.objects.exists()


# --- Closing with the family ------------------------------------------------------------------


def _nav_has_closing(page):
    return f'href="{reverse("portal:closing")}"' in page


def test_the_closing_page_is_always_there_and_in_the_menu_while_rounding_off(parent_client, world):
    page = parent_client.get(reverse("portal:closing")).text
    assert "De hulp loopt nog." in page and "Ja, we kunnen afsluiten" in page
    assert not _nav_has_closing(parent_client.get(reverse("portal:home")).text)
    trajectory = Trajectory.objects.get(family=world.family)
    trajectory_services.phase_move(
        actor=world.coach, trajectory=trajectory, to_phase="afronding", on=days_ago(0)
    )
    assert _nav_has_closing(parent_client.get(reverse("portal:home")).text)
    page = parent_client.get(reverse("portal:closing")).text
    assert "We zijn bijna klaar." in page


def test_a_parent_agrees_to_closing_and_the_coach_sees_it(parent_client, client, world):
    response = parent_client.post(reverse("portal:closing"), {"answer": "oneens"})
    assert response.status_code == 200
    assert "Schrijf op waarom u het (nog) niet eens bent." in response.text
    assert not ClosingAnswer.objects.exists()
    for garbage in ({"answer": "ja"}, {"answer": "eens", "remark": "x" * 1001}):
        assert parent_client.post(reverse("portal:closing"), garbage).status_code == 200
    assert not ClosingAnswer.objects.exists()
    response = parent_client.post(reverse("portal:closing"), {"answer": "eens"})
    assert response.status_code == 302
    assert ClosingAnswer.objects.get().agrees is True
    assert 'data-answer="eens"' in parent_client.get(reverse("portal:closing")).text
    trajectory = Trajectory.objects.get(family=world.family)
    client.force_login(world.coach)
    page = client.get(reverse("trajectories:close", kwargs={"uuid": trajectory.uuid})).text
    assert "Karin Vos</strong>: eens met afsluiten" in page


def test_after_closing_the_page_says_there_is_nothing_to_decide(parent_client, world):
    trajectory = Trajectory.objects.get(family=world.family)
    trajectory_services.trajectory_close(
        actor=world.coach,
        trajectory=trajectory,
        closed_on=days_ago(0),
        reason="doelen_bereikt",
        reached="Rust",
    )
    page = parent_client.get(reverse("portal:closing")).text
    assert "Ja, we kunnen afsluiten" not in page
    response = parent_client.post(reverse("portal:closing"), {"answer": "eens"})
    assert response.status_code == 200
    assert "Er is nu geen traject om af te sluiten." in response.text
    assert not ClosingAnswer.objects.exists()
