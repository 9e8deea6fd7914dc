"""What the family sees in its portal. Every read takes the member's `FamilyAccess`
(`core.access.member_access`) and applies its rules: only what is shared with the family,
and for a young person only what is about the family as a whole or about them.

Never read here: working notes, safety, escalations, the family story (genogram, network)
and anything of another family."""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.db.models import Count, Max, Prefetch, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy

from spil.assessments.models import Measurement, Score
from spil.contacts.models import Appointment, Promise
from spil.core import audit_labels
from spil.core.access import Audience, FamilyAccess, FamilyPart, portal_audience
from spil.core.models import AuditEvent
from spil.core.roles import Role
from spil.families.models import Consent, Family, Involvement, Member
from spil.meetings.models import Meeting
from spil.plans.models import Goal, Plan, PlanVersion, Step
from spil.trajectories.models import Trajectory

from .models import CorrectionRequest, FamilyAccount, Message

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


# Reads of what the family never sees (safety, the crisis log) are listed — the family
# knows someone looked — but not what was looked at: that alone would say something about
# safety that the coach did not share.
READS_SHOWN_WITHOUT_SUBJECT = frozenset({"safety.viewed", "crisis.log_viewed"})
WITHOUT_SUBJECT = gettext_lazy("keek in ons dossier")
API_CLIENT_ROLE = gettext_lazy("Koppeling (API)")


def who_looked(access: FamilyAccess, *, limit: int = 200) -> list[Look]:
    """Every read of the family's file by someone outside the family, from the audit
    trail: by organisation and role, by date — never by name."""
    access.require(FamilyPart.BASICS)
    events = (
        AuditEvent.objects.filter(family_uuid=access.family.uuid)
        # Every read: "family.viewed", also "contact.list_viewed", "portal.messages_viewed"
        # and the like; a coach's "bekijk als gezin" is a look at the family's file too.
        # … and an opening by noodtoegang (issue 18), which the family must see too.
        .filter(
            Q(action__endswith="viewed")
            | Q(action="portal.previewed")
            | Q(action="family.emergency_opened")
        )
        .exclude(actor__is_family_account=True)
        .select_related("organisation", "actor")
        .prefetch_related("actor__memberships")
        .order_by("-occurred_at", "-id")[:limit]
    )
    looks = []
    for event in events:
        if event.actor is not None and event.actor.is_api_client:
            # A partner's system, not a person: the family reads that it was a koppeling.
            looks.append(
                Look(
                    on=event.occurred_at,
                    organisation=event.organisation.name if event.organisation else "",
                    role=str(API_CLIENT_ROLE),
                    what=audit_labels.label(event.action),
                )
            )
            continue
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
                what=str(WITHOUT_SUBJECT)
                if event.action in READS_SHOWN_WITHOUT_SUBJECT
                else audit_labels.label(event.action),
            )
        )
    return looks


# === Messages, corrections (AVG art. 16) and the family's own history ====================
# (issue 14: "the family's voice"; kept together at the end of the file)

# A thread shows its newest messages, oldest first; "oudere berichten" goes further back.
THREAD_LIMIT = 100
# The family's own history shows its newest actions.
HISTORY_LIMIT = 200


def thread_member(access: FamilyAccess) -> Member | None:
    """Whose thread a family member reads and writes in: a young person (12–17) their own
    with the coach; a parent, or a member of 18 or older, the family's thread (None). A
    parent does not read a young person's messages, nor a young person the parents'."""
    return access.member if access.audience == Audience.YOUNG else None


@dataclass(frozen=True)
class Thread:
    young_person: Member | None  # None: the family's thread (the parents)
    messages: list[Message]
    # The oldest message shown, when older ones exist (the cursor of "oudere berichten").
    older_than: Message | None = None
    cursor_refused: bool = False  # `before` named no message of this thread


def _thread(
    family: Family, young_person: Member | None, *, before: UUID | None, limit: int
) -> Thread:
    found = Message.objects.filter(family=family, young_person=young_person)
    refused = False
    if before is not None:
        cursor = found.filter(uuid=before).values("created_at", "id").first()
        if cursor is None:
            refused = True
        else:
            found = found.filter(
                Q(created_at__lt=cursor["created_at"])
                | Q(created_at=cursor["created_at"], id__lt=cursor["id"])
            )
    newest = list(
        found.select_related("member", "author").order_by("-created_at", "-id")[: limit + 1]
    )
    shown = newest[:limit][::-1]
    older = shown[0] if len(newest) > limit else None
    return Thread(young_person, shown, older_than=older, cursor_refused=refused)


def family_thread(
    access: FamilyAccess, *, before: UUID | None = None, limit: int = THREAD_LIMIT
) -> Thread:
    """The member's thread with the coach (see `thread_member`)."""
    access.require(FamilyPart.BASICS)
    return _thread(access.family, thread_member(access), before=before, limit=limit)


def unread_from_coach(access: FamilyAccess) -> int:
    """Messages of the coach in the member's thread that nobody of the family read yet."""
    access.require(FamilyPart.BASICS)
    return Message.objects.filter(
        family=access.family,
        young_person=thread_member(access),
        member__isnull=True,
        read_at__isnull=True,
    ).count()


def young_people(access: FamilyAccess) -> list[Member]:
    """The family's young people (12–17), each of whom may have a thread of their own."""
    access.require_edit()
    return [
        m
        for m in access.family.members.order_by("birth_date", "first_name")
        if portal_audience(m) == Audience.YOUNG
    ]


def coach_thread(
    access: FamilyAccess,
    *,
    young_person: Member | None = None,
    before: UUID | None = None,
    limit: int = THREAD_LIMIT,
) -> Thread:
    """A thread as the coach reads it: the family's (the parents) or a young person's.
    Only those who keep the whole file (coach, back-up, teamleider) read it."""
    access.require_edit()
    if young_person is not None and young_person.family_id != access.family.pk:
        raise Http404
    return _thread(access.family, young_person, before=before, limit=limit)


def has_thread(access: FamilyAccess, member: Member) -> bool:
    """Whether this member has a thread of their own: a young person (12–17) of the
    family, or a member who wrote in one while they were."""
    access.require_edit()
    if member.family_id != access.family.pk:
        return False
    return (
        portal_audience(member) == Audience.YOUNG
        or Message.objects.filter(family=access.family, young_person=member).exists()
    )


@dataclass(frozen=True)
class ThreadSummary:
    young_person: Member | None
    unread: int  # messages of the family the coach did not read yet
    last_at: datetime | None


def coach_threads(access: FamilyAccess) -> list[ThreadSummary]:
    """The family's threads for the coach: the parents' first, then one per young person
    (and any older thread of a member who is no longer 12–17), with unread counts."""
    access.require_edit()
    rows: dict[int | None, tuple[int, datetime | None]] = {
        row["young_person_id"]: (row["unread"], row["last_at"])
        for row in Message.objects.filter(family=access.family)
        .values("young_person_id")
        .annotate(
            unread=Count("id", filter=Q(member__isnull=False, read_at__isnull=True)),
            last_at=Max("created_at"),
        )
        .order_by()
    }
    members = list(access.family.members.order_by("birth_date", "first_name"))
    shown = [m for m in members if portal_audience(m) == Audience.YOUNG or m.pk in rows]

    def summary(member: Member | None) -> ThreadSummary:
        unread, last_at = rows.get(member.pk if member else None, (0, None))
        return ThreadSummary(member, unread, last_at)

    return [summary(None), *(summary(m) for m in shown)]


def unread_from_family(access: FamilyAccess) -> int:
    """Messages from the family (any thread) the coach did not read yet."""
    access.require_edit()
    return Message.objects.filter(
        family=access.family, member__isnull=False, read_at__isnull=True
    ).count()


def corrections(access: FamilyAccess) -> list[CorrectionRequest]:
    """The family's requests for correction as a member reads them: a parent all of the
    family's, a young person their own."""
    access.require(FamilyPart.BASICS)
    found = CorrectionRequest.objects.filter(family=access.family)
    if access.audience == Audience.YOUNG:
        found = found.filter(member=access.member)
    return list(found.select_related("member").order_by("-requested_on", "-id"))


def coach_corrections(access: FamilyAccess) -> list[CorrectionRequest]:
    """Every request of the family for the coach: the open ones first, by deadline."""
    access.require_edit()
    return sorted(
        CorrectionRequest.objects.filter(family=access.family).select_related(
            "member", "handled_by"
        ),
        key=lambda c: (c.status != CorrectionRequest.Status.OPEN, c.due_on, c.pk),
    )


def correction_of(access: FamilyAccess, uuid: UUID | None) -> CorrectionRequest | None:
    """One request of this family (None for another family's or an unknown one)."""
    access.require_edit()
    if uuid is None:
        return None
    return (
        CorrectionRequest.objects.filter(family=access.family, uuid=uuid)
        .select_related("member")
        .first()
    )


def open_correction_count(access: FamilyAccess) -> int:
    access.require_edit()
    return CorrectionRequest.objects.filter(
        family=access.family, status=CorrectionRequest.Status.OPEN
    ).count()


def open_corrections(*, family_ids: list[int]) -> list[CorrectionRequest]:
    """The open requests of these families, earliest deadline first, in one query: the
    coach's worklist (the caller passes the families it may open)."""
    return list(
        CorrectionRequest.objects.filter(
            family_id__in=family_ids, status=CorrectionRequest.Status.OPEN
        )
        .select_related("family", "member")
        .order_by("due_on", "id")
    )


@dataclass(frozen=True)
class OwnAction:
    on: datetime
    who: str  # the member's first name
    what: str


def own_history(access: FamilyAccess, *, limit: int = HISTORY_LIMIT) -> list[OwnAction]:
    """What the family did in the portal, from the audit trail: agreeing to the plan,
    cancelling an appointment, a message, a request for correction, a consent withdrawn…
    Reads (`…viewed`) are left out: only actions. A parent sees every member's actions,
    a young person only their own."""
    access.require(FamilyPart.BASICS)
    events = (
        AuditEvent.objects.filter(
            family_uuid=access.family.uuid,
            actor__is_family_account=True,
            actor__family_account__member__family=access.family,
        )
        .exclude(action__endswith="viewed")
        .select_related("actor__family_account__member")
        .order_by("-occurred_at", "-id")
    )
    if access.audience == Audience.YOUNG:
        events = events.filter(actor__family_account__member=access.member)
    return [
        OwnAction(
            on=event.occurred_at,
            who=event.actor.family_account.member.first_name,  # type: ignore[union-attr]
            what=audit_labels.label(event.action),
        )
        for event in events[:limit]
    ]


@dataclass(frozen=True)
class PortalSummary:
    """The portal on the family overview, for those who keep the whole file."""

    unread_messages: int
    open_corrections: int
    previewable: list[Member]  # members who may have an account: "bekijk als …"


def staff_summary(access: FamilyAccess) -> PortalSummary | None:
    """None for a professional with shared parts only: the portal is not theirs to see."""
    if not access.can_edit:
        return None
    return PortalSummary(
        unread_messages=unread_from_family(access),
        open_corrections=open_correction_count(access),
        previewable=[
            m
            for m in access.family.members.order_by("birth_date", "first_name")
            if portal_audience(m) is not None
        ],
    )
