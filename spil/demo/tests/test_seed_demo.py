from collections import Counter, defaultdict
from functools import cache
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from stdnum.nl import bsn

from spil.accounts.models import Membership, Organisation, Team, User
from spil.assessments.models import (
    Escalation,
    Instrument,
    Measurement,
    MeldcodeStep,
    SafetyConcern,
    SafetyMapping,
    SafetyRating,
    Score,
)
from spil.contacts.models import Appointment, Contact, Crisis, Promise, WhatIfAgreement
from spil.core import access
from spil.core.models import AuditEvent
from spil.core.roles import Role
from spil.demo import intake, portal, region, rights
from spil.directory.models import Programme
from spil.families.drawing import genogram
from spil.families.models import (
    Consent,
    Family,
    FamilyRole,
    Gender,
    Involvement,
    Member,
    NetworkContact,
    Relation,
)
from spil.intake.models import (
    Assessment,
    CoachProposal,
    Decision,
    Outcome,
    Referral,
    ReferralHelper,
    ReferralMember,
    Weighing,
)
from spil.intake.services import MATCHED_OUTCOMES
from spil.meetings.models import Decision as MeetingDecision
from spil.meetings.models import Meeting
from spil.notifications.models import Notification
from spil.plans.models import (
    Contribution,
    Evaluation,
    Goal,
    GoalEvaluation,
    Plan,
    PlanVersion,
    ScalingAnswer,
    Step,
)
from spil.portal.models import FamilyAccount
from spil.rights import retention
from spil.trajectories.models import Extension, Trajectory

pytestmark = pytest.mark.django_db

COUNTED = (
    Organisation,
    Team,
    User,
    Membership,
    Programme,
    Referral,
    ReferralMember,
    ReferralHelper,
    Weighing,
    Assessment,
    Decision,
    CoachProposal,
    Family,
    Member,
    Relation,
    NetworkContact,
    Involvement,
    Consent,
    Trajectory,
    Measurement,
    Score,
    SafetyConcern,
    MeldcodeStep,
    SafetyMapping,
    SafetyRating,
    Escalation,
    Plan,
    PlanVersion,
    Goal,
    Step,
    Contribution,
    Evaluation,
    GoalEvaluation,
    ScalingAnswer,
    Contact,
    Appointment,
    Promise,
    Crisis,
    WhatIfAgreement,
    Meeting,
    MeetingDecision,
    Notification,
    AuditEvent,
    FamilyAccount,
)


def _counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in COUNTED}


def test_seed_demo_builds_the_region_and_prints_the_accounts(demo_seeded):
    out = demo_seeded
    assert "coach1@demo.spil.test" in out and region.DEMO_PASSWORD in out
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert Organisation.objects.count() >= 8 and len(kinds) >= 8
    assert Team.objects.filter(memberships__role=Role.COACH).distinct().count() == 2
    expected = {
        Role.COACH: 3,
        Role.COORDINATOR: 1,
        Role.TEAM_LEAD: 1,
        Role.PROFESSIONAL: 4,
        Role.POLICY: 1,
        Role.ADMIN: 2,  # four eyes for granting roles (ADR 0007)
    }
    for role, count in expected.items():
        # The demo school's API client acts through its own account (issue 17): not a person.
        users = User.objects.filter(memberships__role=role, api_client__isnull=True).distinct()
        assert users.count() == count, role
    coach = User.objects.get(email="coach1@demo.spil.test")
    assert coach.check_password("spil-demo-2026")
    assert access.can(coach, access.Capability.COACH_FAMILIES)


def test_running_seed_demo_twice_changes_nothing(demo_seeded):
    before = _counts()
    call_command("seed_demo")
    assert _counts() == before
    call_command("audit_verify")


def test_seed_demo_refuses_under_production_settings(settings):
    settings.SPIL_ENVIRONMENT = "production"
    before = _counts()
    with pytest.raises(CommandError, match="productie"):
        call_command("seed_demo")
    assert _counts() == before


def test_the_demo_audit_chain_verifies(demo_seeded):
    call_command("audit_verify")


# --- The meldpunt -----------------------------------------------------------------------


@pytest.fixture
def seeded(demo_seeded):
    return Organisation.objects.get(name=intake.MELDPUNT)


def test_the_meldpunt_has_referrals_with_every_outcome(demo_seeded):
    referrals = Referral.objects.filter(meldpunt__name=intake.MELDPUNT)
    assert referrals.count() >= 25
    assert f"{referrals.count()} meldingen in het meldpunt." in demo_seeded
    assert set(referrals.values_list("outcome", flat=True)) >= set(Outcome.values)
    assert not referrals.filter(received_on__gt=timezone.localdate()).exists()


def test_the_mix_roughly_follows_the_limburg_figures(seeded):
    outcomes = Counter(
        Referral.objects.filter(meldpunt=seeded)
        .exclude(outcome="")
        .values_list("outcome", flat=True)
    )
    total = sum(outcomes.values())
    assert 0.35 <= outcomes[Outcome.RETURNED_WITH_ADVICE] / total <= 0.5
    assert 0.15 <= outcomes[Outcome.RETURNED_AFTER_ASSESSMENT] / total <= 0.3
    assert 0.15 <= outcomes[Outcome.FAMILY_COACH] / total <= 0.3


def test_referrals_are_in_progress_at_every_status(seeded):
    referrals = Referral.objects.filter(meldpunt=seeded)
    assert referrals.filter(status=Referral.Status.RECEIVED).count() >= 2
    in_assessment = referrals.filter(status=Referral.Status.IN_ASSESSMENT)
    assert in_assessment.count() >= 2
    planned = Assessment.objects.filter(referral__in=in_assessment, findings="")
    assert planned.filter(held_on__lte=timezone.localdate()).exists()
    assert in_assessment.filter(family__consents__isnull=True).exists()
    awaiting = referrals.filter(status=Referral.Status.DECIDED, outcome__in=MATCHED_OUTCOMES)
    assert awaiting.exists()
    assert CoachProposal.objects.filter(
        referral__in=awaiting, response=CoachProposal.Response.VETOED
    ).exists()
    assert CoachProposal.objects.filter(
        referral__in=awaiting, response=CoachProposal.Response.PENDING
    ).exists()


def test_every_referral_went_through_the_services(seeded):
    referrals = Referral.objects.filter(meldpunt=seeded)
    registered = AuditEvent.objects.filter(action="referral.registered")
    assert registered.count() == referrals.count()
    assert set(registered.values_list("object_uuid", flat=True)) == set(
        referrals.values_list("uuid", flat=True)
    )
    assert referrals.filter(referred_by__isnull=False).exists()  # professionals in Spil
    outside = referrals.filter(referred_by__isnull=True)
    assert not outside.filter(referrer_name="").exists()
    assert not outside.filter(referrer_phone="").exists()
    assert outside.values("referrer_organisation_kind").distinct().count() >= 8


def test_coaches_have_different_caseloads(seeded):
    loads = dict(
        Trajectory.objects.filter(closed_on__isnull=True, coach_kind="medewerker")
        .values_list("coach__email")
        .annotate(n=Count("id"))
    )
    assert len(loads) == 3
    assert len(set(loads.values())) == 3
    assert Trajectory.objects.filter(kind=Trajectory.Kind.CARE_COORDINATION).exists()
    matched = Referral.objects.filter(meldpunt=seeded, status=Referral.Status.MATCHED)
    # Trajectories opened by the meldpunt; the demo family files add some of their own.
    assert matched.count() == Trajectory.objects.filter(referral__isnull=False).count()
    # Issue 20: one family's coach is a network member; the coordinator holds the file.
    lay = Trajectory.objects.get(closed_on__isnull=True, coach_kind="netwerklid")
    assert lay.coach.email.startswith("coordinator1@") and lay.lay_coach_name
    programme = Programme.objects.get(name=intake.PROGRAMME)
    assert (programme.caseload_min, programme.caseload_max) == (5, 8)
    assert programme.provider.name == intake.COACH_ORGANISATION


def test_one_family_was_referred_twice(seeded):
    twice = Family.objects.annotate(n=Count("referrals")).filter(n__gte=2)
    assert twice.count() == 1
    assert AuditEvent.objects.filter(action="referral.family_linked").count() == 1


def test_a_family_without_a_minor_child_is_flagged_at_weighing(seeded):
    assert Weighing.objects.filter(has_minor_child=False).exists()


def test_the_gezinsvoogd_works_outside_spil(seeded):
    voogd = ReferralHelper.objects.get(role="gezinsvoogd")
    assert voogd.worker is None and voogd.worker_name == "M. Kaya"


# --- The family files -------------------------------------------------------------------


def _active_families():
    # The demo's family files, coached by staff. The family with a network-member coach
    # (DEMO-031, issue 20) came in through the meldpunt with only what the referral said.
    open_trajectories = Trajectory.objects.filter(closed_on__isnull=True, coach_kind="medewerker")
    return Family.objects.filter(trajectories__in=open_trajectories).distinct()


def _generations(family: Family) -> int:
    """The longest line of descent through parent_of relations, counted in people."""
    parents: dict[int, set[int]] = defaultdict(set)
    for parent_id, child_id in family.relations.filter(kind=Relation.Kind.PARENT_OF).values_list(
        "from_member_id", "to_member_id"
    ):
        parents[child_id].add(parent_id)

    @cache
    def depth(member_id: int) -> int:
        return 1 + max((depth(p) for p in parents[member_id]), default=0)

    return max(depth(m) for m in family.members.values_list("id", flat=True))


def test_twelve_families_have_a_full_file(seeded):
    families = _active_families()
    assert families.count() >= 12
    for family in families:
        active = family.involvements.filter(until__isnull=True)
        assert _generations(family) >= 3, family
        assert family.network.count() >= 3, family
        assert 3 <= active.count() <= 12, family
        assert active.filter(is_coordinator=True).count() == 1, family
        assert family.consents.filter(kind=Consent.Kind.HELP).exists(), family
        # Everyone has a gender; every child hangs from a parent in the genogram.
        assert not family.members.filter(gender=Gender.UNKNOWN).exists(), family
        children = family.members.filter(role__in=[FamilyRole.CHILD, FamilyRole.FOSTER_CHILD])
        assert not children.filter(relations_to__isnull=True).exists(), family
        assert family.members.filter(
            role=FamilyRole.PARENT, has_parental_authority=True
        ).exists(), family
    members = Member.objects.filter(family__in=families)
    assert members.filter(gender=Gender.OTHER).exists()
    assert members.filter(role=FamilyRole.GRANDPARENT, is_deceased=True).exists()
    assert members.filter(role=FamilyRole.GRANDPARENT, is_deceased=False).exists()
    assert members.filter(role=FamilyRole.PARENT, lives_in_household=False).exists()
    assert members.filter(role=FamilyRole.STEP_PARENT).exists()
    bsns = list(members.exclude(bsn="").values_list("bsn", flat=True))
    assert len(bsns) >= 3 and all(bsn.is_valid(n) for n in bsns)
    assert len(set(bsns)) == len(bsns)
    relations = Relation.objects.filter(family__in=families)
    assert set(relations.values_list("kind", flat=True)) == set(Relation.Kind.values)
    assert set(relations.values_list("parentage", flat=True)) - {""} == set(
        Relation.Parentage.values
    )
    assert set(relations.values_list("quality", flat=True)) == set(Relation.Quality.values)
    contacts = NetworkContact.objects.filter(family__in=families)
    assert set(contacts.values_list("sector", flat=True)) == set(NetworkContact.Sector.values)
    assert set(contacts.values_list("tie", flat=True)) == set(NetworkContact.Tie.values)


def test_the_family_files_lie_in_the_past(seeded):
    today = timezone.localdate()
    assert not Member.objects.filter(birth_date__gt=today).exists()
    assert not Involvement.objects.filter(since__gt=today).exists()
    assert not Involvement.objects.filter(until__gt=today).exists()
    assert not Consent.objects.filter(given_on__gt=today).exists()
    assert not Consent.objects.filter(withdrawn_on__gt=today).exists()
    assert not Trajectory.objects.filter(started_on__gt=today).exists()
    # The running demo's files began within the last eight months. The one exception is
    # the rights demo's family Verhoef (spil/demo/rights.py): a file closed long ago, there
    # on purpose for `apply_retention --dry-run`.
    historical = Trajectory.objects.filter(closed_on__lt=retention.years_before(today, 20))
    assert [t.family.name for t in historical] == [rights.OLD_NAME]
    old = historical.get()
    assert old.closed_on <= retention.years_before(today, rights.CLOSED_YEARS_AGO)
    assert old.started_on < old.closed_on
    running = Trajectory.objects.filter(referral__isnull=True).exclude(pk=old.pk)
    assert running.exists()
    for trajectory in running:
        assert 28 <= (today - trajectory.started_on).days <= 8 * 31


def test_coaches_carry_the_families_with_a_backup_from_their_own_team(seeded):
    trajectories = Trajectory.objects.filter(closed_on__isnull=True)
    loads = Counter(trajectories.values_list("coach__email", flat=True))
    assert all(load <= 8 for load in loads.values())
    backed = trajectories.filter(backup_coach__isnull=False)
    assert 4 <= backed.count() <= 8
    for trajectory in backed:
        assert trajectory.backup_coach != trajectory.coach
        shared = Membership.objects.filter(
            user=trajectory.backup_coach,
            role=Role.COACH,
            team__memberships__user=trajectory.coach,
        )
        assert shared.exists(), trajectory


def test_the_team_around_a_family_shows_size_and_history(seeded):
    sizes = [f.involvements.filter(until__isnull=True).count() for f in _active_families()]
    assert max(sizes) > settings.SPIL_TEAM_WARNING_THRESHOLD
    successor = Involvement.objects.get(succeeded__isnull=False)
    assert successor.until is None and successor.succeeded.until == successor.since
    assert not successor.succeeded.is_coordinator
    professionals = {User.objects.get(email=f"professional{n}@demo.spil.test") for n in range(1, 5)}
    linked = set(
        User.objects.filter(
            involvements__family__in=_active_families(), involvements__until__isnull=True
        )
    )
    assert professionals <= linked


def test_consents_of_every_kind_and_one_withdrawn(seeded):
    consents = Consent.objects.filter(family__in=_active_families())
    assert set(consents.values_list("kind", flat=True)) == set(Consent.Kind.values)
    withdrawn = Consent.objects.get(withdrawn_on__isnull=False)
    assert withdrawn.kind == Consent.Kind.SHARE
    assert withdrawn.organisation == access.acting_organisation(
        User.objects.get(email="professional3@demo.spil.test")
    )
    # A child of 12 or older about their own data.
    own = consents.filter(concerns_member=F("given_by"))
    assert own.exists()
    for consent in own:
        assert consent.given_by.age_on(consent.given_on) >= 12
        assert not consent.given_by.has_parental_authority
    for consent in consents.exclude(concerns_member=F("given_by")).exclude(given_by=None):
        assert consent.given_by.has_parental_authority, consent
    # Or a legal representative instead of a member (issue 20 point 8).
    for consent in consents.filter(given_by=None):
        assert consent.representative, consent


def test_professionals_see_the_families_that_share_with_them(seeded):
    def user(handle: str) -> User:
        return User.objects.get(email=f"{handle}@demo.spil.test")

    ggz = access.visible_families(user("professional1"))
    assert ggz.count() >= 2
    for family in ggz:
        parts = access.family_parts(user("professional1"), family)
        assert {access.FamilyPart.PLAN, access.FamilyPart.CONTACTS} <= parts
        assert access.FamilyPart.FAMILY_STORY not in parts
    school = access.visible_families(user("professional2"))
    assert school.count() >= 1
    assert access.family_parts(user("professional2"), school.first()) == {
        access.FamilyPart.BASICS,
        access.FamilyPart.PLAN,
    }
    withdrawn = Consent.objects.get(withdrawn_on__isnull=False)
    bewind = access.visible_families(user("professional3"))
    assert withdrawn.family not in bewind
    still_valid = Consent.objects.filter(
        kind=Consent.Kind.SHARE, organisation=withdrawn.organisation, withdrawn_on__isnull=True
    )
    if not still_valid.exists():
        assert not bewind.exists()


def test_the_genogram_of_a_demo_family_draws_every_member(seeded):
    family = Referral.objects.get(external_id="DEMO-015").family
    members = list(family.members.all())
    relations = list(family.relations.select_related("from_member", "to_member"))
    svg = ElementTree.fromstring(genogram(members=members, relations=relations).svg)
    people = [
        g for g in svg.iter() if g.tag.endswith("g") and "person" in g.get("class", "").split()
    ]
    assert len(people) == len(members) >= 8


def test_demo_trajectories_are_at_work(demo_seeded):
    active = Trajectory.objects.filter(closed_on__isnull=True)
    assert active.exclude(trajectory_type="").count() == active.count()
    assert {"orientatie", "plan", "uitvoering"} & set(active.values_list("phase", flat=True))
    assert Extension.objects.filter(status="aangevraagd").count() == 1
    assert Extension.objects.filter(status="toegekend").count() == 1
    aftercare = Trajectory.objects.get(phase="nazorg")
    assert aftercare.closures.get().handover_in_person
    assert aftercare.checkins.count() == 2


@pytest.mark.parametrize(
    ("handle", "urls"),
    [
        ("coach1", ["/", "/trajecten/", "/gezinnen/"]),
        ("teamlead1", ["/", "/trajecten/team/", "/gezinnen/"]),
        ("coordinator1", ["/meldpunt/", "/meldpunt/cijfers/", "/gezinnen/"]),
        ("professional1", ["/gezinnen/", "/meldpunt/"]),
        ("policy1", ["/", "/meldpunt/cijfers/"]),
        ("admin1", ["/", "/beheer/"]),
    ],
)
def test_every_demo_account_reaches_its_pages(client, handle, urls, demo_seeded):
    client.force_login(User.objects.get(email=f"{handle}@{region.DEMO_DOMAIN}"))
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_every_demo_family_and_trajectory_page_renders(client, demo_seeded):
    # Each file is opened by the user who holds it: the trajectory's coach — a staff coach,
    # a professional of another organisation, or the coordinator who holds the file of a
    # network member or volunteer coach (ADR 0024). The family file is open to its holder
    # while the trajectory runs; a closed file (Verhoef, closed 21 years ago) stays shut
    # to the coach, who still sees the trajectory to reopen it.
    trajectories = Trajectory.objects.select_related("coach", "family")
    assert trajectories.filter(coach__email=f"coach1@{region.DEMO_DOMAIN}").exists()
    assert trajectories.filter(coach__email=f"coordinator1@{region.DEMO_DOMAIN}").exists()
    assert trajectories.filter(closed_on__isnull=False).exists()
    for trajectory in trajectories:
        client.force_login(trajectory.coach)
        assert client.get(f"/trajecten/{trajectory.uuid}/").status_code == 200, trajectory
        holds_open_file = trajectory.family.trajectories.filter(
            coach=trajectory.coach, closed_on__isnull=True
        ).exists()
        family_page = client.get(f"/gezinnen/{trajectory.family.uuid}/")
        assert family_page.status_code == (200 if holds_open_file else 404), trajectory


# --- Life domains and safety ------------------------------------------------------------


def test_demo_life_domains_and_safety(demo_seeded, client):
    out = demo_seeded
    today = timezone.localdate()
    active = Trajectory.objects.filter(closed_on__isnull=True)
    leefgebieden = Instrument.objects.get(code="leefgebieden")
    measured = Measurement.objects.filter(trajectory__in=active, instrument=leefgebieden)
    both = {
        t
        for t in active
        if {"start", "halverwege"}
        <= set(measured.filter(trajectory=t).values_list("moment", flat=True))
    }
    assert len(both) >= 8 and len(both) > active.count() / 2  # most families
    assert measured.filter(moment="start").count() == active.count()
    assert f"{active.count()} gezinnen met metingen van de leefgebieden" in out
    assert not Measurement.objects.filter(measured_on__gt=today).exists()
    for measurement in measured:
        assert measurement.measured_on >= measurement.trajectory.started_on
        assert measurement.scores.count() == leefgebieden.domains.count()
    assert set(Score.objects.values_list("value", flat=True)) <= {1, 2, 3, 4, 5}
    assert len(set(Score.objects.values_list("value", flat=True))) >= 4
    # One family with an open concern that went through the five steps of the meldcode
    # (the portal family has a closed one, never shown to the family: spil/demo/portal.py).
    concern = SafetyConcern.objects.get(closed_on__isnull=True)
    assert concern.is_open and concern.about is not None
    assert sorted(concern.steps.values_list("step", flat=True)) == [1, 2, 3, 4, 5]
    decision = concern.steps.get(step=5)
    assert decision.report_to_veilig_thuis and decision.organise_help
    assert not MeldcodeStep.objects.filter(done_on__gt=today).exists()
    assert SafetyMapping.objects.filter(family=concern.family).count() == 1
    ratings = SafetyRating.objects.filter(family=concern.family)
    assert ratings.values("rated_on").distinct().count() == 2
    assert ratings.filter(member__isnull=False).exists() and ratings.filter(rater__gt="").exists()
    assert "open zorgen over veiligheid: 1." in out
    # Two escalations, open, about other families: progress stalls, and (issue 20) an
    # organisation that does not deliver its part, to the coordinator.
    assert set(Escalation.objects.values_list("reason", flat=True)) == {
        "stagnatie",
        "organisatie_levert_niet",
    }
    for escalation in Escalation.objects.all():
        assert escalation.status == Escalation.Status.OPEN
        assert escalation.family != concern.family and escalation.raised_on <= today
    # The coach of the concern's family sees the flag on the caseload.
    from spil.workspace.selectors import caseload

    coach = concern.family.trajectories.get(closed_on__isnull=True).coach
    rows = caseload(user=coach, today=today).rows
    flagged = [r.trajectory.family for r in rows if "safety" in r.warnings]
    assert flagged == [concern.family]
    client.force_login(coach)
    for name in ("overview", "safety"):
        url = reverse(f"assessments:{name}", kwargs={"uuid": concern.family.uuid})
        assert client.get(url).status_code == 200, url


# --- Family plans -------------------------------------------------------------------------


def test_demo_family_plans_at_different_stages_with_evaluations_over_time(demo_seeded, client):
    from spil.plans import selectors as plan_selectors
    from spil.workspace.selectors import caseload

    out = demo_seeded
    today = timezone.localdate()
    active = Trajectory.objects.filter(closed_on__isnull=True).select_related("family")
    plans = Plan.objects.filter(status=Plan.Status.ACTIVE)
    assert f"{plans.count()} gezinsplannen" in out
    # No plan yet only where the trajectory is young; every other family has one.
    without = [t for t in active if not plans.filter(family=t.family).exists()]
    assert len(without) == 1 and (today - without[0].started_on).days < 30
    assert plans.count() == active.count() - 1
    # Stages: drafts only, agreed, agreed twice, and a draft on top of an agreement.
    agreed = plans.filter(versions__status="vastgesteld").distinct()
    drafts_only = plans.exclude(pk__in=agreed)
    assert drafts_only.count() >= 2 and agreed.count() >= 6
    assert (
        plans.annotate(n=Count("versions", filter=Q(versions__status="vastgesteld")))
        .filter(n=2)
        .exists()
    )
    # (and the portal family's new version, waiting for the family's agreement in the portal)
    on_top = PlanVersion.objects.filter(status="concept", based_on__isnull=False).exclude(
        plan__family=portal.portal_family()
    )
    assert on_top.count() == 1 and on_top.get().based_on.status == "vastgesteld"
    warned = [p for p in drafts_only if plan_selectors.goal_limit_warning_for(plan=p)]
    assert len(warned) == 1
    # Evaluations over time, with the scaling answers of family and workers kept apart.
    counts = [p.evaluations.values("held_on").distinct().count() for p in agreed]
    assert max(counts) >= 4 and min(counts) >= 1
    assert Evaluation.objects.filter(moment="halverwege").count() >= 4
    assert Evaluation.objects.filter(moment="einde").count() == 1
    answers = ScalingAnswer.objects.all()
    assert answers.filter(member__isnull=False).exists()
    assert answers.filter(involvement__isnull=False).exists()
    assert set(answers.values_list("value", flat=True)) <= set(range(11))
    # Over the evaluations the family answered in (the portal family's latest one waits
    # for the family's own scores in the portal), the family's scores rise.
    rising = Evaluation.objects.filter(
        plan=agreed.annotate(n=Count("evaluations")).latest("n"),
        goal_evaluations__answers__member__isnull=False,
    ).distinct()
    first, last = rising.order_by("held_on").first(), rising.order_by("held_on").last()
    family_answers = ScalingAnswer.objects.filter(member__isnull=False)
    assert sum(
        family_answers.filter(goal_evaluation__evaluation=last).values_list("value", flat=True)
    ) > sum(
        family_answers.filter(goal_evaluation__evaluation=first).values_list("value", flat=True)
    )
    # Owners of every kind; goals with a final status; nothing in the future.
    assert set(Step.objects.values_list("owner_kind", flat=True)) == set(Step.OwnerKind.values)
    assert {"bereikt", "nog_mee_bezig", "deels_bereikt"} <= set(
        Goal.objects.filter(version__is_current=True).values_list("status", flat=True)
    )
    for model, field in [
        (Plan, "started_on"),
        (PlanVersion, "agreed_on"),
        (Evaluation, "held_on"),
        (Step, "done_on"),
        (Goal, "status_on"),
    ]:
        assert not model.objects.filter(**{f"{field}__gt": today}).exists(), model
    assert not Contribution.objects.filter(part="").exists()
    assert GoalEvaluation.objects.count() >= Evaluation.objects.count()
    # The caseload warns about the plan that is late and counts the open actions.
    rows = [
        r
        for u in User.objects.filter(email__startswith="coach")
        for r in caseload(user=u, today=today).rows
    ]
    assert any("plan_overdue" in r.warnings for r in rows)
    assert any(r.overdue_steps for r in rows) and any(r.open_steps for r in rows)
    coach = User.objects.get(email=f"coach1@{region.DEMO_DOMAIN}")
    client.force_login(coach)
    assert client.get(reverse("plans:overdue")).status_code == 200
    for trajectory in Trajectory.objects.filter(coach=coach, closed_on__isnull=True):
        kwargs = {"uuid": trajectory.family.uuid}
        assert client.get(reverse("plans:plan", kwargs=kwargs)).status_code == 200
        assert client.get(reverse("plans:print", kwargs=kwargs)).status_code == 200


def test_the_pdf_of_a_demo_familys_plan_holds_its_goals_and_steps(demo_seeded, client):
    import io

    from pypdf import PdfReader

    plan = (
        Plan.objects.filter(versions__status="vastgesteld", versions__is_current=True)
        .select_related("trajectory__coach", "family")
        .order_by("started_on")
        .first()
    )
    client.force_login(plan.trajectory.coach)
    response = client.get(reverse("plans:pdf", kwargs={"uuid": plan.family.uuid}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    version = plan.versions.get(is_current=True)
    goals = list(version.goals.all())
    steps = list(Step.objects.filter(goal__version=version))
    assert goals and steps
    for goal in goals:
        assert goal.title in text, goal.title
    for step in steps:
        assert step.what in text, step.what
    assert "We hebben dit plan samen afgesproken op" in text
