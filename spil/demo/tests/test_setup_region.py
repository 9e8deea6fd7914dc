"""`setup_region`: a fresh installation set up without the shell, idempotent, Dutch errors.

The demo tests of this package share one seeded demo (`demo_seeded`, package scope), so
the database may already hold another region: each test compares with what was there
before it ran instead of assuming an empty database.
"""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from spil.accounts.models import Membership, Organisation, Team, User
from spil.core import access
from spil.core.roles import Role
from spil.directory.models import Programme

pytestmark = pytest.mark.django_db

FLAGS = [
    "--gemeente=Gemeente Proefdorp",
    "--meldpunt=Meldpunt Proefdorp",
    "--aanbieder=Gezinscoaching Proefdorp",
    "--team=Team Oost",
    "--team=Team West",
    "--programma=Gezinscoaching Proefdorp 6+6",
    "--beheerder-email=Beheer@Proefdorp.nl ",
    "--beheerder-naam=Bea Beheer",
    "--no-input",
]


def _run(*flags):
    out = io.StringIO()
    call_command("setup_region", *flags, stdout=out)
    return out.getvalue()


def _counts():
    return (
        Organisation.objects.count(),
        Team.objects.count(),
        Programme.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
    )


def test_a_fresh_region_with_its_first_beheerder(monkeypatch):
    monkeypatch.setenv("SPIL_ADMIN_PASSWORD", "een-lang-en-sterk-wachtwoord-42")
    organisations = set(Organisation.objects.values_list("pk", flat=True))
    programmes = set(Programme.objects.values_list("pk", flat=True))
    users, memberships = User.objects.count(), Membership.objects.count()
    out = _run(*FLAGS)
    assert "De regio is ingericht." in out
    kinds = dict(Organisation.objects.exclude(pk__in=organisations).values_list("name", "kind"))
    assert kinds == {
        "Gemeente Proefdorp": "gemeente",
        "Meldpunt Proefdorp": "meldpunt",
        "Gezinscoaching Proefdorp": "jeugdhulp",
    }
    provider = Organisation.objects.get(name="Gezinscoaching Proefdorp")
    assert set(provider.teams.values_list("name", flat=True)) == {"Team Oost", "Team West"}
    programme = Programme.objects.exclude(pk__in=programmes).get()
    assert programme.provider == provider and programme.duration_months == 6
    admin = User.objects.get(email="beheer@proefdorp.nl")
    assert User.objects.count() == users + 1  # only the beheerder
    assert admin.check_password("een-lang-en-sterk-wachtwoord-42")
    assert access.can(admin, access.Capability.MANAGE_DIRECTORY)
    assert Membership.objects.get(user=admin).role == Role.ADMIN
    assert Membership.objects.count() == memberships + 1


def test_running_it_again_changes_nothing(monkeypatch):
    monkeypatch.delenv("SPIL_ADMIN_PASSWORD", raising=False)
    _run(*FLAGS)
    before = _counts()
    admin = User.objects.get(email="beheer@proefdorp.nl")
    assert not admin.has_usable_password()  # set later through "Wachtwoord vergeten"
    out = _run(*FLAGS)
    assert _counts() == before
    assert not [line for line in out.splitlines() if line.startswith("+ ")]
    assert "Staat er al: Team Oost." in out
    # A new team is added, nothing else.
    _run(*FLAGS, "--team=Team Midden")
    assert Team.objects.count() == before[1] + 1


def test_a_missing_flag_is_named_in_dutch():
    before = _counts()
    with pytest.raises(CommandError, match="--meldpunt ontbreekt"):
        _run(*[f for f in FLAGS if not f.startswith("--meldpunt")])
    assert _counts() == before


def test_a_name_taken_by_another_kind_of_organisation_is_refused_and_nothing_changes():
    Organisation.objects.create(name="Meldpunt Proefdorp", kind="ggz")
    before = _counts()
    with pytest.raises(CommandError, match="Kies een andere naam"):
        _run(*FLAGS)
    assert _counts() == before
    assert not Organisation.objects.filter(name="Gemeente Proefdorp").exists()  # rolled back


def test_a_weak_password_is_refused(monkeypatch):
    monkeypatch.setenv("SPIL_ADMIN_PASSWORD", "kort")
    before = _counts()
    with pytest.raises(CommandError):
        _run(*FLAGS)
    assert _counts() == before
    assert not User.objects.filter(email="beheer@proefdorp.nl").exists()


def test_not_an_email_address():
    with pytest.raises(CommandError, match="geen e-mailadres"):
        _run(*[f for f in FLAGS if not f.startswith("--beheerder-email")], "--beheerder-email=x")
