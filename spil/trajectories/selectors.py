from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q

from spil.accounts.models import Membership, User
from spil.core.roles import Role
from spil.directory.models import Programme


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


def coaches_with_caseload() -> list[CoachLoad]:
    """Every active coach with their open trajectories and their programme's norm.

    Three queries whatever the number of coaches: coaches with a count, their
    memberships' organisations, and those organisations' programmes.
    """
    coaches: list[Any] = list(
        User.objects.filter(is_active=True, memberships__role=Role.COACH)
        .distinct()
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
