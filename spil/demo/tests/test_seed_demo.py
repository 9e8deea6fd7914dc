import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from spil.accounts.models import Membership, Organisation, Team, User
from spil.core import access
from spil.core.models import AuditEvent
from spil.core.roles import Role
from spil.demo import region

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Organisation, Team, User, Membership, AuditEvent))


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
