"""import_trajectories: every row checked, all or nothing, idempotent on trajectory_id."""

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from spil.core.models import AuditEvent
from spil.reports.importing import ImportRefused, import_trajectories_csv
from spil.reports.models import TrajectoryRecord
from spil.trajectories.tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "trajectory_id;programme;type;started_on;closed_on;closure_reason;extensions;"
    "goals_set;goals_reached\n"
)


@pytest.fixture
def vig():
    return ProgrammeFactory(name="VIG", duration="vast", duration_months=6, max_months=12)


def sheet(*rows):
    return HEADER + "".join(row + "\n" for row in rows)


def refused(text):
    with pytest.raises(ImportRefused) as info:
        import_trajectories_csv(data=text.encode())
    assert TrajectoryRecord.objects.count() == 0
    return info.value.errors


def test_a_good_sheet_becomes_anonymous_records(vig):
    result = import_trajectories_csv(
        data=sheet(
            "A1;VIG;basis_op_orde;2024-01-10;2024-09-01;doelen_bereikt;1;3;2",
            "A2;vig;Stut en steun;10-02-2024;;;;;",
        ).encode("utf-8")
    )
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    a1 = TrajectoryRecord.objects.get(external_id="A1")
    assert a1.source == "import" and a1.trajectory is None and a1.coach is None
    assert a1.programme == vig
    assert a1.closed_on == date(2024, 9, 1) and a1.closure_reason == "doelen_bereikt"
    assert a1.duration_days == 235
    assert a1.frame_end == date(2025, 1, 10)
    assert (a1.extensions, a1.goals_set, a1.goals_reached) == (1, 3, 2)
    a2 = TrajectoryRecord.objects.get(external_id="A2")
    assert a2.trajectory_type == "stut_en_steun" and a2.started_on == date(2024, 2, 10)
    assert a2.closed_on is None and a2.duration_days is None and a2.goals_set == 0
    assert AuditEvent.objects.filter(action="reports.history_imported").count() == 1


def test_with_and_without_bom(vig):
    row = "A1;VIG;nazorg;2024-01-10;;;0;0;0"
    import_trajectories_csv(data=b"\xef\xbb\xbf" + sheet(row).encode())
    assert import_trajectories_csv(data=sheet(row).encode()).unchanged == 1


def test_the_same_file_twice_changes_nothing_and_a_correction_updates(vig):
    text = sheet("A1;VIG;nazorg;2024-01-10;;;0;0;0", "A2;VIG;nazorg;2024-01-11;;;0;0;0")
    import_trajectories_csv(data=text)
    before = list(TrajectoryRecord.objects.values_list("id", "revision", "updated_at"))
    again = import_trajectories_csv(data=text)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert list(TrajectoryRecord.objects.values_list("id", "revision", "updated_at")) == before
    assert AuditEvent.objects.filter(action="reports.history_imported").count() == 1
    corrected = import_trajectories_csv(
        data=sheet("A1;VIG;nazorg;2024-01-10;2024-05-01;verhuisd;0;0;0")
    )
    assert (corrected.created, corrected.updated) == (0, 1)
    assert TrajectoryRecord.objects.get(external_id="A1").closure_reason == "verhuisd"
    assert TrajectoryRecord.objects.count() == 2


def test_dry_run_stores_nothing(vig, write):
    out = io.StringIO()
    path = write(sheet("A1;VIG;nazorg;2024-01-10;;;0;0;0"))
    call_command("import_trajectories", path, "--dry-run", stdout=out)
    assert "niets opgeslagen: 1 nieuw" in out.getvalue()
    assert TrajectoryRecord.objects.count() == 0
    call_command("import_trajectories", path, stdout=out)
    assert TrajectoryRecord.objects.count() == 1


@pytest.fixture
def write(tmp_path):
    def write(text):
        path = tmp_path / "historie.csv"
        path.write_text(text, encoding="utf-8")
        return str(path)

    return write


def test_every_bad_row_is_named_with_its_line_and_nothing_is_imported(vig):
    errors = refused(
        sheet(
            "A1;VIG;nazorg;2024-01-10;;;0;0;0",  # line 2: good
            ";VIG;nazorg;2024-01-10;;;0;0;0",  # 3: no id
            "A1;VIG;nazorg;2024-01-10;;;0;0;0",  # 4: duplicate id
            "A4;Onbekend;nazorg;2024-01-10;;;0;0;0",  # 5: programme
            "A5;VIG;zomaar;2024-01-10;;;0;0;0",  # 6: type
            "A6;VIG;nazorg;31-02-2024;;;0;0;0",  # 7: date
            "A7;VIG;nazorg;2024-05-10;2024-01-01;verhuisd;0;0;0",  # 8: closed before start
            "A8;VIG;nazorg;2024-01-10;2024-03-01;;0;0;0",  # 9: closed without reason
            "A9;VIG;nazorg;2024-01-10;;verhuisd;0;0;0",  # 10: reason without closed_on
            "A10;VIG;nazorg;2024-01-10;2024-03-01;weet_niet;0;0;0",  # 11: reason
            "A11;VIG;nazorg;2024-01-10;;;-1;2;3",  # 12: negative, reached > set … twice
            "A12;VIG;nazorg;2999-01-10;;;0;0;0",  # 13: future
            "A13;VIG;nazorg;;;;0;0;0",  # 14: no start
        )
    )
    assert errors == [
        "Regel 3: 'trajectory_id' is leeg.",
        "Regel 4: trajectory_id 'A1' staat ook al op regel 2.",
        "Regel 5: programma 'Onbekend' bestaat niet in Spil.",
        "Regel 6: 'zomaar' is geen soort traject; kies uit: basis_op_orde, "
        "vinger_aan_de_pols, stut_en_steun, nazorg, opschaling.",
        "Regel 7: 'started_on' is geen geldige datum: '31-02-2024' "
        "(gebruik jjjj-mm-dd of dd-mm-jjjj).",
        "Regel 8: 'closed_on' ligt vóór 'started_on'.",
        "Regel 9: 'closed_on' is ingevuld maar 'closure_reason' is leeg.",
        "Regel 10: 'closure_reason' is ingevuld maar 'closed_on' is leeg.",
        "Regel 11: 'weet_niet' is geen reden van afsluiten; kies uit: doelen_bereikt, "
        "problemen_hanteerbaar, gezin_stopt, geen_klik, termijn_of_financiering, verhuisd, "
        "kinderbescherming, jongste_18, anders.",
        "Regel 12: 'extensions' moet een heel getal van 0 tot 10000 zijn, niet '-1'.",
        "Regel 12: 'goals_reached' is groter dan 'goals_set'.",
        "Regel 13: 'started_on' ligt in de toekomst.",
        "Regel 14: 'started_on' is leeg.",
    ]


def test_header_problems():
    errors = refused("trajectory_id;programme;type\nA1;VIG;nazorg\n")
    assert "Regel 1: de kolom 'started_on' ontbreekt." in errors
    assert refused(HEADER.replace(";", ",") + "A1,VIG\n") == [
        "Regel 1: de kolommen worden gescheiden door een komma; gebruik een puntkomma (;)."
    ]
    assert refused("") == ["Het bestand is leeg."]
    assert refused(HEADER) == ["Het bestand bevat alleen een kopregel, geen trajecten."]


def test_not_utf8_is_refused():
    with pytest.raises(ImportRefused, match="geen UTF-8"):
        import_trajectories_csv(data=sheet("A1;Café;nazorg;2024-01-10;;;0;0;0").encode("latin-1"))


def test_command_reports_errors_and_fails(vig, write):
    err = io.StringIO()
    path = write(sheet("A1;VIG;nazorg;2024-13-01;;;0;0;0"))
    with pytest.raises(CommandError, match="Niets geïmporteerd: 1 fout"):
        call_command("import_trajectories", path, stderr=err)
    assert "Regel 2: 'started_on' is geen geldige datum" in err.getvalue()
    with pytest.raises(CommandError, match="niet gevonden"):
        call_command("import_trajectories", "/nonexistent.csv")
