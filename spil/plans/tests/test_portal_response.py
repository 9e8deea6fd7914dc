"""The family's voice on the plan (issue 14): a member agrees to the working version or
says what not, and scores the goals of the open evaluation; the coach sees both."""

import uuid
from contextlib import contextmanager

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from spil.core import access, events
from spil.core.audit_labels import known as known_labels
from spil.core.models import AuditEvent
from spil.core.testing import committed, days_ago
from spil.core.versioning import StaleEdit
from spil.plans import selectors, services
from spil.plans.models import Evaluation, PlanResponse, PlanVersion, ScalingAnswer
from spil.portal.tests.factories import family_account


@contextmanager
def listening(event_type):
    """Hear `event_type` for the length of the block (as a subscriber app would)."""
    heard = []
    events.subscribe(event_type, heard.append)
    try:
        yield heard
    finally:
        events._subscribers[event_type].remove(heard.append)


def _checked(page, value):
    """Whether the input with this value is checked in the rendered form."""
    return "checked" in page.split(f'value="{value}"')[1].split(">")[0]


@pytest.fixture
def noor(world):
    return world.family.members.get(first_name="Noor")


@pytest.fixture
def parent_access(world):
    account = family_account(world.parent)
    return access.member_access(account.user, world.parent)


@pytest.fixture
def young_access(noor):
    account = family_account(noor)
    return access.member_access(account.user, noor)


@pytest.fixture
def draft(world, plan):
    world.goal(plan)
    return plan


def test_a_parent_agrees_to_the_draft_audited_and_told(world, draft, parent_access):
    with listening(events.FamilyRespondedToPlan) as heard, committed():
        response = services.family_respond_to_plan(access=parent_access, agrees=True)
    version = PlanVersion.objects.get(plan=draft, is_current=True)
    assert (response.version, response.member, response.agrees) == (version, world.parent, True)
    event = AuditEvent.objects.get(action="plan.family_responded")
    assert event.actor == parent_access.user
    assert event.object_uuid == world.parent.uuid
    assert event.family_uuid == world.family.uuid
    assert event.detail == {
        "version": str(version.uuid),
        "member": str(world.parent.uuid),
        "agrees": True,
    }
    assert "plan.family_responded" in known_labels()
    assert [(e.member_id, e.version_id, e.agrees) for e in heard] == [
        (world.parent.pk, version.pk, True)
    ]


def test_disagreeing_without_a_remark_is_refused_in_dutch_and_stores_nothing(
    draft, parent_access, young_access
):
    with pytest.raises(ValidationError) as refused:
        services.family_respond_to_plan(access=parent_access, agrees=False, remark="   ")
    assert "Schrijf op waar u het niet mee eens bent." in str(refused.value)
    with pytest.raises(ValidationError) as refused_young:
        services.family_respond_to_plan(access=young_access, agrees=False)
    assert "Schrijf op waar je het niet mee eens bent." in str(refused_young.value)
    assert not PlanResponse.objects.exists()
    assert not AuditEvent.objects.filter(action="plan.family_responded").exists()


def test_the_member_changes_the_answer_while_the_draft_stands_one_row(draft, parent_access):
    first = services.family_respond_to_plan(access=parent_access, agrees=True, revision=0)
    changed = services.family_respond_to_plan(
        access=parent_access,
        agrees=False,
        remark="Het rooster is te vol.",
        revision=first.revision,
    )
    assert PlanResponse.objects.count() == 1
    stored = PlanResponse.objects.get()
    assert stored.pk == first.pk == changed.pk
    assert (stored.agrees, stored.remark) == (False, "Het rooster is te vol.")


def test_a_second_tab_cannot_overwrite_an_answer_it_did_not_see(draft, parent_access):
    shown = services.family_respond_to_plan(access=parent_access, agrees=True, revision=0)
    services.family_respond_to_plan(
        access=parent_access, agrees=False, remark="Toch niet.", revision=shown.revision
    )
    with pytest.raises(StaleEdit):  # the first tab still shows the first answer
        services.family_respond_to_plan(access=parent_access, agrees=True, revision=shown.revision)
    with pytest.raises(StaleEdit):  # a tab that showed no answer at all
        services.family_respond_to_plan(access=parent_access, agrees=True, revision=0)
    assert PlanResponse.objects.get().agrees is False


def test_an_answer_to_a_version_the_member_did_not_read_is_refused(world, draft, parent_access):
    read = PlanVersion.objects.get(plan=draft, is_current=True)
    world.agree(draft)
    world.goal(draft, title="Wij eten samen")  # a new draft, version 2
    with pytest.raises(ValidationError, match="intussen veranderd"):
        services.family_respond_to_plan(access=parent_access, agrees=True, version_uuid=read.uuid)
    assert not PlanResponse.objects.exists()


def test_an_agreed_version_takes_no_answer_and_a_plan_without_goals_neither(
    world, plan, parent_access
):
    with pytest.raises(ValidationError, match="nog geen doelen"):
        services.family_respond_to_plan(access=parent_access, agrees=True)
    world.goal(plan)
    world.agree(plan)
    with pytest.raises(ValidationError, match="al afgesproken"):
        services.family_respond_to_plan(access=parent_access, agrees=True)
    assert not PlanResponse.objects.exists()


def test_a_coach_previewing_the_portal_cannot_answer(world, draft):
    preview = access.member_access(world.coach, world.parent, preview=True)
    assert preview.parts and not preview.may_act()
    with pytest.raises(ValidationError, match="alleen kijken"):
        services.family_respond_to_plan(access=preview, agrees=True)
    with pytest.raises(ValidationError, match="alleen kijken"):
        services.family_score_goals(access=preview, evaluation=_evaluate(world, draft), scores={})
    assert not PlanResponse.objects.exists()
    assert not ScalingAnswer.objects.filter(member__isnull=False).exists()


def test_the_coach_sees_each_answer_on_the_plan_page(client, world, draft, parent_access):
    noor = world.family.members.get(first_name="Noor")
    client.force_login(world.coach)
    url = reverse("plans:plan", args=[world.family.uuid])
    assert "Nog niemand van het gezin heeft in het portaal geantwoord" in client.get(url).text
    services.family_respond_to_plan(access=parent_access, agrees=True)
    services.family_respond_to_plan(
        access=access.member_access(family_account(noor).user, noor),
        agrees=False,
        remark="Ik wil mijn eigen kamer opruimen.",
    )
    page = client.get(url).text
    assert "Wat het gezin zegt" in page
    assert (
        f'data-member="{world.parent.uuid}"><strong>Karin Vos</strong>: eens met dit plan' in page
    )
    assert f'data-member="{noor.uuid}"><strong>Noor Vos</strong>: <span class="flag">niet eens' in (
        page
    )
    assert "Ik wil mijn eigen kamer opruimen." in page


def test_the_agreement_page_shows_the_answers_and_proposes_those_who_agreed(
    client, world, draft, parent_access
):
    services.family_respond_to_plan(access=parent_access, agrees=True)
    client.force_login(world.coach)
    page = client.get(reverse("plans:agreement", args=[world.family.uuid])).text
    assert "Wat het gezin zegt" in page and "eens met dit plan" in page
    assert _checked(page, "portaal") and not _checked(page, "in_gesprek")
    assert _checked(page, world.parent.uuid)
    assert not _checked(page, world.daan.uuid)


# --- Scoring the goals at an evaluation -------------------------------------------------------


def _evaluate(world, plan, held=3, goals=None):
    version = PlanVersion.objects.get(plan=plan, is_current=True)
    goals = goals if goals is not None else list(version.goals.all())
    return services.evaluation_record(
        actor=world.coach,
        plan=plan,
        held_on=days_ago(held),
        moment="tussentijds",
        goals=[services.GoalProgressData(goal=g, progress="Het gaat beter") for g in goals],
    )


def test_a_parent_scores_the_goals_and_the_coach_sees_it_in_the_series(
    client, world, draft, parent_access
):
    evaluation = _evaluate(world, draft)
    goal_evaluation = evaluation.goal_evaluations.get()
    services.family_score_goals(
        access=parent_access, evaluation=evaluation, scores={goal_evaluation.uuid: 6}
    )
    services.family_score_goals(  # changed: still one answer of hers
        access=parent_access, evaluation=evaluation, scores={goal_evaluation.uuid: 7}
    )
    answer = ScalingAnswer.objects.get(member=world.parent)
    assert (answer.goal_evaluation, answer.value) == (goal_evaluation, 7)
    event = AuditEvent.objects.filter(action="plan.family_scored").latest("id")
    assert event.detail == {
        "evaluation": str(evaluation.uuid),
        "member": str(world.parent.uuid),
        "goals": 1,
    }
    assert "plan.family_scored" in known_labels()
    client.force_login(world.coach)
    page = client.get(reverse("plans:plan", args=[world.family.uuid])).text
    row = page.split(f'data-person="lid-{world.parent.uuid}"')[1].split("</tr>")[0]
    assert "Karin Vos" in row and '<td class="numeric">7</td>' in row


def test_a_young_person_cannot_score_a_goal_about_their_parent_only(
    world, draft, young_access, noor
):
    parents_goal = world.goal(
        draft,
        title="Karin heeft overzicht over de schulden",
        whole_family=False,
        members=[world.parent],
        code="financien_schulden",
    )
    evaluation = _evaluate(world, draft)
    family_ge = evaluation.goal_evaluations.exclude(goal__key=parents_goal.key).get()
    parent_ge = evaluation.goal_evaluations.get(goal__key=parents_goal.key)
    scoring = selectors.family_scoring(access=young_access, today=days_ago(0))
    assert [ge for ge, _value in scoring.goals] == [family_ge]
    with pytest.raises(ValidationError, match="hoort niet bij deze evaluatie"):
        services.family_score_goals(
            access=young_access,
            evaluation=evaluation,
            scores={family_ge.uuid: 5, parent_ge.uuid: 2},
        )
    assert not ScalingAnswer.objects.filter(member=noor).exists()
    services.family_score_goals(
        access=young_access, evaluation=evaluation, scores={family_ge.uuid: 5}
    )
    assert list(ScalingAnswer.objects.filter(member=noor).values_list("value", flat=True)) == [5]


def test_scores_outside_0_to_10_or_of_an_unknown_goal_change_nothing(world, draft, parent_access):
    earlier = _evaluate(world, draft, held=9).goal_evaluations.get()
    evaluation = _evaluate(world, draft)
    goal_evaluation = evaluation.goal_evaluations.get()
    for scores in (
        {goal_evaluation.uuid: 11},
        {goal_evaluation.uuid: -1},
        {goal_evaluation.uuid: "7"},
        {goal_evaluation.uuid: True},
        {uuid.uuid4(): 5},
        {earlier.uuid: 5},  # a goal of another evaluation
        {},
    ):
        with pytest.raises(ValidationError):
            services.family_score_goals(access=parent_access, evaluation=evaluation, scores=scores)
    assert not ScalingAnswer.objects.filter(member=world.parent).exists()
    assert not AuditEvent.objects.filter(action="plan.family_scored").exists()


def test_only_the_latest_evaluation_within_30_days_is_open_for_scores(world, draft, parent_access):
    old = _evaluate(world, draft, held=31)
    assert selectors.scorable_evaluation(plan=draft, today=days_ago(0)) is None
    with pytest.raises(ValidationError, match="geen cijfers meer"):
        services.family_score_goals(
            access=parent_access,
            evaluation=old,
            scores={old.goal_evaluations.get().uuid: 5},
        )
    earlier = _evaluate(world, draft, held=10)
    latest = _evaluate(world, draft, held=2)
    assert selectors.scorable_evaluation(plan=draft, today=days_ago(0)) == latest
    with pytest.raises(ValidationError, match="geen cijfers meer"):
        services.family_score_goals(
            access=parent_access,
            evaluation=earlier,
            scores={earlier.goal_evaluations.get().uuid: 5},
        )
    assert selectors.scorable_evaluation(plan=latest.plan, today=days_ago(-29)) is None
    assert not ScalingAnswer.objects.filter(member=world.parent).exists()
    assert Evaluation.objects.count() == 3
