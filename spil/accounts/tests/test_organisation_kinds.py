"""The organisation kinds the seeds name (issue 16), and the data migration that sorts an
existing organisation of kind "anders" into a new kind only when its name says so plainly."""

import importlib

import pytest
from django.apps import apps

from spil.accounts import services as account_services
from spil.accounts.models import Organisation
from spil.accounts.tests.factories import OrganisationFactory, UserFactory
from spil.core.roles import Role
from spil.core.testing import days_ago
from spil.intake import services as intake_services
from spil.intake.models import Referral
from spil.intake.reporting import meldpunt_report
from spil.intake.tests.factories import register

pytestmark = pytest.mark.django_db

migration = importlib.import_module("spil.accounts.migrations.0008_organisation_kinds_from_seeds")

NEW = {
    "jeugdbescherming": "Bureau Jeugdzorg / gecertificeerde instelling (jeugdbescherming)",
    "maatschappelijk_werk": "Algemeen maatschappelijk werk",
    "cjg_wijkteam": "CJG / wijkteam",
    "reclassering": "Reclassering",
    "leerplicht": "Leerplicht",
    "verslavingszorg": "Verslavingszorg",
    "mee_clientondersteuning": "MEE (cliëntondersteuning)",
}


def test_the_seeds_kinds_are_in_the_list():
    labels = dict(Organisation.Kind.choices)
    for code, label in NEW.items():
        assert labels[code] == label
    assert Organisation.Kind.values[-1] == "anders"  # "anders" stays last in every list
    assert max(len(code) for code in Organisation.Kind.values) <= 40


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Bureau Jeugdzorg Limburg", "jeugdbescherming"),
        ("Jeugdbescherming Gelderland", "jeugdbescherming"),
        ("AMW Zwolle", "maatschappelijk_werk"),
        ("Algemeen Maatschappelijk Werk Noord", "maatschappelijk_werk"),
        ("CJG Rotterdam", "cjg_wijkteam"),
        ("Centrum voor Jeugd en Gezin Aalsmeer", "cjg_wijkteam"),
        ("Sociaal wijkteam Oost", "cjg_wijkteam"),
        ("Reclassering Nederland", "reclassering"),
        ("Bureau Leerplicht Plus", "leerplicht"),
        ("Verslavingszorg Noord", "verslavingszorg"),
        ("MEE Oost", "mee_clientondersteuning"),
        ("Onafhankelijke cliëntondersteuning", "mee_clientondersteuning"),
        # Not plain enough: these stay "anders".
        ("Doe mee in de wijk", None),
        ("Stichting De Kern", None),
        ("Kamwerk", None),
    ],
)
def test_the_migration_reads_only_plain_names(name, kind):
    assert migration.kind_for(name) == kind


def test_the_migration_moves_only_rows_of_kind_other():
    bjz = OrganisationFactory(name="Bureau Jeugdzorg Testregio", kind="anders")
    other = OrganisationFactory(name="Stichting Zonder Soort", kind="anders")
    youth = OrganisationFactory(name="Jeugdhulp bij het CJG", kind=Organisation.Kind.YOUTH_CARE)
    migration.classify_other(apps, None)
    for organisation in (bjz, other, youth):
        organisation.refresh_from_db()
        organisation.full_clean()  # every row is valid under the new list
    assert (bjz.kind, other.kind, youth.kind) == ("jeugdbescherming", "anders", "jeugdhulp")
    # Going back leaves only kinds the old list knows.
    migration.back_to_other(apps, None)
    bjz.refresh_from_db()
    assert bjz.kind == "anders"


def test_the_meldpunt_report_names_a_new_referrer_kind():
    meldpunt = OrganisationFactory(name="Meldpunt Testregio", kind=Organisation.Kind.MELDPUNT)
    coordinator = UserFactory()
    account_services.membership_add(user=coordinator, organisation=meldpunt, role=Role.COORDINATOR)
    referrer = intake_services.ReferrerData(
        name="Piet de Boer",
        organisation_name="Reclassering Oost",
        organisation_kind=Organisation.Kind.PROBATION,
        phone="0612345678",
    )
    register(coordinator, meldpunt, referrer=referrer)
    report = meldpunt_report(
        referrals=Referral.objects.all(), date_from=days_ago(60), date_to=days_ago(0)
    )
    assert [(s.code, s.label, s.count) for s in report.by_referrer_kind] == [
        ("reclassering", "Reclassering", 1)
    ]
