"""The sociale kaart: search the local offer, export it, read the interventions.

Offers are no family data: every staff user may read them (family accounts are kept in
their portal by middleware, anonymous visitors at the login page). Opened from a family
(`?gezin=<uuid>`) the page offers the members' ages as a filter — only when the access
policy lets the user see that family (404 otherwise), and the look is in its audit trail."""

import io
from typing import Any
from uuid import UUID

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from spil.core import access, audit
from spil.core.access import FamilyPart

from . import importing, selectors
from .forms import OfferSearchForm
from .models import Intervention

PAGE_SIZE = 25


def _family(request: HttpRequest) -> Any:
    """The family named by `?gezin=`, when the user may see who is in it; else a 404."""
    value = request.GET.get("gezin", "")
    if not value:
        return None
    try:
        uuid = UUID(value)
    except ValueError as error:
        raise Http404 from error
    granted = access.family_access_for(request, uuid)
    granted.require(FamilyPart.BASICS)
    return granted.family


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    family = _family(request)
    ages = selectors.family_ages(family) if family is not None else None
    data = request.GET.copy()
    if family is not None and "zoek" not in data and "leeftijd" not in data:
        data.setlist("leeftijd", [str(age) for age in ages or []])  # pre-filled: everyone
    form = OfferSearchForm(data, family_ages=ages)
    filters = form.filters()
    page = Paginator(selectors.offers(filters), PAGE_SIZE).get_page(request.GET.get("pagina"))
    if family is not None:
        audit.record(
            actor=request.user,
            action="directory.searched_for_family",
            obj=family,
            family=family,
            detail={"ages": len(ages or [])},
        )
    keep = data.copy()
    keep.pop("pagina", None)
    keep["zoek"] = "1"
    return render(
        request,
        "directory/search.html",
        {
            "form": form,
            "family": family,
            "page": page,
            "filters": filters,
            "query": keep.urlencode(),
            "searched": any(v for k, v in request.GET.items() if k not in {"gezin", "pagina"}),
        },
    )


@require_GET
def export(request: HttpRequest) -> HttpResponse:
    """Every active offer as the sheet `manage.py import_offers` reads."""
    out = io.StringIO()
    importing.export(selectors.offers_for_export(), out)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"sociale-kaart-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def interventions(request: HttpRequest) -> HttpResponse:
    return render(
        request, "directory/interventions.html", {"interventions": selectors.interventions()}
    )


@require_GET
def intervention(request: HttpRequest, uuid: UUID) -> HttpResponse:
    found = get_object_or_404(Intervention, uuid=uuid)
    return render(
        request,
        "directory/intervention.html",
        {"intervention": found, "offers": selectors.intervention_offers(found)},
    )
