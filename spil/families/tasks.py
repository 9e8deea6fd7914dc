"""Background task of the family file: the weekly list of noodtoegang (issue 18).

`python manage.py send_emergency_digest` (weekly, from cron) puts it in the queue; the
worker (`python manage.py db_worker`) sends it. Every beheerder gets one
e-mail with how many times the glass was broken last week and a link to the list — no
names, no family, no reason text (those are behind the login)."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from spil.accounts.models import User
from spil.core.roles import Role

from .models import EmergencyAccess

logger = logging.getLogger(__name__)


@task()
def send_emergency_access_digest() -> int:
    """E-mail every beheerder (they manage the region's organisations and teams) when
    noodtoegang was used in the last 7 days. Returns the number of e-mails sent."""
    since = timezone.now() - timedelta(days=7)
    count = EmergencyAccess.objects.filter(opened_at__gte=since).count()
    if not count:
        return 0
    beheerders = (
        User.objects.filter(memberships__role=Role.ADMIN, is_active=True).distinct().order_by("pk")
    )
    link = settings.SPIL_BASE_URL.rstrip("/") + reverse("families:emergency_list")
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
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
            send_mail(
                subject=_("Spil: noodtoegang in de afgelopen week"),
                message=body,
                from_email=None,
                recipient_list=[user.email],
            )
            sent += 1
    logger.info("emergency access digests sent: %d", sent)
    return sent
