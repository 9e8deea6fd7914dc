"""The meldpunt flow through its services: the happy path and every refusal."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from spil.core.models import AuditEvent
from spil.core.testing import days_ago
from spil.families.models import Family, Involvement
from spil.families.services import MemberData
from spil.intake import services
from spil.intake.models import CoachProposal, Outcome, Referral, Weighing
from spil.trajectories.models import Trajectory

from .factories import gezinsvoogd_helper, register, to_assessment, to_decision, weigh

pytestmark = pytest.mark.django_db


def test_a_referral_from_entry_to_a_coach_opens_the_trajectory(coordinator, meldpunt, coach):
    referral = register(coordinator, meldpunt)
    to_decision(coordinator, referral)
    proposal = services.coach_propose(
        actor=coordinator,
        referral=referral,
        coach=coach,
        category=CoachProposal.Category.UNKNOWN_PROFESSIONAL,
        proposed_on=days_ago(18),
    )
    trajectory = services.proposal_respond(
        actor=coordinator,
        proposal=proposal,
        response=CoachProposal.Response.AGREED,
        responded_on=days_ago(15),
        introduced_by="Ans de Wit",
        introduced_on=days_ago(14),
        introduced_in_person=True,
    )
    referral.refresh_from_db()
    assert referral.status == Referral.Status.MATCHED
    assert referral.outcome == Outcome.FAMILY_COACH
    assert referral.lead_time_days() == 20
    assert trajectory.coach == coach
    assert trajectory.kind == Trajectory.Kind.FAMILY_COACH
    assert trajectory.family == referral.family
    assert trajectory.started_on == days_ago(14)
    assert Involvement.objects.filter(family=referral.family, worker=coach).exists()
    actions = set(
        AuditEvent.objects.filter(family_uuid=referral.family.uuid).values_list("action", flat=True)
    )
    assert {
        "referral.weighed",
        "referral.consent_recorded",
        "referral.assessment_recorded",
        "referral.decided",
        "referral.coach_proposed",
        "referral.matched",
        "trajectory.opened",
    } <= actions


def test_a_professional_reports_as_themselves(referrer, meldpunt):
    referral = register(referrer, meldpunt)
    assert referral.referred_by == referrer
    assert referral.referrer_organisation.name == "Basisschool De Wilg"
    assert referral.referrer_organisation_kind == "onderwijs"
    assert referral.referrer_display == referrer.full_name


def test_an_outside_referrer_needs_name_organisation_and_a_way_to_reach_them(coordinator, meldpunt):
    with pytest.raises(ValidationError) as excinfo:
        services.referral_register(
            actor=coordinator,
            meldpunt=meldpunt,
            received_on=days_ago(1),
            referrer=services.ReferrerData(name="Ans"),
            concerns="Zorgen",
            members=[MemberData(role="kind", first_name="A", surname="B")],
        )
    assert set(excinfo.value.message_dict) == {
        "referrer_organisation_name",
        "referrer_organisation_kind",
        "referrer_phone",
    }
    assert Referral.objects.count() == 0


def test_a_referral_without_a_minor_child_is_allowed_but_the_weighing_records_it(
    coordinator, meldpunt
):
    adults = [
        MemberData(role="ouder", first_name="Piet", surname="Vos", birth_date=dt.date(1960, 1, 1))
    ]
    referral = register(coordinator, meldpunt, members=adults)
    # A "nee" on a required criterion while accepting: a warning with a reason, not a wall.
    with pytest.raises(ValidationError) as refused:
        weigh(coordinator, referral)
    assert "criterion_minderjarig_kind_note" in refused.value.message_dict
    weighing = services.referral_weigh(
        actor=coordinator,
        referral=referral,
        decision=Weighing.Decision.ACCEPT,
        weighed_on=days_ago(35),
        answers={
            "minderjarig_kind": services.CriterionAnswer(
                answer="nee", note="Het kleinkind woont er vaak; we kijken het na."
            ),
            "hulp_onvoldoende_effectief": services.CriterionAnswer(answer="ja"),
            "bredere_problematiek": services.CriterionAnswer(answer="ja"),
            "geen_eigen_regie": services.CriterionAnswer(answer="onbekend"),
        },
    )
    assert weighing.has_minor_child is False
    answer = weighing.answers.get(code="minderjarig_kind")
    assert (answer.answer, answer.label) == ("nee", "Minstens één minderjarig kind")


def test_minor_is_computed_on_the_day_of_the_referral(coordinator, meldpunt):
    received = dt.date(2026, 6, 1)
    members = [
        MemberData(role="kind", first_name="Jan", surname="Vos", birth_date=dt.date(2008, 6, 2)),
        MemberData(role="kind", first_name="Eva", surname="Vos", birth_date=dt.date(2008, 6, 1)),
    ]
    referral = register(coordinator, meldpunt, members=members, received_on=received)
    by_name = {m.first_name: m for m in referral.members.all()}
    # Eva turned 18 on the day of the referral; Jan turns 18 the day after.
    assert by_name["Eva"].is_minor is False
    assert by_name["Jan"].is_minor is True


def test_a_return_without_advice_is_refused_and_nothing_changes(coordinator, meldpunt):
    referral = register(coordinator, meldpunt)
    with pytest.raises(ValidationError) as excinfo:
        weigh(coordinator, referral, decision=Weighing.Decision.RETURN, advice="  ")
    assert "advice" in excinfo.value.message_dict
    referral.refresh_from_db()
    assert referral.status == Referral.Status.RECEIVED
    assert not Weighing.objects.exists()


def test_a_return_with_advice_ends_the_referral_and_the_referrer_sees_it(coordinator, meldpunt):
    referral = register(coordinator, meldpunt)
    weigh(coordinator, referral, decision=Weighing.Decision.RETURN, advice="Bel het wijkteam.")
    referral.refresh_from_db()
    assert referral.status == Referral.Status.RETURNED
    assert referral.outcome == Outcome.RETURNED_WITH_ADVICE
    assert referral.decided_on == days_ago(35)


def test_findings_need_the_familys_consent_first(coordinator, meldpunt):
    referral = register(coordinator, meldpunt)
    services.referral_create_family(actor=coordinator, referral=referral)
    weigh(coordinator, referral)
    with pytest.raises(ValidationError, match="toestemming"):
        services.referral_assess(
            actor=coordinator,
            referral=referral,
            kind="ronde_tafel",
            held_on=days_ago(25),
            tie_breaker="De coördinator",
            family_participants=[],
            findings="Iets",
        )
    # Planning the conversation without findings is fine.
    services.referral_assess(
        actor=coordinator,
        referral=referral,
        kind="ronde_tafel",
        held_on=days_ago(25),
        tie_breaker="De coördinator",
        family_participants=[],
    )
    assert referral.assessment.findings == ""


def test_consent_given_after_the_meeting_does_not_count(coordinator, meldpunt):
    referral = register(coordinator, meldpunt)
    services.referral_create_family(actor=coordinator, referral=referral)
    weigh(coordinator, referral)
    parent = referral.family.members.first()
    services.referral_consent(
        actor=coordinator, referral=referral, given_by=parent, parties="GGZ", given_on=days_ago(5)
    )
    with pytest.raises(ValidationError, match="toestemming"):
        services.referral_assess(
            actor=coordinator,
            referral=referral,
            kind="gezinsgesprek",
            held_on=days_ago(10),
            tie_breaker="Gezin",
            family_participants=[parent],
            findings="Iets",
        )


def test_a_decision_without_reason_is_refused(coordinator, meldpunt):
    referral = register(coordinator, meldpunt)
    to_assessment(coordinator, referral)
    with pytest.raises(ValidationError) as excinfo:
        services.referral_decide(
            actor=coordinator,
            referral=referral,
            outcome=Outcome.EXTRA_HELP,
            reason="   ",
            decided_on=days_ago(20),
        )
    assert "reason" in excinfo.value.message_dict
    referral.refresh_from_db()
    assert referral.status == Referral.Status.IN_ASSESSMENT
    assert referral.outcome == ""


def test_returned_after_assessment_needs_its_reason_code(coordinator, meldpunt):
    referral = register(coordinator, meldpunt)
    to_assessment(coordinator, referral)
    with pytest.raises(ValidationError) as excinfo:
        services.referral_decide(
            actor=coordinator,
            referral=referral,
            outcome=Outcome.RETURNED_AFTER_ASSESSMENT,
            reason="Reguliere hulp loopt goed.",
            decided_on=days_ago(20),
        )
    assert "return_reason" in excinfo.value.message_dict


def test_the_familys_gezinsvoogd_cannot_become_its_coach(coordinator, meldpunt, coach):
    referral = register(coordinator, meldpunt, helpers=[gezinsvoogd_helper(coach)])
    to_decision(coordinator, referral)
    with pytest.raises(ValidationError) as excinfo:
        services.coach_propose(
            actor=coordinator,
            referral=referral,
            coach=coach,
            category=CoachProposal.Category.ALREADY_INVOLVED,
            proposed_on=days_ago(18),
        )
    assert "gezinsvoogd" in excinfo.value.message_dict["coach"][0]
    assert not CoachProposal.objects.exists()


def test_a_veto_is_respected_and_a_new_coach_can_be_proposed(coordinator, meldpunt, coach):
    from spil.accounts.tests.factories import MembershipFactory

    other = MembershipFactory(role="gezinscoach").user
    referral = register(coordinator, meldpunt)
    to_decision(coordinator, referral)
    first = services.coach_propose(
        actor=coordinator,
        referral=referral,
        coach=coach,
        category="onbekende_professional",
        proposed_on=days_ago(18),
    )
    assert (
        services.proposal_respond(
            actor=coordinator,
            proposal=first,
            response="veto",
            responded_on=days_ago(17),
            veto_reason="Klikt niet.",
        )
        is None
    )
    with pytest.raises(ValidationError, match="afgewezen"):
        services.coach_propose(
            actor=coordinator,
            referral=referral,
            coach=coach,
            category="onbekende_professional",
            proposed_on=days_ago(16),
        )
    second = services.coach_propose(
        actor=coordinator,
        referral=referral,
        coach=other,
        category="onbekende_professional",
        proposed_on=days_ago(16),
    )
    trajectory = services.proposal_respond(
        actor=coordinator, proposal=second, response="gekozen", responded_on=days_ago(15)
    )
    assert trajectory.coach == other


def test_care_coordination_opens_a_case_management_trajectory(coordinator, meldpunt, coach):
    referral = register(coordinator, meldpunt)
    to_decision(coordinator, referral, outcome=Outcome.CARE_COORDINATION)
    proposal = services.coach_propose(
        actor=coordinator,
        referral=referral,
        coach=coach,
        category="al_betrokken",
        proposed_on=days_ago(18),
    )
    trajectory = services.proposal_respond(
        actor=coordinator, proposal=proposal, response="akkoord", responded_on=days_ago(15)
    )
    assert trajectory.kind == Trajectory.Kind.CARE_COORDINATION


def test_no_matching_after_a_return(coordinator, meldpunt, coach):
    referral = register(coordinator, meldpunt)
    to_decision(coordinator, referral, outcome=Outcome.RETURNED_AFTER_ASSESSMENT)
    with pytest.raises(ValidationError):
        services.coach_propose(
            actor=coordinator,
            referral=referral,
            coach=coach,
            category="al_betrokken",
            proposed_on=days_ago(18),
        )


def test_only_a_coordinator_of_this_meldpunt_may_work_the_referral(coordinator, meldpunt, referrer):
    from spil.accounts.models import Organisation
    from spil.accounts.tests.factories import MembershipFactory, OrganisationFactory

    other_meldpunt = OrganisationFactory(kind=Organisation.Kind.MELDPUNT)
    stranger = MembershipFactory(role="meldpunt_coordinator", organisation=other_meldpunt).user
    referral = register(referrer, meldpunt)
    for actor in (referrer, stranger):
        with pytest.raises(Http404):
            weigh(actor, referral)
    assert weigh(coordinator, referral).decision == Weighing.Decision.ACCEPT


def test_dates_in_the_future_are_refused(coordinator, meldpunt):
    with pytest.raises(ValidationError) as excinfo:
        register(coordinator, meldpunt, received_on=days_ago(-1))
    assert "received_on" in excinfo.value.message_dict


def test_a_weighing_before_the_referral_is_refused(coordinator, meldpunt):
    referral = register(coordinator, meldpunt, received_on=days_ago(10))
    with pytest.raises(ValidationError):
        weigh(coordinator, referral, weighed_on=days_ago(11))


def test_linking_to_an_existing_family_makes_no_new_family(coordinator, meldpunt):
    first = register(coordinator, meldpunt)
    family = services.referral_create_family(actor=coordinator, referral=first)
    second = register(coordinator, meldpunt, received_on=days_ago(5))
    services.referral_link_family(actor=coordinator, referral=second, family=family)
    assert Family.objects.count() == 1
    assert family.referrals.count() == 2


def test_linking_adds_the_helpers_the_new_referral_names(coordinator, meldpunt):
    from spil.families.services import InvolvementData

    first = register(coordinator, meldpunt)
    family = services.referral_create_family(actor=coordinator, referral=first)
    helper = InvolvementData(
        role="schuldhulp", organisation_name="Kredietbank", worker_name="P. Smit"
    )
    second = register(coordinator, meldpunt, received_on=days_ago(5), helpers=[helper])
    services.referral_link_family(actor=coordinator, referral=second, family=family)
    assert family.involvements.filter(role="schuldhulp", worker_name="P. Smit").count() == 1


def test_a_birth_date_after_the_referral_is_refused(coordinator, meldpunt):
    late = [MemberData(role="kind", first_name="Eva", surname="Vos", birth_date=days_ago(1))]
    with pytest.raises(ValidationError, match="geboortedatum ligt na"):
        register(coordinator, meldpunt, members=late, received_on=days_ago(10))


BRINKMAN = [
    MemberData(
        role="ouder",
        first_name="Henk",
        surname="Brinkman",
        birth_date=dt.date(1980, 1, 5),
        bsn="111222333",
    ),
    MemberData(role="ouder", first_name="Ria", surname="Brinkman", birth_date=dt.date(1982, 7, 1)),
    MemberData(role="kind", first_name="Sven", surname="Brinkman", birth_date=dt.date(2012, 4, 3)),
]
SEM = MemberData(role="kind", first_name="Sem", surname="Brinkman", birth_date=dt.date(2023, 2, 8))


def test_linking_adds_the_members_the_family_did_not_have_yet(coordinator, meldpunt):
    first = register(coordinator, meldpunt, members=BRINKMAN, received_on=days_ago(400))
    family = services.referral_create_family(actor=coordinator, referral=first)
    henk_renamed = MemberData(
        role="ouder", first_name="Hendrik", surname="Brinkman", bsn="111222333"
    )  # the same BSN: the same person, whatever the name
    ria_again = MemberData(
        role="ouder", first_name="ria", surname="BRINKMAN", birth_date=dt.date(1982, 7, 1)
    )
    second = register(
        coordinator,
        meldpunt,
        members=[henk_renamed, ria_again, BRINKMAN[2], SEM],
        received_on=days_ago(5),
    )
    added = services.referral_link_family(actor=coordinator, referral=second, family=family)
    assert [str(m) for m in added] == ["Sem Brinkman"]
    assert sorted(family.members.values_list("first_name", flat=True)) == [
        "Henk",
        "Ria",
        "Sem",
        "Sven",
    ]
    sem = family.members.get(first_name="Sem")
    assert (sem.role, sem.birth_date, sem.lives_in_household) == ("kind", SEM.birth_date, True)
    event = AuditEvent.objects.get(action="referral.family_linked")
    assert event.detail == {"members_added": 1}


def test_linking_tells_apart_namesakes_by_birth_date_and_bsn(coordinator, meldpunt):
    first = register(coordinator, meldpunt, members=BRINKMAN, received_on=days_ago(400))
    family = services.referral_create_family(actor=coordinator, referral=first)
    grandfather = MemberData(
        role="grootouder", first_name="Henk", surname="Brinkman", birth_date=dt.date(1950, 9, 9)
    )
    other_bsn = MemberData(
        role="kind",
        first_name="Sven",
        surname="Brinkman",
        birth_date=dt.date(2012, 4, 3),
        bsn="123456782",
    )
    second = register(
        coordinator, meldpunt, members=[grandfather, other_bsn], received_on=days_ago(5)
    )
    added = services.referral_link_family(actor=coordinator, referral=second, family=family)
    # Sven in the family has no BSN, so name and birth date decide: he is already there.
    assert [(m.first_name, m.birth_date) for m in added] == [("Henk", dt.date(1950, 9, 9))]
    assert family.members.count() == 4
