"""Issue 20 at the meldpunt: weighing criteria as configuration (point 4), a reason code
when a referral is returned (point 3), and a coach who is no staff member (point 1)."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from spil.accounts.tests.factories import MembershipFactory, OrganisationFactory
from spil.core import access
from spil.core.access import ALL_PARTS, family_access
from spil.core.roles import Role
from spil.core.testing import days_ago
from spil.intake import selectors, services
from spil.intake.models import Weighing, WeighingAnswer, WeighingCriterion
from spil.trajectories.models import Trajectory

from .factories import register, to_decision, weigh

pytestmark = pytest.mark.django_db

Answer = services.CriterionAnswer


def test_the_default_set_is_the_four_criteria_of_seed_001(meldpunt):
    criteria = list(selectors.criteria_for(meldpunt=meldpunt))
    assert [c.code for c in criteria] == [
        "minderjarig_kind",
        "hulp_onvoldoende_effectief",
        "bredere_problematiek",
        "geen_eigen_regie",
    ]
    assert all(c.is_required and c.meldpunt_id is None for c in criteria)


def test_a_meldpunt_with_its_own_criteria_weighs_on_those(coordinator, meldpunt):
    """Seed 000: VIG admits families on a benefit with repeated nuisance; seed 002 on years
    of help that does not help. An advisory criterion may stay open."""
    WeighingCriterion.objects.create(
        meldpunt=meldpunt, code="uitkering_en_overlast", label="Bijstand en overlast", order=1
    )
    WeighingCriterion.objects.create(
        meldpunt=meldpunt,
        code="jarenlang_hulp",
        label="Jarenlang hulp die niet helpt",
        mode=WeighingCriterion.Mode.ADVISORY,
        order=2,
    )
    referral = register(coordinator, meldpunt)
    with pytest.raises(ValidationError) as refused:
        services.referral_weigh(
            actor=coordinator,
            referral=referral,
            decision=Weighing.Decision.ACCEPT,
            weighed_on=days_ago(35),
            answers={},
        )
    assert set(refused.value.message_dict) == {"criterion_uitkering_en_overlast"}
    assert not Weighing.objects.exists()

    weighing = services.referral_weigh(
        actor=coordinator,
        referral=referral,
        decision=Weighing.Decision.ACCEPT,
        weighed_on=days_ago(35),
        answers={"uitkering_en_overlast": Answer(answer="ja", note="Meldingen van de buren.")},
    )
    rows = list(weighing.answers.values_list("code", "answer", "mode"))
    assert rows == [
        ("uitkering_en_overlast", "ja", "verplicht"),
        ("jarenlang_hulp", "", "adviserend"),
    ]


def test_an_old_weighing_reads_as_it_was_after_the_set_changes(client, coordinator, meldpunt):
    referral = register(coordinator, meldpunt)
    weigh(coordinator, referral)
    WeighingCriterion.objects.filter(code="bredere_problematiek").update(
        label="Nieuw label", is_active=False
    )
    client.force_login(coordinator)
    page = client.get(reverse("intake:detail", kwargs={"uuid": referral.uuid})).content.decode()
    assert "De problemen zijn breder dan de hulp van de melder" in page
    assert "Nieuw label" not in page


def test_a_weighing_stored_without_answer_rows_still_opens_with_its_four_criteria(
    client, coordinator, meldpunt
):
    referral = register(coordinator, meldpunt)
    weigh(coordinator, referral)
    WeighingAnswer.objects.all().delete()  # as a first-half weighing before the migration
    client.force_login(coordinator)
    response = client.get(reverse("intake:detail", kwargs={"uuid": referral.uuid}))
    assert response.status_code == 200
    assert "Gezin kan de regie niet zelf voeren" in response.content.decode()


def test_the_data_migration_gives_old_weighings_their_answers_with_the_labels(
    coordinator, meldpunt
):
    referral = register(coordinator, meldpunt)
    weighing = weigh(coordinator, referral)
    WeighingAnswer.objects.all().delete()
    migration = importlib.import_module("spil.intake.migrations.0006_default_weighing_criteria")
    migration.forwards(apps, None)
    migration.forwards(apps, None)  # twice changes nothing
    answers = list(weighing.answers.values_list("label", "answer"))
    assert answers == [
        ("Minstens één minderjarig kind", "ja"),
        ("Bestaande hulp is onvoldoende effectief", "ja"),
        ("De problemen zijn breder dan de hulp van de melder", "ja"),
        ("Het gezin kan de regie niet zelf voeren", "onbekend"),
    ]
    assert WeighingCriterion.objects.filter(meldpunt=None).count() == 4


def test_returning_needs_a_reason_code_and_the_code_is_kept(coordinator, meldpunt):
    referral = register(coordinator, meldpunt)
    with pytest.raises(ValidationError) as refused:
        services.referral_weigh(
            actor=coordinator,
            referral=referral,
            decision=Weighing.Decision.RETURN,
            advice="Bel het wijkteam.",
            weighed_on=days_ago(35),
            help_not_effective="nee",
            broader_problems="nee",
            no_own_regie="nee",
        )
    assert "return_reason" in refused.value.message_dict
    weighing = weigh(
        coordinator,
        referral,
        decision=Weighing.Decision.RETURN,
        advice="Bel het wijkteam.",
        return_reason=Weighing.ReturnReason.OUTSIDE_AREA,
    )
    assert weighing.return_reason == "buiten_gebied"
    event = access.apps.get_model("core", "AuditEvent").objects.get(action="referral.weighed")
    assert event.detail["return_reason"] == "buiten_gebied"


def test_the_weighing_form_asks_the_meldpunts_criteria_and_the_reason(
    client, coordinator, meldpunt
):
    referral = register(coordinator, meldpunt)
    client.force_login(coordinator)
    url = reverse("intake:weigh", kwargs={"uuid": referral.uuid})
    page = client.get(url).content.decode()
    assert "Bestaande hulp is onvoldoende effectief" in page
    assert "Buiten het werkgebied" in page
    response = client.post(
        url,
        {
            "criterion_hulp_onvoldoende_effectief": "nee",
            "criterion_bredere_problematiek": "nee",
            "criterion_geen_eigen_regie": "nee",
            "decision": "terugleggen",
            "return_reason": "gezin_weigert",
            "advice": "Het gezin wil nu geen hulp; probeer het over een half jaar.",
            "weighed_on": days_ago(30).isoformat(),
        },
    )
    assert response.status_code == 302
    assert Weighing.objects.get().return_reason == "gezin_weigert"


# --- Point 1: the coach need not be a staff member ----------------------------------------


def _decided(coordinator, meldpunt):
    referral = register(coordinator, meldpunt)
    to_decision(coordinator, referral)
    referral.refresh_from_db()
    return referral


def test_a_network_member_coaches_and_the_coordinator_holds_the_file(coordinator, meldpunt):
    referral = _decided(coordinator, meldpunt)
    with pytest.raises(ValidationError) as refused:
        services.coach_propose(
            actor=coordinator,
            referral=referral,
            coach=None,
            coach_kind="netwerklid",
            category="netwerk",
            proposed_on=days_ago(1),
        )
    assert set(refused.value.message_dict) == {"lay_coach_name", "lay_coach_reach"}
    proposal = services.coach_propose(
        actor=coordinator,
        referral=referral,
        coach=None,
        coach_kind="netwerklid",
        lay_coach_name="Tante Ria",
        lay_coach_reach="06 12345678",
        category="netwerk",
        proposed_on=days_ago(1),
    )
    trajectory = services.proposal_respond(
        actor=coordinator, proposal=proposal, response="akkoord", responded_on=days_ago(1)
    )
    assert trajectory.coach == coordinator and trajectory.has_lay_coach
    assert trajectory.lay_coach_name == "Tante Ria"
    # Past intake the coordinator keeps the whole file, as the file holder.
    referral.refresh_from_db()
    assert referral.status == "gekoppeld"
    assert family_access(coordinator, referral.family).parts == ALL_PARTS
    assert access.visible_trajectories(coordinator).filter(pk=trajectory.pk).exists()
    involvement = referral.family.involvements.get(role="gezinscoach")
    assert (involvement.worker_id, involvement.worker_name) == (None, "Tante Ria")


def test_a_professional_of_another_organisation_coaches_with_the_whole_file(coordinator, meldpunt):
    amw = OrganisationFactory(name="AMW", kind="maatschappelijk_werk")
    social_worker = MembershipFactory(role=Role.PROFESSIONAL, organisation=amw).user
    referral = _decided(coordinator, meldpunt)
    with pytest.raises(ValidationError):  # as a staff coach: no coach's role
        services.coach_propose(
            actor=coordinator,
            referral=referral,
            coach=social_worker,
            category="al_betrokken",
            proposed_on=days_ago(1),
        )
    proposal = services.coach_propose(
        actor=coordinator,
        referral=referral,
        coach=social_worker,
        coach_kind="professional",
        category="al_betrokken",
        proposed_on=days_ago(1),
    )
    trajectory = services.proposal_respond(
        actor=coordinator, proposal=proposal, response="gekozen", responded_on=days_ago(1)
    )
    assert trajectory.coach_kind == "professional"
    assert family_access(social_worker, referral.family).parts == ALL_PARTS
    # Closed, the file closes again for them.
    Trajectory.objects.filter(pk=trajectory.pk).update(closed_on=days_ago(0))
    assert family_access(social_worker, referral.family).parts == frozenset()


def test_a_coordinator_is_no_coach_of_a_staff_trajectory(coordinator, meldpunt, coach):
    """The file holder's right follows the kind: a coordinator recorded as the coach of a
    staff trajectory (wrong data) does not get the file by it."""
    referral = _decided(coordinator, meldpunt)
    Trajectory.objects.create(
        family=referral.family, kind="gezinscoach", coach=coordinator, started_on=days_ago(2)
    )
    referral.status = "gekoppeld"
    referral.save()
    assert family_access(coordinator, referral.family).parts == frozenset()


def test_the_match_form_records_a_volunteer(client, coordinator, meldpunt):
    referral = _decided(coordinator, meldpunt)
    client.force_login(coordinator)
    response = client.post(
        reverse("intake:match", kwargs={"uuid": referral.uuid}),
        {
            "coach_kind": "vrijwilliger",
            "lay_coach_name": "Henk (Home-Start)",
            "lay_coach_reach": "henk@example.org",
            "category": "netwerk",
            "proposed_on": days_ago(0).isoformat(),
        },
    )
    assert response.status_code == 302
    proposal = referral.proposals.get()
    assert (proposal.coach, proposal.coach_kind) == (coordinator, "vrijwilliger")
