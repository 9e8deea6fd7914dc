"""Tasks of the rights app (django-tasks; `manage.py db_worker` runs them).

`apply_retention` is the scheduled run of the retention periods: another part of Spil
schedules it (daily or weekly); `manage.py apply_retention` runs the same by hand.

`send_rights_decision` e-mails the decision on a rights request after the coach's save:
the queue holds the request's uuid only; the address is read when the e-mail is built
(docs/adr/0031)."""

import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from spil.core.mail import send_or_retry

from . import retention
from .models import RightsRequest

logger = logging.getLogger(__name__)


@task()
def apply_retention() -> dict[str, int]:
    """Destroy what is past its retention period; returns the counts by category (no
    names, no ids) and writes them to the destruction log."""
    logs = retention.apply(actor=None, run_as="taak")
    counts = {log.category: log.count for log in logs}
    logger.info("retention applied: %s", counts)
    return counts


def member_email(member: Any) -> str:
    """The address of the member's own active portal account, or ""."""
    account = getattr(member, "portal_account", None)
    user = getattr(account, "user", None)
    return str(user.email) if user is not None and user.is_active and user.email else ""


def mail_decision(*, request: str) -> bool:
    """E-mail the decision on this rights request (its uuid) to the member's own address.
    Not sent (False) when the request is gone or the member has no address any more."""
    item = RightsRequest.objects.select_related("member").filter(uuid=request).first()
    if item is None or item.status == RightsRequest.Status.OPEN:
        return False
    email = member_email(item.member)
    if not email:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        if item.status == RightsRequest.Status.GRANTED:
            subject = _("Uw verzoek over uw gegevens is toegekend")
        else:
            subject = _("Uw verzoek over uw gegevens: ons besluit")
        # Like every e-mail of Spil: no names. The answer is written for this person
        # (the form says it goes by e-mail, without names of others).
        body = _(
            "Goedendag,\n\nU vroeg ons op %(date)s om: %(kind)s.\nOns besluit: %(status)s.\n\n"
            "%(answer)s\n\nBent u het er niet mee eens? Neem contact op met uw gezinscoach, "
            "of kijk in het gezinsportaal: %(portal)s. U kunt ook een klacht indienen bij de "
            "Autoriteit Persoonsgegevens."
        ) % {
            "date": item.received_on.strftime("%d-%m-%Y"),
            "kind": item.get_kind_display(),
            "status": item.get_status_display(),
            "answer": item.answer,
            "portal": f"{settings.SPIL_BASE_URL}{settings.SPIL_PORTAL_PATH}",
        }
        subject, body = str(subject), str(body)
    send_mail(subject=subject, message=body, from_email=None, recipient_list=[email])
    return True


@task()
def send_rights_decision(request: str, attempt: int = 1) -> bool:
    """E-mail the decision on the rights request with this uuid. When the mail server
    fails, a next attempt is queued (spil.core.mail) and this one fails visibly; the
    coach sees "per e-mail" on the request and can follow up."""
    return send_or_retry(
        lambda: mail_decision(request=request),
        task=send_rights_decision,
        attempt=attempt,
        request=request,
    )
