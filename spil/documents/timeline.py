"""The documents' share of the family's timeline ("document"): when a document was added,
only for those who see its part. Registered in `DocumentsConfig.ready()`."""

from datetime import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from spil.core.access import FamilyAccess
from spil.core.timeline import TimelineItem

from .selectors import documents_for


def documents_source(
    access: FamilyAccess, before: datetime | None, limit: int
) -> list[TimelineItem]:
    """At most `limit` documents added before `before`, newest first: one query."""
    documents = documents_for(access=access)
    if before is not None:
        documents = documents.filter(created_at__lt=before)
    family = access.family
    return [
        TimelineItem(
            at=document.created_at,
            kind="document",
            label=_("Document"),
            title=f"{document.get_kind_display()}: {document.title}",
            url=reverse(
                "documents:download",
                kwargs={"uuid": family.uuid, "document_uuid": document.uuid},
            ),
        )
        for document in documents.order_by("-created_at", "-id")[:limit]
    ]
