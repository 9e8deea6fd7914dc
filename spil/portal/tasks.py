"""Background tasks of the portal (django-tasks on the database backend).

`send_appointment_reminders` runs once a day: `python manage.py send_reminders` (from cron)
puts it in the queue, `python manage.py db_worker` runs it (README, "Meer").

`send_portal_invitation` mails an invitation after the coach's save: the queue holds the
invitation's uuid only; the link in the e-mail is made here (docs/adr/0031)."""

import datetime as dt
import logging
import secrets
from functools import partial
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from spil.contacts.models import Appointment
from spil.core import access as policy
from spil.core import audit
from spil.core.access import Audience, FamilyPart, portal_audience
from spil.core.mail import MailBatch, send_or_retry, send_rendered
from spil.core.sql import day_bounds

from .models import INVITATION_VALID_DAYS, FamilyAccount, Invitation, ReminderSent, token_hash

logger = logging.getLogger(__name__)

# The family's day: "tomorrow" is tomorrow in the Netherlands, whatever the server's clock.
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def tomorrow_bounds(now: dt.datetime | None = None) -> tuple[dt.datetime, dt.datetime]:
    """Start and end (exclusive) of tomorrow, Amsterdam time."""
    today = timezone.localtime(now or timezone.now(), AMSTERDAM).date()
    tomorrow = today + dt.timedelta(days=1)
    return day_bounds(tomorrow, tomorrow)


def _recipients(appointment: Appointment) -> list[FamilyAccount]:
    """The family accounts of the members who are with this appointment (all named members,
    or the whole family when none is named) and who chose e-mail reminders."""
    named = {m.pk for m in appointment.members.all()}
    accounts = (
        FamilyAccount.objects.filter(
            member__family_id=appointment.family_id,
            reminders_by_email=True,
            user__is_active=True,
        )
        .select_related("user", "member__family")
        .order_by("id")
    )
    return [a for a in accounts if not named or a.member_id in named]


def _claim(appointment: Appointment, account: FamilyAccount) -> bool:
    """Record the reminder before it is sent (the unique row), so it goes once only, even
    when two workers run at once. Its own short transaction: nothing is locked while the
    mail server is asked. False when it was recorded before."""
    try:
        with transaction.atomic():
            ReminderSent.objects.create(appointment=appointment, member=account.member)
    except IntegrityError:
        return False
    return True


def _send_one(batch: MailBatch, appointment: Appointment, account: FamilyAccount) -> bool:
    """One reminder, claimed first (`_claim`), sent over the batch's connection after that
    commit, and only then written in the family's audit trail; a reminder the mail server
    did not take is released for the next attempt."""
    # The one policy: the member must still see the family's appointments in the portal.
    access = policy.member_access(account.user, account.member)
    if not access.sees(FamilyPart.CONTACTS):
        return False
    if batch.skipped():  # the mail server is gone: left for the next attempt, unclaimed
        return False
    if not _claim(appointment, account):
        return False  # sent before
    starts = timezone.localtime(appointment.starts_at, AMSTERDAM)
    context = {
        "young": access.audience == Audience.YOUNG,
        "starts_at": starts,
        "place": appointment.place,
        "link": settings.SPIL_BASE_URL.rstrip("/") + reverse("portal:appointments"),
    }
    with timezone.override(AMSTERDAM):
        subject = render_to_string("portal/reminder_email_subject.txt", context)
        body = render_to_string("portal/reminder_email.txt", context)
    e_mail = partial(send_mail, subject.strip(), body, None, [account.user.email])
    if not batch.send(e_mail, appointment=appointment.pk, member=account.member_id):
        ReminderSent.objects.filter(appointment=appointment, member=account.member).delete()
        return False
    audit.record(
        actor=None,
        action="portal.reminder_sent",
        obj=appointment,
        family=appointment.family,
        detail={"lid": str(account.member.uuid)},
    )
    return True


@task()
def send_appointment_reminders(attempt: int = 1) -> int:
    """E-mail every member who chose it a reminder of tomorrow's planned appointments
    with them. Returns how many were sent; running it twice sends nothing new.

    All over one connection to the mail server. An address it refuses stops no other
    reminder; a mail server that is gone stops the run. Either way the reminders that did
    not go are retried (a next attempt after 1, 5, 30 and 120 minutes: "tomorrow" as it is
    then) and this attempt fails with `EmailNotSent`, counts only."""
    start, end = tomorrow_bounds()
    appointments = (
        Appointment.objects.filter(
            status=Appointment.Status.PLANNED, starts_at__gte=start, starts_at__lt=end
        )
        .select_related("family")
        .prefetch_related("members")
        .order_by("starts_at", "id")
    )
    with (
        translation.override(settings.LANGUAGE_CODE),
        MailBatch(send_appointment_reminders) as batch,
    ):
        for appointment in appointments:
            already = set(
                ReminderSent.objects.filter(appointment=appointment).values_list(
                    "member_id", flat=True
                )
            )
            for account in _recipients(appointment):
                if account.member_id not in already:
                    _send_one(batch, appointment, account)
    logger.info("portal reminders sent: %d, not sent: %d", batch.sent, batch.not_sent)
    batch.retry(attempt=attempt)
    return batch.sent


# --- The invitation -------------------------------------------------------------------------


def mail_invitation(*, invitation: str) -> bool:
    """Mail this invitation (its uuid) to its address with a link of its own: a new random
    token whose hash is stored beside the one of the link the coach saw. Either link opens
    the invitation, once, until it expires (seven days after it was made). An invitation
    that is no longer open (used, revoked, expired, replaced) is not sent (False). A second
    run makes a new token: a link mailed earlier stops working, the coach's link does not."""
    with transaction.atomic():
        found = (
            Invitation.objects.select_for_update()
            .select_related("member")
            .filter(uuid=invitation)
            .first()
        )
        if found is None or found.status != Invitation.Status.OPEN:
            return False
        audience = portal_audience(found.member)
        if audience is None:
            return False
        token = secrets.token_urlsafe(32)
        found.mail_token_hash = token_hash(token)
        found.save(update_fields=["mail_token_hash", "updated_at"])
    link = settings.SPIL_BASE_URL.rstrip("/") + reverse("portal:welcome", args=[token])
    context = {"link": link, "days": INVITATION_VALID_DAYS, "young": audience == Audience.YOUNG}
    send_rendered(
        subject_template="portal/invitation_email_subject.txt",
        body_template="portal/invitation_email.txt",
        context=context,
        to=found.email,
    )
    return True


@task()
def send_portal_invitation(invitation: str, attempt: int = 1) -> bool:
    """Mail the invitation with this uuid. When the mail server fails, a next attempt is
    queued (spil.core.mail) and this one fails visibly."""
    return send_or_retry(
        lambda: mail_invitation(invitation=invitation),
        task=send_portal_invitation,
        attempt=attempt,
        invitation=invitation,
    )
