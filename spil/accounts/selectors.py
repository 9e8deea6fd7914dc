from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Membership, User


def memberships_for_user(*, user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("organisation", "team")


def has_confirmed_device(*, user: Any) -> bool:
    return any(True for _ in devices_for_user(user, confirmed=True))


def second_step_for(*, user: Any) -> str | None:
    """Where a logged-in, unverified user must go next, or None when no step is due."""
    if has_confirmed_device(user=user):
        return "accounts:otp_verify"
    if settings.SPIL_REQUIRE_2FA:
        return "accounts:otp_setup"
    return None


def pending_totp_device(*, user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
