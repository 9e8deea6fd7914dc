"""Invitations to the portal (issue 14, "who logs in, and how").

A coach invites a member who may have an account (`core.access.portal_audience`): a
single-use invitation, valid seven days, with two links — one shown once to the coach to
pass on by hand, one made and e-mailed to the member by a task after the commit
(`tasks.send_portal_invitation`; docs/adr/0031). Only the tokens' hashes are stored. The
member opens either link, sets a password, and is logged in; then neither works again.
Every step is audited with keys only.
"""

import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from spil.core import audit
from spil.core.access import Audience, FamilyAccess, portal_audience
from spil.families.models import Member

from . import services, tasks
from .models import FamilyAccount, Invitation, token_hash


@dataclass(frozen=True)
class NewInvitation:
    """A just-made invitation and its link: the link is shown once, then never again."""

    invitation: Invitation
    link: str


# --- Reads --------------------------------------------------------------------------------


def invitable_members(access: FamilyAccess) -> list[Member]:
    """The members a coach may invite: old enough for an account and without one yet."""
    access.require_edit()
    members = Member.objects.filter(family=access.family, portal_account__isnull=True).order_by(
        "birth_date", "id"
    )
    return [m for m in members if portal_audience(m) is not None]


def invitations_of(access: FamilyAccess) -> QuerySet[Invitation]:
    """Every invitation of this family, newest first (open, used, expired, revoked)."""
    access.require_edit()
    return (
        Invitation.objects.filter(member__family=access.family)
        .select_related("member", "created_by")
        .order_by("-created_at", "-id")
    )


def accounts_of(access: FamilyAccess) -> QuerySet[FamilyAccount]:
    """The members of this family who have an account."""
    access.require_edit()
    return (
        FamilyAccount.objects.filter(member__family=access.family)
        .select_related("member", "user")
        .order_by("created_at", "id")
    )


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation behind a link's token, whatever its status; None when unknown."""
    if not token or len(token) > 100:
        return None
    hashed = token_hash(token)
    return (
        Invitation.objects.select_related("member__family").filter(
            Q(token_hash=hashed) | Q(mail_token_hash=hashed)
        )
    ).first()


def audience_of(invitation: Invitation) -> Audience | None:
    return portal_audience(invitation.member)


# --- Writes -------------------------------------------------------------------------------


def _email_in_use(email: str) -> bool:
    return get_user_model().objects.filter(email__iexact=email.strip()).exists()


def _open(member: Member) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        member=member, used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    )


@transaction.atomic
def invitation_create(*, access: FamilyAccess, member: Member, email: str) -> NewInvitation:
    """Invite `member` to the portal: earlier open invitations of the member stop working,
    a new single-use link is made (only its hash kept) for the coach to see once, and after
    the commit a task mails `email` a link of its own (`tasks.send_portal_invitation`)."""
    access.require_edit()
    if member.family_id != access.family.pk:
        raise ValidationError(_("Dit gezinslid hoort niet bij dit gezin."))
    audience = portal_audience(member)
    if audience is None:
        raise ValidationError(
            {"member": _("Dit gezinslid kan (nog) geen eigen account krijgen: pas vanaf 12 jaar.")}
        )
    if FamilyAccount.objects.filter(member=member).exists():
        raise ValidationError({"member": _("Dit gezinslid heeft al een account.")})
    email = email.strip()
    if _email_in_use(email):
        raise ValidationError(
            {"email": _("Dit e-mailadres is al in gebruik. Kies een ander adres.")}
        )
    now = timezone.now()
    for older in _open(member).select_for_update():
        older.revoked_at = now
        older.save(update_fields=["revoked_at", "updated_at"])
        _audit(access.user, "portal.invitation_revoked", older, reden="vervangen")
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        member=member,
        email=email,
        token_hash=token_hash(token),
        expires_at=Invitation.default_expiry(),
        created_by=access.user,
    )
    _audit(access.user, "portal.invitation_created", invitation)
    link = settings.SPIL_BASE_URL.rstrip("/") + reverse("portal:welcome", args=[token])
    # The e-mail leaves after the commit, with a link of its own made by the task: the
    # queue holds the invitation's uuid, never this link or the address.
    key = str(invitation.uuid)
    transaction.on_commit(lambda: tasks.send_portal_invitation.enqueue(invitation=key))
    return NewInvitation(invitation=invitation, link=link)


@transaction.atomic
def invitation_revoke(*, access: FamilyAccess, invitation: Invitation) -> Invitation:
    """The link stops working at once. Only an open invitation can be revoked."""
    access.require_edit()
    invitation = (
        Invitation.objects.select_for_update().select_related("member").get(pk=invitation.pk)
    )
    if invitation.member.family_id != access.family.pk:
        raise ValidationError(_("Deze uitnodiging hoort niet bij dit gezin."))
    if invitation.status != Invitation.Status.OPEN:
        raise ValidationError(
            _("Deze uitnodiging is niet meer open (%(status)s). Er is niets veranderd.")
            % {"status": invitation.get_status_display().lower()}
        )
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at", "updated_at"])
    _audit(access.user, "portal.invitation_revoked", invitation, reden="ingetrokken")
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, password: str) -> FamilyAccount:
    """The member sets a password on an open invitation: the account is made (never staff),
    the invitation is used. Refused (and nothing changes) when the link is not open."""
    found = invitation_for_token(token)
    if found is None:
        raise ValidationError(_("Deze link kennen we niet."))
    invitation = (
        Invitation.objects.select_for_update().select_related("member__family").get(pk=found.pk)
    )
    if invitation.status != Invitation.Status.OPEN:
        raise ValidationError(_("Deze link werkt niet meer."))
    account = services.account_create(
        member=invitation.member, email=invitation.email, password=password
    )
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at", "updated_at"])
    _audit(account.user, "portal.invitation_used", invitation)
    return account


def _audit(actor: Any, action: str, invitation: Invitation, **extra: str) -> None:
    audit.record(
        actor=actor,
        action=action,
        obj=invitation,
        family=invitation.member.family,
        detail={"lid": str(invitation.member.uuid), **extra},
    )
