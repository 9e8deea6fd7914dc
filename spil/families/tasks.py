"""Background task of the family file: the weekly list of noodtoegang (issue 18).

`python manage.py send_emergency_digest` (weekly, from cron) puts it in the queue; the
worker (`python manage.py db_worker`) sends it. Each organisation's beheerders get one
e-mail with how many times the glass was broken last week and a link to the list — no
names, no family, no reason text (those are behind the login)."""

import logging
from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from spil.accounts.models import Membership
from spil.core.roles import Role

from .models import EmergencyAccess

logger = logging.getLogger(__name__)


@task()
def send_emergency_access_digest() -> int:
    """E-mail the beheerders of every organisation where noodtoegang was used in the last
    7 days. Returns the number of e-mails sent."""
    since = timezone.now() - timedelta(days=7)
    counts = Counter(
        EmergencyAccess.objects.filter(opened_at__gte=since, organisation__isnull=False)
        .values_list("organisation_id", flat=True)
        .iterator()
    )
    if not counts:
        return 0
    beheerders = (
        Membership.objects.filter(
            organisation_id__in=counts, role=Role.ADMIN, user__is_active=True
        )
        .select_related("user")
        .order_by("organisation_id", "user_id")
    )
    link = settings.SPIL_BASE_URL.rstrip("/") + reverse("families:emergency_list")
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for membership in beheerders:
            count = counts[membership.organisation_id]
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
            send_mail(
                subject=_("Spil: noodtoegang in de afgelopen week"),
                message=body,
                from_email=None,
                recipient_list=[membership.user.email],
            )
            sent += 1
    logger.info("emergency access digests sent: %d", sent)
    return sent
