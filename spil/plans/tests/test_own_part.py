"""Issue 20, point 5: each organisation around the family writes its own part of the plan
(seed 004: "Iedere hulpverlener kan zijn stukje in het plan aandragen"). A professional
with the plan part of consent proposes steps for their own organisation and marks them
done; the coach accepts a proposal into the next plan version or declines it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from spil.core.access import family_access
from spil.core.models import AuditEvent
from spil.core.testing import days_ago
from spil.core.versioning import StaleEdit
from spil.plans import selectors, services
from spil.plans.models import Step, StepProposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreed(world, plan):
    goal = world.goal(plan)
    world.step(goal)
    world.agree(plan)
    world.share_with(world.ggz, ["plan"])
    return plan, goal


def _propose(world, goal, what="Wekelijks gesprek met moeder over de post"):
    return services.step_propose(
        access=family_access(world.ggz_worker, world.family),
        goal=goal,
        involvement=world.ggz_involvement,
        what=what,
        due_on=None,
    )


def test_a_professional_proposes_and_the_coach_takes_it_into_the_next_version(world, agreed):
    plan, goal = agreed
    proposal = _propose(world, goal)
    assert proposal.status == StepProposal.Status.OPEN
    assert plan.versions.count() == 1  # a proposal changes nothing yet

    decided = services.step_proposal_decide(
        actor=world.coach, proposal=proposal, accept=True, revision=proposal.revision
    )
    assert decided.status == StepProposal.Status.ACCEPTED
    draft = plan.versions.get(is_current=True)
    assert draft.number == 2 and draft.is_draft  # the agreed version stays as agreed
    step = Step.objects.get(goal__version=draft, key=decided.step_key)
    assert (step.owner_kind, step.owner_involvement) == ("betrokkene", world.ggz_involvement)
    assert not Step.objects.filter(goal__version__number=1, key=decided.step_key).exists()
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert "plan.step_proposed" in actions and "plan.step_proposal_decided" in actions


def test_declining_needs_a_reason_and_is_decided_once(world, agreed):
    _plan, goal = agreed
    proposal = _propose(world, goal)
    with pytest.raises(ValidationError):
        services.step_proposal_decide(actor=world.coach, proposal=proposal, accept=False)
    decided = services.step_proposal_decide(
        actor=world.coach, proposal=proposal, accept=False, reason="Dat doet de school al."
    )
    assert decided.decline_reason == "Dat doet de school al."
    with pytest.raises(ValidationError):
        services.step_proposal_decide(actor=world.coach, proposal=proposal, accept=True)


def test_a_stale_decision_form_is_refused(world, agreed):
    _plan, goal = agreed
    proposal = _propose(world, goal)
    StepProposal.objects.filter(pk=proposal.pk).update(revision=proposal.revision + 1)
    with pytest.raises(StaleEdit):
        services.step_proposal_decide(
            actor=world.coach, proposal=proposal, accept=True, revision=proposal.revision
        )
    assert StepProposal.objects.get(pk=proposal.pk).status == StepProposal.Status.OPEN


def test_only_for_their_own_organisation_and_only_with_the_plan_consent(world, agreed):
    _plan, goal = agreed
    with pytest.raises(ValidationError):  # the school's involvement is not theirs
        services.step_propose(
            access=family_access(world.ggz_worker, world.family),
            goal=goal,
            involvement=world.school_involvement,
            what="Iets voor de school",
        )
    world.share_with(world.school, ["contacten"])  # the school: no plan part
    assert not family_access(world.teacher, world.family).writes_own_plan_part()
    with pytest.raises(ValidationError):
        services.step_propose(
            access=family_access(world.teacher, world.family),
            goal=goal,
            involvement=world.school_involvement,
            what="Huiswerkbegeleiding",
        )
    assert not StepProposal.objects.exists()


def test_a_professional_marks_their_own_step_done_not_another(world, agreed):
    _plan, goal = agreed
    proposal = _propose(world, goal)
    decided = services.step_proposal_decide(actor=world.coach, proposal=proposal, accept=True)
    granted = family_access(world.ggz_worker, world.family)
    own = Step.objects.get(goal__version__is_current=True, key=decided.step_key)
    done = services.own_step_done(access=granted, step=own, done_on=days_ago(0))
    assert done.done_on == days_ago(0)
    parents = Step.objects.filter(goal__version__is_current=True, owner_kind="gezinslid").first()
    with pytest.raises(ValidationError):
        services.own_step_done(access=granted, step=parents, done_on=days_ago(0))


def test_the_pages(client, world, agreed):
    _plan, goal = agreed
    client.force_login(world.ggz_worker)
    family = world.family
    page = client.get(reverse("plans:plan", kwargs={"uuid": family.uuid})).content.decode()
    assert "Stap voorstellen voor mijn organisatie" in page
    url = reverse("plans:step_propose", kwargs={"uuid": family.uuid, "goal_uuid": goal.uuid})
    response = client.post(
        url, {"involvement": world.ggz_involvement.uuid, "what": "Medicatie doornemen"}
    )
    assert response.status_code == 302
    proposal = StepProposal.objects.get()
    decide = reverse(
        "plans:step_proposal_decide", kwargs={"uuid": family.uuid, "proposal_uuid": proposal.uuid}
    )
    assert client.get(decide).status_code == 404  # the professional does not decide

    client.force_login(world.coach)
    page = client.get(reverse("plans:plan", kwargs={"uuid": family.uuid})).content.decode()
    assert "Medicatie doornemen" in page and "Wacht op de coach" in page
    assert client.get(url).status_code == 404  # the coach writes the plan itself
    response = client.post(decide, {"accept": "nee", "reason": "", "revision": proposal.revision})
    assert response.status_code == 200 and "Schrijf op waarom" in response.content.decode()
    response = client.post(decide, {"accept": "ja", "revision": proposal.revision})
    assert response.status_code == 302
    assert StepProposal.objects.get().status == StepProposal.Status.ACCEPTED


def test_the_professional_sees_only_their_own_organisations_proposals(world, agreed):
    plan, goal = agreed
    _propose(world, goal)
    world.share_with(world.school, ["plan"])
    teacher = family_access(world.teacher, world.family)
    assert selectors.step_proposals(access=teacher, plan=plan) == []
    coach = family_access(world.coach, world.family)
    assert len(selectors.step_proposals(access=coach, plan=plan)) == 1
