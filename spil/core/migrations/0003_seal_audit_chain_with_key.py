"""Re-seal the audit chain with the key (docs/adr/0008-audit-trail-evidence.md).

Until now each event stored a plain SHA-256; from now on an HMAC-SHA256 under
settings.SPIL_AUDIT_KEY. This migration first checks the old, unkeyed chain, then seals
every existing event again with the key, in order, and appends one event
`audit.chain_resealed` that records what was found: how many events, the old head hash,
and the first break of the old chain if there was one (so an earlier break is not
laundered by the re-seal but stays visible in the sealed trail).

The canonical text is frozen here (a copy of spil.core.audit.canonical as of this
migration), so later changes to the audit module cannot change what this step does.
"""

import hashlib
import hmac
import json
import uuid
from datetime import UTC

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import migrations
from django.utils import timezone

GENESIS_HASH = "0" * 64
RESEALED = "audit.chain_resealed"


def _canonical(event):
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


def _seal(event, key):
    text = _canonical(event).encode()
    if key is None:
        return hashlib.sha256(text).hexdigest()
    return hmac.new(key, text, hashlib.sha256).hexdigest()


def _key():
    key = getattr(settings, "SPIL_AUDIT_KEY", "") or ""
    if len(key) < 32:
        raise ImproperlyConfigured(
            "SPIL_AUDIT_KEY (at least 32 characters) is needed to seal the existing audit "
            "trail; set it before migrating."
        )
    return key.encode()


def _in_order(AuditEvent):
    """Every event by id, a page at a time (the trail can be long)."""
    last = 0
    while True:
        page = list(AuditEvent._base_manager.filter(id__gt=last).order_by("id")[:2000])
        if not page:
            return
        yield from page
        last = page[-1].id


def _reseal(apps, *, old_key, new_key):
    AuditEvent = apps.get_model("core", "AuditEvent")
    previous, broken_at, count = GENESIS_HASH, None, 0
    for event in _in_order(AuditEvent):
        if broken_at is None and (
            event.previous_hash != previous or _seal(event, old_key) != event.hash
        ):
            broken_at = event
        previous = event.hash
        count += 1
    if not count:
        return
    old_head = previous
    previous = GENESIS_HASH
    for event in _in_order(AuditEvent):
        event.previous_hash = previous
        event.hash = _seal(event, new_key)
        previous = event.hash
        AuditEvent._base_manager.filter(pk=event.pk).update(
            previous_hash=event.previous_hash, hash=event.hash
        )
    marker = AuditEvent(
        uuid=uuid.uuid4(),
        occurred_at=timezone.now(),
        action=RESEALED,
        detail={
            "events": count,
            "old_head": old_head,
            "old_keyed": old_key is not None,
            "old_break_id": broken_at.id if broken_at else None,
            "old_break_uuid": str(broken_at.uuid) if broken_at else None,
        },
        previous_hash=previous,
    )
    marker.hash = _seal(marker, new_key)
    AuditEvent._base_manager.bulk_create([marker])


def seal_with_key(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    if not AuditEvent._base_manager.exists():
        return  # a fresh database: nothing to seal, no key needed yet
    _reseal(apps, old_key=None, new_key=_key())


def unseal(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    if not AuditEvent._base_manager.exists():
        return
    _reseal(apps, old_key=_key(), new_key=None)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_help_texts"),
    ]

    operations = [
        migrations.RunPython(seal_with_key, unseal),
    ]
