"""Background task of the family file: the weekly list of noodtoegang (issue 18).

The scheduler puts it in the queue every Monday at 07:00 (`families.emergency_digest`;
by hand: `python manage.py send_emergency_digest`); the
worker (`python manage.py db_worker`) sends it. Every beheerder gets one
e-mail with how many times the glass was broken last week and a link to the list — no
names, no family, no reason text (those are behind the login)."""

import datetime as dt
import logging
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from spil.accounts.models import User
from spil.core.mail import MailBatch
from spil.core.roles import Role

from .models import EmergencyAccess

logger = logging.getLogger(__name__)


@task()
def send_emergency_access_digest(
    attempt: int = 1, users: list[str] | None = None, since: str | None = None
) -> int:
    """E-mail every beheerder (they manage the region's organisations and teams) when
    noodtoegang was used in the 7 days before `since` (default: now). Returns the number
    of e-mails sent.

    All over one connection to the mail server; an address it refuses stops no other
    e-mail. When some did not go, a next attempt is queued for those beheerders only (their
    uuids, `users`; the same week, `since`) and this one fails with `EmailNotSent`."""
    until = dt.datetime.fromisoformat(since) if since else timezone.now()
    count = EmergencyAccess.objects.filter(
        opened_at__gte=until - timedelta(days=7), opened_at__lte=until
    ).count()
    if not count:
        return 0
    beheerders = (
        User.objects.filter(memberships__role=Role.ADMIN, is_active=True).distinct().order_by("pk")
    )
    if users is not None:
        beheerders = beheerders.filter(uuid__in=users)
    link = settings.SPIL_BASE_URL.rstrip("/") + reverse("families:emergency_list")
    not_sent: list[str] = []
    with (
        translation.override(settings.LANGUAGE_CODE),
        MailBatch(send_emergency_access_digest) as batch,
    ):
        subject = _("Spil: noodtoegang in de afgelopen week")
        body = (
            ngettext(
                "Afgelopen week is %(count)d keer een gezin geopend met noodtoegang.",
                "Afgelopen week is %(count)d keer een gezin geopend met noodtoegang.",
                count,
            )
            % {"count": count}
            + "\n\n"
            + _("Bekijk wie, wanneer en waarom in Spil: %(link)s") % {"link": link}
            + "\n"
        )
        for user in beheerders:
            e_mail = partial(send_mail, subject, body, None, [user.email])
            if not batch.send(e_mail, user=user.pk):
                not_sent.append(str(user.uuid))
    logger.info("emergency access digests sent: %d, not sent: %d", batch.sent, batch.not_sent)
    batch.retry(attempt=attempt, users=not_sent, since=until.isoformat())
    return batch.sent
