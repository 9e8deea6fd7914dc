"""Reads of the rights app."""

from datetime import date

from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse

from spil.core.access import FamilyAccess
from spil.core.worklist import WorkItem
from spil.families.models import Member

from .models import DestructionLog, RightsRequest


def requests_for(*, access: FamilyAccess) -> QuerySet[RightsRequest]:
    access.require_edit()
    return (
        RightsRequest.objects.filter(family=access.family)
        .select_related("member", "decided_by", "recorded_by")
        .order_by("status", "due_on", "id")
    )


def requests_of_member(*, access: FamilyAccess) -> QuerySet[RightsRequest]:
    """The portal: the member's own requests (never another member's), newest first."""
    if not access.subject.is_family_member or not access.parts:
        raise Http404
    return RightsRequest.objects.filter(family=access.family, member=access.member).order_by(
        "-received_on", "-id"
    )


def members_for(*, access: FamilyAccess) -> QuerySet[Member]:
    access.require_edit()
    return Member.objects.filter(family=access.family).order_by("birth_date", "first_name")


def open_requests_worklist(family_ids: list[int], today: date) -> list[WorkItem]:
    """The coach's worklist (registered with core.worklist): open requests of the families
    the caller may open, one query."""
    return [
        WorkItem(
            family=r.family,
            kind=str(r.get_kind_display()),
            requested_on=r.received_on,
            due_on=r.due_on,
            url=reverse("rights:requests", kwargs={"uuid": r.family.uuid}),
            today=today,
        )
        for r in RightsRequest.objects.filter(
            family_id__in=family_ids, status=RightsRequest.Status.OPEN
        )
        .select_related("family")
        .order_by("due_on", "id")
    ]


def destruction_log() -> QuerySet[DestructionLog]:
    return DestructionLog.objects.order_by("-run_at", "id")
