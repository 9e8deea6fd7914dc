"""Every read of trajectories starts from what the user may see (core.access)."""

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from django.db.models import Count, IntegerField, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from spil.accounts.models import Membership, User
from spil.core import access
from spil.core.access import FamilyAccess
from spil.core.roles import Role
from spil.directory.models import Programme
from spil.families.models import Member

from . import deadlines
from .models import ClosingAnswer, Closure, Extension, Trajectory

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

    @property
    def under_norm(self) -> bool:
        """Fewer own families than the programme's minimum (issue 22, 14): the teamleider
        sees it as well as a load above the norm."""
        norm_min = self.programme.caseload_min if self.programme else None
        return norm_min is not None and self.open_trajectories < norm_min


def coaches_with_caseload(*, coach_ids: list[int] | None = None) -> list[CoachLoad]:
    """Active coaches with their open trajectories and their programme's norm.

    Three queries whatever the number of coaches: coaches with a count, their
    memberships' organisations, and those organisations' programmes.
    """
    coaches_qs = User.objects.workers().filter(memberships__role=Role.COACH)
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


def caseload_trajectories(queryset: QuerySet[Trajectory]) -> QuerySet[Trajectory]:
    """What a caseload row needs of the trajectory itself, in a fixed number of queries:
    family, programme, coaches, the children (for the deadlines) and the approved
    extension months. What other apps tell about the family the workspace adds."""
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
        )
    )


def running_for_coach(*, user: Any) -> QuerySet[Trajectory]:
    """The running trajectories the user coaches or backs up (their caseload)."""
    return caseload_trajectories(
        Trajectory.objects.running().filter(Q(coach=user) | Q(backup_coach=user))
    )


def team_coach_ids(*, user: Any) -> list[int]:
    """The coaches of the teams this user leads; none without the teamleider's role."""
    return access.team_coach_ids(user) if access.can(user, access.Capability.LEAD_TEAM) else []


def running_for_coaches(*, coach_ids: list[int]) -> QuerySet[Trajectory]:
    """The running trajectories of these coaches (the team screen)."""
    return caseload_trajectories(Trajectory.objects.running().filter(coach_id__in=coach_ids))


def extension_requests(*, coach_ids: list[int]) -> list[Extension]:
    """Extensions waiting for the teamleider's decision."""
    return list(
        Extension.objects.filter(
            status=Extension.Status.REQUESTED, trajectory__coach_id__in=coach_ids
        ).select_related(
            "trajectory__family", "trajectory__coach", "trajectory__programme", "requested_by"
        )
    )


def recently_closed(*, user: Any, since: date) -> QuerySet[Trajectory]:
    """The coach's closed trajectories, to reopen after aftercare without a new intake."""
    return (
        Trajectory.objects.filter(Q(coach=user) | Q(backup_coach=user), closed_on__gte=since)
        .select_related("family")
        .order_by("-closed_on")
    )


def running_trajectory(*, access: FamilyAccess) -> Trajectory | None:
    """The family's running trajectory with its coaches and programme: part of "who is
    who", so open to everyone with access to the family."""
    return (
        Trajectory.objects.running()
        .filter(family=access.family)
        .select_related("coach", "backup_coach", "programme")
        .first()
    )


def running_with_coaches(*, to_attr: str) -> Prefetch:
    """Prefetch a list of families' running trajectory (as a list in `to_attr`)."""
    return Prefetch(
        "trajectories",
        queryset=Trajectory.objects.running().select_related("coach", "backup_coach"),
        to_attr=to_attr,
    )


# Phases in which the family is worked with (not aftercare, not closed).
ACTIVE = {"kennismaking", "orientatie", "plan", "uitvoering", "afronding"}


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


# --- Closing with the family (issue 14) --------------------------------------------------


def closing_answers(trajectory: Trajectory) -> list[ClosingAnswer]:
    """What the family members said in the portal about closing this trajectory, oldest
    first. After a reopening only answers given (or changed) since count: an earlier
    answer was about the earlier closing. Two queries."""
    answers = trajectory.closing_answers.select_related("member").order_by("created_at", "id")
    reopened = trajectory.reopenings.order_by("-created_at").values_list("created_at", flat=True)
    since = reopened.first()
    if since is not None:
        answers = answers.filter(updated_at__gte=since)
    return list(answers)


def running_for_family(access: FamilyAccess) -> Trajectory | None:
    """The family's running trajectory (not closed; also during aftercare), or None."""
    return Trajectory.objects.running().filter(family=access.family).first()


def closing_answer_of(*, access: FamilyAccess, trajectory: Trajectory) -> ClosingAnswer | None:
    """The member's own answer about closing this trajectory (since its last reopening)."""
    return next((a for a in closing_answers(trajectory) if a.member_id == access.member.pk), None)


def agreement_from_answers(answers: list[ClosingAnswer]) -> str:
    """The family's word as the portal answers say it: agreed when every member who
    answered agrees, not agreed when one does not, not asked without answers."""
    if not answers:
        return str(Closure.FamilyAgreement.NOT_ASKED)
    if all(a.agrees for a in answers):
        return str(Closure.FamilyAgreement.AGREED)
    return str(Closure.FamilyAgreement.NOT_AGREED)
