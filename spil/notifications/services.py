"""Every write of the notifications app; its subscribers (`subscribers.py`) call:

    notify(event="doel_bereikt", family=family, actor=actor, obj=goal)

`notify` works out who is told (the stored rule, checked against the access policy for
each recipient), stores one notice per recipient — at most once per key, guarded by a
unique constraint — and, after the transaction commits, puts the sending of the e-mails
in the task queue (`send_notification_emails`, run by `manage.py db_worker`): a slow or
stopped mail server never slows or breaks the save (docs/adr/0031). Domain apps do not
call it: they emit events (`spil.core.events`) and this app subscribes in `ready()`.

Reading and marking one's own inbox is not family data and is not in the audit trail;
every notice sent about a family is (`notification.sent`, codes only).
"""

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, connection, transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from spil.accounts.models import Membership, User
from spil.core import access, audit
from spil.core.mail import MailBatch, retry_later
from spil.core.roles import Role
from spil.core.validators import not_in_future
from spil.families.models import Consent, Involvement

from . import rules
from .models import Notification, SituationChange
from .rules import Audience, Event

logger = logging.getLogger(__name__)


# --- Who is told --------------------------------------------------------------------------


def _team_leads_of(coach: Any) -> list[Any]:
    """The teamleiders of the teams in which this coach works as a coach."""
    teams = Membership.objects.filter(user=coach, role=Role.COACH, team__isnull=False).values(
        "team_id"
    )
    return list(
        User.objects.filter(
            memberships__role=Role.TEAM_LEAD, memberships__team_id__in=teams
        ).distinct()
    )


def _team_within_consent(family: Any, today: date) -> list[Any]:
    """Workers of an active involvement whose organisation holds a valid, family-wide
    sharing consent today (the same consent rule as the access policy)."""
    consented = (
        Consent.objects.filter(
            family=family,
            kind=Consent.Kind.SHARE,
            concerns_member__isnull=True,
            given_on__lte=today,
        )
        .filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=today))
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .values("organisation_id")
    )
    involved = (
        Involvement.objects.filter(family=family, worker__isnull=False)
        .filter(Q(until__isnull=True) | Q(until__gt=today))
        .filter(Q(since__isnull=True) | Q(since__lte=today))
        .values("worker_id")
    )
    return list(
        User.objects.filter(pk__in=involved, memberships__organisation_id__in=consented)
        .distinct()
        .order_by("pk")
    )


def recipients(
    *,
    event: str,
    family: Any,
    actor: Any = None,
    concerned: Iterable[Any] = (),
    setting: rules.Setting | None = None,
    exclude: Iterable[Any] = (),
) -> list[Any]:
    """Who is told of `event` in `family` now: the rule's audiences, minus the actor (and
    those in `exclude`, already told of the same thing by another notice), minus anyone
    who may not see the part of the file the notice is about (checked through
    `core.access.family_parts`, so nobody outside consent is ever told)."""
    spec = rules.spec_for(event)
    setting = setting or rules.setting_for(spec.event)
    if not setting.is_active:
        return []
    audiences = setting.audiences
    trajectory = family.trajectories.running().select_related("coach", "backup_coach").first()
    candidates: list[Any] = []
    if trajectory is not None:
        if Audience.COACH in audiences:
            candidates.append(trajectory.coach)
        if Audience.BACKUP in audiences and trajectory.backup_coach is not None:
            candidates.append(trajectory.backup_coach)
        if Audience.TEAM_LEAD in audiences:
            candidates.extend(_team_leads_of(trajectory.coach))
    if Audience.TEAM in audiences:
        candidates.extend(_team_within_consent(family, timezone.localdate()))
    if Audience.CONCERNED in audiences and spec.has_concerned:
        candidates.extend(user for user in concerned if user is not None)

    actor_pk = getattr(actor, "pk", None)
    seen: set[int] = {user.pk for user in exclude}
    told: list[Any] = []
    for user in candidates:
        if user.pk in seen:
            continue
        seen.add(user.pk)
        if user.pk == actor_pk or not user.is_active:
            continue
        if spec.part not in access.family_parts(user, family):
            continue
        told.append(user)
    return told


# --- Storing and sending ------------------------------------------------------------------


def _store(
    *, recipient: Any, event: Event, family: Any, key: str, wording: rules.Wording, email: bool
) -> Notification | None:
    """One notice, or None when this recipient already has it (also when a concurrent run
    stored it a moment earlier: the unique constraint decides)."""
    if Notification.objects.filter(recipient=recipient, key=key).exists():
        return None
    notice = Notification(
        recipient=recipient,
        event=event,
        family=family,
        title=wording.title[:150],
        body=wording.body[:500],
        key=key,
        send_email=email,
    )
    notice.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            notice.save(force_insert=True)
    except IntegrityError:
        return None
    return notice


def _default_key(obj: Any) -> str:
    if obj is None or not hasattr(obj, "uuid"):
        raise ValueError("notify needs obj with a uuid, or an explicit key")
    return f"{obj._meta.model_name}:{obj.uuid}"


def notify(
    *,
    event: str,
    family: Any,
    actor: Any,
    obj: Any = None,
    key: str | None = None,
    concerned: Iterable[Any] = (),
    extra: dict[str, Any] | None = None,
    setting: rules.Setting | None = None,
    defer_email: bool = False,
    exclude: Iterable[Any] = (),
) -> list[Notification]:
    """Tell the right people about `event` in `family`.

    `obj` is the record the event is about (its uuid makes the default key); `key`
    overrides it when one record can raise the same event more than once. `concerned` are
    the people the event is about (only used by events that have a concerned person);
    `extra` carries codes for the wording. Returns the notices stored now — none for
    recipients who already had this notice. Call it inside the service's transaction: the
    notices roll back with it, and the e-mails leave only after the commit. With
    `defer_email` the caller sends them later with `deliver()` (one e-mail per person for
    a whole daily run). Those in `exclude` are not told (another notice told them).
    """
    spec = rules.spec_for(event)
    setting = setting or rules.setting_for(spec.event)
    if not setting.is_active:
        return []
    told = recipients(
        event=spec.event,
        family=family,
        actor=actor,
        concerned=concerned,
        setting=setting,
        exclude=exclude,
    )
    if not told:
        return []
    full_key = f"{spec.event.value}:{key or _default_key(obj)}"
    wording = spec.describe(obj, extra or {})
    stored = []
    for user in told:
        notice = _store(
            recipient=user,
            event=spec.event,
            family=family,
            key=full_key,
            wording=wording,
            email=setting.by_email,
        )
        if notice is not None:
            stored.append(notice)
    if stored:
        audit.record(
            actor=actor,
            action="notification.sent",
            family=family,
            detail={"event": spec.event.value, "recipients": len(stored)},
        )
        waiting = [n.pk for n in stored if n.send_email]
        if waiting and not defer_email:
            transaction.on_commit(lambda: send_notification_emails.enqueue(ids=waiting))
    return stored


def base_url() -> str:
    return str(getattr(settings, "SPIL_BASE_URL", "http://localhost:8000")).rstrip("/")


def _email(recipient: Any, notices: list[Notification], *, connection: Any = None) -> None:
    """One e-mail per recipient per batch: only the kinds of notice and a link to Spil —
    no family name, no member names, no dates or places."""
    with translation.override(settings.LANGUAGE_CODE):
        kinds = Counter(n.label for n in notices)
        if len(notices) == 1:
            subject = _("Spil: %(kind)s") % {"kind": notices[0].label}
        else:
            subject = ngettext(
                "Spil: %(count)d nieuw bericht", "Spil: %(count)d nieuwe berichten", len(notices)
            ) % {"count": len(notices)}
        body = render_to_string(
            "notifications/email.txt",
            {
                "kinds": sorted(kinds.items()),
                "inbox_url": base_url() + reverse("notifications:inbox"),
            },
        )
    send_mail(subject, body, None, [recipient.email], connection=connection)


# A claim older than this belongs to a worker that died while sending (killed mid-batch):
# the notices are sent again. Far longer than one e-mail may take (a few SMTP steps of at
# most EMAIL_TIMEOUT each); a deploy gives a worker 60 s to finish (deploy/compose.yaml).
EMAIL_CLAIM_MINUTES = 5


@dataclass
class Delivery:
    """What one `deliver` did: e-mails sent, e-mails not sent (refused, or left when the
    mail server stopped answering) and the notices of those, still waiting."""

    sent: int = 0
    not_sent: int = 0
    waiting: list[int] = field(default_factory=list)


def deliver(*, ids: Iterable[int] | None = None) -> int:
    """Send the e-mails of these notices (all that still wait when `ids` is None) and
    return the number of e-mails sent. See `deliver_batch`."""
    return deliver_batch(ids=ids).sent


def _claimable(now: datetime) -> Q:
    """Nobody sends it now: never claimed, or the claim of a worker that died."""
    expired = now - timedelta(minutes=EMAIL_CLAIM_MINUTES)
    return Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lt=expired)


def _claim(waiting: QuerySet[Notification], pks: list[int]) -> list[Notification]:
    """Claim these notices of one recipient that nobody sends now, in one short
    transaction: locked rows (another worker's claim in progress) are skipped where the
    database can (SELECT … FOR UPDATE SKIP LOCKED), and each claim is a conditional update,
    so two workers never claim one notice (SQLite's writers take turns)."""
    now = timezone.now()
    rows = waiting.filter(_claimable(now), pk__in=pks).order_by("created_at", "id")
    with transaction.atomic():
        features = connection.features
        if features.has_select_for_update_skip_locked and features.has_select_for_update_of:
            rows = rows.select_for_update(skip_locked=True, of=("self",))
        return [
            notice
            for notice in rows
            if Notification.objects.filter(_claimable(now), pk=notice.pk, emailed_at=None).update(
                email_claimed_at=now
            )
        ]


def deliver_batch(*, ids: Iterable[int] | None = None) -> Delivery:
    """Send the e-mails of these notices (all that still wait when `ids` is None): one
    e-mail per recipient, all over one connection to the mail server (`MailBatch`).

    Each recipient's notices are claimed just before their e-mail (`email_claimed_at`),
    marked e-mailed only once it went, and released when it did not. A claim expires after
    `EMAIL_CLAIM_MINUTES`: the notices of a worker killed mid-batch are sent by a later run,
    never lost. A refused address stops no other e-mail; a mail server that refuses the
    connection or does not answer stops the batch, and the rest waits for the next run."""
    waiting = Notification.objects.filter(
        send_email=True, emailed_at__isnull=True, recipient__is_active=True
    )
    if ids is not None:
        waiting = waiting.filter(pk__in=list(ids))
    by_recipient: dict[int, list[int]] = defaultdict(list)
    for recipient_id, pk in (
        waiting.filter(_claimable(timezone.now()))
        .order_by("recipient_id", "created_at", "id")
        .values_list("recipient_id", "pk")
    ):
        by_recipient[recipient_id].append(pk)
    users = User.objects.in_bulk(list(by_recipient))
    delivery = Delivery()
    with MailBatch(send_notification_emails) as batch:
        for recipient_id, pks in by_recipient.items():
            if batch.skipped():  # the mail server is gone: the rest waits, unclaimed
                delivery.waiting.extend(pks)
                continue
            notices = _claim(waiting, pks)
            if not notices:
                continue  # another worker sends them
            claimed = [n.pk for n in notices]
            recipient = users[recipient_id]
            if batch.send(partial(_email, recipient, notices), user=recipient_id):
                Notification.objects.filter(pk__in=claimed).update(
                    emailed_at=timezone.now(), email_claimed_at=None
                )
            else:
                Notification.objects.filter(pk__in=claimed).update(email_claimed_at=None)
                delivery.waiting.extend(claimed)
    delivery.sent, delivery.not_sent = batch.sent, batch.not_sent
    return delivery


@task()
def send_notification_emails(ids: list[int], attempt: int = 1) -> int:
    """The task behind `notify`: send the e-mails of these notices. When the mail server
    refuses or does not answer, the notices stay waiting, a next attempt is queued (after
    1, 5, 30 and 120 minutes) and this attempt fails, visibly, in the list of background
    tasks (beheer). `send_due_notifications` also picks up whatever still waits."""
    delivery = deliver_batch(ids=ids)
    if delivery.not_sent:
        # Without a next attempt (the last one, or a backend that cannot wait) the daily
        # `send_due_notifications` still sends what waits.
        retry_later(
            send_notification_emails,
            attempt=attempt,
            failed=delivery.not_sent,
            sent=delivery.sent,
            ids=ids,
        )
    return delivery.sent


# --- The inbox ----------------------------------------------------------------------------


def notification_mark_read(*, user: Any, notification: Notification) -> Notification:
    """Mark one of the user's own notices read (someone else's is refused)."""
    if notification.recipient_id != user.pk:
        raise ValidationError(_("Dit bericht is niet voor u."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at", "updated_at"])
    return notification


def notifications_mark_all_read(*, user: Any) -> int:
    """Mark every unread notice of the user read; returns how many."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now(), updated_at=timezone.now()
    )


# --- A significant change in the situation (the coach marks it) ---------------------------


@transaction.atomic
def situation_mark(
    *, actor: Any, family: Any, category: str, noticed_on: date | None = None
) -> SituationChange:
    """The coach marks a significant change (a category, no free text); the rule
    "situatie_veranderd" tells the team."""
    noticed_on = noticed_on or timezone.localdate()
    not_in_future(noticed_on, "noticed_on")
    if category not in SituationChange.Category.values:
        raise ValidationError({"category": _("Kies wat er veranderde.")})
    change = SituationChange(
        family=family, category=category, noticed_on=noticed_on, marked_by=actor
    )
    change.full_clean()
    change.save()
    audit.record(
        actor=actor,
        action="situation.marked",
        obj=change,
        family=family,
        detail={"category": category},
    )
    notify(event=Event.SITUATION_CHANGED, family=family, actor=actor, obj=change)
    return change
