"""The family's meetings. Thin: the part "plan" of the file is checked through
`core.access` (404 without it), writing needs the whole file (404 otherwise), and every
page that shows meetings is an audit event. The decision form and the rhythm work with
HTMX (partials `_decisions.html`, `_rhythm.html`) and without JavaScript too."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from spil.core import audit
from spil.core.access import FamilyAccess, FamilyPart, family_view
from spil.core.forms import add_service_error
from spil.core.steps import post_data
from spil.families.models import Family, FamilyRole
from spil.plans import services as plan_services
from spil.plans.forms import living_members
from spil.plans.selectors import running_trajectory

from . import selectors, services
from .forms import DecisionForm, MeetingForm, MinutesForm, RhythmForm
from .models import Meeting


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _viewed(request: HttpRequest, action: str, family: Family, obj: Any = None) -> None:
    audit.record(actor=request.user, action=action, obj=obj or family, family=family)


def _list_url(family: Family, anchor: str = "") -> str:
    url = reverse("meetings:list", kwargs={"uuid": family.uuid})
    return f"{url}#{anchor}" if anchor else url


def _meeting_url(family: Family, meeting: Meeting, anchor: str = "") -> str:
    url = reverse("meetings:meeting", kwargs={"uuid": family.uuid, "meeting_uuid": meeting.uuid})
    return f"{url}#{anchor}" if anchor else url


def _attempt(form: Any, action: Callable[[dict[str, Any]], Any]) -> tuple[bool, Any]:
    """Run the service on a valid form in a transaction; a ValidationError lands on the
    form and nothing is stored."""
    if not form.is_valid():
        return False, None
    try:
        with transaction.atomic():
            return True, action(form.cleaned_data)
    except ValidationError as error:
        add_service_error(form, error)
        return False, None


def _form_page(request: HttpRequest, form: Any, **context: Any) -> HttpResponse:
    return render(request, "meetings/form_page.html", {"form": form, **context})


PLAN = FamilyPart.PLAN


# --- Reading --------------------------------------------------------------------------------


@require_http_methods(["GET"])
@family_view(part=PLAN)
def meeting_list(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    family = access.family
    page = selectors.meetings_page(access=access)
    _viewed(request, "meeting.list_viewed", family)
    return render(request, "meetings/meeting_list.html", {"family": family, "page": page})


def _meeting_context(
    request: HttpRequest,
    access: FamilyAccess,
    meeting: Meeting,
    decision_form: Any = None,
) -> dict[str, Any]:
    family = access.family
    file = selectors.meeting_file(access=access, meeting=meeting)
    if decision_form is None and file.can_decide:
        decision_form = DecisionForm(
            family=family, coaches=plan_services.coaches_of(family), goals=file.goals
        )
    return {"family": family, "file": file, "meeting": meeting, "decision_form": decision_form}


@require_http_methods(["GET"])
@family_view(part=PLAN)
def meeting_page(request: HttpRequest, access: FamilyAccess, meeting_uuid: UUID) -> HttpResponse:
    meeting = selectors.meeting_in_family(access=access, uuid=meeting_uuid)
    context = _meeting_context(request, access, meeting)
    _viewed(request, "meeting.viewed", access.family, meeting)
    return render(request, "meetings/meeting_page.html", context)


# --- Planning -------------------------------------------------------------------------------


def _people(data: dict[str, Any]) -> dict[str, Any]:
    people: dict[str, Any] = {name: data.get(name) for name in ("chair", "tie_breaker")}
    for name in ("members", "coaches", "involvements", "network", "guests"):
        people[name] = list(data.get(name) or [])
    return people


def _details(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": data["kind"],
        "starts_at": data["starts_at"],
        "place": data.get("place", ""),
        "family_present": bool(data.get("family_present")),
        "family_absent_reason": data.get("family_absent_reason", ""),
        "tie_breaker_role": data.get("tie_breaker_role", ""),
        **_people(data),
    }


@require_http_methods(["GET", "POST"])
@family_view(edit=True, part=PLAN)
def meeting_new(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    family = access.family
    coaches = plan_services.coaches_of(family)
    kind = request.GET.get("soort", Meeting.Kind.ALIGNMENT)
    if kind not in Meeting.Kind.values:
        kind = Meeting.Kind.ALIGNMENT
    chair = next((c for c in coaches if c.pk == request.user.pk), coaches[0] if coaches else None)
    start = timezone.localtime() + timedelta(days=7)
    parents = [
        m
        for m in living_members(family)
        if m.role == FamilyRole.PARENT and m.has_parental_authority and m.lives_in_household
    ]
    form = MeetingForm(
        post_data(request),
        family=family,
        coaches=coaches,
        initial={
            "kind": kind,
            "starts_at": start.replace(minute=0, second=0, microsecond=0),
            "chair": f"coach:{chair.uuid}" if chair else "",
            "coaches": coaches,
            "members": parents,
            "family_present": True,
            "agenda_from_plan": True,
        },
    )
    if request.method == "POST":
        saved, meeting = _attempt(
            form,
            lambda data: services.meeting_plan(
                access=access,
                agenda_from_plan=bool(data.get("agenda_from_plan")),
                own_agenda=data.get("own_agenda") or [],
                **_details(data),
            ),
        )
        if saved:
            messages.success(request, _("Het overleg is gepland."))
            return redirect(_meeting_url(family, meeting))
    return _form_page(
        request,
        form,
        family=family,
        title=_("Overleg plannen"),
        back=_list_url(family),
        back_label=_("Terug naar de overleggen"),
    )


@require_http_methods(["GET", "POST"])
@family_view(edit=True, part=PLAN)
def meeting_edit(request: HttpRequest, access: FamilyAccess, meeting_uuid: UUID) -> HttpResponse:
    meeting = selectors.meeting_in_family(access=access, uuid=meeting_uuid)
    family = meeting.family
    back = _meeting_url(family, meeting)
    if not meeting.is_planned:
        messages.error(request, _("Alleen een gepland overleg kan nog veranderen."))
        return redirect(back)
    form = MeetingForm(
        post_data(request),
        family=family,
        coaches=plan_services.coaches_of(family),
        new=False,
        initial={**MeetingForm.initial_for(meeting), "revision": meeting.revision},
    )
    if request.method == "POST":
        saved, _result = _attempt(
            form,
            lambda data: services.meeting_update(
                actor=request.user,
                meeting=meeting,
                revision=data.get("revision"),
                **_details(data),
            ),
        )
        if saved:
            messages.success(request, _("Opgeslagen."))
            return redirect(back)
    else:
        _viewed(request, "meeting.viewed", family, meeting)
    return _form_page(
        request,
        form,
        family=family,
        meeting=meeting,
        title=_("Overleg wijzigen"),
        back=back,
        back_label=_("Terug naar het overleg"),
    )


@require_POST
@family_view(edit=True, part=PLAN)
def agenda_refresh(request: HttpRequest, access: FamilyAccess, meeting_uuid: UUID) -> HttpResponse:
    meeting = selectors.meeting_in_family(access=access, uuid=meeting_uuid)
    try:
        services.agenda_refresh(actor=request.user, meeting=meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("De agenda is opnieuw uit het plan gehaald."))
    return redirect(_meeting_url(meeting.family, meeting, "agenda"))


@require_POST
@family_view(edit=True, part=PLAN)
def meeting_cancel(request: HttpRequest, access: FamilyAccess, meeting_uuid: UUID) -> HttpResponse:
    meeting = selectors.meeting_in_family(access=access, uuid=meeting_uuid)
    try:
        services.meeting_cancel(actor=request.user, meeting=meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Het overleg is afgelast."))
    return redirect(_meeting_url(meeting.family, meeting))


# --- After the meeting ----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@family_view(edit=True, part=PLAN)
def minutes(request: HttpRequest, access: FamilyAccess, meeting_uuid: UUID) -> HttpResponse:
    meeting = selectors.meeting_in_family(access=access, uuid=meeting_uuid)
    family = meeting.family
    back = _meeting_url(family, meeting)
    if meeting.is_cancelled or not meeting.has_started:
        refusal = services.NOT_YET if meeting.is_planned else _("Dit overleg is afgelast.")
        messages.error(request, str(refusal))
        return redirect(back)
    form = MinutesForm(
        post_data(request),
        initial={
            "minutes": meeting.minutes,
            "family_present": meeting.family_present,
            "family_absent_reason": meeting.family_absent_reason,
            "shared_on": meeting.minutes_shared_on,
            "next_on": selectors.suggested_next_on(meeting),
        },
    )
    if request.method == "POST":
        saved, _result = _attempt(
            form,
            lambda data: services.minutes_record(
                actor=request.user,
                meeting=meeting,
                minutes=data["minutes"],
                family_present=bool(data.get("family_present")),
                family_absent_reason=data.get("family_absent_reason", ""),
                shared_on=data.get("shared_on"),
                next_on=data.get("next_on"),
                plan_next=bool(data.get("plan_next")),
            ),
        )
        if saved:
            messages.success(request, _("Het verslag is opgeslagen."))
            return redirect(_meeting_url(family, meeting, "verslag"))
    else:
        _viewed(request, "meeting.viewed", family, meeting)
    return _form_page(
        request,
        form,
        family=family,
        meeting=meeting,
        title=_("Verslag van het overleg"),
        back=back,
        back_label=_("Terug naar het overleg"),
    )


@require_http_methods(["GET", "POST"])
@family_view(edit=True, part=PLAN)
def decision_new(request: HttpRequest, access: FamilyAccess, meeting_uuid: UUID) -> HttpResponse:
    """Record a decision that becomes a plan step, in one action. With HTMX the section
    of decisions is swapped in place (the list with the new decision and a fresh form, or
    the form with its errors)."""
    family = access.family
    meeting = selectors.meeting_in_family(access=access, uuid=meeting_uuid)
    file = selectors.meeting_file(access=access, meeting=meeting)
    if not file.can_decide:
        messages.error(request, file.decide_refusal)
        return redirect(_meeting_url(family, meeting, "besluiten"))
    form = DecisionForm(
        post_data(request),
        family=family,
        coaches=plan_services.coaches_of(family),
        goals=file.goals,
    )
    if request.method == "POST":
        saved, _decision = _attempt(
            form,
            lambda data: services.decision_record(actor=request.user, meeting=meeting, **data),
        )
        if saved:
            if _is_htmx(request):
                fresh = selectors.meeting_in_family(access=access, uuid=meeting_uuid)
                context = _meeting_context(request, access, fresh)
                context["saved"] = True
                return render(request, "meetings/_decisions.html", context)
            messages.success(request, _("Het besluit staat nu als stap in het plan."))
            return redirect(_meeting_url(family, meeting, "besluiten"))
        if _is_htmx(request):
            context = _meeting_context(request, access, meeting, decision_form=form)
            return render(request, "meetings/_decisions.html", context)
    else:
        _viewed(request, "meeting.viewed", family, meeting)
    return _form_page(
        request,
        form,
        family=family,
        meeting=meeting,
        title=_("Besluit vastleggen"),
        intro=_("Het besluit komt meteen als stap in het plan, met wie het doet en wanneer."),
        back=_meeting_url(family, meeting, "besluiten"),
        back_label=_("Terug naar het overleg"),
    )


# --- The rhythm -----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@family_view(edit=True, part=PLAN)
def rhythm_edit(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    family = access.family
    trajectory = running_trajectory(family)
    if trajectory is None:
        raise Http404
    status = selectors.rhythm_status(trajectory=trajectory, today=timezone.localdate())
    initial: dict[str, Any] = {"every_weeks": status.every_weeks}
    if status.revision is not None:
        initial["revision"] = status.revision
    form = RhythmForm(post_data(request), initial=initial)
    if request.method == "POST":
        saved, _rhythm = _attempt(
            form,
            lambda data: services.rhythm_set(
                actor=request.user,
                trajectory=trajectory,
                every_weeks=data.get("every_weeks"),
                revision=data.get("revision"),
            ),
        )
        if saved:
            if _is_htmx(request):
                status = selectors.rhythm_status(trajectory=trajectory, today=timezone.localdate())
                return render(
                    request,
                    "meetings/_rhythm.html",
                    {"family": family, "rhythm": status, "can_edit": True},
                )
            messages.success(request, _("Het ritme van de afstemgesprekken is opgeslagen."))
            return redirect(_list_url(family, "ritme"))
    if _is_htmx(request):
        return render(
            request,
            "meetings/_rhythm.html",
            {"family": family, "rhythm": status, "can_edit": True, "form": form},
        )
    return _form_page(
        request,
        form,
        family=family,
        title=_("Ritme van de afstemgesprekken"),
        back=_list_url(family, "ritme"),
        back_label=_("Terug naar de overleggen"),
    )
