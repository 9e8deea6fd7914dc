from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Membership, TwoFactorActivation, User
from .tasks import token_hash

# The session key that holds the activation link opened in this session.
ACTIVATION_SESSION_KEY = "spil_2fa_activation"


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


def setup_needs_link() -> bool:
    return bool(settings.SPIL_2FA_SETUP_NEEDS_EMAIL_LINK)


def activation_for_token(*, user: Any, token: str) -> TwoFactorActivation | None:
    """The user's own, unused, unexpired activation for this link's token."""
    activation = TwoFactorActivation.objects.filter(user=user, token_hash=token_hash(token)).first()
    return activation if activation is not None and activation.is_usable() else None


def activation_in_session(*, request: Any) -> TwoFactorActivation | None:
    """The activation opened in this session, while it is unused and unexpired."""
    key = request.session.get(ACTIVATION_SESSION_KEY)
    if not key:
        return None
    activation = TwoFactorActivation.objects.filter(user=request.user, uuid=key).first()
    return activation if activation is not None and activation.is_usable() else None
