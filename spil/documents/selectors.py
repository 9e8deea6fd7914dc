"""Every read of documents starts from the access object: a document is seen only by whom
its part of the file is open to. `documents_for(access)` is the one question other apps ask
(the person's data export, the family overview)."""

import uuid
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import Http404

from spil.core.access import Audience, FamilyAccess

from .models import Document

PAGE_SIZE = 25
RECENT = 5


def documents_for(*, access: FamilyAccess) -> QuerySet[Document]:
    """The documents of the family that this access opens: those in the parts it sees. A
    young person (the portal) sees what is about the whole family or about themselves."""
    documents = Document.objects.filter(family=access.family).in_parts(access.parts)
    if access.audience == Audience.YOUNG:
        documents = documents.filter(Q(member__isnull=True) | Q(member=access.member))
    return documents.select_related("member", "trajectory", "uploaded_by")


def document_in_family(*, access: FamilyAccess, uuid: Any) -> Document:
    """One document the access opens, else 404: as if it did not exist."""
    document = documents_for(access=access).filter(uuid=uuid).first()
    if document is None:
        raise Http404
    return document


def parse_uuid(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None


@dataclass
class DocumentsPage:
    page: Page
    members: list[Any]
    trajectories: list[Any]
    member: Any
    trajectory: Any
    total: int


def documents_page(
    *,
    access: FamilyAccess,
    page_number: Any = 1,
    member_uuid: str | None = None,
    trajectory_uuid: str | None = None,
) -> DocumentsPage:
    """One page of the documents the access opens, newest first, optionally about one
    member or one trajectory. A fixed number of queries, whatever the number of documents."""
    family = access.family
    members = list(family.members.order_by("birth_date", "id"))
    trajectories = list(family.trajectories.order_by("-started_on", "-id"))
    wanted_member, wanted_trajectory = parse_uuid(member_uuid), parse_uuid(trajectory_uuid)
    member = next((m for m in members if m.uuid == wanted_member), None)
    trajectory = next((t for t in trajectories if t.uuid == wanted_trajectory), None)
    documents = documents_for(access=access)
    if member is not None:
        documents = documents.filter(member=member)
    if trajectory is not None:
        documents = documents.filter(trajectory=trajectory)
    paginator = Paginator(documents.order_by("-created_at", "-id"), PAGE_SIZE)
    page = paginator.get_page(page_number)
    return DocumentsPage(
        page=page,
        members=members,
        trajectories=trajectories,
        member=member,
        trajectory=trajectory,
        total=paginator.count,
    )


@dataclass
class DocumentsSummary:
    recent: list[Document]
    more: bool  # there are more than these


def documents_summary(*, access: FamilyAccess) -> DocumentsSummary:
    """The newest few documents the access opens, for the family overview: one query."""
    rows = list(documents_for(access=access).order_by("-created_at", "-id")[: RECENT + 1])
    return DocumentsSummary(recent=rows[:RECENT], more=len(rows) > RECENT)
