"""Trajectory pages: one trajectory and its steps. The caseload and the teamleider's
screen combine several apps and live in the workspace."""

from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from spil.core import access, audit
from spil.core.steps import form_step, post_data

from . import selectors, services
from .forms import (
    CheckinDoneForm,
    CloseForm,
    DateReasonForm,
    DetailsForm,
    ExtensionDecisionForm,
    ExtensionRequestForm,
    PhaseForm,
)
from .models import AftercareCheckIn, Extension, Trajectory


@require_http_methods(["GET"])
def detail(request: HttpRequest, uuid: UUID) -> HttpResponse:
    trajectory = selectors.trajectory_for_user(user=request.user, uuid=uuid)
    audit.record(
        actor=request.user, action="trajectory.viewed", obj=trajectory, family=trajectory.family
    )
    return render(
        request,
        "trajectories/detail.html",
        {
            "trajectory": trajectory,
            "deadlines": selectors.deadlines_for(trajectory),
            "is_open_work": trajectory.phase in services.ACTIVE_PHASES,
            "phase_changes": trajectory.phase_changes.select_related("by"),
            "extensions": trajectory.extensions.select_related("requested_by", "decided_by"),
            "closures": trajectory.closures.prefetch_related("informed"),
            "checkins": trajectory.checkins.all(),
            "reopenings": trajectory.reopenings.select_related("reopened_by"),
            "closing_answers": selectors.closing_answers(trajectory),
            "broad_lines": [
                Trajectory.BroadLine(b).label
                for b in trajectory.broad_lines
                if b in Trajectory.BroadLine.values
            ],
        },
    )


def _step(
    request: HttpRequest,
    trajectory: Trajectory,
    form: object,
    action: object,
    title: str,
    success: str,
) -> HttpResponse:
    return form_step(
        request,
        form,
        action,  # type: ignore[arg-type]
        template="trajectories/form_page.html",
        context={"trajectory": trajectory, "title": title},
        success_message=success,
        success_url=reverse("trajectories:detail", kwargs={"uuid": trajectory.uuid}),
    )


def _own(request: HttpRequest, uuid: UUID) -> Trajectory:
    return selectors.trajectory_for_user(user=request.user, uuid=uuid)


@require_http_methods(["GET", "POST"])
def edit_details(request: HttpRequest, uuid: UUID) -> HttpResponse:
    trajectory = _own(request, uuid)
    initial = {name: getattr(trajectory, name) for name in services.DETAIL_FIELDS}
    initial["backup_coach"] = trajectory.backup_coach
    initial["revision"] = trajectory.revision
    form = DetailsForm(post_data(request), initial=initial)
    return _step(
        request,
        trajectory,
        form,
        lambda data: services.trajectory_update(actor=request.user, trajectory=trajectory, **data),
        _("Traject: opdracht en afspraken"),
        _("Het traject is bijgewerkt."),
    )


@require_http_methods(["GET", "POST"])
def move_phase(request: HttpRequest, uuid: UUID) -> HttpResponse:
    trajectory = _own(request, uuid)
    form = PhaseForm(post_data(request), initial={"on": timezone.localdate()})
    return _step(
        request,
        trajectory,
        form,
        lambda data: services.phase_move(actor=request.user, trajectory=trajectory, **data),
        _("Andere fase"),
        _("De fase is gewijzigd."),
    )


@require_http_methods(["GET", "POST"])
def request_extension(request: HttpRequest, uuid: UUID) -> HttpResponse:
    trajectory = _own(request, uuid)
    form = ExtensionRequestForm(post_data(request), initial={"requested_on": timezone.localdate()})
    return _step(
        request,
        trajectory,
        form,
        lambda data: services.extension_request(actor=request.user, trajectory=trajectory, **data),
        _("Verlenging aanvragen"),
        _("De verlenging is aangevraagd bij de teamleider."),
    )


@require_http_methods(["GET", "POST"])
def decide_extension(request: HttpRequest, uuid: UUID) -> HttpResponse:
    extension = get_object_or_404(
        Extension.objects.select_related("trajectory__family", "trajectory__programme"), uuid=uuid
    )
    if not access.leads_team_of(request.user, extension.trajectory.coach_id):
        raise Http404
    form = ExtensionDecisionForm(post_data(request), initial={"decided_on": timezone.localdate()})
    return form_step(
        request,
        form,
        lambda data: services.extension_decide(actor=request.user, extension=extension, **data),
        template="trajectories/form_page.html",
        context={
            "trajectory": extension.trajectory,
            "title": _("Besluit over verlenging"),
            "extension": extension,
        },
        success_message=_("Het besluit over de verlenging is vastgelegd."),
        success_url=reverse("trajectories:team"),
    )


@require_http_methods(["GET", "POST"])
def close(request: HttpRequest, uuid: UUID) -> HttpResponse:
    trajectory = _own(request, uuid)
    answers = selectors.closing_answers(trajectory)
    form = CloseForm(
        post_data(request),
        trajectory=trajectory,
        initial={
            "closed_on": timezone.localdate(),
            # What the family said in the portal, as a start; the coach records the word.
            "family_agreement": selectors.agreement_from_answers(answers),
        },
    )
    return form_step(
        request,
        form,
        lambda data: services.trajectory_close(
            actor=request.user, trajectory=trajectory, **form.service_arguments()
        ),
        template="trajectories/close_page.html",
        context={
            "trajectory": trajectory,
            "title": _("Traject afsluiten"),
            # Whether the family agreed, in the portal (issue 14): closing with the family.
            "closing_answers": answers,
        },
        success_message=_("Het traject is afgesloten."),
        success_url=reverse("trajectories:detail", kwargs={"uuid": trajectory.uuid}),
    )


@require_http_methods(["GET", "POST"])
def checkin_done(request: HttpRequest, uuid: UUID, checkin_uuid: UUID) -> HttpResponse:
    trajectory = _own(request, uuid)
    checkin = get_object_or_404(AftercareCheckIn, trajectory=trajectory, uuid=checkin_uuid)
    form = CheckinDoneForm(post_data(request), initial={"done_on": timezone.localdate()})
    return _step(
        request,
        trajectory,
        form,
        lambda data: services.checkin_done(actor=request.user, checkin=checkin, **data),
        _("Nazorgmoment vastleggen"),
        _("Het nazorgmoment is vastgelegd."),
    )


@require_http_methods(["GET", "POST"])
def end_aftercare(request: HttpRequest, uuid: UUID) -> HttpResponse:
    trajectory = _own(request, uuid)
    form = DateReasonForm(post_data(request), initial={"on": timezone.localdate()})
    return _step(
        request,
        trajectory,
        form,
        lambda data: services.aftercare_end(
            actor=request.user, trajectory=trajectory, on=data["on"]
        ),
        _("Nazorg beëindigen"),
        _("De nazorg is beëindigd; het traject is gesloten."),
    )


@require_http_methods(["GET", "POST"])
def reopen(request: HttpRequest, uuid: UUID) -> HttpResponse:
    trajectory = _own(request, uuid)
    form = DateReasonForm(post_data(request), initial={"on": timezone.localdate()})
    return _step(
        request,
        trajectory,
        form,
        lambda data: services.trajectory_reopen(actor=request.user, trajectory=trajectory, **data),
        _("Traject heropenen"),
        _("Het traject is heropend, zonder nieuwe aanmelding."),
    )
