"""Background tasks of accounts (django-tasks; `python manage.py db_worker` runs them).

`send_two_factor_link` mails the single-use set-up link of two-step verification;
`send_password_reset` the "wachtwoord vergeten" link. The
request stores the activation and enqueues its uuid; the token of the link is made here,
in the worker, and only its hash is stored — the queue never holds the link, the address
or the name (docs/adr/0031).
"""

import hashlib
import secrets
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from spil.core.mail import send_or_retry, send_rendered

from .models import TwoFactorActivation, User


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def unknown_token_hash() -> str:
    """The hash of a random token nobody keeps: an activation that opens nothing until
    its link is made and mailed (`mail_two_factor_link`)."""
    return token_hash(secrets.token_urlsafe(32))


def mail_two_factor_link(*, activation: str) -> bool:
    """Make the link of this activation (a new random token; only its hash is stored),
    valid `SPIL_2FA_LINK_VALID_HOURS` from now, and mail it to the account's own address.
    An activation that is used, expired or replaced by a newer one is not sent (False).
    A second run makes a new token: a link mailed earlier stops working."""
    with transaction.atomic():
        found = (
            TwoFactorActivation.objects.select_for_update()
            .select_related("user")
            .filter(uuid=activation)
            .first()
        )
        if found is None or not found.is_usable() or not found.user.is_active:
            return False
        token = secrets.token_urlsafe(32)
        found.token_hash = token_hash(token)
        found.expires_at = timezone.now() + timedelta(hours=settings.SPIL_2FA_LINK_VALID_HOURS)
        found.save(update_fields=["token_hash", "expires_at", "updated_at"])
    link = settings.SPIL_BASE_URL.rstrip("/") + reverse("accounts:otp_activate", args=[token])
    context = {"link": link, "hours": settings.SPIL_2FA_LINK_VALID_HOURS}
    send_rendered(
        subject_template="accounts/two_factor_link_subject.txt",
        body_template="accounts/two_factor_link_email.txt",
        context=context,
        to=found.user.email,
    )
    return True


@task()
def send_two_factor_link(activation: str, attempt: int = 1) -> bool:
    """Mail the set-up link of this activation (its uuid). When the mail server fails, a
    next attempt is queued (spil.core.mail) and this one fails visibly."""
    return send_or_retry(
        lambda: mail_two_factor_link(activation=activation),
        task=send_two_factor_link,
        attempt=attempt,
        activation=activation,
    )


def mail_password_reset(*, user: str) -> bool:
    """Mail the "wachtwoord vergeten" link to this account (its uuid) — Django's own
    reset token, made here in the worker (it is signed with the account's state, so a
    link from an earlier attempt stops working once the password changes). An account
    that is gone, inactive or without a usable password gets nothing (False)."""
    found = User.objects.filter(uuid=user, is_active=True).first()
    if found is None or not found.has_usable_password() or not found.email:
        return False
    base = urlsplit(settings.SPIL_BASE_URL)
    send_rendered(
        subject_template="accounts/password_reset_subject.txt",
        body_template="accounts/password_reset_email.txt",
        context={
            "protocol": base.scheme or "https",
            "domain": base.netloc,
            "uid": urlsafe_base64_encode(force_bytes(found.pk)),
            "token": default_token_generator.make_token(found),
            "user": found,
        },
        to=found.email,
    )
    return True


@task()
def send_password_reset(user: str, attempt: int = 1) -> bool:
    """Mail the reset link of this account (its uuid); retried like every mail task."""
    return send_or_retry(
        lambda: mail_password_reset(user=user),
        task=send_password_reset,
        attempt=attempt,
        user=user,
    )
