"""Every read of trajectories starts from what the user may see (core.access)."""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spil.accounts.models import Membership, User
from spil.assessments.models import SafetyConcern
from spil.contacts import selectors as contact_selectors
from spil.core import access
from spil.core.roles import Role
from spil.directory.models import Programme
from spil.families.models import Member
from spil.plans.models import Plan, PlanVersion, Step

from . import deadlines
from .models import Extension, Trajectory

CHILD_ROLES = {"kind", "pleegkind"}


@dataclass(frozen=True)
class CoachLoad:
    coach: User
    open_trajectories: int
    programme: Programme | None

    @property
    def at_or_over_norm(self) -> bool:
        """A warning, not a wall: the coordinator may still choose this coach."""
        norm_max = self.programme.caseload_max if self.programme else None
        return norm_max is not None and self.open_trajectories >= norm_max

    @property
    def over_norm(self) -> bool:
        norm_max = self.programme.caseload_max if self.programme else None
        return norm_max is not None and self.open_trajectories > norm_max


def coaches_with_caseload(*, coach_ids: list[int] | None = None) -> list[CoachLoad]:
    """Active coaches with their open trajectories and their programme's norm.

    Three queries whatever the number of coaches: coaches with a count, their
    memberships' organisations, and those organisations' programmes.
    """
    coaches_qs = User.objects.filter(is_active=True, memberships__role=Role.COACH)
    if coach_ids is not None:
        coaches_qs = coaches_qs.filter(id__in=coach_ids)
    coaches: list[Any] = list(
        coaches_qs.distinct()
        .annotate(
            open_count=Count(
                "coached_trajectories", filter=Q(coached_trajectories__closed_on__isnull=True)
            )
        )
        .order_by("full_name")
    )
    org_by_user: dict[int, int] = {}
    for user_id, org_id in Membership.objects.filter(
        role=Role.COACH, user__in=[c.id for c in coaches]
    ).values_list("user_id", "organisation_id"):
        org_by_user.setdefault(user_id, org_id)
    by_provider: dict[int, Programme] = {}
    for candidate in Programme.objects.filter(
        is_active=True, provider_id__in=set(org_by_user.values())
    ).order_by("name"):
        by_provider.setdefault(candidate.provider_id, candidate)
    return [
        CoachLoad(
            coach=coach,
            open_trajectories=coach.open_count,
            programme=by_provider.get(org_by_user.get(coach.id, 0)),
        )
        for coach in coaches
    ]


# --- Deadlines ------------------------------------------------------------------------


def approved_extension_months(trajectory: Trajectory) -> int:
    annotated = getattr(trajectory, "approved_months", None)
    if annotated is not None:
        return int(annotated)
    total = trajectory.extensions.filter(status=Extension.Status.APPROVED).aggregate(
        n=Sum("months")
    )["n"]
    return int(total or 0)


def deadlines_for(trajectory: Trajectory) -> deadlines.Deadlines | None:
    """The deadlines from the trajectory's programme; None without a programme."""
    programme = trajectory.programme
    if programme is None:
        return None
    children = [
        m.birth_date
        for m in trajectory.family.members.all()
        if m.role in CHILD_ROLES and not m.is_deceased
    ]
    return deadlines.compute(
        started_on=trajectory.started_on,
        duration=programme.duration,
        duration_months=programme.duration_months,
        max_months=programme.max_months,
        plan_due_weeks=programme.plan_due_weeks,
        extension_months=approved_extension_months(trajectory),
        child_birth_dates=children,
    )


def _open_steps(today: date | None = None) -> Coalesce:
    """Open steps (due before `today`: overdue) in the working version of the family's
    active plan, counted in a subquery so the row count and the sums stay as they are."""
    steps = Step.objects.filter(
        done_on__isnull=True,
        goal__version__is_current=True,
        goal__version__plan__status=Plan.Status.ACTIVE,
        goal__version__plan__family=OuterRef("family"),
    )
    if today is not None:
        steps = steps.filter(due_on__lt=today)
    counted = (
        steps.order_by().values("goal__version__plan__family").annotate(n=Count("id")).values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _plan_agreed_on() -> Subquery:
    """The first day the family agreed with its active plan in this trajectory."""
    return Subquery(
        PlanVersion.objects.filter(
            plan__family=OuterRef("family"),
            plan__status=Plan.Status.ACTIVE,
            status=PlanVersion.Status.AGREED,
            agreed_on__gte=OuterRef("started_on"),
        )
        .order_by("agreed_on")
        .values("agreed_on")[:1]
    )


def _with_everything(queryset: QuerySet[Trajectory], today: date) -> QuerySet[Trajectory]:
    """What a caseload row needs, in a fixed number of queries."""
    return (
        queryset.select_related("family", "programme", "coach", "backup_coach")
        .prefetch_related(
            Prefetch("family__members", queryset=Member.objects.filter(role__in=CHILD_ROLES))
        )
        .annotate(
            approved_months=Coalesce(
                Sum("extensions__months", filter=Q(extensions__status=Extension.Status.APPROVED)),
                Value(0),
                output_field=IntegerField(),
            ),
            # A subquery, not a join: a join would multiply the extension months above.
            open_safety_concern=Exists(
                SafetyConcern.objects.filter(family=OuterRef("family"), closed_on__isnull=True)
            ),
            open_steps=_open_steps(),
            overdue_steps=_open_steps(today),
            plan_agreed_on=_plan_agreed_on(),
        )
    )


# --- Caseload -------------------------------------------------------------------------

WARNING_LABELS = {
    "plan_overdue": _("plan te laat"),
    "no_backup": _("geen back-up"),
    "near_limit": _("einde in zicht"),
    "past_end": _("termijn voorbij"),
    "aftercare": _("in nazorg"),
    "safety": _("veiligheidszorg"),
    "no_contact": _("lang geen contact"),
    "alignment_overdue": _("afstemgesprek te laat"),
}
ACTIVE = {"kennismaking", "orientatie", "plan", "uitvoering", "afronding"}


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
        return [str(WARNING_LABELS[w]) for w in self.warnings]

    @property
    def warning_items(self) -> list[tuple[str, str]]:
        return [(w, str(WARNING_LABELS[w])) for w in self.warnings]

    @property
    def next_deadline_label(self) -> str:
        if self.next_deadline is None:
            return ""
        return str(DEADLINE_LABELS[self.next_deadline[0]])


DEADLINE_LABELS = {"plan": _("plan klaar"), "halfway": _("halverwege"), "end": _("einde")}


def _row(
    trajectory: Trajectory,
    today: date,
    user: Any,
    last_contact: datetime | None = None,
    alignment_overdue: bool = False,
) -> CaseloadRow:
    due = deadlines_for(trajectory)
    warnings = []
    # No contact for N days (counted from the start when there has been none yet).
    quiet_since = timezone.localdate(last_contact) if last_contact else trajectory.started_on
    if trajectory.phase in ACTIVE and (today - quiet_since).days > settings.SPIL_NO_CONTACT_DAYS:
        warnings.append("no_contact")
    # No plan agreed with the family by the due date (a plan agreed late ends the warning).
    agreed_on = getattr(trajectory, "plan_agreed_on", None)
    if due and trajectory.phase in ACTIVE and today > due.plan_due and agreed_on is None:
        warnings.append("plan_overdue")
    if trajectory.backup_coach_id is None:
        warnings.append("no_backup")
    if due and trajectory.phase in ACTIVE and due.past_end(today):
        warnings.append("past_end")
    elif due and trajectory.phase in ACTIVE and due.near_limit(today):
        warnings.append("near_limit")
    if trajectory.phase == Trajectory.Phase.AFTERCARE:
        warnings.append("aftercare")
    if getattr(trajectory, "open_safety_concern", False):
        warnings.append("safety")
    # The afstemgesprek is due by the rhythm agreed for this trajectory (seed 001).
    if alignment_overdue and trajectory.phase in ACTIVE:
        warnings.append("alignment_overdue")
    return CaseloadRow(
        trajectory=trajectory,
        deadlines=due,
        days_in=(today - trajectory.started_on).days,
        days_limit=(due.end - trajectory.started_on).days if due and due.end else None,
        next_deadline=due.next_after(today) if due and trajectory.phase in ACTIVE else None,
        warnings=warnings,
        is_backup=trajectory.coach_id != getattr(user, "id", None),
        open_steps=getattr(trajectory, "open_steps", 0),
        overdue_steps=getattr(trajectory, "overdue_steps", 0),
        last_contact=last_contact,
    )


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
    def overdue_steps(self) -> int:
        """Overdue steps of everyone (family, network, every organisation) in these
        families: regie op regie."""
        return sum(r.overdue_steps for r in self.rows)


def caseload(*, user: Any, today: date, sort: str = "termijn") -> Caseload:
    """The coach's families (own and as back-up) with deadlines and warnings."""
    trajectories = list(
        _with_everything(
            Trajectory.objects.filter(closed_on__isnull=True).filter(
                Q(coach=user) | Q(backup_coach=user)
            ),
            today,
        )
    )
    from spil.meetings.selectors import afstemgesprek_overdue  # meetings reads trajectories

    last = contact_selectors.last_contacts(family_ids=[t.family_id for t in trajectories])
    late = afstemgesprek_overdue(trajectories=trajectories, today=today)
    rows = [_row(t, today, user, last.get(t.family_id), t.pk in late) for t in trajectories]
    rows.sort(key=SORTS.get(sort, SORTS["termijn"]))
    loads = coaches_with_caseload(coach_ids=[user.id])
    return Caseload(rows=rows, load=loads[0] if loads else None)


def recently_closed(*, user: Any, since: date) -> QuerySet[Trajectory]:
    """The coach's closed trajectories, to reopen after aftercare without a new intake."""
    return (
        Trajectory.objects.filter(Q(coach=user) | Q(backup_coach=user), closed_on__gte=since)
        .select_related("family")
        .order_by("-closed_on")
    )


@dataclass
class TeamOverview:
    loads: list[CoachLoad]
    attention: list[CaseloadRow]
    extension_requests: list[Extension]


def team_overview(*, user: Any, today: date) -> TeamOverview:
    coach_ids = access.team_coach_ids(user) if access.can(user, access.Capability.LEAD_TEAM) else []
    trajectories = _with_everything(
        Trajectory.objects.filter(closed_on__isnull=True, coach_id__in=coach_ids), today
    )
    rows = [_row(t, today, user) for t in trajectories]
    attention = [r for r in rows if {"plan_overdue", "near_limit", "past_end"} & set(r.warnings)]
    attention.sort(key=SORTS["termijn"])
    requests = list(
        Extension.objects.filter(
            status=Extension.Status.REQUESTED, trajectory__coach_id__in=coach_ids
        ).select_related(
            "trajectory__family", "trajectory__coach", "trajectory__programme", "requested_by"
        )
    )
    return TeamOverview(
        loads=coaches_with_caseload(coach_ids=coach_ids),
        attention=attention,
        extension_requests=requests,
    )


def trajectory_for_user(*, user: Any, uuid: UUID) -> Trajectory:
    trajectory = (
        access.visible_trajectories(user)
        .select_related("family", "programme", "coach", "backup_coach")
        .filter(uuid=uuid)
        .first()
    )
    if trajectory is None:
        raise Http404
    return trajectory
