"""One audit chain per family (docs/adr/0030-audit-chains-per-family.md).

Every existing event gets `chain = "global"`: the single chain of ADR 0008 becomes the
start of the global chain, unchanged — its links, its seals and the anchors written
outside the database stay valid, and nothing is re-sealed. When there are events, one
sealed event `audit.chains_split` is appended to it, recording how many events the single
chain held and its head: the cut-over marker. From here on, an event about a family is
linked into that family's own chain.

The canonical text is frozen here (as in 0003), so later changes to the audit module
cannot change what this step does. Reversing is possible only while no event was linked
into a family chain.
"""

import hashlib
import hmac
import json
import uuid
from datetime import UTC

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import migrations, models
from django.utils import timezone

GLOBAL_CHAIN = "global"
CHAINS_SPLIT = "audit.chains_split"


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


def _key():
    key = getattr(settings, "SPIL_AUDIT_KEY", "") or ""
    if len(key) < 32:
        raise ImproperlyConfigured(
            "SPIL_AUDIT_KEY (at least 32 characters) is needed to mark where the audit "
            "chains split; set it before migrating."
        )
    return key.encode()


def mark_split(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    events = AuditEvent._base_manager.filter(chain=GLOBAL_CHAIN)
    head = events.order_by("-id").values_list("hash", flat=True).first()
    if head is None:
        return  # a fresh database: every chain starts from its genesis, no marker needed
    marker = AuditEvent(
        uuid=uuid.uuid4(),
        chain=GLOBAL_CHAIN,
        occurred_at=timezone.now(),
        action=CHAINS_SPLIT,
        detail={"events": events.count(), "head": head},
        previous_hash=head,
    )
    marker.hash = hmac.new(_key(), _canonical(marker).encode(), hashlib.sha256).hexdigest()
    AuditEvent._base_manager.bulk_create([marker])


def refuse_once_split(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    if AuditEvent._base_manager.exclude(chain=GLOBAL_CHAIN).exists():
        raise ImproperlyConfigured(
            "Audit events are linked into family chains; undoing the split would break "
            "them. Restore a backup from before the migration instead."
        )
    # The marker stays: it is a valid, sealed event of the single chain.


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_seal_audit_chain_with_key"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="chain",
            field=models.CharField(
                default="global",
                editable=False,
                help_text="De keten waarin de gebeurtenis is verzegeld: een gezin, of global.",
                max_length=36,
                verbose_name="keten",
            ),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["chain", "id"], name="core_audit_chain_id"),
        ),
        migrations.RunPython(mark_split, refuse_once_split),
    ]
