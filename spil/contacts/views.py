"""Daily work: logging a visit in seconds (HTMX from the caseload row), the family's
contacts, appointments (with the coach's agenda), promises and crisis log, and their
figures.

Thin: the parts of the file are checked through `core.access` (404 without them);
contacts, appointments and promises need the part "contacten", the crisis log the part
"veiligheid"; writing needs the whole file. Every page that shows family content is an
audit event.
"""

from datetime import timedelta
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from spil.core import access as policy
from spil.core import audit, paging
from spil.core.access import Capability, FamilyAccess, FamilyPart, family_view
from spil.core.forms import PeriodForm, add_service_error
from spil.core.steps import form_step, post_data
from spil.families.models import Family

from . import selectors, services
from .forms import (
    AppointmentForm,
    AppointmentStatusForm,
    ContactFilterForm,
    ContactForm,
    CrisisChangeForm,
    CrisisForm,
    PromiseCloseForm,
    PromiseForm,
    PromiseRenegotiateForm,
    WhatIfEndForm,
    WhatIfForm,
)
from .models import Appointment, Contact, Promise


@require_http_methods(["GET", "POST"])
@family_view(edit=True)
def contact_new(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    family = access.family
    now = timezone.localtime().replace(second=0, microsecond=0)
    form = ContactForm(
        post_data(request), family=family, initial={"occurred_at": now, "kind": "huisbezoek"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.contact_log(access=access, **form.cleaned_data)
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
@family_view(part=FamilyPart.CONTACTS)
def contact_list(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    """The family's contacts, 50 a page, newest first; narrowed by kind, member and period
    in the query. "Meer laden" fetches the next page (HTMX), or opens it without JavaScript."""
    family = access.family
    form = ContactFilterForm(_filters(request), family=family)
    where = selectors.ContactFilter()
    if form.is_bound and form.is_valid():
        where = selectors.ContactFilter(
            kind=form.cleaned_data["soort"],
            member=form.cleaned_data["lid"],
            date_from=form.cleaned_data["van"],
            date_to=form.cleaned_data["tot"],
        )
    page = selectors.contacts_for_family(access=access, cursor=request.GET.get("na"), where=where)
    audit.record(actor=request.user, action="contact.list_viewed", obj=family, family=family)
    return render(
        request,
        "contacts/contact_list.html",
        {
            "family": family,
            "form": form,
            "page": page,
            "contacts": page.items,
            "total": selectors.contact_count(access=access, where=where),
            "next_url": _next_url(request, page.next_cursor, "na", form.query()),
            "refused": paging.REFUSED if page.refused else "",
            "can_edit": access.can_edit,
            "shows_safety": access.sees(FamilyPart.SAFETY),
        },
    )


_FILTERS = ("soort", "lid", "van", "tot")


def _filters(request: HttpRequest) -> dict[str, str] | None:
    """The filter part of the query string; None (an unbound form) when none is given."""
    given = {key: request.GET[key] for key in _FILTERS if request.GET.get(key)}
    return given or None


def _next_url(request: HttpRequest, cursor: str, name: str, keep: dict[str, str]) -> str:
    """The link to the next page: this page's path with the cursor and what else it keeps."""
    if not cursor:
        return ""
    return f"{request.path}?{urlencode({**keep, name: cursor})}"


# --- Shared helpers -------------------------------------------------------------------


def _viewed(request: HttpRequest, action: str, family: Family, **detail: Any) -> None:
    audit.record(
        actor=request.user, action=action, obj=family, family=family, detail=detail or None
    )


def _url(name: str, family: Family, anchor: str = "") -> str:
    url = reverse(f"contacts:{name}", kwargs={"uuid": family.uuid})
    return f"{url}#{anchor}" if anchor else url


def _form_page(
    request: HttpRequest,
    family: Family,
    form: Any,
    action: Any,
    *,
    title: str,
    back: str,
    success_message: str,
    **context: Any,
) -> HttpResponse:
    return form_step(
        request,
        form,
        action,
        template="contacts/edit_page.html",
        context={"family": family, "title": title, "back": back, **context},
        success_message=success_message,
        success_url=back,
    )


# --- Contacts: one contact and its working note ---------------------------------------


@require_http_methods(["GET"])
@family_view(part=FamilyPart.CONTACTS)
def contact_detail(request: HttpRequest, access: FamilyAccess, contact_uuid: UUID) -> HttpResponse:
    family = access.family
    contact = selectors.contact_in_family(access=access, uuid=contact_uuid)
    _viewed(request, "contact.viewed", family, contact=str(contact.uuid))
    return render(
        request,
        "contacts/contact_detail.html",
        {"family": family, "contact": contact, "parts": access.parts},
    )


@require_http_methods(["GET"])
@family_view(part=FamilyPart.CONTACTS)
def working_note(request: HttpRequest, access: FamilyAccess, contact_uuid: UUID) -> HttpResponse:
    """The working note alone (an HTMX partial): 404 for anyone outside the author's
    organisation, as if there were none."""
    family = access.family
    contact = selectors.contact_in_family(access=access, uuid=contact_uuid)
    note = selectors.working_note_of(access=access, contact=contact)
    _viewed(request, "contact.working_note_viewed", family, contact=str(contact.uuid))
    return render(request, "contacts/_working_note.html", {"note": note})


# --- Appointments ---------------------------------------------------------------------


@require_http_methods(["GET"])
@family_view(part=FamilyPart.CONTACTS)
def appointment_list(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    """Upcoming and past appointments, each 50 a page read in the database (its own
    "meer laden"), with the kept-appointment figures of all of them."""
    family = access.family
    now = timezone.now()
    upcoming_after, past_after = request.GET.get("komend"), request.GET.get("geweest")
    found = selectors.family_appointments(
        access=access, now=now, upcoming_after=upcoming_after, past_after=past_after
    )
    _viewed(request, "appointment.list_viewed", family)
    keep_upcoming = {"komend": upcoming_after} if upcoming_after else {}
    keep_past = {"geweest": past_after} if past_after else {}
    refused = found.upcoming.refused or found.past.refused
    return render(
        request,
        "contacts/appointment_list.html",
        {
            "family": family,
            "found": found,
            "next_upcoming_url": _next_url(
                request, found.upcoming.next_cursor, "komend", keep_past
            ),
            "next_past_url": _next_url(request, found.past.next_cursor, "geweest", keep_upcoming),
            "refused": paging.REFUSED if refused else "",
            "can_edit": access.can_edit,
            "shows_safety": access.sees(FamilyPart.SAFETY),
            "now": now,
        },
    )


@require_http_methods(["GET", "POST"])
@family_view(edit=True)
def appointment_new(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    family = access.family
    workers = selectors.workers_for_family(access=access)
    start = timezone.localtime().replace(minute=0, second=0, microsecond=0) + timedelta(days=1)
    form = AppointmentForm(
        post_data(request),
        family=family,
        workers=workers,
        initial={
            "starts_at": start,
            "ends_at": start + timedelta(hours=1),
            "place": _("Thuis"),
            "worker": request.user,
        },
    )
    return _form_page(
        request,
        family,
        form,
        lambda data: services.appointment_plan(access=access, **data),
        title=_("Afspraak maken"),
        back=_url("appointments", family),
        success_message=_("De afspraak staat in de agenda."),
    )


def _appointment_row(
    request: HttpRequest,
    access: FamilyAccess,
    appointment: Appointment,
    *,
    in_agenda: bool,
    error: str = "",
) -> HttpResponse:
    return render(
        request,
        "contacts/_appointment_row.html",
        {
            "a": selectors.appointment_in_family(access=access, uuid=appointment.uuid),
            "family": appointment.family,
            "can_edit": True,
            "in_agenda": in_agenda,
            "now": timezone.now(),
            "error": error,
        },
    )


@require_http_methods(["GET", "POST"])
@family_view(edit=True)
def appointment_status(
    request: HttpRequest, access: FamilyAccess, appointment_uuid: UUID
) -> HttpResponse:
    """Record what became of an appointment: from the row's buttons (HTMX, the row is
    swapped in place) or from the full form, which can also log the contact."""
    family = access.family
    appointment = selectors.appointment_in_family(access=access, uuid=appointment_uuid)
    in_agenda = request.POST.get("from") == "agenda"
    form = AppointmentStatusForm(
        post_data(request),
        initial={"status": Appointment.Status.KEPT, "contact_kind": Contact.Kind.HOME_VISIT},
    )
    if request.method == "GET":
        _viewed(request, "appointment.viewed", family, appointment=str(appointment.uuid))
    if request.method == "POST" and form.is_valid():
        try:
            services.appointment_set_status(
                access=access, appointment=appointment, **form.cleaned_data
            )
        except ValidationError as error:
            if request.htmx:  # type: ignore[attr-defined]
                return _appointment_row(
                    request,
                    access,
                    appointment,
                    in_agenda=in_agenda,
                    error=" ".join(error.messages),
                )
            add_service_error(form, error)
        else:
            if request.htmx:  # type: ignore[attr-defined]
                return _appointment_row(request, access, appointment, in_agenda=in_agenda)
            messages.success(request, _("Vastgelegd."))
            return redirect(
                reverse("contacts:agenda") if in_agenda else _url("appointments", family)
            )
    return render(
        request,
        "contacts/appointment_status.html",
        {
            "family": family,
            "appointment": appointment,
            "form": form,
            "back": _url("appointments", family),
        },
    )


@require_http_methods(["GET"])
def agenda(request: HttpRequest) -> HttpResponse:
    """The coach's own appointments across their families. Each family shown is an audit
    event, so the family sees who looked."""
    policy.require(request.user, Capability.COACH_FAMILIES)
    found = selectors.agenda_for_user(user=request.user)
    audit.record_many(
        actor=request.user,
        action="appointment.agenda_viewed",
        families=found.families,
        organisation=policy.acting_organisation(request.user),
    )
    return render(request, "contacts/agenda.html", {"found": found, "now": timezone.now()})


@require_http_methods(["GET"])
def figures_page(request: HttpRequest) -> HttpResponse:
    """Kept appointments and kept promises per coach: one's own, and a teamleider's team."""
    if not selectors.coaches_for_figures(request.user):
        raise Http404
    today = timezone.localdate()
    form = PeriodForm(request.GET or None, today=today, default_days=90)
    period = form.period()
    rows = (
        selectors.coach_figures(user=request.user, date_from=period[0], date_to=period[1])
        if period
        else []
    )
    audit.record(actor=request.user, action="contacts.figures_viewed")
    return render(
        request,
        "contacts/figures.html",
        {"form": form, "rows": rows, "period": period},
    )


# --- Promises -------------------------------------------------------------------------


@require_http_methods(["GET"])
@family_view(part=FamilyPart.CONTACTS)
def promise_list(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    family = access.family
    found = selectors.family_promises(access=access, closed_after=request.GET.get("na"))
    _viewed(request, "promise.list_viewed", family)
    return render(
        request,
        "contacts/promise_list.html",
        {
            "family": family,
            "found": found,
            "next_url": _next_url(request, found.closed.next_cursor, "na", {}),
            "refused": paging.REFUSED if found.closed.refused else "",
            "can_edit": access.can_edit,
            "shows_safety": access.sees(FamilyPart.SAFETY),
        },
    )


@require_http_methods(["GET", "POST"])
@family_view(edit=True)
def promise_new(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    family = access.family
    coaches = selectors.workers_for_family(access=access)
    form = PromiseForm(
        post_data(request),
        family=family,
        coaches=coaches,
        initial={"due_on": timezone.localdate() + timedelta(days=7)},
    )
    return _form_page(
        request,
        family,
        form,
        lambda _data: services.promise_record(access=access, **form.service_kwargs()),
        title=_("Toezegging vastleggen"),
        back=_url("promises", family),
        success_message=_("De toezegging is vastgelegd."),
    )


@require_POST
@family_view(edit=True)
def promise_close(request: HttpRequest, access: FamilyAccess, promise_uuid: UUID) -> HttpResponse:
    """Kept or broken, from the row's buttons (HTMX: the row is swapped in place)."""
    family = access.family
    promise = selectors.promise_in_family(access=access, uuid=promise_uuid)
    form = PromiseCloseForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.promise_close(actor=request.user, promise=promise, **form.cleaned_data)
        except ValidationError as failure:
            error = " ".join(failure.messages)
    else:
        error = _("Kies nagekomen of niet nagekomen.")
    if request.htmx:  # type: ignore[attr-defined]
        return render(
            request,
            "contacts/_promise_row.html",
            {
                "p": selectors.promise_in_family(access=access, uuid=promise_uuid),
                "family": family,
                "can_edit": True,
                "error": error,
            },
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Vastgelegd."))
    return redirect(_url("promises", family))


@require_http_methods(["GET", "POST"])
@family_view(edit=True)
def promise_renegotiate(
    request: HttpRequest, access: FamilyAccess, promise_uuid: UUID
) -> HttpResponse:
    family = access.family
    promise = selectors.promise_in_family(access=access, uuid=promise_uuid)
    if promise.status != Promise.Status.OPEN:
        raise Http404
    if request.method == "GET":
        _viewed(request, "promise.viewed", family, promise=str(promise.uuid))
    form = PromiseRenegotiateForm(
        post_data(request), initial={"due_on": timezone.localdate() + timedelta(days=7)}
    )
    return _form_page(
        request,
        family,
        form,
        lambda data: services.promise_renegotiate(actor=request.user, promise=promise, **data),
        title=_("Toezegging opnieuw afspreken"),
        back=_url("promises", family),
        success_message=_("Opnieuw afgesproken; de nieuwe toezegging staat open."),
        promise=promise,
    )


@require_http_methods(["GET"])
def promise_report(request: HttpRequest) -> HttpResponse:
    """ "Promises kept" per organisation: counts only, no family, no person."""
    policy.require(request.user, Capability.VIEW_AGGREGATES)
    today = timezone.localdate()
    form = PeriodForm(request.GET or None, today=today, default_days=90)
    period = form.period()
    report = (
        selectors.promise_report(
            promises=selectors.promises_for_aggregates(request.user),
            date_from=period[0],
            date_to=period[1],
            today=today,
        )
        if period
        else None
    )
    audit.record(actor=request.user, action="promise.report_viewed")
    return render(request, "contacts/promise_report.html", {"form": form, "report": report})


# --- Crisis log -----------------------------------------------------------------------


@require_http_methods(["GET"])
@family_view(part=FamilyPart.SAFETY)
def crisis_log(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    family = access.family
    crises = selectors.crises_for_family(access=access)
    agreements = selectors.what_if_agreements_for_family(access=access)
    _viewed(request, "crisis.log_viewed", family)
    return render(
        request,
        "contacts/crisis_log.html",
        {
            "family": family,
            "crises": crises,
            "per_month": selectors.crises_per_month(crises),
            "agreements": agreements,
            "can_edit": access.can_edit,
            "shows_contacts": access.sees(FamilyPart.CONTACTS),
        },
    )


@require_http_methods(["GET", "POST"])
@family_view(edit=True)
def crisis_new(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    family = access.family
    now = timezone.localtime().replace(second=0, microsecond=0)
    form = CrisisForm(post_data(request), initial={"occurred_at": now})
    return _form_page(
        request,
        family,
        form,
        lambda data: services.crisis_record(access=access, **data),
        title=_("Crisis vastleggen"),
        back=_url("crises", family),
        success_message=_("De crisis staat in het crisislog."),
        intro=_("Denk ook aan wat-als-afspraken: als dit weer gebeurt, wie doet dan wat?"),
    )


@require_http_methods(["GET", "POST"])
@family_view(edit=True)
def crisis_change(request: HttpRequest, access: FamilyAccess, crisis_uuid: UUID) -> HttpResponse:
    family = access.family
    crisis = selectors.crisis_in_family(access=access, uuid=crisis_uuid)
    if request.method == "GET":
        _viewed(request, "crisis.log_viewed", family, crisis=str(crisis.uuid))
    form = CrisisChangeForm(
        post_data(request),
        initial={"what_happened": crisis.what_happened, "what_was_done": crisis.what_was_done},
    )
    return _form_page(
        request,
        family,
        form,
        lambda data: services.crisis_update(actor=request.user, crisis=crisis, **data),
        title=_("Crisis aanvullen"),
        back=_url("crises", family, f"crisis-{crisis.uuid}"),
        success_message=_("Opgeslagen."),
        crisis=crisis,
    )


@require_http_methods(["GET", "POST"])
@family_view(edit=True)
def what_if_new(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    family = access.family
    crises = selectors.crises_for_family(access=access)
    chosen = request.GET.get("crisis")
    form = WhatIfForm(
        post_data(request),
        crises=crises,
        initial={"agreed_on": timezone.localdate(), "crisis": chosen or None},
    )
    return _form_page(
        request,
        family,
        form,
        lambda data: services.what_if_agree(access=access, **data),
        title=_("Wat-als-afspraak maken"),
        back=_url("crises", family, "wat-als"),
        success_message=_("De wat-als-afspraak is vastgelegd."),
        intro=_("Als dit gebeurt: wie doet dan wat, en wie informeert wie?"),
    )


@require_http_methods(["GET", "POST"])
@family_view(edit=True)
def what_if_end(request: HttpRequest, access: FamilyAccess, agreement_uuid: UUID) -> HttpResponse:
    family = access.family
    agreement = selectors.what_if_in_family(access=access, uuid=agreement_uuid)
    if agreement.ended_on is not None:
        raise Http404
    form = WhatIfEndForm(post_data(request), initial={"ended_on": timezone.localdate()})
    return _form_page(
        request,
        family,
        form,
        lambda data: services.what_if_end(actor=request.user, agreement=agreement, **data),
        title=_("Wat-als-afspraak beëindigen"),
        back=_url("crises", family, "wat-als"),
        success_message=_("De wat-als-afspraak geldt niet meer."),
        intro=agreement.situation,
    )
