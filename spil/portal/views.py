"""The family's portal, `/mijn-gezin/`. Thin: the member's access, a selector, the audit
record of the read (with the member as subject), render."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from spil.contacts import selectors as contact_selectors
from spil.contacts import services as contact_services
from spil.contacts.models import Appointment
from spil.core import access as policy
from spil.core import audit
from spil.core.access import Audience, FamilyAccess, portal_audience
from spil.core.forms import add_service_error
from spil.core.steps import post_data
from spil.core.versioning import StaleEdit
from spil.families import services as family_services
from spil.plans import selectors as plan_selectors
from spil.plans import services as plan_services
from spil.trajectories import selectors as trajectory_selectors
from spil.trajectories import services as trajectory_services
from spil.trajectories.models import Trajectory

from . import selectors, services
from .access import portal_view
from .forms import (
    ClosingAnswerForm,
    CorrectionAnswerForm,
    CorrectionForm,
    GoalScoresForm,
    MessageForm,
    PlanResponseForm,
)
from .forms_actions import (
    WHOLE_FAMILY,
    AppointmentAnswerForm,
    AppointmentCancelForm,
    ConsentGiveForm,
)
from .models import CORRECTION_DAYS, CorrectionRequest


def record_read(access: FamilyAccess, page: str) -> None:
    """Every read of family data is audited; the member is named by key, never by name.
    A coach's preview is recorded as the coach's read (`portal.previewed`)."""
    audit.record(
        actor=access.user,
        action="portal.previewed" if access.preview else "portal.viewed",
        family=access.family,
        obj=access.member,
        detail={"pagina": page},
    )


def render_portal(
    request: HttpRequest, access: FamilyAccess, page: str, template: str, context: dict[str, Any]
) -> HttpResponse:
    record_read(access, page)
    return render(
        request,
        template,
        {
            "access": access,
            "member": access.member,
            "young": access.audience == Audience.YOUNG,
            "preview": access.preview,
            "page": page,
            "closing_phase": closing_phase(access),
            **context,
        },
    )


def read_page(
    page: str, template: str, context_of: Callable[[FamilyAccess], dict[str, Any]]
) -> Callable[..., HttpResponse]:
    """A portal page that only shows: GET, the member's access, its context, the audited
    read. The read pages differ only in these three, so they are written once here."""

    @require_http_methods(["GET"])
    @portal_view
    def view(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
        return render_portal(request, access, page, template, context_of(access))

    return view


def home_context(access: FamilyAccess) -> dict[str, Any]:
    return {
        "trajectory": selectors.trajectory_of(access),
        "appointments": selectors.upcoming_appointments(access)[: selectors.HOME_LIMIT],
        "plan": selectors.current_plan(access),
        "team": selectors.team(access),
    }


def team_context(access: FamilyAccess) -> dict[str, Any]:
    return {
        "trajectory": selectors.trajectory_of(access),
        "team": selectors.team(access),
        "promises": selectors.promises_to_us(access),
    }


def who_looked_context(access: FamilyAccess) -> dict[str, Any]:
    return {"looks": selectors.who_looked(access), "history": selectors.own_history(access)}


home = read_page("start", "portal/home.html", home_context)
plan = read_page("plan", "portal/plan.html", lambda access: plan_context(access))
appointments = read_page(
    "afspraken", "portal/appointments.html", lambda access: appointments_context(access)
)
team = read_page("team", "portal/team.html", team_context)
meetings = read_page(
    "overleggen",
    "portal/meetings.html",
    lambda access: {"meetings": selectors.shared_meetings(access)},
)
scores = read_page(
    "leefgebieden",
    "portal/scores.html",
    lambda access: {"measurements": selectors.shared_scores(access)},
)
consents = read_page("toestemming", "portal/consents.html", lambda access: consents_context(access))
who_looked = read_page("wie_keek", "portal/who_looked.html", who_looked_context)
words = read_page("woorden", "portal/words.html", lambda access: {})


# --- Appointments and consents: what the family does (issue 14) -------------------------
# Confirm or cancel an appointment; give or withdraw a consent. Each POST goes through the
# domain service (contacts, families), which decides with the member's access; bad input
# shows the page again with a plain-Dutch message and changes nothing. A coach's preview
# never acts (404).


@dataclass(frozen=True)
class AppointmentRow:
    """One upcoming appointment with what the member may do with it."""

    appointment: Appointment
    confirm_form: AppointmentAnswerForm | None = None
    cancel_form: AppointmentCancelForm | None = None


def _young(access: FamilyAccess) -> bool:
    return access.audience == Audience.YOUNG


def _answer_form(
    access: FamilyAccess, appointment: Appointment, *, confirm: bool, data: Any = None
) -> AppointmentAnswerForm:
    form_class = AppointmentAnswerForm if confirm else AppointmentCancelForm
    return form_class(
        data,
        initial={"revision": appointment.revision},
        prefix=f"{'bevestig' if confirm else 'afzeg'}-{appointment.uuid}",
        young=_young(access),
    )


def appointments_context(
    access: FamilyAccess, *, failed: tuple[Appointment, bool, AppointmentAnswerForm] | None = None
) -> dict[str, Any]:
    """The upcoming appointments, each with the forms the member may use. `failed` is a
    refused answer (appointment, confirm, bound form): its form shows again with the
    message, or — when the appointment can no longer be answered — the message stands above
    the list."""
    page_errors: list[str] = []
    rows = []
    for appointment in selectors.upcoming_appointments(access):
        rights = contact_selectors.family_answer_rights(access, appointment)
        forms_now = {
            True: _answer_form(access, appointment, confirm=True) if rights.confirm else None,
            False: _answer_form(access, appointment, confirm=False) if rights.cancel else None,
        }
        if failed is not None and failed[0].pk == appointment.pk and forms_now[failed[1]]:
            forms_now[failed[1]] = failed[2]
            failed = None
        rows.append(AppointmentRow(appointment, forms_now[True], forms_now[False]))  # type: ignore[arg-type]
    if failed is not None:
        page_errors = [str(e) for errors in failed[2].errors.values() for e in errors]
    return {
        "appointments": [row.appointment for row in rows],
        "rows": rows,
        "page_errors": page_errors,
    }


def _answer(
    request: HttpRequest, access: FamilyAccess, appointment_uuid: UUID, *, confirm: bool
) -> HttpResponse:
    if not access.may_act():
        raise Http404
    appointment = contact_selectors.appointment_for_member(access=access, uuid=appointment_uuid)
    form = _answer_form(access, appointment, confirm=confirm, data=request.POST)
    if form.is_valid():
        try:
            contact_services.family_answer_appointment(
                access=access,
                appointment=appointment,
                confirm=confirm,
                reason=form.cleaned_data.get("reason", ""),
                revision=form.cleaned_data["revision"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            young = _young(access)
            if confirm:
                done = (
                    _("Dank je. De coach weet nu dat je komt.")
                    if young
                    else _("Dank u. De coach weet nu dat u komt.")
                )
            else:
                done = (
                    _("De afspraak is afgezegd. De coach ziet je reden.")
                    if young
                    else _("De afspraak is afgezegd. De coach ziet uw reden.")
                )
            messages.success(request, done)
            return redirect(reverse("portal:appointments"))
    return render_portal(
        request,
        access,
        "afspraken",
        "portal/appointments.html",
        appointments_context(access, failed=(appointment, confirm, form)),
    )


@require_POST
@portal_view
def appointment_confirm(
    request: HttpRequest, access: FamilyAccess, appointment_uuid: UUID
) -> HttpResponse:
    return _answer(request, access, appointment_uuid, confirm=True)


@require_POST
@portal_view
def appointment_cancel(
    request: HttpRequest, access: FamilyAccess, appointment_uuid: UUID
) -> HttpResponse:
    return _answer(request, access, appointment_uuid, confirm=False)


def consents_context(
    access: FamilyAccess,
    *,
    give_form: ConsentGiveForm | None = None,
    page_errors: list[str] | None = None,
) -> dict[str, Any]:
    """The family's consents, which of them the member may withdraw, and the form to give
    a new one (only to a member who decides about something, and only when an
    organisation helps the family now)."""
    today = timezone.localdate()
    consents = selectors.consents(access)
    subjects = family_services.family_consent_subjects(access=access)
    organisations = (
        family_services.family_consent_organisations(family=access.family, on=today)
        if subjects
        else []
    )
    if give_form is None and subjects and organisations:
        give_form = _give_form(access, subjects, organisations)
    return {
        "consents": consents,
        "withdrawable": {
            c.pk for c in consents if family_services.family_may_withdraw(access, c, today)
        },
        "decides": bool(subjects),
        "give_form": give_form,
        "page_errors": page_errors or [],
    }


def _give_form(
    access: FamilyAccess, subjects: list[Any], organisations: list[Any], data: Any = None
) -> ConsentGiveForm:
    return ConsentGiveForm(
        data,
        organisations=organisations,
        subjects=subjects,
        me=access.member,
        young=_young(access),
        initial={"concerns": WHOLE_FAMILY},
    )


@require_POST
@portal_view
def consent_give(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    if not access.may_act():
        raise Http404
    subjects = family_services.family_consent_subjects(access=access)
    if not subjects:
        raise Http404
    organisations = family_services.family_consent_organisations(family=access.family)
    form = _give_form(access, subjects, organisations, data=request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            family_services.family_give_consent(
                access=access,
                organisation=data["organisation"],
                parts=data["parts"],
                concerns_member=data["concerns"],
                valid_until=data["valid_until"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("De toestemming voor %(organisation)s staat erin. De coach weet het ook.")
                % {"organisation": data["organisation"].name},
            )
            return redirect(reverse("portal:consents"))
    return render_portal(
        request,
        access,
        "toestemming",
        "portal/consents.html",
        consents_context(access, give_form=form),
    )


@require_POST
@portal_view
def consent_withdraw(
    request: HttpRequest, access: FamilyAccess, consent_uuid: UUID
) -> HttpResponse:
    if not access.may_act():
        raise Http404
    consent = next((c for c in selectors.consents(access) if c.uuid == consent_uuid), None)
    if consent is None:
        raise Http404
    try:
        family_services.family_withdraw_consent(access=access, consent=consent)
    except ValidationError as error:
        return render_portal(
            request,
            access,
            "toestemming",
            "portal/consents.html",
            consents_context(access, page_errors=list(error.messages)),
        )
    name = consent.organisation.name if consent.organisation else ""
    messages.success(
        request,
        _("De toestemming is ingetrokken. %(organisation)s ziet niets meer van wat gedeeld was.")
        % {"organisation": name},
    )
    return redirect(reverse("portal:consents"))


# === plan and closing (issue 14: agree to the plan, score goals, agree to closing) ===
# Each action is a POST that calls the domain app's service with the member's access; a
# coach's preview (`access.may_act()` false) sees the answers but no forms, and the
# services refuse it too. Bad input: the page again with a plain Dutch message, nothing
# stored.


ONLY_LOOKING = gettext_lazy("Hier kunt u alleen kijken. Alleen het gezin zelf kan antwoorden.")


def closing_phase(access: FamilyAccess) -> bool:
    """Whether the menu shows "Afsluiten": only while the trajectory is rounding off
    (phase "afronding"). The page itself is always reachable and explains itself."""
    trajectory = trajectory_selectors.running_for_family(access)
    return trajectory is not None and trajectory.phase == Trajectory.Phase.ROUNDING_OFF


def plan_context(
    access: FamilyAccess, response_form: PlanResponseForm | None = None
) -> dict[str, Any]:
    """The plan page: the plan, the member's own answer and (while the version is a draft)
    the form to answer; and whether an evaluation is open for the member's scores."""
    young = access.audience == Audience.YOUNG
    plan = selectors.current_plan(access)
    response = None
    if plan is not None:
        response = plan_selectors.plan_response_of(access=access, version=plan.version)
        if response_form is None and plan.version.is_draft:
            response_form = PlanResponseForm(
                young=young,
                initial={
                    "version": plan.version.uuid,
                    "revision": response.revision if response else 0,
                    "remark": response.remark if response else "",
                },
            )
    return {
        "plan": plan,
        "response": response,
        "response_form": response_form if access.may_act() else None,
        "scoring": plan_selectors.family_scoring(access=access, today=timezone.localdate())
        if plan is not None
        else None,
    }


@require_http_methods(["POST"])
@portal_view
def plan_respond(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    """The member's answer to the plan: agree, or not and what not."""
    young = access.audience == Audience.YOUNG
    if not access.may_act():
        messages.error(request, str(ONLY_LOOKING))
        return render_portal(request, access, "plan", "portal/plan.html", plan_context(access))
    form = PlanResponseForm(request.POST, young=young)
    if form.is_valid():
        try:
            plan_services.family_respond_to_plan(access=access, **form.service_arguments())
        except StaleEdit as error:
            data = request.POST.copy()
            data["revision"] = str(error.current_revision)
            form.data = data
            form.add_error(
                None,
                _(
                    "Je antwoord is intussen veranderd, misschien in een ander venster. "
                    "Kijk het na en stuur het opnieuw."
                )
                if young
                else _(
                    "Uw antwoord is intussen veranderd, misschien in een ander venster. "
                    "Kijk het na en stuur het opnieuw."
                ),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                (
                    _("Dank je. De coach ziet je antwoord.")
                    if young
                    else _("Dank u. De coach ziet uw antwoord.")
                ),
            )
            return redirect("portal:plan")
    return render_portal(
        request, access, "plan", "portal/plan.html", plan_context(access, response_form=form)
    )


@require_http_methods(["GET", "POST"])
@portal_view
def plan_scores(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    """ "Hoe staat het ervoor?" — the member's own number 0–10 per goal they see, at the
    evaluation that is open now (see `plans.selectors.scorable_evaluation`)."""
    young = access.audience == Audience.YOUNG
    scoring = plan_selectors.family_scoring(access=access, today=timezone.localdate())
    form = None
    if scoring is not None and access.may_act():
        form = GoalScoresForm(
            request.POST if request.method == "POST" else None, goals=scoring.goals, young=young
        )
        if request.method == "POST" and form.is_valid():
            try:
                plan_services.family_score_goals(
                    access=access, evaluation=scoring.evaluation, scores=form.scores()
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(
                    request,
                    (
                        _("Dank je. Je cijfers zijn bewaard.")
                        if young
                        else _("Dank u. Uw cijfers zijn bewaard.")
                    ),
                )
                return redirect("portal:plan_scores")
    elif request.method == "POST":  # the page says why: no evaluation open, or a preview
        messages.error(
            request,
            _("Er is nu geen evaluatie om cijfers bij te geven.")
            if access.may_act()
            else str(ONLY_LOOKING),
        )
    return render_portal(
        request,
        access,
        "plan_evaluatie",
        "portal/plan_scores.html",
        {"scoring": scoring, "form": form},
    )


@require_http_methods(["GET", "POST"])
@portal_view
def closing(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    """Agree (or not) to closing the trajectory. Always reachable; the menu shows it only
    while the trajectory is rounding off (`closing_phase`). The form is there while the
    active work runs (not in aftercare, not closed)."""
    young = access.audience == Audience.YOUNG
    trajectory = trajectory_selectors.running_for_family(access)
    open_work = trajectory is not None and trajectory.phase in trajectory_services.ACTIVE_PHASES
    answer = None
    if trajectory is not None:
        answer = trajectory_selectors.closing_answer_of(access=access, trajectory=trajectory)
    form = None
    if open_work and access.may_act():
        initial = {"remark": answer.remark} if answer else {}
        form = ClosingAnswerForm(
            request.POST if request.method == "POST" else None, young=young, initial=initial
        )
        if request.method == "POST" and form.is_valid():
            try:
                trajectory_services.family_answer_closing(
                    access=access,
                    agrees=form.agrees,
                    remark=form.cleaned_data.get("remark", ""),
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(
                    request,
                    (
                        _("Dank je. De coach ziet je antwoord.")
                        if young
                        else _("Dank u. De coach ziet uw antwoord.")
                    ),
                )
                return redirect("portal:closing")
    elif request.method == "POST":  # the page says why: nothing to close, or a preview
        messages.error(
            request,
            _("Er is nu geen traject om af te sluiten.") if access.may_act() else str(ONLY_LOOKING),
        )
    return render_portal(
        request,
        access,
        "afsluiten",
        "portal/closing.html",
        {
            "trajectory": trajectory,
            "open_work": open_work,
            "rounding_off": trajectory is not None
            and trajectory.phase == Trajectory.Phase.ROUNDING_OFF,
            "answer": answer,
            "form": form,
        },
    )


# === Messages, corrections, "bekijk als gezin" (issue 14: the family's voice) =============
# The family's pages (/mijn-gezin/berichten/, /mijn-gezin/correctie/) and the coach's
# (/gezinnen/<uuid>/portaal/…, spil/portal/staff_urls.py), kept together at the end.


def _cursor(request: HttpRequest) -> tuple[UUID | None, bool]:
    """The `?voor=` cursor of "oudere berichten" (a message's key) and whether it was
    refused (not a key at all)."""
    raw = request.GET.get("voor", "").strip()
    if not raw:
        return None, False
    try:
        return UUID(raw), False
    except ValueError:
        return None, True


def _refused_cursor(refused: bool, thread: selectors.Thread) -> str:
    if refused or thread.cursor_refused:
        return _("Die berichten bestaan niet. Hier staan de nieuwste.")
    return ""


@require_http_methods(["GET", "POST"])
@portal_view
def thread(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    """The member's thread with the coach, oldest first, and a form to write."""
    young = access.audience == Audience.YOUNG
    form = MessageForm(post_data(request), label=_("Je bericht") if young else _("Uw bericht"))
    if request.method == "POST":
        if not access.may_act():
            raise Http404
        if form.is_valid():
            try:
                services.message_send_by_family(access=access, body=form.cleaned_data["body"])
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(
                    request,
                    _("Je bericht is verstuurd.") if young else _("Uw bericht is verstuurd."),
                )
                return redirect("portal:messages")
    before, refused = _cursor(request)
    shown = selectors.family_thread(access, before=before)
    services.messages_mark_read(access=access)
    return render_portal(
        request,
        access,
        "berichten",
        "portal/messages.html",
        {"thread": shown, "form": form, "cursor_refused": _refused_cursor(refused, shown)},
    )


@require_http_methods(["GET", "POST"])
@portal_view
def corrections(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    """Ask to correct a fact in the file (AVG art. 16), and see the answers."""
    young = access.audience == Audience.YOUNG
    form = CorrectionForm(post_data(request))
    if request.method == "POST":
        if not access.may_act():
            raise Http404
        if form.is_valid():
            try:
                services.correction_request(access=access, **form.cleaned_data)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(
                    request,
                    _("Je vraag is verstuurd. Je krijgt binnen een maand antwoord.")
                    if young
                    else _("Uw vraag is verstuurd. U krijgt binnen een maand antwoord."),
                )
                return redirect("portal:corrections")
    return render_portal(
        request,
        access,
        "correctie",
        "portal/corrections.html",
        {"form": form, "corrections": selectors.corrections(access), "days": CORRECTION_DAYS},
    )


def _young_person_of(access: FamilyAccess, member_uuid: UUID | None) -> Any:
    if member_uuid is None:
        return None
    member = access.family.members.filter(uuid=member_uuid).first()
    if member is None:
        raise Http404
    return member


@require_http_methods(["GET", "POST"])
@policy.family_view(edit=True)
def staff_messages(
    request: HttpRequest, access: FamilyAccess, member_uuid: UUID | None = None
) -> HttpResponse:
    """The coach's side of the family's threads: the parents', or one young person's."""
    young_person = _young_person_of(access, member_uuid)
    if young_person is not None and not selectors.has_thread(access, young_person):
        raise Http404  # no thread of their own: a parent, a child under twelve
    label = (
        _("Bericht aan %(name)s") % {"name": young_person.first_name}
        if young_person
        else _("Bericht aan het gezin")
    )
    form = MessageForm(post_data(request), label=label)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.message_send_by_coach(
                    access=access, body=form.cleaned_data["body"], young_person=young_person
                )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Het bericht is verstuurd."))
            return redirect(request.path)
    before, refused = _cursor(request)
    shown = selectors.coach_thread(access, young_person=young_person, before=before)
    services.messages_mark_read(access=access, young_person=young_person)
    threads = selectors.coach_threads(access)  # the unread counts after this read
    audit.record(
        actor=request.user,
        action="portal.messages_viewed",
        obj=access.family,
        family=access.family,
        detail={"gesprek": "jongere" if young_person else "gezin"},
    )
    return render(
        request,
        "portal/staff/messages.html",
        {
            "family": access.family,
            "thread": shown,
            "threads": threads,
            "young_person": young_person,
            "form": form,
            "cursor_refused": _refused_cursor(refused, shown),
        },
    )


def _key(raw: str | None) -> UUID | None:
    try:
        return UUID(str(raw or "").strip())
    except ValueError:
        return None


def _correction_answer_form(
    correction: CorrectionRequest, data: Any = None
) -> CorrectionAnswerForm:
    """One answer form per open request on the page, each with its own field ids."""
    return CorrectionAnswerForm(
        data,
        initial={"verzoek": correction.uuid, "revision": correction.revision},
        auto_id=f"id_{correction.uuid.hex[:12]}_%s",
    )


@require_http_methods(["GET", "POST"])
@policy.family_view(edit=True)
def staff_corrections(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    """The family's requests for correction, and the coach's answer to each open one."""
    posted: CorrectionAnswerForm | None = None
    refused: list[str] = []  # errors of a posted answer whose form is not on the page
    if request.method == "POST":
        correction = selectors.correction_of(access, _key(request.POST.get("verzoek")))
        if correction is None:
            refused.append(_("Dit verzoek hoort niet bij dit gezin."))
        else:
            posted = _correction_answer_form(correction, request.POST)
            if posted.is_valid():
                try:
                    with transaction.atomic():
                        services.correction_answer(
                            access=access,
                            correction=correction,
                            status=posted.cleaned_data["status"],
                            answer=posted.cleaned_data["answer"],
                            revision=posted.cleaned_data.get("revision"),
                        )
                except ValidationError as error:
                    add_service_error(posted, error)
                else:
                    messages.success(request, _("Het antwoord is vastgelegd."))
                    return redirect("portal_staff:corrections", uuid=access.family.uuid)
    found = selectors.coach_corrections(access)
    rows = []
    for correction in found:
        form = None
        if correction.status == CorrectionRequest.Status.OPEN:
            mine = posted is not None and correction.uuid == posted.initial["verzoek"]
            form = posted if mine else _correction_answer_form(correction)
        rows.append((correction, form))
    if posted is not None and all(f is not posted for _c, f in rows):
        # Answered meanwhile (a stale answer): say why above the list.
        refused += [str(e) for errors in posted.errors.values() for e in errors]
    audit.record(
        actor=request.user,
        action="portal.corrections_viewed",
        obj=access.family,
        family=access.family,
        detail={"count": len(found)},
    )
    return render(
        request,
        "portal/staff/corrections.html",
        {
            "family": access.family,
            "rows": rows,
            "refused": refused,
            "days": CORRECTION_DAYS,
            "today": timezone.localdate(),
        },
    )


# The portal's pages a coach may look at through a member's eyes ("bekijk als gezin").
PREVIEW_PAGES = frozenset(
    {
        "home",
        "plan",
        "appointments",
        "team",
        "meetings",
        "scores",
        "consents",
        "who_looked",
        "words",
        "messages",
        "corrections",
    }
)


@require_http_methods(["GET"])
@policy.family_view(edit=True)
def preview(
    request: HttpRequest, access: FamilyAccess, member_uuid: UUID, pagina: str = ""
) -> HttpResponse:
    """ "Bekijk als gezin": the portal's own page (`/mijn-gezin/<pagina>`), rendered by its
    own view with the member's access in preview (read-only: `may_act()` is False, so no
    form is shown and nothing is marked read), audited as the coach's `portal.previewed`.
    Only for those who keep the whole file, only for a member who may have an account.
    Links to the portal in the page lead on within the preview."""
    member = access.family.members.filter(uuid=member_uuid).first()
    if member is None or portal_audience(member) is None:
        raise Http404
    try:
        match = resolve(f"{settings.SPIL_PORTAL_PATH}{pagina}")
    except Resolver404:
        raise Http404 from None
    if match.namespace != "portal" or match.url_name not in PREVIEW_PAGES:
        raise Http404
    request.family_access = policy.member_access(  # type: ignore[attr-defined]
        request.user, member, preview=True
    )
    response = match.func(request, *match.args, **match.kwargs)
    prefix = reverse(
        "portal_staff:preview", kwargs={"uuid": access.family.uuid, "member_uuid": member.uuid}
    )
    if response.status_code == 200 and not response.streaming:
        response.content = response.content.replace(
            f'href="{settings.SPIL_PORTAL_PATH}'.encode(), f'href="{prefix}'.encode()
        )
    return response
