"""Who logs in to the portal, and how.

Staff side (`/gezinnen/<uuid>/portaal/uitnodigingen/`, the coach with the whole file): list,
invite, revoke. Family side (`/mijn-gezin/welkom/<token>/`, no login): set a password on
the invitation link, and land in the portal. And the member's own settings
(`/mijn-gezin/instellingen/`): the e-mail reminder on or off."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from spil.core import access as policy
from spil.core import audit
from spil.core.access import Audience, FamilyAccess
from spil.core.forms import add_service_error

from . import invitations, services
from .access import portal_view
from .account_forms import InvitationForm, PortalSettingsForm, WelcomeForm
from .models import INVITATION_VALID_DAYS, FamilyAccount, Invitation
from .views import render_portal

# --- Staff: the coach invites ---------------------------------------------------------------


def _invitations_page(
    request: HttpRequest,
    access: FamilyAccess,
    members: list[Any],
    form: InvitationForm,
    *,
    new: invitations.NewInvitation | None = None,
) -> HttpResponse:
    # The page shows the family's members and their addresses: a read of the file.
    audit.record(
        actor=request.user,
        action="portal.invitations_viewed",
        obj=access.family,
        family=access.family,
    )
    return render(
        request,
        "portal/invitations.html",
        {
            "family": access.family,
            "form": form,
            "can_invite": bool(members),
            "invitations": list(invitations.invitations_of(access)),
            "accounts": list(invitations.accounts_of(access)),
            "new": new,
        },
    )


@require_http_methods(["GET", "POST"])
@policy.family_view(edit=True)
def invitation_list(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    """The family's invitations and accounts, and the form to invite. After inviting, the
    link is shown on this answer once (never stored, never shown again)."""
    members = invitations.invitable_members(access)
    form = InvitationForm(request.POST if request.method == "POST" else None, members=members)
    if request.method == "POST" and form.is_valid():
        try:
            new = invitations.invitation_create(
                access=access,
                member=form.cleaned_data["member"],
                email=form.cleaned_data["email"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            members = invitations.invitable_members(access)
            form = InvitationForm(members=members)
            return _invitations_page(request, access, members, form, new=new)
    return _invitations_page(request, access, members, form)


@require_POST
@policy.family_view(edit=True)
def invitation_revoke(request: HttpRequest, access: FamilyAccess, invitation: UUID) -> HttpResponse:
    found = get_object_or_404(Invitation, uuid=invitation, member__family=access.family)
    try:
        invitations.invitation_revoke(access=access, invitation=found)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("De uitnodiging is ingetrokken. De link werkt niet meer."))
    return redirect("portal_staff:invitations", uuid=access.family.uuid)


# --- The member: set a password on the link ------------------------------------------------


def _closed_link(
    request: HttpRequest, reason: str, status: int, invitation: Invitation | None = None
) -> HttpResponse:
    young = invitation is not None and invitations.audience_of(invitation) == Audience.YOUNG
    return render(
        request,
        "portal/welcome_closed.html",
        {"reason": reason, "young": young},
        status=status,
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def welcome(request: HttpRequest, token: str) -> HttpResponse:
    """The invitation link. Anyone logged in (staff, or another family account) is refused
    clearly: one browser session is one person. An unknown link is 404; a used, expired
    or revoked one 410. Nothing changes on a refused link."""
    if request.user.is_authenticated:
        return render(request, "portal/welcome_logged_in.html", status=403)
    invitation = invitations.invitation_for_token(token)
    if invitation is None:
        return _closed_link(request, "unknown", 404)
    status = invitation.status
    if status != Invitation.Status.OPEN:
        return _closed_link(request, str(status), 410, invitation)  # gone: used, expired…
    audience = invitations.audience_of(invitation)
    if audience is None:  # too young now, or recorded as deceased since the invitation
        raise Http404
    form = WelcomeForm(request.POST if request.method == "POST" else None, invitation=invitation)
    if request.method == "POST" and form.is_valid():
        try:
            account = invitations.invitation_accept(
                token=token, password=form.cleaned_data["password1"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            login(request, account.user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("portal:home")
    context: dict[str, Any] = {
        "form": form,
        "first_name": invitation.member.first_name,
        "young": audience == Audience.YOUNG,
        "days": INVITATION_VALID_DAYS,
    }
    return render(request, "portal/welcome.html", context)


# --- The member's own settings ---------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@portal_view
def portal_settings(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    """E-mail reminders on or off. A change is a POST, audited (`portal.settings_changed`);
    a coach's preview shows the page but changes nothing."""
    account = FamilyAccount.objects.filter(member=access.member).first()
    current = bool(account and account.reminders_by_email)
    form = PortalSettingsForm(
        request.POST if request.method == "POST" else None, initial={"reminders_by_email": current}
    )
    if request.method == "POST":
        if not access.may_act():
            raise Http404
        if form.is_valid():
            try:
                services.reminders_set(
                    access=access, by_email=form.cleaned_data["reminders_by_email"]
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(
                    request,
                    _("Uw keuze is opgeslagen.")
                    if access.audience != Audience.YOUNG
                    else _("Je keuze is opgeslagen."),
                )
                return redirect("portal:settings")
    return render_portal(
        request,
        access,
        "instellingen",
        "portal/settings.html",
        {"form": form, "account": account},
    )
