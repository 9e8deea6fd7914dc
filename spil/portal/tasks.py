"""Background tasks of the portal (django-tasks on the database backend).

`send_appointment_reminders` runs once a day: `python manage.py send_reminders` (from cron)
puts it in the queue, `python manage.py db_worker` runs it (README, "Meer").

`send_portal_invitation` mails an invitation after the coach's save: the queue holds the
invitation's uuid only; the link in the e-mail is made here (docs/adr/0031)."""

import datetime as dt
import logging
import secrets
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
from spil.core.mail import send_or_retry, send_rendered
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


def _send_one(appointment: Appointment, account: FamilyAccount) -> bool:
    """One reminder, recorded first so it goes once only (the unique row), even when two
    workers run at once; a mail that cannot be sent undoes the record (tried again)."""
    # The one policy: the member must still see the family's appointments in the portal.
    access = policy.member_access(account.user, account.member)
    if not access.sees(FamilyPart.CONTACTS):
        return False
    try:
        with transaction.atomic():
            ReminderSent.objects.create(appointment=appointment, member=account.member)
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
            audit.record(
                actor=None,
                action="portal.reminder_sent",
                obj=appointment,
                family=appointment.family,
                detail={"lid": str(account.member.uuid)},
            )
            send_mail(
                subject=subject.strip(),
                message=body,
                from_email=None,
                recipient_list=[account.user.email],
            )
    except IntegrityError:
        return False  # sent before
    return True


@task()
def send_appointment_reminders() -> int:
    """E-mail every member who chose it a reminder of tomorrow's planned appointments
    with them. Returns how many were sent; running it twice sends nothing new."""
    start, end = tomorrow_bounds()
    appointments = (
        Appointment.objects.filter(
            status=Appointment.Status.PLANNED, starts_at__gte=start, starts_at__lt=end
        )
        .select_related("family")
        .prefetch_related("members")
        .order_by("starts_at", "id")
    )
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for appointment in appointments:
            already = set(
                ReminderSent.objects.filter(appointment=appointment).values_list(
                    "member_id", flat=True
                )
            )
            for account in _recipients(appointment):
                if account.member_id not in already and _send_one(appointment, account):
                    sent += 1
    logger.info("portal reminders sent: %d", sent)
    return sent


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
