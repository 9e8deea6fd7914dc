"""manage.py import_offers and the CSV export: all lines or none, Dutch errors per line,
updates instead of duplicates, and the same columns back out."""

import io

import pytest
from django.core.management import CommandError, call_command

from spil.accounts.models import Organisation
from spil.accounts.tests.factories import OrganisationFactory
from spil.core.models import AuditEvent
from spil.directory import importing, selectors, services
from spil.directory.models import Intervention, Offer
from spil.directory.selectors import Filters

pytestmark = pytest.mark.django_db

HEADER = ";".join(importing.COLUMNS)
GOOD = "\n".join(
    [
        HEADER,
        "Schuldhulp Testdorp;Hulp bij schulden;Overzicht en budgetplan.;schuldhulp;18;;ja;26;4;"
        "Bel 0123-456789.;;",
        "Opvoedpunt;Cursus positief opvoeden;Zes avonden.;Opvoedondersteuning;0;12;ja;6;2;"
        "Aanmelden via de website.;Triple P;effectief volgens goede aanwijzingen",
        "Opvoedpunt;Gezinsbegeleiding;Thuis.;JEUGDHULP;0;18;nee;;;Via de gezinscoach.;Triple P;"
        "goede aanwijzingen",
        "",
    ]
)


@pytest.fixture
def organisations():
    return [
        OrganisationFactory(name="Schuldhulp Testdorp", kind=Organisation.Kind.DEBT),
        OrganisationFactory(name="Opvoedpunt", kind=Organisation.Kind.YOUTH_CARE),
    ]


def run(tmp_path, text, *args, encoding="utf-8"):
    path = tmp_path / "aanbod.csv"
    path.write_bytes(text.encode(encoding))
    out, err = io.StringIO(), io.StringIO()
    call_command("import_offers", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def fails(tmp_path, text, *args):
    path = tmp_path / "aanbod.csv"
    path.write_bytes(text.encode("utf-8"))
    err = io.StringIO()
    with pytest.raises(CommandError, match="Niets geïmporteerd"):
        call_command("import_offers", str(path), *args, stdout=io.StringIO(), stderr=err)
    return err.getvalue()


def test_a_good_sheet_is_imported_and_found(tmp_path, organisations):
    out, _err = run(tmp_path, GOOD)
    assert "3 nieuw, 0 bijgewerkt, 0 ongewijzigd; 1 nieuwe interventie(s)" in out
    offer = Offer.objects.get(name="Cursus positief opvoeden")
    assert (offer.category.code, offer.age_from, offer.age_to, offer.voluntary) == (
        "opvoedondersteuning",
        0,
        12,
        True,
    )
    assert (offer.duration_weeks, offer.waiting_weeks) == (6, 2)
    assert offer.intervention.name == "Triple P"
    assert offer.intervention.recognition == "goede_aanwijzingen"
    assert offer.checked_on is not None
    care = Offer.objects.get(name="Gezinsbegeleiding")
    assert (care.voluntary, care.waiting_weeks, care.category.code) == (False, None, "jeugdhulp")
    assert Intervention.objects.count() == 1
    # Searchable at once.
    assert {o.name for o in selectors.offers(Filters(q="schuld"))} == {"Hulp bij schulden"}
    assert AuditEvent.objects.filter(action="directory.offers_imported").count() == 1


def test_with_a_byte_order_mark(tmp_path, organisations):
    run(tmp_path, "\ufeff" + GOOD)
    assert Offer.objects.count() == 3


def test_importing_again_updates_instead_of_duplicating(tmp_path, organisations):
    run(tmp_path, GOOD)
    changed = GOOD.replace(";26;4;", ";26;9;").replace(
        "Opvoedpunt;Gezinsbegeleiding", "OPVOEDPUNT;gezinsbegeleiding"
    )
    out, _err = run(tmp_path, changed)
    # The waiting time changed, and the name's spelling (the organisation's is not the
    # offer's to change); the third offer is the same.
    assert "0 nieuw, 2 bijgewerkt, 1 ongewijzigd; 0 nieuwe interventie(s)" in out
    assert Offer.objects.count() == 3
    assert Offer.objects.filter(name="gezinsbegeleiding").exists()
    assert Offer.objects.get(name="Hulp bij schulden").waiting_weeks == 9
    revisions = sorted(Offer.objects.values_list("revision", flat=True))
    events = AuditEvent.objects.count()
    out, _err = run(tmp_path, changed)
    assert "0 nieuw, 0 bijgewerkt, 3 ongewijzigd" in out
    assert sorted(Offer.objects.values_list("revision", flat=True)) == revisions
    assert AuditEvent.objects.count() == events


def test_dry_run_writes_nothing(tmp_path, organisations):
    out, _err = run(tmp_path, GOOD, "--dry-run")
    assert "Proef, niets geschreven: 3 nieuw" in out
    assert Offer.objects.count() == 0
    assert Intervention.objects.count() == 0
    assert not AuditEvent.objects.filter(action="directory.offers_imported").exists()


def test_an_unknown_organisation_is_an_error_unless_created(tmp_path, organisations):
    sheet = (
        GOOD + "Buurthuis De Brug;Taalcafé;Nederlands oefenen.;taal en integratie;16;;ja;;0;"
        "Gewoon binnenlopen.;;\n"
    )
    err = fails(tmp_path, sheet)
    assert "Regel 5: organisatie “Buurthuis De Brug” is onbekend" in err
    assert "--create-organisations" in err
    assert Offer.objects.count() == 0  # not even the good lines
    out, _err = run(tmp_path, sheet, "--create-organisations")
    assert "4 nieuw" in out and "1 nieuwe organisatie(s)" in out
    assert Organisation.objects.get(name="Buurthuis De Brug").kind == "anders"


def test_bad_lines_get_dutch_messages_per_line_and_nothing_is_written(tmp_path, organisations):
    sheet = f"""{HEADER}
Opvoedpunt;;;zwemles;abc;-1;misschien;999;x;;;
Opvoedpunt;Cursus;;opvoedondersteuning;12;4;ja;;;;;goede aanwijzingen
Opvoedpunt;Cursus A;;opvoedondersteuning;;;ja;;;;Triple P;heel goed
Opvoedpunt;te weinig kolommen
Schuldhulp Testdorp;Hulp bij schulden;;schuldhulp;;;ja;;;;;
schuldhulp testdorp;hulp bij schulden;;schuldhulp;;;ja;;;;;
Opvoedpunt;B;;jeugdhulp;;;ja;;;;MST;sterke aanwijzingen
Opvoedpunt;C;;jeugdhulp;;;ja;;;;mst;eerste aanwijzingen
"""
    err = fails(tmp_path, sheet)
    assert "Regel 2: de naam van het aanbod ontbreekt" in err
    assert "soort “zwemles” is onbekend; gebruik een van: schuldhulp" in err
    assert "leeftijd vanaf moet een heel getal van 0 tot en met 120 zijn, niet “abc”" in err
    assert "vrijwillig moet “ja” of “nee” zijn, niet “misschien”" in err
    assert "duur in weken moet een heel getal van 0 tot en met 520 zijn, niet “999”" in err
    assert (
        "Regel 3: de leeftijd vanaf is hoger dan de leeftijd tot; "
        "een erkenning hoort bij een interventie" in err
    )
    assert "Regel 4: erkenning “heel goed” is onbekend" in err
    assert "Regel 5: 2 kolommen in plaats van 12." in err
    assert "Regel 7: dit aanbod van deze organisatie staat al op regel 6." in err
    assert "Regel 9: interventie “mst” kreeg op regel 8 een andere erkenning" in err
    assert "Regel 6" not in err and "Regel 8" not in err
    assert Offer.objects.count() == 0
    assert Intervention.objects.count() == 0


def test_a_wrong_header_or_an_empty_file(tmp_path, organisations):
    err = fails(tmp_path, "naam;organisatie\nx;y\n")
    assert "Regel 1: de kopregel moet precies zijn: organisation;name;" in err
    assert "Het bestand is leeg." in fails(tmp_path, "")
    assert "geen regels met aanbod" in fails(tmp_path, HEADER + "\n\n")


def test_a_file_that_is_not_utf8(tmp_path, organisations):
    with pytest.raises(CommandError, match="geen UTF-8"):
        run(tmp_path, GOOD.replace("Cursus", "Cursus é"), encoding="utf-16")


def test_every_recognition_spelling():
    for word, level in [
        ("geen", "geen"),
        ("Goed onderbouwd", "goed_onderbouwd"),
        ("effectief volgens eerste aanwijzingen", "eerste_aanwijzingen"),
        ("Effectief volgens  GOEDE aanwijzingen", "goede_aanwijzingen"),
        ("sterke aanwijzingen", "sterke_aanwijzingen"),
    ]:
        assert importing.recognition_of(word) == level
    assert importing.recognition_of("effectief") is None


def test_the_export_gives_the_same_columns_back(tmp_path, organisations, client, django_user_model):
    """Round trip: import, export, import the export — nothing changes."""
    run(tmp_path, GOOD)
    out = io.StringIO()
    importing.export(selectors.offers_for_export(), out)
    exported = out.getvalue()
    assert exported.startswith("\ufeff" + HEADER + "\r\n")
    assert (
        "Opvoedpunt;Cursus positief opvoeden;Zes avonden.;opvoedondersteuning;0;12;ja;6;2;"
        "Aanmelden via de website.;Triple P;goede aanwijzingen" in exported
    )
    assert (
        "Schuldhulp Testdorp;Hulp bij schulden;Overzicht en budgetplan.;schuldhulp;18;;ja;26;4;"
        in exported
    )

    def snapshot():
        return sorted(
            Offer.objects.values_list(
                "organisation__name",
                "name",
                "description",
                "category__code",
                "age_from",
                "age_to",
                "voluntary",
                "duration_weeks",
                "waiting_weeks",
                "request",
                "intervention__name",
                "intervention__recognition",
            )
        )

    before = snapshot()
    result = services.offers_import(actor=None, text=importing.decode(exported.encode("utf-8")))
    assert not result.errors and result.unchanged == 3 and result.updated == result.created == 0
    assert snapshot() == before
