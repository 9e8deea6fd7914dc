"""The family's portal, `/mijn-gezin/`. Thin: the member's access, a selector, the audit
record of the read (with the member as subject), render."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from spil.core import audit
from spil.core.access import Audience, FamilyAccess
from spil.core.forms import add_service_error
from spil.core.versioning import StaleEdit
from spil.plans import selectors as plan_selectors
from spil.plans import services as plan_services
from spil.trajectories import selectors as trajectory_selectors
from spil.trajectories import services as trajectory_services
from spil.trajectories.models import Trajectory

from . import selectors
from .access import portal_view
from .forms import ClosingAnswerForm, GoalScoresForm, PlanResponseForm


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


@require_http_methods(["GET"])
@portal_view
def home(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    return render_portal(request, access, "start", "portal/home.html", home_context(access))


def home_context(access: FamilyAccess) -> dict[str, Any]:
    return {
        "trajectory": selectors.trajectory_of(access),
        "appointments": selectors.upcoming_appointments(access)[: selectors.HOME_LIMIT],
        "plan": selectors.current_plan(access),
        "team": selectors.team(access),
    }


@require_http_methods(["GET"])
@portal_view
def plan(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    return render_portal(request, access, "plan", "portal/plan.html", plan_context(access))


@require_http_methods(["GET"])
@portal_view
def appointments(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    return render_portal(
        request,
        access,
        "afspraken",
        "portal/appointments.html",
        {"appointments": selectors.upcoming_appointments(access)},
    )


@require_http_methods(["GET"])
@portal_view
def team(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    return render_portal(
        request,
        access,
        "team",
        "portal/team.html",
        {
            "trajectory": selectors.trajectory_of(access),
            "team": selectors.team(access),
            "promises": selectors.promises_to_us(access),
        },
    )


@require_http_methods(["GET"])
@portal_view
def meetings(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    return render_portal(
        request,
        access,
        "overleggen",
        "portal/meetings.html",
        {"meetings": selectors.shared_meetings(access)},
    )


@require_http_methods(["GET"])
@portal_view
def scores(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    return render_portal(
        request,
        access,
        "leefgebieden",
        "portal/scores.html",
        {"measurements": selectors.shared_scores(access)},
    )


@require_http_methods(["GET"])
@portal_view
def consents(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    return render_portal(
        request,
        access,
        "toestemming",
        "portal/consents.html",
        {"consents": selectors.consents(access)},
    )


@require_http_methods(["GET"])
@portal_view
def who_looked(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    return render_portal(
        request,
        access,
        "wie_keek",
        "portal/who_looked.html",
        {"looks": selectors.who_looked(access)},
    )


@require_http_methods(["GET"])
@portal_view
def words(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    return render_portal(request, access, "woorden", "portal/words.html", {})


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
