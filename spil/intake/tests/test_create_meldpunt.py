"""`manage.py create_meldpunt`: a fresh database gets the meldpunt the import needs."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from spil.accounts.models import Organisation
from spil.accounts.tests.factories import OrganisationFactory
from spil.core.models import AuditEvent
from spil.intake.models import Referral

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "limburg_2005.csv"


@pytest.fixture(autouse=True)
def _dutch():
    with translation.override("nl"):
        yield


def _run(*args):
    out = StringIO()
    call_command(*map(str, args), stdout=out, stderr=StringIO())
    return out.getvalue()


def test_a_fresh_database_gets_its_meldpunt_and_the_import_finds_it():
    with pytest.raises(
        CommandError, match=r"Er staat nog geen meldpunt in Spil\..*create_meldpunt"
    ):
        _run("import_referrals", FIXTURE)
    out = _run("create_meldpunt", "Meldpunt Zuid-Limburg", "--municipality", "Heerlen")
    meldpunt = Organisation.objects.get()
    assert (meldpunt.name, meldpunt.kind, meldpunt.municipality) == (
        "Meldpunt Zuid-Limburg",
        Organisation.Kind.MELDPUNT,
        "Heerlen",
    )
    assert "Meldpunt 'Meldpunt Zuid-Limburg' vastgelegd" in out
    assert AuditEvent.objects.filter(action="organisation.created").count() == 1
    assert "meldingen geïmporteerd" in _run("import_referrals", FIXTURE)
    assert Referral.objects.filter(meldpunt=meldpunt).exists()


def test_running_it_again_changes_nothing():
    _run("create_meldpunt", "Meldpunt Zuid-Limburg")
    out = _run("create_meldpunt", "meldpunt zuid-limburg")
    assert "staat al in Spil" in out
    assert Organisation.objects.count() == 1
    assert AuditEvent.objects.filter(action="organisation.created").count() == 1


def test_a_name_taken_by_another_kind_of_organisation_is_refused():
    OrganisationFactory(name="Zorg om Gezinnen", kind=Organisation.Kind.YOUTH_CARE)
    with pytest.raises(CommandError, match="al een organisatie 'Zorg om Gezinnen'"):
        _run("create_meldpunt", "Zorg om Gezinnen")
    assert not Organisation.objects.filter(kind=Organisation.Kind.MELDPUNT).exists()


def test_an_empty_name_is_refused():
    with pytest.raises(CommandError, match="Geef de naam van het meldpunt op"):
        _run("create_meldpunt", "  ")
