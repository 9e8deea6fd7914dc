from typing import Any

from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from spil.core import access, audit
from spil.core.roles import Role

from .models import Membership, Organisation, Team, User


@transaction.atomic
def user_create(
    *, email: str, full_name: str, password: str | None, actor: User | None = None
) -> User:
    user = User.objects.create_user(email=email, password=password, full_name=full_name)
    audit.record(actor=actor, action="user.created", obj=user)
    return user


@transaction.atomic
def membership_add(
    *,
    user: User,
    organisation: Organisation,
    role: Role,
    team: Team | None = None,
    actor: User | None = None,
) -> Membership:
    membership = Membership(user=user, organisation=organisation, team=team, role=role)
    membership.full_clean()
    membership.save()
    access.forget(user)
    audit.record(
        actor=actor,
        action="membership.added",
        obj=membership,
        organisation=organisation,
        detail={"role": str(role)},
    )
    return membership


@transaction.atomic
def totp_start_setup(*, user: User) -> TOTPDevice:
    """A fresh, unconfirmed TOTP device; earlier unconfirmed ones are discarded."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="Spil", confirmed=False)


@transaction.atomic
def totp_confirm(*, request: Any, device: TOTPDevice, token: str) -> bool:
    """Confirm a new device with its first code; the session is then verified."""
    if not device.verify_token(token):
        audit.record(actor=request.user, action="auth.2fa_setup_failed", obj=None)
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    audit.record(actor=request.user, action="auth.2fa_enabled")
    return True


def otp_verify(*, request: Any, token: str) -> bool:
    """Check a code against the user's confirmed devices; on success the session is verified."""
    for device in TOTPDevice.objects.filter(user=request.user, confirmed=True):
        if device.verify_token(token):
            otp_login(request, device)
            audit.record(actor=request.user, action="auth.2fa_verified")
            return True
    audit.record(actor=request.user, action="auth.2fa_failed")
    return False
