"""Reading the audit trail for one family ("wie keek"), one page at a time (issue 19).

The family's events are read newest first on (occurred_at, id) with a keyset
(`spil.core.paging`), over the index on (family_uuid, occurred_at, id): a family followed
for years costs one page of events, never its whole trail. Writing stays in
`spil.core.audit`.
"""

from uuid import UUID

from django.db.models import QuerySet

from . import paging
from .models import AuditEvent


def family_events(family_uuid: UUID) -> QuerySet[AuditEvent]:
    """Every event about the family (unordered, unloaded): the base of each "wie keek"."""
    return AuditEvent.objects.filter(family_uuid=family_uuid)


def family_events_page(
    events: QuerySet[AuditEvent], *, cursor: str | None, size: int = paging.PAGE_SIZE
) -> paging.Page[AuditEvent]:
    """One page of `events` (a narrowing of `family_events`), newest first, after the event
    whose uuid is `cursor`; actor and organisation loaded with it."""
    return paging.keyset_page(
        events.select_related("actor", "organisation"),
        moment="occurred_at",
        cursor=cursor,
        size=size,
    )
