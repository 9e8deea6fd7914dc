from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count
from django.utils import timezone

from spil.accounts.models import Membership, Organisation, Team, User
from spil.core import access
from spil.core.models import AuditEvent
from spil.core.roles import Role
from spil.demo import intake, region
from spil.directory.models import Programme
from spil.families.models import Consent, Family, Involvement, Member
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
from spil.trajectories.models import Trajectory

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
    Involvement,
    Consent,
    Trajectory,
    AuditEvent,
)


def _counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in COUNTED}


def test_seed_demo_builds_the_region_and_prints_the_accounts(capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
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
        Role.ADMIN: 1,
    }
    for role, count in expected.items():
        users = User.objects.filter(memberships__role=role).distinct()
        assert users.count() == count, role
    coach = User.objects.get(email="coach1@demo.spil.test")
    assert coach.check_password("spil-demo-2026")
    assert access.can(coach, access.Capability.COACH_FAMILIES)


def test_running_seed_demo_twice_changes_nothing():
    call_command("seed_demo")
    before = _counts()
    call_command("seed_demo")
    assert _counts() == before


def test_seed_demo_refuses_under_production_settings(settings):
    settings.SPIL_ENVIRONMENT = "production"
    with pytest.raises(CommandError, match="productie"):
        call_command("seed_demo")
    assert User.objects.count() == 0


def test_the_demo_audit_chain_verifies():
    call_command("seed_demo")
    call_command("audit_verify")


# --- The meldpunt -----------------------------------------------------------------------


@pytest.fixture
def seeded():
    call_command("seed_demo")
    return Organisation.objects.get(name=intake.MELDPUNT)


def test_the_meldpunt_has_referrals_with_every_outcome(capsys):
    call_command("seed_demo")
    referrals = Referral.objects.filter(meldpunt__name=intake.MELDPUNT)
    assert referrals.count() >= 25
    assert f"{referrals.count()} meldingen in het meldpunt." in capsys.readouterr().out
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
        Trajectory.objects.filter(closed_on__isnull=True)
        .values_list("coach__email")
        .annotate(n=Count("id"))
    )
    assert len(loads) == 3
    assert len(set(loads.values())) == 3
    assert Trajectory.objects.filter(kind=Trajectory.Kind.CARE_COORDINATION).exists()
    matched = Referral.objects.filter(meldpunt=seeded, status=Referral.Status.MATCHED)
    assert matched.count() == Trajectory.objects.count()
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


def test_seeding_the_meldpunt_twice_changes_nothing(seeded):
    before = _counts()
    call_command("seed_demo")
    assert _counts() == before
    call_command("audit_verify")
