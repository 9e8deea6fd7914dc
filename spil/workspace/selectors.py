"""Reads for the pages that combine several apps: the coach's caseload (also on the start
page), the teamleider's screen, the family list and the family overview.

Each domain app answers for its own data through its selectors; the workspace composes.
The facts behind the signals are read in bulk, a fixed number of queries for any number
of families (the list pages are guarded with django_assert_max_num_queries).
"""

from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from spil.assessments import selectors as assessment_selectors
from spil.contacts import selectors as contact_selectors
from spil.core import worklist
from spil.core.access import FamilyAccess
from spil.documents import selectors as document_selectors
from spil.families import selectors as family_selectors
from spil.families.models import Family
from spil.meetings import selectors as meeting_selectors
from spil.plans import selectors as plan_selectors
from spil.portal import selectors as portal_selectors
from spil.portal.models import CorrectionRequest
from spil.trajectories import deadlines
from spil.trajectories import selectors as trajectory_selectors
from spil.trajectories.models import CoachKind, Trajectory
from spil.trajectories.selectors import ACTIVE, CoachLoad

from .signals import SIGNAL_LABELS, FamilyFacts, family_signals

# --- Facts about many families at once ------------------------------------------------
# Each domain app reads its own facts for many families at once; the workspace only
# combines them.


def family_facts(trajectories: list[Trajectory], *, today: date) -> dict[int, FamilyFacts]:
    """The facts behind the signals of these running trajectories, by trajectory id: the
    same facts for the caseload and the team screen."""
    family_ids = [t.family_id for t in trajectories]
    last = contact_selectors.last_contacts(family_ids=family_ids)
    late = meeting_selectors.afstemgesprek_overdue(trajectories=trajectories, today=today)
    steps = plan_selectors.step_counts(family_ids, today)
    agreements = plan_selectors.plan_agreements(family_ids)
    concerns, escalations = assessment_selectors.open_safety(family_ids)
    promises = contact_selectors.overdue_promise_counts(family_ids, today)
    facts = {}
    for t in trajectories:
        open_steps, overdue_steps = steps.get(t.family_id, (0, 0))
        facts[t.pk] = FamilyFacts(
            last_contact=last.get(t.family_id),
            plan_agreed_on=next(
                (on for on in agreements.get(t.family_id, []) if on >= t.started_on), None
            ),
            open_safety_concern=t.family_id in concerns,
            open_escalation=t.family_id in escalations,
            overdue_promises=promises.get(t.family_id, 0),
            alignment_overdue=t.pk in late,
            open_steps=open_steps,
            overdue_steps=overdue_steps,
        )
    return facts


# --- Caseload rows --------------------------------------------------------------------


@dataclass
class CaseloadRow:
    trajectory: Trajectory
    deadlines: deadlines.Deadlines | None
    days_in: int
    days_limit: int | None
    next_deadline: tuple[str, date] | None
    warnings: list[str] = field(default_factory=list)
    is_backup: bool = False
    open_steps: int = 0
    overdue_steps: int = 0
    last_contact: datetime | None = None

    @property
    def warning_labels(self) -> list[str]:
        return [str(SIGNAL_LABELS[w]) for w in self.warnings]

    @property
    def warning_items(self) -> list[tuple[str, str]]:
        return [(w, str(SIGNAL_LABELS[w])) for w in self.warnings]

    @property
    def next_deadline_label(self) -> str:
        if self.next_deadline is None:
            return ""
        return str(DEADLINE_LABELS[self.next_deadline[0]])


DEADLINE_LABELS = {"plan": _("plan klaar"), "halfway": _("halverwege"), "end": _("einde")}


def caseload_rows(trajectories: list[Trajectory], *, today: date, user: Any) -> list[CaseloadRow]:
    """One row per running trajectory, its signals from `signals.family_signals`."""
    facts = family_facts(trajectories, today=today)
    rows = []
    for t in trajectories:
        due = trajectory_selectors.deadlines_for(t)
        known = facts[t.pk]
        rows.append(
            CaseloadRow(
                trajectory=t,
                deadlines=due,
                days_in=(today - t.started_on).days,
                days_limit=(due.end - t.started_on).days if due and due.end else None,
                next_deadline=due.next_after(today) if due and t.phase in ACTIVE else None,
                warnings=family_signals(t, facts=known, due=due, today=today),
                is_backup=t.coach_id != getattr(user, "id", None),
                open_steps=known.open_steps,
                overdue_steps=known.overdue_steps,
                last_contact=known.last_contact,
            )
        )
    return rows


# (sort key, column heading) of the caseload table, in order.
CASELOAD_COLUMNS = [
    ("gezin", _("Gezin")),
    ("fase", _("Fase")),
    ("dagen", _("Dagen in traject")),
    ("termijn", _("Volgende termijn")),
    ("contact", _("Laatste contact")),
    ("acties", _("Open acties")),
    ("signalen", _("Signalen")),
]

SORTS = {
    "gezin": lambda r: r.trajectory.family.name.lower(),
    "fase": lambda r: list(Trajectory.Phase.values).index(r.trajectory.phase),
    "dagen": lambda r: -r.days_in,
    "termijn": lambda r: r.next_deadline[1] if r.next_deadline else date.max,
    "contact": lambda r: r.last_contact.timestamp() if r.last_contact else 0.0,
    "acties": lambda r: (-r.overdue_steps, -r.open_steps),
    "signalen": lambda r: -len(r.warnings),
}


@dataclass
class Caseload:
    rows: list[CaseloadRow]
    load: CoachLoad | None

    @property
    def own_count(self) -> int:
        return sum(1 for r in self.rows if not r.is_backup)

    @property
    def backup_count(self) -> int:
        return sum(1 for r in self.rows if r.is_backup)

    @property
    def by_coach_kind(self) -> list[tuple[str, str, int]]:
        """The own families per kind of coach (issue 20, point 1): (code, label, count),
        only the kinds that occur. For a coordinator these are the network members and
        volunteers whose files they hold."""
        counts: dict[str, int] = {}
        for row in self.rows:
            if not row.is_backup:
                kind = row.trajectory.coach_kind
                counts[kind] = counts.get(kind, 0) + 1
        return [
            (code, str(label), counts[code]) for code, label in CoachKind.choices if code in counts
        ]

    @property
    def overdue_steps(self) -> int:
        """Overdue steps of everyone (family, network, every organisation) in these
        families: regie op regie."""
        return sum(r.overdue_steps for r in self.rows)


def caseload(*, user: Any, today: date, sort: str = "termijn") -> Caseload:
    """The coach's families (own and as back-up) with deadlines and signals."""
    trajectories = list(trajectory_selectors.running_for_coach(user=user))
    rows = caseload_rows(trajectories, today=today, user=user)
    rows.sort(key=SORTS.get(sort, SORTS["termijn"]))
    loads = trajectory_selectors.coaches_with_caseload(coach_ids=[user.id])
    return Caseload(rows=rows, load=loads[0] if loads else None)


# Signals that put a family on the teamleider's list "Vraagt aandacht".
ATTENTION = {"plan_overdue", "near_limit", "past_end"}


@dataclass
class TeamOverview:
    loads: list[CoachLoad]
    attention: list[CaseloadRow]
    extension_requests: list[Any]


def team_overview(*, user: Any, today: date) -> TeamOverview:
    coach_ids = trajectory_selectors.team_coach_ids(user=user)
    trajectories = list(trajectory_selectors.running_for_coaches(coach_ids=coach_ids))
    rows = caseload_rows(trajectories, today=today, user=user)
    attention = [r for r in rows if ATTENTION & set(r.warnings)]
    attention.sort(key=SORTS["termijn"])
    return TeamOverview(
        loads=trajectory_selectors.coaches_with_caseload(coach_ids=coach_ids),
        attention=attention,
        extension_requests=trajectory_selectors.extension_requests(coach_ids=coach_ids),
    )


# --- Families -------------------------------------------------------------------------


def family_list(*, user: Any) -> QuerySet[Family]:
    """The families this user may open, each with its running trajectory's coaches."""
    return family_selectors.families_for_user(user=user).prefetch_related(
        trajectory_selectors.running_with_coaches(to_attr="active_trajectories")
    )


@dataclass
class FamilyOverview(family_selectors.FamilyFile):
    """The family file with what other apps add to the overview: the running trajectory,
    the plan's summary and the life domains and safety (None where a part is closed)."""

    trajectory: Trajectory | None = None
    plan: Any = None
    assessments: Any = None
    documents: Any = None  # the newest documents of the parts the access opens


def family_overview(*, access: FamilyAccess, today: date) -> FamilyOverview:
    file = family_selectors.family_file(access=access)
    own = {f.name: getattr(file, f.name) for f in fields(file)}
    return FamilyOverview(
        **own,
        trajectory=trajectory_selectors.running_trajectory(access=access),
        plan=plan_selectors.plan_summary(access=access, today=today),
        assessments=assessment_selectors.family_summary(access=access, today=today),
        documents=document_selectors.documents_summary(access=access),
    )


# --- Requests for correction (AVG art. 16): the coach's worklist ----------------------


@dataclass(frozen=True)
class CorrectionDue:
    request: CorrectionRequest
    days_left: int  # negative: past the deadline

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def days_late(self) -> int:
        return max(0, -self.days_left)


def correction_worklist(*, caseload: Caseload, today: date) -> list[CorrectionDue]:
    """The open requests for correction of the coach's families (own and as back-up),
    earliest deadline first: one query, whatever the number of families."""
    family_ids = [row.trajectory.family_id for row in caseload.rows]
    return [
        CorrectionDue(request=c, days_left=(c.due_on - today).days)
        for c in portal_selectors.open_corrections(family_ids=family_ids)
    ]


def request_worklist(*, caseload: Caseload, today: date) -> list[worklist.WorkItem]:
    """Other requests with a deadline for the coach's families (the person's rights,
    registered by apps above the workspace with `core.worklist`)."""
    family_ids = [row.trajectory.family_id for row in caseload.rows]
    return worklist.items(family_ids=family_ids, today=today)
