"""Contacts: logging a visit in seconds (HTMX from the caseload row) and the family's list."""

from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from spil.core import access, audit
from spil.core.forms import add_service_error
from spil.core.steps import post_data
from spil.families import selectors as family_selectors

from . import selectors, services
from .forms import ContactForm


@require_http_methods(["GET", "POST"])
def contact_new(request: HttpRequest, uuid: UUID) -> HttpResponse:
    family, parts = family_selectors.family_for_user(user=request.user, uuid=uuid)
    if not access.can_edit_family(parts):
        raise Http404
    now = timezone.localtime().replace(second=0, microsecond=0)
    form = ContactForm(
        post_data(request), family=family, initial={"occurred_at": now, "kind": "huisbezoek"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.contact_log(actor=request.user, family=family, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if request.htmx:  # type: ignore[attr-defined]
                return render(
                    request, "contacts/_logged.html", {"contact": contact, "family": family}
                )
            return redirect(reverse("contacts:list", kwargs={"uuid": family.uuid}))
    template = "contacts/_form.html" if request.htmx else "contacts/form_page.html"  # type: ignore[attr-defined]
    return render(request, template, {"form": form, "family": family, "action": request.path})


@require_http_methods(["GET"])
def contact_list(request: HttpRequest, uuid: UUID) -> HttpResponse:
    family, parts = family_selectors.family_for_user(user=request.user, uuid=uuid)
    access.require_family_part(parts, access.FamilyPart.CONTACTS)
    contacts = selectors.contacts_for_family(user=request.user, family=family)
    audit.record(actor=request.user, action="contact.list_viewed", obj=family, family=family)
    return render(
        request,
        "contacts/contact_list.html",
        {"family": family, "contacts": contacts, "can_edit": access.can_edit_family(parts)},
    )
