"""The coach's pages for the person's rights, under /gezinnen/<uuid>/rechten/: only for
those with the whole file (`family_view(edit=True)`); everyone else gets a 404."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from spil.core import audit
from spil.core.access import FamilyAccess, family_view
from spil.core.forms import add_service_error

from . import export, selectors, services
from .forms import DecideForm, RequestForm
from .models import RightsRequest


def _member(access: FamilyAccess, member_uuid: UUID) -> Any:
    member = selectors.members_for(access=access).filter(uuid=member_uuid).first()
    if member is None:
        raise Http404
    return member


@require_http_methods(["GET", "POST"])
@family_view(edit=True)
def requests(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    """The members (each with the inzage export) and the requests about their own data."""
    members = selectors.members_for(access=access)
    form = RequestForm(
        request.POST if request.method == "POST" else None,
        members=members,
        initial={"received_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.request_record(access=access, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Het verzoek is vastgelegd. Besluit binnen een maand."))
            return redirect("rights:requests", uuid=access.family.uuid)
    found = list(selectors.requests_for(access=access))
    audit.record(
        actor=request.user,
        action="rights.requests_viewed",
        obj=access.family,
        family=access.family,
        detail={"count": len(found)},
    )
    return render(
        request,
        "rights/requests.html",
        {"family": access.family, "members": members, "requests": found, "form": form},
    )


@require_http_methods(["GET", "POST"])
@family_view(edit=True)
def request_decide(request: HttpRequest, access: FamilyAccess, request_uuid: UUID) -> HttpResponse:
    item = selectors.requests_for(access=access).filter(uuid=request_uuid).first()
    if item is None:
        raise Http404
    form = DecideForm(
        request.POST if request.method == "POST" else None, initial={"revision": item.revision}
    )
    if request.method == "POST":
        if item.status != RightsRequest.Status.OPEN:
            form.add_error(None, _("Over dit verzoek is al besloten."))
        elif form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    services.request_decide(
                        access=access,
                        item=item,
                        grant=data["decision"] == "toekennen",
                        answer=data.get("answer") or "",
                        revision=data.get("revision"),
                        corrected_field=data.get("corrected_field") or "",
                        new_value=data.get("new_value"),
                    )
            except ValidationError as error:
                item.refresh_from_db()
                add_service_error(form, error)
            else:
                messages.success(request, _("Het besluit is vastgelegd."))
                return redirect("rights:requests", uuid=access.family.uuid)
    return render(
        request,
        "rights/decide.html",
        {"family": access.family, "item": item, "form": form},
    )


def _export(access: FamilyAccess, member_uuid: UUID, fmt: str) -> export.PersonExport:
    return services.export_person(access=access, member=_member(access, member_uuid), fmt=fmt)


@require_http_methods(["GET"])
@family_view(edit=True)
def export_json(request: HttpRequest, access: FamilyAccess, member_uuid: UUID) -> HttpResponse:
    person = _export(access, member_uuid, "json")
    response = HttpResponse(export.as_json(person), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="inzage.json"'
    return response


@require_http_methods(["GET"])
@family_view(edit=True)
def export_pdf(request: HttpRequest, access: FamilyAccess, member_uuid: UUID) -> HttpResponse:
    person = _export(access, member_uuid, "pdf")
    response = HttpResponse(export.as_pdf(person), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="inzage.pdf"'
    return response
