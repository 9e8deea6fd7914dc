"""Every read of the meldpunt starts from what the user may see (core.access)."""

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import Count, QuerySet
from django.http import Http404

from spil.accounts.models import Organisation, User
from spil.core import access
from spil.core.roles import Role
from spil.families import selectors as family_selectors
from spil.families.selectors import DuplicateCandidate, PersonKey

from .models import CoachProposal, Referral, WeighingCriterion


def referrals_for_user(*, user: Any) -> QuerySet[Referral]:
    return access.visible_referrals(user).select_related(
        "meldpunt", "referred_by", "referrer_organisation", "family"
    )


@dataclass(frozen=True)
class WorklistFilters:
    status: str = ""
    referrer_kind: str = ""
    referrer_organisation: str = ""  # an Organisation uuid


def worklist(*, user: Any, filters: WorklistFilters) -> QuerySet[Referral]:
    referrals = referrals_for_user(user=user).prefetch_related("members")
    if filters.status:
        referrals = referrals.filter(status=filters.status)
    if filters.referrer_kind:
        referrals = referrals.filter(referrer_organisation_kind=filters.referrer_kind)
    if filters.referrer_organisation:
        referrals = referrals.filter(referrer_organisation__uuid=filters.referrer_organisation)
    return referrals.order_by("-received_on", "-id")


def status_counts(*, user: Any) -> dict[str, int]:
    rows = referrals_for_user(user=user).values("status").annotate(n=Count("id")).order_by()
    return {row["status"]: row["n"] for row in rows}


def referrer_organisations(*, user: Any) -> QuerySet[Organisation]:
    """The organisations that referred the referrals this user may see (for the filter)."""
    ids = referrals_for_user(user=user).values("referrer_organisation_id")
    return Organisation.objects.filter(id__in=ids).order_by("name")


def referral_detail(*, user: Any, uuid: UUID) -> Referral:
    referral = (
        referrals_for_user(user=user)
        .select_related(
            "weighing",
            "weighing__weighed_by",
            "assessment",
            "assessment__coordinator",
            "decision",
            "decision__decided_by",
            "trajectory",
            "trajectory__coach",
        )
        .prefetch_related("members", "helpers", "proposals__coach", "proposals__programme")
        .filter(uuid=uuid)
        .first()
    )
    if referral is None:
        raise Http404
    return referral


def duplicate_candidates(*, referral: Referral) -> list[DuplicateCandidate]:
    people = [PersonKey(m.surname, m.birth_date, m.bsn) for m in referral.members.all()]
    return family_selectors.duplicate_candidates(
        people=people, postcode=referral.postcode, house_number=referral.house_number
    )


def vetoed_coach_ids(*, referral: Referral) -> set[Any]:
    """Coaches the family (or the coordinator for it) vetoed for this referral: they are
    not offered again."""
    return set(
        referral.proposals.filter(response=CoachProposal.Response.VETOED).values_list(
            "coach_id", flat=True
        )
    )


def criteria_for(*, meldpunt: Organisation) -> QuerySet[WeighingCriterion]:
    """The criteria a referral at this meldpunt is weighed on: the meldpunt's own active
    criteria when it has any, else the default set (seed 001 H4). Configuration, read in
    at most two queries."""
    own = WeighingCriterion.objects.filter(meldpunt=meldpunt, is_active=True)
    if own.exists():
        return own.order_by("order", "id")
    return WeighingCriterion.objects.filter(meldpunt__isnull=True, is_active=True).order_by(
        "order", "id"
    )


def professionals() -> list[Any]:
    """Active users working as a betrokken professional at some organisation: candidates
    to coach a family for their own organisation (issue 20, point 1). One query."""
    return list(
        User.objects.filter(is_active=True, memberships__role=Role.PROFESSIONAL)
        .distinct()
        .order_by("full_name")
    )
