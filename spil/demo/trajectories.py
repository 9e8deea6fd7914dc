"""Demo trajectories at work (issue 5): the assignment and reachability agreed, phases that
follow each trajectory's age, one extension waiting for the teamleider, one granted, and
one family closed into aftercare with a warm handover.

Everything goes through the trajectory services, as the coach and the teamleider would do
it. Idempotent: a trajectory whose type is set has been done and is skipped.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from spil.accounts.models import User
from spil.demo.region import DEMO_DOMAIN
from spil.trajectories import services
from spil.trajectories.models import Trajectory


@dataclass(frozen=True)
class Assignment:
    trajectory_type: str
    family_type: str
    style: str
    specific_tasks: str
    broad_lines: tuple[str, ...]


ASSIGNMENTS = [
    Assignment(
        "basis_op_orde",
        "leerbaar",
        "coachen",
        "Schulden in kaart en bij de bewindvoerder; dagritme voor de kinderen.",
        ("grip", "contact_hulp"),
    ),
    Assignment(
        "stut_en_steun",
        "stabiliseerbaar",
        "stutten_en_steunen",
        "Moeder ontlasten; samen naar afspraken bij GGZ en school.",
        ("rust", "ontlasten"),
    ),
    Assignment(
        "vinger_aan_de_pols",
        "leerbaar",
        "gesprek",
        "Om de twee weken een gesprek; vinger aan de pols bij school.",
        ("inzicht",),
    ),
    Assignment(
        "opschaling",
        "stabiliseerbaar",
        "presentie",
        "Veel aanwezig in het gezin; veiligheid van de kinderen voorop.",
        ("rust", "grip", "contact_hulp"),
    ),
]

# (phase, days after the start) — a phase is entered once the trajectory is that old.
PHASE_STEPS = [("orientatie", 10), ("plan", 35), ("uitvoering", 49)]


@transaction.atomic
def build_trajectory_work(users: dict[str, User]) -> None:
    today = timezone.localdate()
    trajectories = list(
        Trajectory.objects.running()
        .filter(coach__email__endswith=f"@{DEMO_DOMAIN}", trajectory_type="")
        .select_related("family", "programme", "coach")
        .order_by("started_on", "id")
    )
    for index, trajectory in enumerate(trajectories):
        _agree(trajectory, ASSIGNMENTS[index % len(ASSIGNMENTS)])
        _follow_phases(trajectory, today)
    fixed = [t for t in trajectories if t.programme and t.programme.duration == "vast"]
    oldest = sorted(fixed, key=lambda t: t.started_on)
    if len(oldest) >= 3:
        _extension_waiting(oldest[0], today)
        _extension_granted(oldest[1], users["teamlead1"], today)
        _into_aftercare(oldest[2], today)


def _agree(trajectory: Trajectory, assignment: Assignment) -> None:
    services.trajectory_update(
        actor=trajectory.coach,
        trajectory=trajectory,
        trajectory_type=assignment.trajectory_type,
        family_type=assignment.family_type,
        style=assignment.style,
        specific_tasks=assignment.specific_tasks,
        broad_lines=list(assignment.broad_lines),
        reachable_hours="ma–vr 8:30–17:00 uur",
        reachable_channel="telefoon en WhatsApp",
        out_of_hours_route="Crisisdienst Jeugd Lindeveen, 0800-1234",
    )


def _follow_phases(trajectory: Trajectory, today: date) -> None:
    for phase, days in PHASE_STEPS:
        on = trajectory.started_on + timedelta(days=days)
        if on <= today:
            services.phase_move(
                actor=trajectory.coach, trajectory=trajectory, to_phase=phase, on=on
            )


def _extension_waiting(trajectory: Trajectory, today: date) -> None:
    services.extension_request(
        actor=trajectory.coach,
        trajectory=trajectory,
        months=3,
        reason=(
            "De schuldsanering loopt nog; het gezin wil de overgang naar de "
            "bewindvoerder samen doen."
        ),
        requested_on=today - timedelta(days=2),
    )


def _extension_granted(trajectory: Trajectory, team_lead: User, today: date) -> None:
    extension = services.extension_request(
        actor=trajectory.coach,
        trajectory=trajectory,
        months=3,
        reason="Verhuizing naar een grotere woning; de kinderen wisselen van school.",
        requested_on=today - timedelta(days=20),
    )
    services.extension_decide(
        actor=team_lead,
        extension=extension,
        approve=True,
        decided_on=today - timedelta(days=18),
        note="Akkoord; evalueer na de verhuizing.",
    )


def _into_aftercare(trajectory: Trajectory, today: date) -> None:
    informed = list(trajectory.family.involvements.filter(until__isnull=True)[:3])
    services.trajectory_close(
        actor=trajectory.coach,
        trajectory=trajectory,
        closed_on=today - timedelta(days=3),
        reason="problemen_hanteerbaar",
        reached="Moeder zegt: 'We hebben weer overzicht. De kinderen gaan elke dag naar school.'",
        informed=informed,
        handover_organisation="Welzijn Lindeveen",
        handover_worker="Mieke de Jong, maatschappelijk werk",
        handover_in_person=True,
        handover_on=today - timedelta(days=5),
        handed_over="Het plan, de afspraken met de bewindvoerder en wie het gezin kan bellen.",
        aftercare_dates=[today + timedelta(days=25), today + timedelta(days=55)],
        # Closing with the family (issue 20, point 8).
        family_agreement="eens",
        family_agreement_note="Moeder: 'Het mag, als ik in de nazorg nog mag bellen.'",
    )
