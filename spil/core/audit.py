"""The audit trail: one call records who did what to which record of which family.

    audit.record(actor=user, action="goal.reached", obj=goal, family=goal.plan.family)

Events are hash-chained: each stores the hash of the one before it. Writers take a
database-level lock so two requests cannot both chain onto the same predecessor.
"""

import hashlib
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from . import context
from .models import AuditEvent

GENESIS_HASH = "0" * 64
# Arbitrary constant naming the PostgreSQL advisory lock that serialises chain writers.
_CHAIN_LOCK_KEY = 7_412_093


def _uuid_or_none(value: Any) -> uuid.UUID | None:
    if value is None:
        return None
    if isinstance(value, uuid.UUID):
        return value
    if hasattr(value, "uuid"):
        return value.uuid
    return uuid.UUID(str(value))


def canonical(event: AuditEvent) -> str:
    """The exact text that is hashed; any change to a stored field changes it."""
    payload = {
        "uuid": str(event.uuid),
        "occurred_at": event.occurred_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "actor": event.actor_id,
        "organisation": event.organisation_id,
        "action": event.action,
        "object_type": event.object_type,
        "object_uuid": str(event.object_uuid) if event.object_uuid else "",
        "family_uuid": str(event.family_uuid) if event.family_uuid else "",
        "request_id": event.request_id,
        "ip_address": event.ip_address,
        "detail": event.detail,
        "previous_hash": event.previous_hash,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def compute_hash(event: AuditEvent) -> str:
    return hashlib.sha256(canonical(event).encode()).hexdigest()


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])


@transaction.atomic
def record(
    *,
    actor: Any,
    action: str,
    obj: Model | None = None,
    family: Any = None,
    organisation: Any = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. `actor` may be None (e.g. a failed login for an unknown e-mail).

    `detail` holds codes and keys only — never names, BSNs or free text.
    """
    from . import access  # access reads memberships; imported late to keep startup light

    if organisation is None and actor is not None and actor.is_authenticated:
        organisation = access.acting_organisation(actor)
    _lock_chain()
    event = _chained(actor, organisation, action, obj, family, detail, _last_hash())
    event.save(force_insert=True)
    return event


def _last_hash() -> str:
    return AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first() or (
        GENESIS_HASH
    )


def _chained(
    actor: Any,
    organisation: Any,
    action: str,
    obj: Model | None,
    family: Any,
    detail: dict[str, Any] | None,
    previous_hash: str,
) -> AuditEvent:
    """A new, unsaved event chained onto `previous_hash`."""
    ctx = context.current()
    event = AuditEvent(
        occurred_at=timezone.now(),
        actor=actor if actor is not None and actor.is_authenticated else None,
        organisation=organisation,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_uuid=_uuid_or_none(obj) if obj is not None else None,
        family_uuid=_uuid_or_none(family),
        request_id=ctx.request_id,
        ip_address=ctx.ip_address,
        detail=detail or {},
        previous_hash=previous_hash,
    )
    event.hash = compute_hash(event)
    return event


@transaction.atomic
def record_many(
    *, actor: Any, action: str, families: list[Any], organisation: Any = None
) -> list[AuditEvent]:
    """One event per family (each family sees who looked), chained and stored at once: a
    page listing many families costs three queries, not three per family."""
    if not families:
        return []
    from . import access

    if organisation is None and actor is not None and actor.is_authenticated:
        organisation = access.acting_organisation(actor)
    _lock_chain()
    previous = _last_hash()
    events = []
    for family in families:
        event = _chained(actor, organisation, action, family, family, None, previous)
        previous = event.hash
        events.append(event)
    return AuditEvent.objects.bulk_create(events)


@dataclass(frozen=True)
class ChainBreak:
    event_id: int
    event_uuid: str
    reason: str


def verify_chain() -> Iterator[ChainBreak]:
    """Yield the first break in the chain, if any (later ones follow from it)."""
    previous = GENESIS_HASH
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if event.previous_hash != previous:
            yield ChainBreak(event.id, str(event.uuid), "previous_hash")
            return
        if compute_hash(event) != event.hash:
            yield ChainBreak(event.id, str(event.uuid), "hash")
            return
        previous = event.hash
