"""The plan's rules: one active plan, versions, owners, the scale, agreement, warnings."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from spil.assessments.models import Domain
from spil.core.access import family_access
from spil.core.audit_labels import known as known_labels
from spil.core.models import AuditEvent
from spil.core.testing import days_ago
from spil.families.tests.factories import make_family
from spil.plans import selectors, services
from spil.plans.models import (
    Contribution,
    Evaluation,
    Goal,
    Plan,
    PlanVersion,
    ScalingAnswer,
    Step,
)
from spil.plans.wording import negative_words, wording_hint
from spil.trajectories.models import Trajectory

pytestmark = pytest.mark.django_db


def _actions():
    return list(AuditEvent.objects.values_list("action", flat=True))


# --- One family, one plan ---------------------------------------------------------------


def test_starting_a_plan_makes_a_first_draft(world, plan):
    version = plan.versions.get()
    assert (version.number, version.status, version.is_current) == (1, "concept", True)
    assert plan.trajectory == world.trajectory and plan.is_active
    assert "plan.started" in _actions()


def test_a_second_active_plan_is_refused_in_dutch_and_nothing_is_stored(world, plan):
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match="Eén gezin, één plan"):
        world.start_plan()
    assert Plan.objects.count() == 1 and PlanVersion.objects.count() == 1
    assert AuditEvent.objects.count() == events


def test_the_database_refuses_a_second_active_plan(world, plan):
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.create(family=world.family, started_on=days_ago(1), created_by=world.coach)
    assert Plan.objects.count() == 1


def test_after_closing_the_family_may_start_a_new_plan(world, plan):
    services.plan_close(actor=world.coach, plan=plan, closed_on=days_ago(0), closing_note="klaar")
    second = world.start_plan()
    assert Plan.objects.filter(family=world.family).count() == 2
    assert list(Plan.objects.filter(status="actief")) == [second]
    with pytest.raises(ValidationError, match="afgesloten"):
        world.goal(plan)


def test_another_family_may_have_its_own_plan(world, plan):
    other = make_family(world.coach, name="Anders")
    Trajectory.objects.create(
        family=other, kind="gezinscoach", coach=world.coach, started_on=days_ago(20)
    )
    services.plan_start(access=family_access(world.coach, other))
    assert Plan.objects.filter(status="actief").count() == 2


# --- Goals -----------------------------------------------------------------------------------


def test_a_goal_with_its_fields(world, plan):
    goal = world.goal(
        plan,
        title="Daan gaat elke dag naar school",
        code="school_kinderen",
        origin="melder",
        whole_family=False,
        members=[world.daan],
        measurable="Geen ongeoorloofd verzuim in een maand",
        target_on=days_ago(-60),
    )
    assert goal.version.number == 1 and goal.origin == "melder"
    assert list(goal.members.all()) == [world.daan]
    assert goal.status == "open" and goal.status_on is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"title": "  "}, "Schrijf het doel op"),
        ({"whole_family": False}, "Kies voor wie het doel is"),
        ({"origin": "buurman"}, "Kies van wie het doel komt"),
    ],
)
def test_bad_goals_are_refused_in_dutch(world, plan, kwargs, message):
    with pytest.raises(ValidationError, match=message):
        world.goal(plan, **kwargs)
    assert not Goal.objects.exists()


def test_a_goal_takes_its_domain_from_the_familys_instrument(world, plan):
    zrm = Domain.objects.get(instrument__code="zrm-2017", code="financien")
    with pytest.raises(ValidationError, match="instrument van het gezin"):
        services.goal_add(actor=world.coach, plan=plan, title="Rond komen", domain=zrm)
    assert not Goal.objects.exists()


def test_a_member_of_another_family_is_refused(world, plan):
    stranger = make_family(world.coach, name="Anders").members.first()
    with pytest.raises(ValidationError, match="hoort niet bij dit gezin"):
        world.goal(plan, whole_family=False, members=[stranger])


# --- Negative wording: a hint, never a block --------------------------------------------------


@pytest.mark.parametrize(
    ("title", "words"),
    [
        ("Wij schreeuwen niet meer tegen elkaar", ["niet meer"]),
        ("Geen schulden", ["geen"]),
        ("Stoppen met blowen", ["stoppen met"]),
        ("Karin drinkt NOOIT alcohol en is niet moe", ["nooit", "niet"]),
        ("Minder ruzie", ["minder"]),
    ],
)
def test_negative_words_are_found(title, words):
    assert negative_words(title) == words
    assert "positief" in wording_hint(title)


@pytest.mark.parametrize(
    "title", ["Wij hebben rust in huis", "Daan gaat naar de Nietzsche-club", "Geenhuis helpt"]
)
def test_positive_goals_get_no_hint(title):
    assert negative_words(title) == [] and wording_hint(title) == ""


def test_a_negatively_worded_goal_is_stored_with_a_hint(world, plan):
    goal = world.goal(plan, title="Wij schreeuwen niet meer")
    assert Goal.objects.get() == goal
    file = selectors.plan_file(access=family_access(world.coach, world.family), today=days_ago(0))
    assert "“niet meer”" in file.goals[0].hint


# --- The goal limit: a warning, not a block ---------------------------------------------------


def test_more_goals_than_the_programme_allows_warns_but_is_stored(world, plan):
    for n in range(3):
        world.goal(plan, title=f"Doel {n}")
    assert selectors.goal_limit_warning_for(plan=plan) == ""
    world.goal(plan, title="Doel 4")
    warning = selectors.goal_limit_warning_for(plan=plan)
    assert "4 doelen" in warning and "hoogstens 3" in warning and "VIG" in warning
    assert Goal.objects.count() == 4
    file = selectors.plan_file(access=family_access(world.coach, world.family), today=days_ago(0))
    assert file.goal_limit_warning == warning


def test_the_limit_follows_the_programme_and_only_the_first_plan(world, plan):
    world.programme.first_plan_goal_limit = 4
    world.programme.save()
    for n in range(4):
        world.goal(plan, title=f"Doel {n}")
    assert selectors.goal_limit_warning_for(plan=plan) == ""
    world.agree(plan)
    world.goal(plan, title="Doel 5")  # a later version is no longer the first plan
    assert PlanVersion.objects.get(is_current=True).goals.count() == 5
    assert selectors.goal_limit_warning_for(plan=plan) == ""


# --- Steps -----------------------------------------------------------------------------------


def test_steps_with_every_kind_of_owner(world, plan):
    goal = world.goal(plan)
    owners = [world.parent, world.coach, world.ggz_involvement, world.aunt]
    steps = [world.step(goal, what=f"Stap {i}", owner=o) for i, o in enumerate(owners)]
    assert [s.owner_kind for s in steps] == ["gezinslid", "coach", "betrokkene", "netwerk"]
    assert [s.organisation_label for s in steps] == ["Gezin", "Gezinscoach", "GGZ", "Netwerk"]
    assert steps[1].owner_label == f"{world.coach.full_name} (coach)"


def test_a_step_without_owner_is_refused_in_dutch_and_nothing_is_stored(world, plan):
    goal = world.goal(plan)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match="Een stap zonder eigenaar kan niet"):
        services.step_add(actor=world.coach, goal=goal, what="Bellen met school", owner=None)
    assert not Step.objects.exists() and AuditEvent.objects.count() == events


def test_the_database_refuses_a_step_without_owner(world, plan):
    goal = world.goal(plan)
    with pytest.raises(IntegrityError), transaction.atomic():
        Step.objects.create(goal=goal, what="x", owner_kind="gezinslid", owner_name="Karin")
    with pytest.raises(IntegrityError), transaction.atomic():
        Step.objects.create(goal=goal, what="x", owner_kind="", owner_name="")
    assert not Step.objects.exists()


def test_an_owner_from_elsewhere_is_refused(world, plan):
    goal = world.goal(plan)
    stranger = make_family(world.coach, name="Anders").members.first()
    with pytest.raises(ValidationError, match="hoort niet bij dit gezin"):
        world.step(goal, owner=stranger)
    with pytest.raises(ValidationError, match="coach of de back-up coach"):
        world.step(goal, owner=world.other_coach)
    assert world.step(goal, owner=world.backup).owner_kind == "coach"


def test_a_removed_network_contact_keeps_the_name_on_the_step(world, plan):
    from spil.families import services as family_services

    step = world.step(world.goal(plan), owner=world.aunt)
    family_services.network_contact_remove(actor=world.coach, contact=world.aunt)
    step.refresh_from_db()
    assert step.owner_network is None and step.owner_label == "tante Ria (zus van Karin)"


# --- Versions --------------------------------------------------------------------------------


def test_agree_then_change_starts_a_new_draft_and_the_agreed_version_stays(world, plan):
    goal = world.goal(plan, title="Wij hebben rust in huis")
    step = world.step(goal, what="Weekrooster maken", due=days_ago(-7))
    services.contribution_save(
        actor=world.coach, goal=goal, involvement=world.ggz_involvement, part="Gesprekken moeder"
    )
    v1 = world.agree(plan)
    assert v1.status == "vastgesteld" and list(v1.agreed_by.all()) == [world.parent]
    # Progress on the agreed working version is no change of the plan: no new draft.
    services.step_done(actor=world.coach, step=step, done_on=days_ago(0))
    assert PlanVersion.objects.count() == 1

    changed = services.goal_update(
        actor=world.coach,
        goal=goal,
        title="Wij hebben rust in huis en eten samen",
        domain=goal.domain,
        origin=goal.origin,
        whole_family=True,
    )
    v1.refresh_from_db()
    v2 = PlanVersion.objects.get(number=2)
    assert (v2.status, v2.is_current, v2.based_on) == ("concept", True, v1)
    assert (v1.status, v1.is_current) == ("vastgesteld", False)
    assert changed.version == v2 and changed.key == goal.key and changed.pk != goal.pk
    # The agreed version reads exactly as agreed.
    assert list(v1.goals.values_list("title", flat=True)) == ["Wij hebben rust in huis"]
    assert v1.goals.get().steps.get().done_on == days_ago(0)
    # The draft copied the steps (with their progress) and the contributions.
    copied = v2.goals.get()
    assert copied.steps.get().key == step.key and copied.steps.get().done_on == days_ago(0)
    assert copied.contributions.get().part == "Gesprekken moeder"
    assert Contribution.objects.count() == 2
    # Later progress and changes go to the draft only; version 1 stays frozen.
    services.step_done(actor=world.coach, step=step, done_on=None)
    world.step(goal, what="Samen koken op vrijdag")
    assert v1.goals.get().steps.count() == 1 and v1.goals.get().steps.get().done_on == days_ago(0)
    assert copied.steps.count() == 2 and copied.steps.get(key=step.key).done_on is None
    # Version 1 is readable as its own page.
    old = selectors.plan_file(
        access=family_access(world.coach, world.family), today=days_ago(0), number=1
    )
    assert [g.goal.title for g in old.goals] == ["Wij hebben rust in huis"]
    assert not old.is_working
    assert {"plan.version_started", "plan.goal_changed"} <= set(_actions())


def test_a_second_agreement_and_a_third_draft(world, plan):
    goal = world.goal(plan)
    world.agree(plan, on=days_ago(20))
    world.step(goal, what="Nieuwe stap")
    world.agree(plan, on=days_ago(5))
    services.goal_set_status(actor=world.coach, goal=goal, status="bereikt", on=days_ago(1))
    assert PlanVersion.objects.count() == 2  # progress: no third version
    world.goal(plan, title="Tweede doel")
    assert list(PlanVersion.objects.values_list("number", "status", "is_current")) == [
        (1, "vastgesteld", False),
        (2, "vastgesteld", False),
        (3, "concept", True),
    ]
    assert PlanVersion.objects.get(number=3).goals.get(key=goal.key).status == "bereikt"


def test_saving_without_a_change_starts_no_draft(world, plan):
    goal = world.goal(plan)
    step = world.step(goal)
    world.agree(plan)
    services.goal_update(
        actor=world.coach,
        goal=goal,
        title=goal.title,
        domain=goal.domain,
        origin=goal.origin,
        whole_family=True,
    )
    services.step_update(actor=world.coach, step=step, what=step.what, owner=world.parent)
    assert PlanVersion.objects.count() == 1


def test_removing_a_goal_after_agreement_keeps_it_in_the_agreed_version(world, plan):
    goal = world.goal(plan)
    world.goal(plan, title="Tweede doel")
    world.agree(plan)
    services.goal_remove(actor=world.coach, goal=goal)
    assert PlanVersion.objects.get(number=1).goals.count() == 2
    assert PlanVersion.objects.get(number=2).goals.count() == 1


# --- The family's agreement ------------------------------------------------------------------


def test_agreeing_to_a_plan_without_goals_is_refused_and_nothing_is_stored(world, plan):
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match="Een plan zonder doelen"):
        world.agree(plan)
    version = PlanVersion.objects.get()
    assert version.status == "concept" and version.agreed_on is None
    assert not version.agreed_by.exists() and AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"agreed_by": []}, "Kies wie van het gezin"),
        ({"agreed_how": "per duif"}, "Kies hoe het gezin instemde"),
        ({"agreed_on": days_ago(-1)}, "in de toekomst"),
    ],
)
def test_an_incomplete_agreement_is_refused(world, plan, kwargs, message):
    world.goal(plan)
    data = {"agreed_on": days_ago(1), "agreed_how": "op_papier", "agreed_by": [world.parent]}
    with pytest.raises(ValidationError, match=message):
        services.plan_agree(actor=world.coach, plan=plan, **(data | kwargs))
    assert PlanVersion.objects.get().status == "concept"


def test_an_agreed_version_cannot_be_agreed_twice(world, plan):
    world.goal(plan)
    world.agree(plan)
    with pytest.raises(ValidationError, match="al afgesproken"):
        world.agree(plan)


# --- Evaluations -----------------------------------------------------------------------------


def _evaluate(world, plan, goal, answers, **kwargs):
    return services.evaluation_record(
        actor=world.coach,
        plan=plan,
        held_on=kwargs.pop("held_on", days_ago(0)),
        moment=kwargs.pop("moment", "tussentijds"),
        goals=[services.GoalProgressData(goal=goal, progress="Het gaat beter", answers=answers)],
        **kwargs,
    )


def test_an_evaluation_keeps_family_and_workers_apart(world, plan):
    goal = world.goal(plan)
    evaluation = _evaluate(
        world,
        plan,
        goal,
        [
            services.AnswerData(value=6, member=world.parent),
            services.AnswerData(value=0, member=world.daan),
            services.AnswerData(value=10, involvement=world.ggz_involvement),
        ],
        overall_note="Goed gesprek",
        next_on=days_ago(-30),
    )
    answers = ScalingAnswer.objects.filter(goal_evaluation__evaluation=evaluation)
    assert sorted(a.value for a in answers if a.is_family) == [0, 6]
    assert [a.value for a in answers if not a.is_family] == [10]
    event = AuditEvent.objects.get(action="plan.evaluated")
    assert event.detail["answers_family"] == 2 and event.detail["answers_workers"] == 1


def test_a_scaling_answer_of_11_is_refused_in_dutch_and_nothing_is_stored(world, plan):
    goal = world.goal(plan)
    with pytest.raises(ValidationError, match="van 0 tot 10; 11 kan niet"):
        _evaluate(
            world,
            plan,
            goal,
            [
                services.AnswerData(value=5, member=world.parent),
                services.AnswerData(value=11, involvement=world.ggz_involvement),
            ],
        )
    assert not Evaluation.objects.exists() and not ScalingAnswer.objects.exists()


def test_the_database_refuses_a_scaling_answer_of_11(world, plan):
    goal = world.goal(plan)
    evaluation = _evaluate(world, plan, goal, [services.AnswerData(value=5, member=world.parent)])
    goal_evaluation = evaluation.goal_evaluations.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        ScalingAnswer.objects.create(goal_evaluation=goal_evaluation, member=world.daan, value=11)
    with pytest.raises(IntegrityError), transaction.atomic():  # nobody, or two people
        ScalingAnswer.objects.create(goal_evaluation=goal_evaluation, value=3)
    assert ScalingAnswer.objects.count() == 1


def test_one_answer_per_person_and_something_to_record(world, plan):
    goal = world.goal(plan)
    twice = [services.AnswerData(value=5, member=world.parent)] * 2
    with pytest.raises(ValidationError, match="twee cijfers"):
        _evaluate(world, plan, goal, twice)
    with pytest.raises(ValidationError, match="Vul iets in"):
        services.evaluation_record(
            actor=world.coach, plan=plan, held_on=days_ago(0), moment="tussentijds", goals=[]
        )
    assert not Evaluation.objects.exists()


def test_the_halfway_and_end_evaluations_come_from_the_trajectory(world, plan):
    file = selectors.plan_file(access=family_access(world.coach, world.family), today=days_ago(0))
    halfway, end = file.deadlines.halfway, file.deadlines.end
    assert file.plan_due == world.trajectory.started_on + __import__("datetime").timedelta(weeks=6)
    assert file.next_evaluation.on == halfway and file.next_evaluation.kind == "halverwege"
    goal = world.goal(plan)
    _evaluate(world, plan, goal, [], moment="halverwege")
    file = selectors.plan_file(access=family_access(world.coach, world.family), today=days_ago(0))
    assert file.next_evaluation.on == end and file.next_evaluation.kind == "einde"


# --- Audit -----------------------------------------------------------------------------------


def test_every_write_is_audited_with_a_dutch_label_and_no_text(world, plan):
    goal = world.goal(plan, title="Geheime tekst over het gezin")
    step = world.step(goal)
    services.contribution_save(
        actor=world.coach, goal=goal, involvement=world.school_involvement, part="Mentor belt"
    )
    _evaluate(world, plan, goal, [services.AnswerData(value=4, member=world.parent)])
    world.agree(plan)
    services.step_done(actor=world.coach, step=step, done_on=days_ago(0))
    services.step_done(actor=world.coach, step=step, done_on=None)
    services.goal_set_status(actor=world.coach, goal=goal, status="nog_mee_bezig", on=days_ago(0))
    services.step_update(actor=world.coach, step=step, what="Anders", owner=world.parent)
    services.step_remove(actor=world.coach, step=Step.objects.get(goal__version__number=2))
    contribution = Contribution.objects.get(goal__version__number=2)
    services.contribution_remove(actor=world.coach, contribution=contribution)
    services.goal_remove(actor=world.coach, goal=world.goal(plan, title="Weg"))
    services.plan_close(actor=world.coach, plan=plan, closed_on=days_ago(0))
    ours = {a for a in _actions() if a.startswith("plan.")}
    assert len(ours) == 15  # every write but goal_changed (see the version test)
    assert ours <= known_labels()
    for event in AuditEvent.objects.filter(action__startswith="plan."):
        assert event.family_uuid == world.family.uuid
        assert "Geheime" not in str(event.detail)
