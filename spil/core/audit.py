"""The audit trail: one call records who did what to which record of which family.

    audit.record(actor=user, action="goal.reached", obj=goal, family=goal.plan.family)

Events are chained and sealed: each stores an HMAC-SHA256 (key: settings.SPIL_AUDIT_KEY,
never in the database) over its fields and the seal of the one before it. Writers take a
database-level lock so two requests cannot both chain onto the same predecessor.
The chain head is anchored outside the database (`audit_anchor`, `audit_verify`), so
removing the newest events is noticed too. See docs/adr/0008.
"""

import hashlib
import hmac
import json
import logging
import os
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from . import context
from .models import AuditEvent

GENESIS_HASH = "0" * 64
# The shortest key accepted; production settings refuse shorter ones too.
MIN_KEY_LENGTH = 32
# A refused family lookup (404): a security event, not a look at the family's file. The
# family is named in `detail` only, so it does not show in that family's "wie keek".
FAMILY_REFUSED = "security.family_refused"

logger = logging.getLogger(__name__)
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


def audit_key() -> bytes:
    key = getattr(settings, "SPIL_AUDIT_KEY", "") or ""
    if len(key) < MIN_KEY_LENGTH:
        raise ImproperlyConfigured(
            f"SPIL_AUDIT_KEY must be set to at least {MIN_KEY_LENGTH} characters."
        )
    return key.encode()


def compute_hash(event: AuditEvent, *, key: bytes | None = None) -> str:
    """The seal of `event`: HMAC-SHA256 of its canonical text with the audit key."""
    return hmac.new(key or audit_key(), canonical(event).encode(), hashlib.sha256).hexdigest()


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


def record_refusal(*, actor: Any, family_uuid: Any, reason: str) -> None:
    """Record that `actor` was refused a family (NEN 7513 logs attempts too).

    `reason` is a code: "no_access" (the family exists, the user may see none of it) or
    "unknown" (no family has this uuid). The family is named in `detail` only, never in
    `family_uuid`: the attempt is a security event for the organisation, not a look at
    the family's file. Never raises: the refusal answers 404 whether or not this is stored.
    """
    try:
        with transaction.atomic():
            record(
                actor=actor,
                action=FAMILY_REFUSED,
                detail={"family": str(family_uuid), "reason": reason},
            )
    except Exception:
        logger.exception(
            "audit: refused family lookup not recorded (user id %s, family %s, reason %s)",
            getattr(actor, "pk", None),
            family_uuid,
            reason,
        )


@dataclass(frozen=True)
class ChainBreak:
    event_id: int
    event_uuid: str
    reason: str


@dataclass(frozen=True)
class ChainHead:
    """The newest event of a verified chain; `count` events lead up to it."""

    last_id: int
    last_uuid: str
    hash: str
    count: int


@dataclass(frozen=True)
class Anchor:
    """A chain head written outside the database at `anchored_at` (ISO 8601, UTC)."""

    last_id: int
    last_uuid: str
    hash: str
    count: int
    anchored_at: str


@dataclass(frozen=True)
class Verdict:
    head: ChainHead
    breaks: list[ChainBreak]
    problems: list[str]  # what differs from the anchors, in Dutch

    @property
    def intact(self) -> bool:
        return not self.breaks and not self.problems


def _walk(
    key: bytes, watch: frozenset[int] = frozenset()
) -> tuple[ChainHead, ChainBreak | None, dict[int, tuple[str, int]]]:
    """Walk the chain once: its head, its first break, and (seal, position) of the
    events whose ids are in `watch` (the anchored ones)."""
    previous, count, last_id, last_uuid = GENESIS_HASH, 0, 0, ""
    seen: dict[int, tuple[str, int]] = {}
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if event.previous_hash != previous:
            return (
                ChainHead(last_id, last_uuid, previous, count),
                _break(event, "previous_hash"),
                seen,
            )
        if not hmac.compare_digest(compute_hash(event, key=key), event.hash):
            return ChainHead(last_id, last_uuid, previous, count), _break(event, "hash"), seen
        count += 1
        previous, last_id, last_uuid = event.hash, event.id, str(event.uuid)
        if event.id in watch:
            seen[event.id] = (event.hash, count)
    return ChainHead(last_id, last_uuid, previous, count), None, seen


def _break(event: AuditEvent, reason: str) -> ChainBreak:
    return ChainBreak(event.id, str(event.uuid), reason)


def verify_chain() -> Iterator[ChainBreak]:
    """Yield the first break in the chain, if any (later ones follow from it)."""
    _head, first_break, _seen = _walk(audit_key())
    if first_break is not None:
        yield first_break


def verify(*, anchors: list[Anchor] | None = None) -> Verdict:
    """Check every seal and link, then compare the chain with the anchors written outside
    the database: an anchored event must still be there, with the same seal and the same
    number of events before it."""
    if anchors is None:
        anchors, problems = read_anchors()
    else:
        problems = []
    head, first_break, seen = _walk(audit_key(), frozenset(a.last_id for a in anchors))
    for anchor in anchors:
        problem = _compare(anchor, head, seen, first_break)
        if problem:
            problems.append(problem)
    return Verdict(head, [first_break] if first_break else [], problems)


def _compare(
    anchor: Anchor, head: ChainHead, seen: dict[int, tuple[str, int]], first_break: Any
) -> str:
    if anchor.count == 0:
        return ""
    if anchor.last_id in seen:
        sealed, position = seen[anchor.last_id]
        if sealed != anchor.hash:
            return _(
                "Gebeurtenis %(uuid)s (id %(id)s) verschilt van het anker van %(at)s: "
                "de keten is herschreven."
            ) % {"uuid": anchor.last_uuid, "id": anchor.last_id, "at": anchor.anchored_at}
        if position != anchor.count:
            return _(
                "Het anker van %(at)s telde %(anchored)s gebeurtenissen tot en met id "
                "%(id)s; nu zijn het er %(now)s."
            ) % {
                "at": anchor.anchored_at,
                "anchored": anchor.count,
                "id": anchor.last_id,
                "now": position,
            }
        return ""
    if first_break is not None and first_break.event_id <= anchor.last_id:
        return ""  # the break itself is reported; what follows it cannot be compared
    if head.last_id < anchor.last_id:
        return _(
            "De keten is korter dan het anker van %(at)s: %(missing)s gebeurtenis(sen) "
            "ontbreken, na id %(head)s tot en met gebeurtenis %(uuid)s (id %(id)s)."
        ) % {
            "at": anchor.anchored_at,
            "missing": anchor.count - head.count,
            "head": head.last_id,
            "uuid": anchor.last_uuid,
            "id": anchor.last_id,
        }
    return _("Gebeurtenis %(uuid)s (id %(id)s) uit het anker van %(at)s ontbreekt.") % {
        "uuid": anchor.last_uuid,
        "id": anchor.last_id,
        "at": anchor.anchored_at,
    }


def anchor_path() -> Path | None:
    """Where anchors are appended; None only where a test settings file says so."""
    path = getattr(settings, "SPIL_AUDIT_ANCHOR_PATH", None)
    return Path(path) if path else None


def read_anchors() -> tuple[list[Anchor], list[str]]:
    """Every anchor in the store, and a problem for each line that cannot be read."""
    path = anchor_path()
    if path is None or not path.exists():
        return [], []
    anchors, problems = [], []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                anchors.append(Anchor(**json.loads(line)))
            except (ValueError, TypeError):
                problems.append(
                    _("Regel %(number)s van het ankerbestand %(path)s is onleesbaar.")
                    % {"number": number, "path": path}
                )
    return anchors, problems


def append_anchor(head: ChainHead) -> Anchor | None:
    """Append `head` to the anchor store (one JSON line, append-only, flushed to disk)."""
    anchor = Anchor(**asdict(head), anchored_at=timezone.now().astimezone(UTC).isoformat())
    path = anchor_path()
    if path is None:
        return anchor
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(asdict(anchor), sort_keys=True, separators=(",", ":")) + "\n"
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(fd, line.encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    return anchor
