"""Every signal about a family, computed in one place.

The coach's caseload, the start page and the teamleider's screen all call
`family_signals()` with the same facts, read in bulk by `workspace.selectors`; so a family
the coach saw today never shows "lang geen contact" on the team screen (issue 13: the team
screen used to leave the last contact out and counted the silence from the start).
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spil.trajectories.deadlines import Deadlines
from spil.trajectories.models import Trajectory
from spil.trajectories.selectors import ACTIVE

SIGNAL_LABELS = {
    "plan_overdue": _("plan te laat"),
    "no_backup": _("geen back-up"),
    "near_limit": _("einde in zicht"),
    "past_end": _("termijn voorbij"),
    "aftercare": _("in nazorg"),
    "safety": _("veiligheidszorg"),
    "escalation_open": _("opschaling loopt"),
    "promise_overdue": _("toezegging te laat"),
    "no_contact": _("lang geen contact"),
    "alignment_overdue": _("afstemgesprek te laat"),
}


@dataclass(frozen=True)
class FamilyFacts:
    """What the domain apps tell about one family on one day, read in bulk."""

    last_contact: datetime | None = None
    plan_agreed_on: date | None = None  # first agreement with the active plan in this trajectory
    open_safety_concern: bool = False
    open_escalation: bool = False
    overdue_promises: int = 0
    alignment_overdue: bool = False
    open_steps: int = 0
    overdue_steps: int = 0


def family_signals(
    trajectory: Trajectory, *, facts: FamilyFacts, due: Deadlines | None, today: date
) -> list[str]:
    """The signal codes of one running trajectory (keys of SIGNAL_LABELS), in a fixed
    order."""
    active = trajectory.phase in ACTIVE
    signals = []
    # No contact for N days (counted from the start when there has been none yet).
    quiet_since = (
        timezone.localdate(facts.last_contact) if facts.last_contact else trajectory.started_on
    )
    if active and (today - quiet_since).days > settings.SPIL_NO_CONTACT_DAYS:
        signals.append("no_contact")
    # No plan agreed with the family by the due date (a plan agreed late ends the signal).
    if due and active and today > due.plan_due and facts.plan_agreed_on is None:
        signals.append("plan_overdue")
    if trajectory.backup_coach_id is None:
        signals.append("no_backup")
    if due and active and due.past_end(today):
        signals.append("past_end")
    elif due and active and due.near_limit(today):
        signals.append("near_limit")
    if trajectory.phase == Trajectory.Phase.AFTERCARE:
        signals.append("aftercare")
    if facts.open_safety_concern:
        signals.append("safety")
    if facts.open_escalation:
        signals.append("escalation_open")
    if facts.overdue_promises:
        signals.append("promise_overdue")
    # The afstemgesprek is due by the rhythm agreed for this trajectory (seed 001).
    if facts.alignment_overdue and active:
        signals.append("alignment_overdue")
    return signals
