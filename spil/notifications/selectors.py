"""Every read of the notifications app: one's own inbox only, and the rules (no family
data). A notice about a family shows the family's name only while the reader may still
open that family (access may have ended since the notice was sent)."""

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.http import Http404

from spil.core import access

from . import rules
from .models import Notification

INBOX_LIMIT = 200


@dataclass(frozen=True)
class InboxRow:
    notice: Notification
    family_name: str  # empty when the reader may no longer open the family

    @property
    def family_url(self) -> str:
        return self.notice.family_url() if self.family_name else ""


@dataclass(frozen=True)
class Inbox:
    rows: list[InboxRow]
    unread: int

    @property
    def total(self) -> int:
        return len(self.rows)


def inbox_for_user(*, user: Any, limit: int = INBOX_LIMIT) -> Inbox:
    """The user's own notices, newest first, in three queries whatever their number."""
    notices = list(
        Notification.objects.filter(recipient=user)
        .select_related("family")
        .order_by("-created_at", "-id")[:limit]
    )
    family_ids = {n.family_id for n in notices if n.family_id is not None}
    visible = (
        set(access.visible_families(user).filter(pk__in=family_ids).values_list("pk", flat=True))
        if family_ids
        else set()
    )
    rows = [
        InboxRow(
            notice=n,
            family_name=str(n.family) if n.family_id in visible and n.family else "",
        )
        for n in notices
    ]
    return Inbox(rows=rows, unread=unread_count(user=user))


def unread_count(*, user: Any) -> int:
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_for_user(*, user: Any, uuid: UUID) -> Notification:
    """One of the user's own notices; anyone else's does not exist for them (404)."""
    notice = Notification.objects.filter(recipient=user, uuid=uuid).select_related("family").first()
    if notice is None:
        raise Http404
    return notice


@dataclass(frozen=True)
class RuleRow:
    spec: rules.RuleSpec
    setting: rules.Setting

    @property
    def audience_labels(self) -> list[str]:
        labels = []
        for audience in rules.Audience:
            if audience not in self.setting.audiences:
                continue
            if audience == rules.Audience.CONCERNED:
                if self.spec.has_concerned:
                    labels.append(str(self.spec.concerned_label))
                continue
            labels.append(str(rules.AUDIENCE_LABELS[audience]))
        return labels


def rules_overview() -> list[RuleRow]:
    """Every event of the registry with who is told now, in the registry's order."""
    current = rules.settings_now()
    return [RuleRow(spec=spec, setting=current[event]) for event, spec in rules.RULES.items()]
