"""The demo region's history for the monitoring (issue 15): a small sheet of past
trajectories of Lindeveen (2023–2025), imported as the municipality would with
`manage.py import_trajectories`, and the demo's live trajectories put in the monitoring's
fact table. Idempotent: a second seed changes nothing."""

from pathlib import Path

from spil.accounts.models import User
from spil.reports import facts
from spil.reports.importing import ImportResult, import_trajectories_file
from spil.reports.models import TrajectoryRecord

HISTORY = Path(__file__).parent / "data" / "historie_trajecten.csv"


def build_reports(users: dict[str, User]) -> ImportResult:
    result = import_trajectories_file(path=HISTORY, actor=users.get("policy1"))
    # The seed's trajectories were saved inside transactions of their own or none; make
    # sure each has its facts, whatever ran after commit.
    facts.refresh_all()
    return result


def summary() -> str:
    imported = TrajectoryRecord.objects.filter(source=TrajectoryRecord.Source.IMPORT).count()
    live = TrajectoryRecord.objects.filter(source=TrajectoryRecord.Source.LIVE).count()
    return (
        f"Monitoring: {imported} trajecten uit de historie (2023–2025) en {live} uit Spil "
        "(/monitoring/, manage.py report_monitoring)."
    )
