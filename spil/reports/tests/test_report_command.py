"""A small history sheet imported, then every figure of report_monitoring checked exactly."""

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from spil.trajectories.tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db

SHEET = Path(__file__).parent / "data" / "history.csv"
PERIOD = ["--from", "2025-01-01", "--to", "2025-12-31"]


@pytest.fixture
def imported():
    ProgrammeFactory(name="VIG", duration="vast", duration_months=6, max_months=12)
    ProgrammeFactory(name="Ander programma")
    call_command("import_trajectories", str(SHEET), stdout=io.StringIO())


def report(*args):
    out = io.StringIO()
    call_command("report_monitoring", *PERIOD, *args, stdout=out)
    return out.getvalue()


def test_every_trajectory_and_goal_figure_in_json(imported):
    data = json.loads(report("--format", "json"))
    assert data["period"] == {"from": "2025-01-01", "to": "2025-12-31"}
    t = data["trajectories"]
    assert t["started"] == 13
    assert t["running_at_end"] == 15
    assert t["closed"] == 12
    # 12 durations 198 … 518 days; quartiles by linear interpolation (percentile_cont)
    assert t["duration_q1_days"] == 266.3  # 243 + 0.75 × 31 = 266.25, half up
    assert t["duration_median_days"] == 350.0  # (335 + 365) / 2
    assert t["duration_q3_days"] == 434.5  # 427 + 0.25 × 30
    assert t["within_frame_percent"] == 58.3  # 7 of 12 closed by 2025-07-01 (start + 12 m)
    assert t["extension_percent"] == 50.0  # 6 of 12
    assert t["reopened_within_year"] == 0
    assert t["started_by_type"] == {
        "basis_op_orde": {"count": 6, "percent": 46.2},
        "vinger_aan_de_pols": {"count": None, "percent": None},  # 5, but would give away …
        "stut_en_steun": {"count": "<5", "percent": "<5"},  # … these 2
        "nazorg": {"count": 0, "percent": 0.0},
        "opschaling": {"count": 0, "percent": 0.0},
        "geen": {"count": 0, "percent": 0.0},
        "total": {"count": 13, "percent": 100.0},
    }
    reasons = t["closed_by_reason"]
    assert reasons["doelen_bereikt"] == {"count": 7, "percent": 58.3}
    assert reasons["verhuisd"] == {"count": 5, "percent": 41.7}
    assert reasons["gezin_stopt"] == {"count": 0, "percent": 0.0}
    assert reasons["anders"] == {"count": 0, "percent": 0.0}  # S13 closed in 2026
    assert reasons["total"] == {"count": 12, "percent": 100.0}
    assert set(reasons) == {
        "doelen_bereikt",
        "problemen_hanteerbaar",
        "gezin_stopt",
        "geen_klik",
        "termijn_of_financiering",
        "verhuisd",
        "kinderbescherming",
        "jongste_18",
        "anders",
        "total",
    }
    assert data["goals"] == {
        "goals_set": 25,
        "goals_reached": 16,
        "goals_reached_percent": 64.0,
        "evaluation_first_mean": None,  # no evaluations in a history sheet
        "evaluation_last_mean": None,
    }
    assert data["referrals"]["received"] == 0
    assert data["referrals"]["decision_median_days"] is None
    assert data["caseload"]["families_per_coach"] == {}  # the history has no coaches
    # ... nor kinds of coach (issue 20): only trajectories in Spil are counted by kind.
    assert data["caseload"]["running_by_coach_kind"]["total"] == {"count": 0, "percent": None}


def test_every_figure_in_text(imported):
    text = report()
    for line in [
        "Monitoring 1 januari 2025 t/m 31 december 2025",
        "Gestart: 13",
        "Lopend aan het eind van de periode: 15",
        "Afgesloten: 12",
        "Duur van de afgesloten trajecten (mediaan, dagen): 350",
        "Duur, eerste kwartiel (dagen): 266,3",
        "Duur, derde kwartiel (dagen): 434,5",
        "Afgesloten binnen het kader van het programma: 58,3 %",
        "Met minstens één verlenging: 50,0 %",
        "Heropend binnen een jaar: 0",
        "  Basis op orde | 6 | 46,2 %",
        "  Vinger aan de pols | × | ×",
        "  Stut en steun | <5 | <5",
        "  Totaal | 13 | 100,0 %",
        "  Doelen bereikt | 7 | 58,3 %",
        "  Verhuisd | 5 | 41,7 %",
        "  Totaal | 12 | 100,0 %",
        "Doelen gesteld: 25",
        "Doelen bereikt: 16",
        "Doelen bereikt (percentage): 64,0 %",
        "Schaalvraag bij de eerste evaluatie (gemiddeld, 0–10): –",
    ]:
        assert line in text.splitlines(), line


def test_csv_has_the_same_figures(imported):
    rows = list(csv.reader(io.StringIO(report("--format", "csv")), delimiter=";"))
    assert rows[0] == ["section", "key", "row", "column", "label", "value"]
    values = {(r[0], r[1], r[2], r[3]): r[5] for r in rows[1:]}
    assert values[("trajectories", "duration_median_days", "", "")] == "350"
    assert values[("trajectories", "closed_by_reason", "verhuisd", "percent")] == "41,7 %"
    assert values[("trajectories", "started_by_type", "stut_en_steun", "count")] == "<5"


def test_programme_filter_by_name(imported):
    data = json.loads(report("--programme", "ander programma", "--format", "json"))
    assert data["programme"] == "Ander programma"
    assert data["trajectories"]["started"] == 0
    with pytest.raises(CommandError, match="niet gevonden"):
        report("--programme", "Bestaat niet")


def test_bad_dates_are_refused_in_dutch():
    with pytest.raises(CommandError, match="geen datum"):
        call_command("report_monitoring", "--from", "1-1-2025", "--to", "2025-12-31")
    with pytest.raises(CommandError, match="vóór"):
        call_command("report_monitoring", "--from", "2025-12-31", "--to", "2025-01-01")
