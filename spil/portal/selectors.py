"""What the family sees in its portal. Every read takes the member's `FamilyAccess`
(`core.access.member_access`) and applies its rules: only what is shared with the family,
and for a young person only what is about the family as a whole or about them.

Never read here: working notes, safety, escalations, the family story (genogram, network)
and anything of another family."""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Prefetch, Q
from django.utils import timezone

from spil.assessments.models import Measurement, Score
from spil.contacts.models import Appointment, Promise
from spil.core import audit_labels
from spil.core.access import Audience, FamilyAccess, FamilyPart
from spil.core.models import AuditEvent
from spil.core.roles import Role
from spil.families.models import Consent, Involvement
from spil.meetings.models import Meeting
from spil.plans.models import Goal, Plan, PlanVersion, Step
from spil.trajectories.models import Trajectory

from .models import FamilyAccount

# How many items a start-page block shows before "alles bekijken".
HOME_LIMIT = 3


def account_of(user: Any) -> FamilyAccount | None:
    """The family account behind a logged-in user; None for staff (the portal is 404)."""
    if not (user.is_authenticated and getattr(user, "is_family_account", False)):
        return None
    return (
        FamilyAccount.objects.select_related("member__family", "user")
        .filter(user=user, user__is_active=True)
        .first()
    )


def trajectory_of(access: FamilyAccess) -> Trajectory | None:
    """The running trajectory, else the last closed one (aftercare still shows it)."""
    running = (
        Trajectory.objects.running()
        .filter(family=access.family)
        .select_related("coach", "backup_coach", "programme")
        .first()
    )
    if running is not None:
        return running
    return (
        Trajectory.objects.filter(family=access.family)
        .select_related("coach", "backup_coach", "programme")
        .order_by("-closed_on", "-id")
        .first()
    )


def upcoming_appointments(
    access: FamilyAccess, *, now: datetime | None = None
) -> list[Appointment]:
    """Planned appointments from now on; a young person's are those with them or with
    the whole family (no members named)."""
    access.require(FamilyPart.CONTACTS)
    now = now or timezone.now()
    appointments = (
        Appointment.objects.filter(family=access.family, starts_at__gte=now)
        .exclude(status=Appointment.Status.CANCELLED_BY_WORKER)
        .select_related("worker")
        .prefetch_related("members")
        .order_by("starts_at", "id")
    )
    return [a for a in appointments if _with_me(access, a)]


def _with_me(access: FamilyAccess, appointment: Appointment) -> bool:
    members = list(appointment.members.all())
    return not members or any(access.sees_member_data(m.pk) for m in members)


@dataclass(frozen=True)
class PortalPlan:
    plan: Plan
    version: PlanVersion
    goals: list[Goal]


def current_plan(access: FamilyAccess) -> PortalPlan | None:
    """The working version of the family's active plan with the goals this member sees,
    each with its steps (who does what, by when)."""
    access.require(FamilyPart.PLAN)
    plan = Plan.objects.filter(family=access.family, status=Plan.Status.ACTIVE).first()
    if plan is None:
        return None
    version = plan.versions.filter(is_current=True).first()
    if version is None:
        return None
    goals = (
        version.goals.select_related("domain")
        .prefetch_related(
            "members",
            Prefetch(
                "steps",
                queryset=Step.objects.select_related(
                    "owner_member",
                    "owner_user",
                    "owner_involvement__organisation",
                    "owner_involvement__worker",
                    "owner_network",
                ).order_by("order", "created_at"),
            ),
        )
        .order_by("order", "created_at")
    )
    return PortalPlan(plan=plan, version=version, goals=[g for g in goals if access.sees_goal(g)])


def team(access: FamilyAccess, *, today: date | None = None) -> list[Involvement]:
    """The team around the family now: organisation, role, since when. Never contact
    details of workers outside Spil, never an address."""
    access.require(FamilyPart.BASICS)
    today = today or timezone.localdate()
    return list(
        Involvement.objects.filter(family=access.family)
        .filter(Q(until__isnull=True) | Q(until__gte=today))
        .select_related("organisation", "worker")
        .order_by("since", "id")
    )


def promises_to_us(access: FamilyAccess) -> list[Promise]:
    """Promises the coach and the team made to the family, and whether they were kept."""
    access.require(FamilyPart.CONTACTS)
    promises = (
        Promise.objects.filter(family=access.family)
        .exclude(direction=Promise.Direction.FAMILY_TO_COACH)
        .select_related("by_user", "by_involvement__organisation", "organisation")
        .order_by("-due_on", "-id")
    )
    return [p for p in promises if access.sees_member_data(p.to_member_id)]


def shared_meetings(access: FamilyAccess) -> list[Meeting]:
    """Meetings whose minutes were shared with the family; a young person sees those they
    took part in."""
    access.require(FamilyPart.PLAN)
    meetings = (
        Meeting.objects.filter(family=access.family, minutes_shared_on__isnull=False)
        .prefetch_related("participants")
        .order_by("-minutes_shared_on", "-id")
    )
    if access.audience == Audience.YOUNG:
        return [
            m
            for m in meetings
            if any(p.member_id == access.member.pk for p in m.participants.all())
        ]
    return list(meetings)


@dataclass
class SharedMeasurement:
    measurement: Measurement
    scores: list[Score] = field(default_factory=list)


def shared_scores(access: FamilyAccess) -> list[SharedMeasurement]:
    """Life-domain scores the coach shared with the family (never the coach's note)."""
    access.require(FamilyPart.ASSESSMENTS)
    measurements = (
        Measurement.objects.filter(family=access.family, shared_with_family_on__isnull=False)
        .select_related("instrument", "member")
        .prefetch_related(
            Prefetch(
                "scores", queryset=Score.objects.select_related("domain").order_by("domain__order")
            )
        )
        .order_by("-measured_on", "-id")
    )
    return [
        SharedMeasurement(measurement=m, scores=list(m.scores.all()))
        for m in measurements
        if access.sees_member_data(m.member_id)
    ]


def consents(access: FamilyAccess) -> list[Consent]:
    """The family's consents: who may see which part, until when. A young person sees the
    family's consents and those about themselves, not those about a brother or sister."""
    access.require(FamilyPart.BASICS)
    found = (
        Consent.objects.filter(family=access.family)
        .select_related("organisation", "given_by", "concerns_member")
        .order_by("-given_on", "-id")
    )
    return [c for c in found if access.sees_member_data(c.concerns_member_id)]


@dataclass(frozen=True)
class Look:
    on: datetime
    organisation: str
    role: str
    what: str


def who_looked(access: FamilyAccess, *, limit: int = 200) -> list[Look]:
    """Every read of the family's file by someone outside the family, from the audit
    trail: by organisation and role, by date — never by name."""
    access.require(FamilyPart.BASICS)
    events = (
        AuditEvent.objects.filter(family_uuid=access.family.uuid, action__endswith=".viewed")
        .exclude(actor__is_family_account=True)
        .select_related("organisation", "actor")
        .prefetch_related("actor__memberships")
        .order_by("-occurred_at", "-id")[:limit]
    )
    looks = []
    for event in events:
        roles = sorted(
            {
                str(Role(m.role).label)
                for m in (event.actor.memberships.all() if event.actor else [])
                if event.organisation is None or m.organisation_id == event.organisation_id
            }
        )
        looks.append(
            Look(
                on=event.occurred_at,
                organisation=event.organisation.name if event.organisation else "",
                role=", ".join(roles),
                what=audit_labels.label(event.action),
            )
        )
    return looks
