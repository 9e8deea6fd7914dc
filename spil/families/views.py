"""The family file: one screen with the whole family, network and team; inline editing
with HTMX (every form also works as a plain page without JavaScript)."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from spil.core import access, audit, paging
from spil.core.access import FamilyAccess
from spil.core.forms import add_service_error

from . import selectors, services
from .forms import (
    ChangeWorkerForm,
    ConsentForm,
    EmergencyAccessForm,
    EndInvolvementForm,
    InvolvementForm,
    MemberForm,
    NetworkContactForm,
    RelationForm,
    SafetyNoteForm,
    WithdrawConsentForm,
)
from .models import Consent, Family, Involvement, Member, NetworkContact, Relation

SECTIONS = {
    "leden": "families/_members.html",
    "familieverhaal": "families/_story.html",
    "netwerk": "families/_network.html",
    "team": "families/_team.html",
    "toestemming": "families/_consents.html",
    "bezoeknotitie": "families/_safety_note.html",
}


def _context(file: selectors.FamilyFile) -> dict[str, Any]:
    return {"file": file, "family": file.family, **selectors.family_drawings(file=file)}


@require_http_methods(["GET"])
@access.family_view(edit=True)
def who_looked(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    family = access.family
    page = selectors.who_looked(family=family, cursor=request.GET.get("na"))
    audit.record(actor=request.user, action="family.audit_viewed", obj=family, family=family)
    next_url = f"{request.path}?{urlencode({'na': page.next_cursor})}" if page.next_cursor else ""
    return render(
        request,
        "families/who_looked.html",
        {
            "family": family,
            "events": page.items,
            "page": page,
            "next_url": next_url,
            "refused": paging.REFUSED if page.refused else "",
        },
    )


# --- Inline editing -------------------------------------------------------------------


def _edit(
    request: HttpRequest,
    access: FamilyAccess,
    form: Any,
    save: Callable[[dict[str, Any]], Any],
    *,
    section: str,
    title: str,
) -> HttpResponse:
    """Show a form (inline for HTMX, a page otherwise); on a valid POST run the service and
    answer with the refreshed section (HTMX) or a redirect to it."""
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                save(form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return _section_response(request, access, section)
    context = {
        "family": access.family,
        "form": form,
        "title": title,
        "section": section,
        "action": request.get_full_path(),
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "families/_form.html", context)
    return render(request, "families/form_page.html", context)


def _section_response(request: HttpRequest, access: FamilyAccess, section: str) -> HttpResponse:
    if not request.htmx:  # type: ignore[attr-defined]
        messages.success(request, _("Opgeslagen."))
        url = reverse("families:overview", kwargs={"uuid": access.family.uuid})
        return redirect(f"{url}#{section}")
    file = selectors.family_file(access=access)
    response = render(request, SECTIONS[section], _context(file))
    return reswap(retarget(response, f"#{section}"), "outerHTML")


def _data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


@require_http_methods(["GET", "POST"])
@access.family_view(edit=True)
def member_edit(
    request: HttpRequest, access: FamilyAccess, member_uuid: UUID | None = None
) -> HttpResponse:
    family = access.family
    member = get_object_or_404(Member, family=family, uuid=member_uuid) if member_uuid else None
    form = MemberForm(_data(request), instance=member)
    title = _("Gezinslid wijzigen") if member else _("Gezinslid toevoegen")
    return _edit(
        request,
        access,
        form,
        lambda data: services.member_save(access=access, member=member, **data),
        section="leden",
        title=title,
    )


@require_http_methods(["GET", "POST"])
@access.family_view(edit=True)
def safety_note_edit(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    """The worker-safety note (issue 20 point 7): written by whoever may edit the file,
    read by everyone with access to the family."""
    form = SafetyNoteForm(_data(request), instance=access.family)
    return _edit(
        request,
        access,
        form,
        lambda data: services.safety_note_save(access=access, **data),
        section="bezoeknotitie",
        title=_("Veiligheidsnotitie voor hulpverleners"),
    )


@require_http_methods(["GET", "POST"])
@access.family_view(edit=True)
def relation_add(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    family = access.family
    form = RelationForm(_data(request), family=family)
    return _edit(
        request,
        access,
        form,
        lambda data: services.relation_add(access=access, **data),
        section="familieverhaal",
        title=_("Relatie toevoegen"),
    )


@require_POST
@access.family_view(edit=True)
def relation_remove(
    request: HttpRequest, access: FamilyAccess, relation_uuid: UUID
) -> HttpResponse:
    family = access.family
    relation = get_object_or_404(Relation, family=family, uuid=relation_uuid)
    services.relation_remove(actor=request.user, relation=relation)
    return _section_response(request, access, "familieverhaal")


@require_http_methods(["GET", "POST"])
@access.family_view(edit=True)
def network_edit(
    request: HttpRequest, access: FamilyAccess, contact_uuid: UUID | None = None
) -> HttpResponse:
    family = access.family
    contact = (
        get_object_or_404(NetworkContact, family=family, uuid=contact_uuid)
        if contact_uuid
        else None
    )
    form = NetworkContactForm(_data(request), instance=contact)
    return _edit(
        request,
        access,
        form,
        lambda data: services.network_contact_save(access=access, contact=contact, **data),
        section="netwerk",
        title=_("Netwerkcontact wijzigen") if contact else _("Netwerkcontact toevoegen"),
    )


@require_POST
@access.family_view(edit=True)
def network_remove(request: HttpRequest, access: FamilyAccess, contact_uuid: UUID) -> HttpResponse:
    family = access.family
    contact = get_object_or_404(NetworkContact, family=family, uuid=contact_uuid)
    services.network_contact_remove(actor=request.user, contact=contact)
    return _section_response(request, access, "netwerk")


@require_http_methods(["GET", "POST"])
@access.family_view(edit=True)
def involvement_add(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    form = InvolvementForm(_data(request), initial={"since": timezone.localdate()})
    return _edit(
        request,
        access,
        form,
        lambda data: services.involvement_add(access=access, **data),
        section="team",
        title=_("Hulpverlener toevoegen"),
    )


@require_POST
@access.family_view(edit=True)
def involvement_make_coordinator(
    request: HttpRequest, access: FamilyAccess, involvement_uuid: UUID
) -> HttpResponse:
    family = access.family
    involvement = get_object_or_404(Involvement, family=family, uuid=involvement_uuid)
    try:
        services.involvement_make_coordinator(actor=request.user, involvement=involvement)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _section_response(request, access, "team")


@require_http_methods(["GET", "POST"])
@access.family_view(edit=True)
def involvement_change_worker(
    request: HttpRequest, access: FamilyAccess, involvement_uuid: UUID
) -> HttpResponse:
    family = access.family
    involvement = get_object_or_404(
        Involvement, family=family, uuid=involvement_uuid, until__isnull=True
    )
    form = ChangeWorkerForm(_data(request), initial={"on": timezone.localdate()})
    return _edit(
        request,
        access,
        form,
        lambda data: services.involvement_change_worker(
            actor=request.user, involvement=involvement, **data
        ),
        section="team",
        title=_("Andere hulpverlener"),
    )


@require_http_methods(["GET", "POST"])
@access.family_view(edit=True)
def involvement_end(
    request: HttpRequest, access: FamilyAccess, involvement_uuid: UUID
) -> HttpResponse:
    family = access.family
    involvement = get_object_or_404(
        Involvement, family=family, uuid=involvement_uuid, until__isnull=True
    )
    form = EndInvolvementForm(_data(request), initial={"until": timezone.localdate()})
    return _edit(
        request,
        access,
        form,
        lambda data: services.involvement_end(actor=request.user, involvement=involvement, **data),
        section="team",
        title=_("Betrokkenheid beëindigen"),
    )


@require_http_methods(["GET", "POST"])
@access.family_view(edit=True)
def consent_add(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    family = access.family
    form = ConsentForm(_data(request), family=family, initial={"given_on": timezone.localdate()})
    return _edit(
        request,
        access,
        form,
        lambda data: services.consent_record(access=access, **data),
        section="toestemming",
        title=_("Toestemming vastleggen"),
    )


@require_http_methods(["GET", "POST"])
@access.family_view(edit=True)
def consent_withdraw(
    request: HttpRequest, access: FamilyAccess, consent_uuid: UUID
) -> HttpResponse:
    family = access.family
    consent = get_object_or_404(Consent, family=family, uuid=consent_uuid)
    form = WithdrawConsentForm(_data(request), initial={"withdrawn_on": timezone.localdate()})
    return _edit(
        request,
        access,
        form,
        lambda data: services.consent_withdraw(
            actor=request.user, consent=consent, on=data["withdrawn_on"]
        ),
        section="toestemming",
        title=_("Toestemming intrekken"),
    )


# --- Break-the-glass (noodtoegang, issue 18) --------------------------------------------


@require_http_methods(["GET", "POST"])
@access.capability_required(access.Capability.EMERGENCY_ACCESS)
def emergency_access(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """A teamleider or the meldpunt opens a family they may not see, after giving a
    reason. The family's name is not shown before the reason is given."""
    family = Family.objects.filter(uuid=uuid).first()
    if family is None:
        audit.record_refusal(actor=request.user, family_uuid=uuid, reason="unknown")
        raise Http404
    overview = reverse("families:overview", kwargs={"uuid": family.uuid})
    if access.family_parts(request.user, family):
        return redirect(overview)
    form = EmergencyAccessForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.emergency_access_open(actor=request.user, family=family, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.warning(
                request,
                _(
                    "Noodtoegang staat open tot %(until)s. De coach krijgt bericht; het staat "
                    "in het dossier bij “wie keek”."
                )
                % {"until": _until(access.emergency_hours())},
            )
            return redirect(overview)
    return render(
        request,
        "families/emergency_access.html",
        {"form": form, "family_uuid": family.uuid, "hours": access.emergency_hours()},
    )


def _until(hours: int) -> str:
    moment = timezone.localtime(timezone.now() + timedelta(hours=hours))
    return date_format(moment, "DATETIME_FORMAT")


@require_http_methods(["GET"])
@access.capability_required(access.Capability.MANAGE_DIRECTORY)
def emergency_list(request: HttpRequest) -> HttpResponse:
    """The beheerder's list of noodtoegang in their organisations: the last week by
    default, or more weeks (?weken=4). The family by its short key, never its name."""
    try:
        weeks = min(max(int(request.GET.get("weken", "1")), 1), 52)
    except ValueError:
        weeks = 1
    rows = selectors.emergency_accesses_for_review(user=request.user, weeks=weeks)
    audit.record(actor=request.user, action="emergency.list_viewed", detail={"weeks": weeks})
    return render(
        request,
        "families/emergency_list.html",
        {"rows": rows, "weeks": weeks, "hours": access.emergency_hours()},
    )
