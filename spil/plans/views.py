"""The family plan's pages. Thin: the part "plan" of the file is checked through
`core.access` (404 without it), editing needs the whole file, and every page that shows
plan content is an audit event. Forms go through `core.steps.form_step`; marking a step
done and the wording hint use HTMX and work without JavaScript too."""

from datetime import date, timedelta
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from spil.core import access, audit
from spil.core.access import Capability, FamilyAccess, FamilyPart, family_view
from spil.core.forms import PeriodForm
from spil.core.steps import form_step, post_data
from spil.families.models import Family

from . import reporting, selectors, services
from .forms import (
    AgreementForm,
    ContributionChangeForm,
    ContributionForm,
    EvaluationForm,
    GoalForm,
    GoalStatusForm,
    PlanCloseForm,
    PlanStartForm,
    StepForm,
    StepProposalDecisionForm,
    StepProposeForm,
    hint_url,
)
from .instruments import family_instrument
from .models import Evaluation, Plan, PlanVersion, Step
from .wording import wording_hint


def _viewed(request: HttpRequest, action: str, family: Family, **detail: Any) -> None:
    audit.record(
        actor=request.user, action=action, obj=family, family=family, detail=detail or None
    )


PLAN = FamilyPart.PLAN
# Reading needs the part "plan"; writing the whole file (404 otherwise).
reads_plan = family_view(part=PLAN)
edits_plan = family_view(edit=True, part=PLAN)


def _editable(granted: FamilyAccess) -> tuple[Family, Plan]:
    """The family and its active plan (the view is `edits_plan`); 404 without a plan."""
    family = granted.family
    plan = selectors.active_plan(family=family)
    if plan is None:
        raise Http404
    return family, plan


def _page(family: Family, anchor: str = "") -> str:
    url = reverse("plans:plan", kwargs={"uuid": family.uuid})
    return f"{url}#{anchor}" if anchor else url


def _step(
    request: HttpRequest,
    family: Family,
    form: Any,
    action: Any,
    *,
    title: str,
    anchor: str = "",
    template: str = "plans/form_page.html",
    success_message: str = "",
    **context: Any,
) -> HttpResponse:
    back = _page(family, anchor)
    return form_step(
        request,
        form,
        action,
        template=template,
        context={"family": family, "title": title, "back": back, **context},
        success_message=success_message or _("Opgeslagen."),
        success_url=back,
    )


def _warn_about_goals(request: HttpRequest, plan: Plan, title: str) -> None:
    """Warnings, never walls: negative wording and more goals than the programme allows."""
    hint = wording_hint(title)
    if hint:
        messages.warning(request, hint)
    limit = selectors.goal_limit_warning_for(plan=plan)
    if limit:
        messages.warning(request, limit)


# --- Reading the plan -----------------------------------------------------------------------


def _plan_page(request: HttpRequest, granted: FamilyAccess, number: int | None) -> HttpResponse:
    family = granted.family
    file = selectors.plan_file(access=granted, today=timezone.localdate(), number=number)
    _viewed(
        request,
        "plan.viewed",
        family,
        version=file.version.number if file.version else None,
    )
    return render(request, "plans/plan_page.html", {"family": family, "file": file})


@require_http_methods(["GET"])
@reads_plan
def plan_page(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    return _plan_page(request, access, None)


@require_http_methods(["GET"])
@reads_plan
def version_page(request: HttpRequest, access: FamilyAccess, number: int) -> HttpResponse:
    return _plan_page(request, access, number)


def _print_context(granted: FamilyAccess, number: int | None) -> dict[str, Any]:
    file = selectors.plan_file(access=granted, today=timezone.localdate(), number=number)
    if file.plan is None:
        raise Http404
    return {"family": granted.family, "file": file, "number": number}


@require_http_methods(["GET"])
@reads_plan
def print_page(
    request: HttpRequest, access: FamilyAccess, number: int | None = None
) -> HttpResponse:
    context = _print_context(access, number)
    file = context["file"]
    _viewed(request, "plan.printed", context["family"], version=file.version.number, format="html")
    return render(request, "plans/print.html", {**context, "pdf": False})


@require_http_methods(["GET"])
@reads_plan
def plan_pdf(request: HttpRequest, access: FamilyAccess, number: int | None = None) -> HttpResponse:
    """The same page as a PDF (WeasyPrint; imported here so the app starts without it)."""
    from weasyprint import HTML

    context = _print_context(access, number)
    file = context["file"]
    html = render_to_string("plans/print.html", {**context, "pdf": True}, request=request)
    # Tagged PDF/UA-1: a structure tree (headings, lists, tables, reading order) and
    # MarkInfo, so a screen reader reads the plan as it reads the page.
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf(
        pdf_variant="pdf/ua-1"
    )
    _viewed(request, "plan.printed", context["family"], version=file.version.number, format="pdf")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="gezinsplan-versie-{file.version.number}.pdf"'
    )
    return response


# --- The plan itself ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@edits_plan
def plan_start(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    family = access.family
    form = PlanStartForm(post_data(request), initial={"started_on": timezone.localdate()})
    return _step(
        request,
        family,
        form,
        lambda data: services.plan_start(access=access, **data),
        title=_("Het gezinsplan beginnen"),
        success_message=_("Het plan is begonnen. Schrijf nu samen met het gezin de doelen op."),
    )


@require_http_methods(["GET", "POST"])
@edits_plan
def plan_close(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    family, plan = _editable(access)
    form = PlanCloseForm(post_data(request), initial={"closed_on": timezone.localdate()})
    return _step(
        request,
        family,
        form,
        lambda data: services.plan_close(actor=request.user, plan=plan, **data),
        title=_("Het gezinsplan afsluiten"),
    )


@require_http_methods(["GET", "POST"])
@edits_plan
def agreement_new(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    family, plan = _editable(access)
    # What the family said in the portal: shown, and those who agreed there are proposed
    # (the coach still decides and records the agreement).
    version = plan.versions.get(is_current=True)
    responses = selectors.plan_responses(access=access, version=version)
    agreed = [r.member for r in responses if r.agrees]
    initial: dict[str, Any] = {"agreed_on": timezone.localdate(), "agreed_how": "in_gesprek"}
    if agreed:
        initial.update(agreed_how=PlanVersion.Method.PORTAL, agreed_by=agreed)
    form = AgreementForm(post_data(request), family=family, initial=initial)
    return _step(
        request,
        family,
        form,
        lambda data: services.plan_agree(actor=request.user, plan=plan, **data),
        title=_("Afspraak met het gezin vastleggen"),
        anchor="status",
        success_message=_("De afspraak met het gezin is vastgelegd. Deze versie ligt nu vast."),
        intro=_(
            "Het gezin is het eens met dit plan. Na het vastleggen ligt deze versie vast; "
            "een latere wijziging wordt een nieuw concept."
        ),
        responses=responses,
        version=version,
    )


# --- Goals ----------------------------------------------------------------------------------


@require_http_methods(["GET"])
@edits_plan
def goal_hint(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    """The wording hint for the goal being typed (HTMX). It reads nothing of the family,
    so it is not an audit event; it is open only to those who may edit the plan."""
    return render(request, "plans/_hint.html", {"hint": wording_hint(request.GET.get("title", ""))})


@require_http_methods(["GET", "POST"])
@edits_plan
def goal_new(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    family, plan = _editable(access)
    form = GoalForm(
        post_data(request),
        family=family,
        instrument=family_instrument(family),
        hint_url=hint_url(family),
    )

    def save(data: dict[str, Any]) -> None:
        services.goal_add(actor=request.user, plan=plan, **data)
        _warn_about_goals(request, plan, data["title"])

    return _step(
        request,
        family,
        form,
        save,
        title=_("Doel toevoegen"),
        anchor="doelen",
        template="plans/goal_form.html",
        hint=wording_hint(form.data.get("title", "")) if form.is_bound else "",
    )


@require_http_methods(["GET", "POST"])
@edits_plan
def goal_edit(request: HttpRequest, access: FamilyAccess, goal_uuid: UUID) -> HttpResponse:
    family, plan = _editable(access)
    goal = selectors.goal_in_plan(plan=plan, uuid=goal_uuid)
    initial = {name: getattr(goal, name) for name in services.GOAL_FIELDS}
    initial["members"] = list(goal.members.all())
    initial["revision"] = goal.revision
    form = GoalForm(
        post_data(request),
        family=family,
        instrument=family_instrument(family),
        hint_url=hint_url(family),
        initial=initial,
        current_domain=goal.domain,
    )

    def save(data: dict[str, Any]) -> None:
        services.goal_update(actor=request.user, goal=goal, **data)
        _warn_about_goals(request, plan, data["title"])

    return _step(
        request,
        family,
        form,
        save,
        title=_("Doel wijzigen"),
        anchor=f"doel-{goal.key}",
        template="plans/goal_form.html",
        hint=wording_hint(form.data.get("title", "") if form.is_bound else goal.title),
        goal=goal,
    )


@require_http_methods(["GET", "POST"])
@edits_plan
def goal_status(request: HttpRequest, access: FamilyAccess, goal_uuid: UUID) -> HttpResponse:
    family, plan = _editable(access)
    goal = selectors.goal_in_plan(plan=plan, uuid=goal_uuid)
    form = GoalStatusForm(
        post_data(request), initial={"status": goal.status, "on": timezone.localdate()}
    )
    return _step(
        request,
        family,
        form,
        lambda data: services.goal_set_status(actor=request.user, goal=goal, **data),
        title=_("Status van het doel"),
        anchor=f"doel-{goal.key}",
        goal=goal,
    )


@require_POST
@edits_plan
def goal_remove(request: HttpRequest, access: FamilyAccess, goal_uuid: UUID) -> HttpResponse:
    family, plan = _editable(access)
    goal = selectors.goal_in_plan(plan=plan, uuid=goal_uuid)
    try:
        services.goal_remove(actor=request.user, goal=goal)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Het doel is uit het plan gehaald."))
    return redirect(_page(family, "doelen"))


# --- Steps ----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@edits_plan
def step_new(request: HttpRequest, access: FamilyAccess, goal_uuid: UUID) -> HttpResponse:
    family, plan = _editable(access)
    goal = selectors.goal_in_plan(plan=plan, uuid=goal_uuid)
    form = StepForm(post_data(request), family=family, coaches=services.coaches_of(family))
    return _step(
        request,
        family,
        form,
        lambda data: services.step_add(actor=request.user, goal=goal, **data),
        title=_("Stap toevoegen"),
        anchor=f"doel-{goal.key}",
        goal=goal,
    )


@require_http_methods(["GET", "POST"])
@edits_plan
def step_edit(request: HttpRequest, access: FamilyAccess, step_uuid: UUID) -> HttpResponse:
    family, plan = _editable(access)
    step = selectors.step_in_plan(plan=plan, uuid=step_uuid)
    form = StepForm(
        post_data(request),
        family=family,
        coaches=services.coaches_of(family),
        initial={
            "what": step.what,
            "owner": StepForm.value_for(step.owner),
            "due_on": step.due_on,
            "offer": step.offer.uuid if step.offer_id and step.offer else None,
            "revision": step.revision,
        },
    )
    return _step(
        request,
        family,
        form,
        lambda data: services.step_update(actor=request.user, step=step, **data),
        title=_("Stap wijzigen"),
        anchor=f"doel-{step.goal.key}",
        goal=step.goal,
        remove_url=reverse(
            "plans:step_remove", kwargs={"uuid": family.uuid, "step_uuid": step.uuid}
        ),
        remove_label=_("Stap uit het plan halen"),
    )


@require_POST
@edits_plan
def step_done(request: HttpRequest, access: FamilyAccess, step_uuid: UUID) -> HttpResponse:
    """Mark a step done today, or open again ("undo"); the row is swapped in place."""
    family, plan = _editable(access)
    step = selectors.step_in_plan(plan=plan, uuid=step_uuid)
    done_on = None if request.POST.get("undo") else timezone.localdate()
    try:
        step = services.step_done(actor=request.user, step=step, done_on=done_on)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_page(family, f"doel-{step.goal.key}"))
    if request.htmx:  # type: ignore[attr-defined]
        step = selectors.step_in_plan(plan=plan, uuid=step.uuid)
        return render(
            request,
            "plans/_step_row.html",
            {"step": step, "family": family, "editable": True, "today": timezone.localdate()},
        )
    messages.success(request, _("Opgeslagen."))
    return redirect(_page(family, f"doel-{step.goal.key}"))


@require_POST
@edits_plan
def step_remove(request: HttpRequest, access: FamilyAccess, step_uuid: UUID) -> HttpResponse:
    family, plan = _editable(access)
    step = selectors.step_in_plan(plan=plan, uuid=step_uuid)
    services.step_remove(actor=request.user, step=step)
    messages.success(request, _("De stap is uit het plan gehaald."))
    return redirect(_page(family, f"doel-{step.goal.key}"))


# --- Professionals write their own part (issue 20, point 5) ---------------------------------


def _own_part(granted: FamilyAccess) -> Plan:
    """The active plan for a professional who writes their own organisation's part; 404
    for everyone else (the coach writes the plan itself) and without a plan."""
    if not granted.writes_own_plan_part():
        raise Http404
    plan = selectors.active_plan(family=granted.family)
    if plan is None:
        raise Http404
    return plan


@require_http_methods(["GET", "POST"])
@reads_plan
def step_propose(request: HttpRequest, access: FamilyAccess, goal_uuid: UUID) -> HttpResponse:
    plan = _own_part(access)
    family = access.family
    goal = selectors.goal_in_plan(plan=plan, uuid=goal_uuid)
    own = family.involvements.filter(
        until__isnull=True, organisation_id__in=access.plan_organisations
    ).select_related("organisation")
    form = StepProposeForm(post_data(request), family=family, involvements=own)
    return _step(
        request,
        family,
        form,
        lambda data: services.step_propose(access=access, goal=goal, **data),
        title=_("Stap voorstellen voor uw organisatie"),
        anchor="voorstellen",
        goal=goal,
        success_message=_("De stap is voorgesteld; de coach neemt hem over in het plan."),
    )


@require_POST
@reads_plan
def own_step_done(request: HttpRequest, access: FamilyAccess, step_uuid: UUID) -> HttpResponse:
    """A professional marks a step of their own organisation done (or open again)."""
    plan = _own_part(access)
    step = selectors.step_in_plan(plan=plan, uuid=step_uuid)
    if step.owner_kind != Step.OwnerKind.WORKER or not access.writes_for(step.owner_involvement):
        raise Http404
    done_on = None if request.POST.get("undo") else timezone.localdate()
    try:
        services.own_step_done(access=access, step=step, done_on=done_on)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Opgeslagen."))
    return redirect(_page(access.family, f"doel-{step.goal.key}"))


@require_http_methods(["GET", "POST"])
@edits_plan
def step_proposal_decide(
    request: HttpRequest, access: FamilyAccess, proposal_uuid: UUID
) -> HttpResponse:
    family, plan = _editable(access)
    proposal = selectors.step_proposal_in_plan(plan=plan, uuid=proposal_uuid)
    if proposal.status != proposal.Status.OPEN:
        raise Http404
    form = StepProposalDecisionForm(post_data(request), initial={"revision": proposal.revision})
    return _step(
        request,
        family,
        form,
        lambda data: services.step_proposal_decide(actor=request.user, proposal=proposal, **data),
        title=_("Voorgestelde stap: overnemen?"),
        anchor="voorstellen",
        proposal=proposal,
        success_message=_("Het besluit over de voorgestelde stap is vastgelegd."),
    )


# --- Contributions --------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@edits_plan
def contribution_new(request: HttpRequest, access: FamilyAccess, goal_uuid: UUID) -> HttpResponse:
    family, plan = _editable(access)
    goal = selectors.goal_in_plan(plan=plan, uuid=goal_uuid)
    form = ContributionForm(post_data(request), family=family)
    return _step(
        request,
        family,
        form,
        lambda data: services.contribution_save(actor=request.user, goal=goal, **data),
        title=_("Bijdrage van een organisatie"),
        anchor=f"doel-{goal.key}",
        goal=goal,
    )


@require_http_methods(["GET", "POST"])
@edits_plan
def contribution_edit(
    request: HttpRequest, access: FamilyAccess, contribution_uuid: UUID
) -> HttpResponse:
    family, plan = _editable(access)
    contribution = selectors.contribution_in_plan(plan=plan, uuid=contribution_uuid)
    form = ContributionChangeForm(
        post_data(request),
        initial={"part": contribution.part, "revision": contribution.revision},
    )
    return _step(
        request,
        family,
        form,
        lambda data: services.contribution_update(
            actor=request.user, contribution=contribution, **data
        ),
        title=_("Bijdrage van %(organisation)s wijzigen")
        % {"organisation": contribution.organisation_label},
        anchor=f"doel-{contribution.goal.key}",
        goal=contribution.goal,
        remove_url=reverse(
            "plans:contribution_remove",
            kwargs={"uuid": family.uuid, "contribution_uuid": contribution.uuid},
        ),
        remove_label=_("Bijdrage uit het plan halen"),
    )


@require_POST
@edits_plan
def contribution_remove(
    request: HttpRequest, access: FamilyAccess, contribution_uuid: UUID
) -> HttpResponse:
    family, plan = _editable(access)
    contribution = selectors.contribution_in_plan(plan=plan, uuid=contribution_uuid)
    services.contribution_remove(actor=request.user, contribution=contribution)
    messages.success(request, _("De bijdrage is uit het plan gehaald."))
    return redirect(_page(family, f"doel-{contribution.goal.key}"))


# --- Evaluations ----------------------------------------------------------------------------


def _suggested_moment(file: selectors.PlanFile, today: date) -> str:
    """Halfway or end when the trajectory's date is within four weeks, else interim."""
    due = file.deadlines
    done = {e.moment for e in file.evaluations}
    window = timedelta(days=28)
    if due is not None:
        for moment, on in (
            (Evaluation.Moment.END, due.end),
            (Evaluation.Moment.HALFWAY, due.halfway),
        ):
            if on is not None and moment not in done and abs(on - today) <= window:
                return moment
    return Evaluation.Moment.INTERIM


@require_http_methods(["GET", "POST"])
@edits_plan
def evaluation_new(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    family = access.family
    today = timezone.localdate()
    file = selectors.plan_file(access=access, today=today)
    if file.plan is None:
        raise Http404
    plan = file.plan
    form = EvaluationForm(
        post_data(request),
        family=family,
        goals=[view.goal for view in file.goals],
        initial={"held_on": today, "moment": _suggested_moment(file, today)},
    )
    if request.method == "GET":  # the form shows the goals: a read of the plan
        _viewed(
            request, "plan.viewed", family, version=file.version.number if file.version else None
        )
    return _step(
        request,
        family,
        form,
        lambda data: services.evaluation_record(
            actor=request.user,
            plan=plan,
            held_on=data["held_on"],
            moment=data["moment"],
            overall_note=data.get("overall_note", ""),
            next_on=data.get("next_on"),
            goals=form.progress_data(),
        ),
        title=_("Evaluatie vastleggen"),
        anchor="evaluaties",
        template="plans/evaluation_form.html",
        success_message=_("De evaluatie is opgeslagen."),
        file=file,
    )


# --- Across families ------------------------------------------------------------------------


@require_http_methods(["GET"])
def overdue(request: HttpRequest) -> HttpResponse:
    """Regie op regie: every overdue step of every organisation in the user's families.
    Each family shown is an audit event, so the family sees who looked."""
    # A staff coach; and a file holder of another kind (issue 20, ADR 0024): a professional
    # coaching for another organisation, the coordinator for a network member or volunteer.
    if not (
        access.can(request.user, Capability.COACH_FAMILIES)
        or selectors.holds_running_file(user=request.user)
    ):
        raise Http404
    found = selectors.overdue_steps(user=request.user, today=timezone.localdate())
    organisation = access.acting_organisation(request.user)
    for family in found.families:
        audit.record(
            actor=request.user,
            action="plan.overdue_viewed",
            obj=family,
            family=family,
            organisation=organisation,
        )
    return render(request, "plans/overdue.html", {"found": found})


@require_http_methods(["GET"])
def goal_report(request: HttpRequest) -> HttpResponse:
    access.require(request.user, Capability.VIEW_AGGREGATES)
    form = PeriodForm(request.GET or None, today=timezone.localdate(), default_days=365)
    period = form.period()
    report = None
    if period is not None:
        report = reporting.goal_report(
            goals=reporting.goals_for_aggregates(request.user),
            date_from=period[0],
            date_to=period[1],
        )
    audit.record(actor=request.user, action="plan.goal_report_viewed")
    return render(request, "plans/goal_report.html", {"form": form, "report": report})
