"""The family member's own rights in the portal, under /mijn-gezin/gegevens/ (namespace
`portal_rights`): what they can do about their data, the export of what the portal shows
about them (AVG art. 15), and their requests for a full overview, erasure, restriction or
objection (art. 15, 17, 18, 21). Only for a family account (`portal_view`, staff get a
404); a coach's preview ("bekijk als gezin") does not reach these pages. The pages live
in the rights app, which sits above the portal, and use the portal's layout."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from spil.core.access import Audience, FamilyAccess
from spil.core.forms import add_service_error
from spil.portal.access import portal_view
from spil.portal.views import render_portal

from . import export, selectors, services
from .forms import MemberRequestForm
from .models import ANSWER_DAYS

PAGE = "gegevens"


def _young(access: FamilyAccess) -> bool:
    return access.audience == Audience.YOUNG


def _overview(
    request: HttpRequest, access: FamilyAccess, form: MemberRequestForm | None = None
) -> HttpResponse:
    context: dict[str, Any] = {
        "form": form or MemberRequestForm(young=_young(access)),
        "requests": list(selectors.requests_of_member(access=access)),
        "days": ANSWER_DAYS,
    }
    return render_portal(request, access, PAGE, "rights/portal/overview.html", context)


@require_http_methods(["GET"])
@portal_view
def overview(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    """What the member can do about their data, and their own requests with the answers."""
    return _overview(request, access)


@require_POST
@portal_view
def request_create(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    """Ask for a full overview, erasure, restriction or objection. Bad input: the page
    again with a plain message, nothing stored."""
    if not access.may_act():
        raise Http404
    form = MemberRequestForm(request.POST, young=_young(access))
    if form.is_valid():
        try:
            with transaction.atomic():
                services.request_from_member(access=access, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Je vraag is verstuurd. Je krijgt binnen een maand antwoord.")
                if _young(access)
                else _("Uw vraag is verstuurd. U krijgt binnen een maand antwoord."),
            )
            return redirect("portal_rights:overview")
    return _overview(request, access, form)


def _own_export(access: FamilyAccess, fmt: str) -> export.PersonExport:
    if not access.may_act():
        raise Http404
    return services.export_person(access=access, member=access.member, fmt=fmt)


@require_http_methods(["GET"])
@portal_view
def export_json(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    person = _own_export(access, "json")
    response = HttpResponse(export.as_json(person), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mijn-gegevens.json"'
    return response


@require_http_methods(["GET"])
@portal_view
def export_pdf(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    person = _own_export(access, "pdf")
    response = HttpResponse(export.as_pdf(person), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="mijn-gegevens.pdf"'
    return response
