from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from spil.core import access, audit
from spil.core.roles import Role

from . import tasks
from .models import Membership, MembershipRequest, Organisation, Team, TwoFactorActivation, User


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
    """A role that takes effect at once: for setting up a region (seed, shell) and for
    an approved request. Beheerders in the admin go through `membership_request`."""
    _refuse_for_oneself(actor=actor, user=user)
    membership = Membership(user=user, organisation=organisation, team=team, role=role)
    membership.full_clean()
    membership.save()
    access.forget(user)
    _audit_membership(actor, "membership.added", membership, user, organisation, role)
    return membership


def _refuse_for_oneself(*, actor: User | None, user: User) -> None:
    if actor is not None and actor.pk == user.pk:
        raise ValidationError(
            _("U kunt uw eigen rollen niet wijzigen. Vraag een andere beheerder om dit te doen.")
        )


def _audit_membership(
    actor: User | None, action: str, obj: Any, user: User, organisation: Organisation, role: str
) -> None:
    # Who (actor), whose (the user's key), which role, which organisation; keys only.
    audit.record(
        actor=actor,
        action=action,
        obj=obj,
        organisation=organisation,
        detail={"role": str(role), "user": str(user.uuid)},
    )


@transaction.atomic
def membership_request(
    *,
    user: User,
    organisation: Organisation,
    role: Role | str,
    team: Team | None = None,
    actor: User,
) -> MembershipRequest:
    """Ask for a role for someone else; it takes effect when a second beheerder approves."""
    _refuse_for_oneself(actor=actor, user=user)
    request = MembershipRequest(
        user=user, organisation=organisation, team=team, role=role, requested_by=actor
    )
    request.full_clean()
    request.save()
    _audit_membership(actor, "membership.requested", request, user, organisation, role)
    return request


def _decide(request: MembershipRequest, actor: User) -> None:
    request = MembershipRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != MembershipRequest.Status.PENDING:
        raise ValidationError(_("Over deze aanvraag is al besloten."))
    if not access.can(actor, access.Capability.MANAGE_DIRECTORY):
        raise ValidationError(_("Alleen een beheerder besluit over een rolaanvraag."))
    _refuse_for_oneself(actor=actor, user=request.user)
    if request.requested_by_id == actor.pk:
        raise ValidationError(
            _("U vroeg deze rol zelf aan; een andere beheerder moet hem goedkeuren.")
        )


@transaction.atomic
def membership_request_approve(*, membership_request: MembershipRequest, actor: User) -> Membership:
    """The second pair of eyes: the role takes effect now."""
    _decide(membership_request, actor)
    req = membership_request
    membership = membership_add(
        user=req.user,
        organisation=req.organisation,
        team=req.team,
        role=Role(req.role),
        actor=actor,
    )
    req.status = MembershipRequest.Status.APPROVED
    req.decided_by = actor
    req.decided_at = timezone.now()
    req.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    _audit_membership(actor, "membership.approved", req, req.user, req.organisation, req.role)
    return membership


@transaction.atomic
def membership_request_reject(
    *, membership_request: MembershipRequest, actor: User
) -> MembershipRequest:
    _decide(membership_request, actor)
    req = membership_request
    req.status = MembershipRequest.Status.REJECTED
    req.decided_by = actor
    req.decided_at = timezone.now()
    req.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    _audit_membership(actor, "membership.rejected", req, req.user, req.organisation, req.role)
    return req


@transaction.atomic
def membership_remove(*, membership: Membership, actor: User | None) -> None:
    """Taking a role away needs no second person, but never one's own."""
    user = membership.user
    _refuse_for_oneself(actor=actor, user=user)
    _audit_membership(
        actor, "membership.removed", membership, user, membership.organisation, membership.role
    )
    membership.delete()
    access.forget(user)


@transaction.atomic
def totp_start_setup(*, user: User) -> TOTPDevice:
    """A fresh, unconfirmed TOTP device; earlier unconfirmed ones are discarded."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="Spil", confirmed=False)


@transaction.atomic
def totp_confirm(
    *,
    request: Any,
    device: TOTPDevice,
    token: str,
    activation: TwoFactorActivation | None = None,
) -> bool:
    """Confirm a new device with its first code; the session is then verified. The
    activation link that allowed the set-up is used up with it."""
    if activation is not None:
        activation = TwoFactorActivation.objects.select_for_update().get(pk=activation.pk)
        if activation.user_id != device.user_id or not activation.is_usable():
            return False
    if not device.verify_token(token):
        audit.record(actor=request.user, action="auth.2fa_setup_failed", obj=None)
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    if activation is not None:
        activation.used_at = timezone.now()
        activation.save(update_fields=["used_at", "updated_at"])
    otp_login(request, device)
    audit.record(actor=request.user, action="auth.2fa_enabled")
    return True


# A new link is mailed at most this often on the account-holder's own request.
_RESEND_AFTER = timedelta(minutes=5)


@transaction.atomic
def two_factor_activation_send(
    *, user: User, actor: User | None = None, force: bool = False
) -> TwoFactorActivation | None:
    """Have a single-use set-up link mailed to the account's own address; earlier links
    stop working. Without `force` (the account holder asking), at most one per five
    minutes. The link is made and mailed by a task after the commit
    (`tasks.send_two_factor_link`, with the activation's uuid only): until then the
    activation opens nothing. Only the token's hash is ever stored."""
    now = timezone.now()
    open_links = TwoFactorActivation.objects.filter(
        user=user, used_at__isnull=True, expires_at__gt=now
    )
    if not force and open_links.filter(created_at__gt=now - _RESEND_AFTER).exists():
        return None
    open_links.update(expires_at=now)
    activation = TwoFactorActivation.objects.create(
        user=user,
        token_hash=tasks.unknown_token_hash(),
        expires_at=now + timedelta(hours=settings.SPIL_2FA_LINK_VALID_HOURS),
        created_by=actor,
    )
    audit.record(actor=actor or user, action="auth.2fa_link_sent", obj=user)
    key = str(activation.uuid)
    transaction.on_commit(lambda: tasks.send_two_factor_link.enqueue(activation=key))
    return activation


@transaction.atomic
def totp_reset(*, user: User, actor: User) -> TwoFactorActivation | None:
    """A beheerder resets someone's two-step verification: the devices go, and a new
    set-up link is mailed to the account's own address (never to the beheerder)."""
    if actor.pk == user.pk:
        raise ValidationError(
            _("U kunt uw eigen tweestapsverificatie niet herstellen. Vraag een andere beheerder.")
        )
    if not access.can(actor, access.Capability.MANAGE_DIRECTORY):
        raise ValidationError(_("Alleen een beheerder herstelt tweestapsverificatie."))
    removed = TOTPDevice.objects.filter(user=user).delete()[0]
    removed += StaticDevice.objects.filter(user=user).delete()[0]
    audit.record(actor=actor, action="auth.2fa_reset", obj=user, detail={"devices": removed})
    return two_factor_activation_send(user=user, actor=actor, force=True)


def otp_verify(*, request: Any, token: str) -> bool:
    """Check a code against the user's confirmed devices; on success the session is verified."""
    for device in TOTPDevice.objects.filter(user=request.user, confirmed=True):
        if device.verify_token(token):
            otp_login(request, device)
            audit.record(actor=request.user, action="auth.2fa_verified")
            return True
    audit.record(actor=request.user, action="auth.2fa_failed")
    return False
