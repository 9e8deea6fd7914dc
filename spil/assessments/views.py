"""Life domains and safety pages of one family. Thin: the part of the file is checked
through `core.access` (404 without it), editing needs the whole file, and every page that
shows measurements or safety content is an audit event."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from spil.core import audit
from spil.core.access import FamilyAccess, FamilyPart, family_view
from spil.core.forms import add_service_error
from spil.core.steps import form_step, post_data
from spil.families.models import Family

from . import selectors, services
from .forms import (
    ChooseInstrumentForm,
    CloseConcernForm,
    CompareForm,
    ConcernForm,
    DecisionForm,
    EscalationForm,
    EscalationUpdateForm,
    MappingForm,
    MeasurementForm,
    MeldcodeStepForm,
    RatingForm,
    ShareForm,
    WeighingForm,
)
from .models import Escalation, Measurement, SafetyConcern

ASSESSMENTS, SAFETY = FamilyPart.ASSESSMENTS, FamilyPart.SAFETY
# Reading needs the part; writing the whole file (404 otherwise).
reads_measurements = family_view(part=ASSESSMENTS)
edits_measurements = family_view(edit=True, part=ASSESSMENTS)
reads_safety = family_view(part=SAFETY)
edits_safety = family_view(edit=True, part=SAFETY)


def _viewed(request: HttpRequest, action: str, family: Family, **detail: Any) -> None:
    audit.record(
        actor=request.user, action=action, obj=family, family=family, detail=detail or None
    )


def _page(family: Family, part: FamilyPart, anchor: str = "") -> str:
    name = "assessments:overview" if part == ASSESSMENTS else "assessments:safety"
    url = reverse(name, kwargs={"uuid": family.uuid})
    return f"{url}#{anchor}" if anchor else url


def _step(
    request: HttpRequest,
    family: Family,
    form: Any,
    action: Any,
    *,
    part: FamilyPart,
    title: str,
    anchor: str = "",
    **context: Any,
) -> HttpResponse:
    back = _page(family, part, anchor)
    return form_step(
        request,
        form,
        action,
        template="assessments/form_page.html",
        context={"family": family, "title": title, "back": back, **context},
        success_message=_("Opgeslagen."),
        success_url=back,
    )


# --- Measurements -------------------------------------------------------------------------


@require_http_methods(["GET"])
@reads_measurements
def assessments_page(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    family = access.family
    file = selectors.assessments_file(access=access, today=timezone.localdate())
    _viewed(request, "measurement.viewed", family, measurements=len(file.measurements))
    return render(request, "assessments/assessments_page.html", {"family": family, "file": file})


@require_http_methods(["GET"])
@edits_measurements
def measurement_choose(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    """Step 1: choose the instrument; the choice goes on in the address of step 2."""
    family = access.family
    form = ChooseInstrumentForm(request.GET or None)
    if request.GET and form.is_valid():
        instrument = form.cleaned_data["instrument"]
        return redirect("assessments:measurement_new", uuid=family.uuid, instrument=instrument.uuid)
    return render(
        request,
        "assessments/choose_instrument.html",
        {"family": family, "form": form, "back": _page(family, ASSESSMENTS)},
    )


@require_http_methods(["GET", "POST"])
@edits_measurements
def measurement_new(request: HttpRequest, access: FamilyAccess, instrument: UUID) -> HttpResponse:
    """Step 2: one score per domain of the chosen instrument."""
    family = access.family
    chosen = selectors.instrument_with_domains(uuid=instrument)
    if chosen is None:
        raise Http404
    form = MeasurementForm(
        post_data(request),
        instrument=chosen,
        family=family,
        descriptions=selectors.level_descriptions(
            organisation=access.acting_organisation, instrument=chosen
        ),
        initial={"measured_on": timezone.localdate(), "moment": Measurement.Moment.OTHER},
    )

    def save(data: dict[str, Any]) -> Measurement:
        return services.measurement_record(
            access=access,
            instrument=chosen,
            measured_on=data["measured_on"],
            moment=data["moment"],
            member=data.get("member"),
            note=data.get("note", ""),
            scores=form.scores(),
        )

    back = _page(family, ASSESSMENTS)
    return form_step(
        request,
        form,
        save,
        template="assessments/measurement_form.html",
        context={"family": family, "instrument": chosen, "back": back},
        success_message=_("De meting is opgeslagen."),
        success_url=back,
    )


@require_http_methods(["GET"])
@reads_measurements
def compare(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    family = access.family
    form = CompareForm(
        request.GET or None, measurements=selectors.family_measurements(access=access)
    )
    comparison = None
    if request.GET and form.is_valid():
        try:
            comparison = selectors.compare(
                first=form.cleaned_data["first"],
                second=form.cleaned_data["second"],
                today=timezone.localdate(),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            _viewed(request, "measurement.compared", family)
    return render(
        request,
        "assessments/compare.html",
        {
            "family": family,
            "form": form,
            "comparison": comparison,
            "back": _page(family, ASSESSMENTS),
        },
    )


@require_POST
@edits_measurements
def measurement_share(
    request: HttpRequest, access: FamilyAccess, measurement_uuid: UUID
) -> HttpResponse:
    """ "Delen met het gezin" / "Niet meer delen": the family sees the scores (never the
    notes) in its portal. POST only; bad input changes nothing and says so."""
    family = access.family
    measurement = get_object_or_404(
        Measurement.objects.select_related("instrument"), family=family, uuid=measurement_uuid
    )
    form = ShareForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies: delen met het gezin of niet meer delen."))
    else:
        shared = form.cleaned_data["shared"] == ShareForm.SHARE
        try:
            services.measurement_share(access=access, measurement=measurement, shared=shared)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Het gezin ziet de cijfers van deze meting nu in het portaal.")
                if shared
                else _("Het gezin ziet de cijfers van deze meting niet meer."),
            )
    return redirect(_page(family, ASSESSMENTS, "alle-metingen"))


# --- Safety -------------------------------------------------------------------------------


@require_http_methods(["GET"])
@reads_safety
def safety_page(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    family = access.family
    file = selectors.safety_file(access=access)
    _viewed(request, "safety.viewed", family, concerns=len(file.concerns))
    return render(request, "assessments/safety_page.html", {"family": family, "file": file})


def _concern(request: HttpRequest, access: FamilyAccess, concern_uuid: UUID) -> SafetyConcern:
    """A concern of this family (the view is `edits_safety`); 404 for another family's."""
    family = access.family
    concern = get_object_or_404(SafetyConcern, family=family, uuid=concern_uuid)
    if request.method == "GET":  # the form page shows the concern: a read of safety content
        _viewed(request, "safety.viewed", family, concern=str(concern.uuid))
    return concern


@require_http_methods(["GET", "POST"])
@edits_safety
def concern_new(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    family = access.family
    form = ConcernForm(
        post_data(request), family=family, initial={"noticed_on": timezone.localdate()}
    )
    return _step(
        request,
        family,
        form,
        lambda data: services.concern_record(access=access, **data),
        part=SAFETY,
        title=_("Zorg over veiligheid vastleggen"),
        anchor="zorgen",
    )


@require_http_methods(["GET", "POST"])
@edits_safety
def concern_step(request: HttpRequest, access: FamilyAccess, concern_uuid: UUID) -> HttpResponse:
    concern = _concern(request, access, concern_uuid)
    form = MeldcodeStepForm(post_data(request), initial={"done_on": timezone.localdate()})
    return _step(
        request,
        concern.family,
        form,
        lambda data: services.meldcode_step_log(actor=request.user, concern=concern, **data),
        part=SAFETY,
        title=_("Stap van de meldcode vastleggen"),
        anchor="zorgen",
        concern=concern,
    )


@require_http_methods(["GET", "POST"])
@edits_safety
def concern_weigh(request: HttpRequest, access: FamilyAccess, concern_uuid: UUID) -> HttpResponse:
    concern = _concern(request, access, concern_uuid)
    form = WeighingForm(post_data(request), initial={"done_on": timezone.localdate()})
    return _step(
        request,
        concern.family,
        form,
        lambda data: services.weighing_record(actor=request.user, concern=concern, **data),
        part=SAFETY,
        title=_("Wegen met het afwegingskader (stap 4)"),
        anchor="zorgen",
        concern=concern,
    )


@require_http_methods(["GET", "POST"])
@edits_safety
def concern_decide(request: HttpRequest, access: FamilyAccess, concern_uuid: UUID) -> HttpResponse:
    concern = _concern(request, access, concern_uuid)
    weighing = services.latest_weighing(concern)
    reasons = services.report_reasons(weighing) if weighing else []
    form = DecisionForm(
        post_data(request),
        initial={"done_on": timezone.localdate(), "report_to_veilig_thuis": bool(reasons)},
    )
    return _step(
        request,
        concern.family,
        form,
        lambda data: services.decision_record(actor=request.user, concern=concern, **data),
        part=SAFETY,
        title=_("Beslissen (stap 5)"),
        anchor="zorgen",
        concern=concern,
        weighing=weighing,
        reasons=reasons,
    )


@require_http_methods(["GET", "POST"])
@edits_safety
def concern_close(request: HttpRequest, access: FamilyAccess, concern_uuid: UUID) -> HttpResponse:
    concern = _concern(request, access, concern_uuid)
    form = CloseConcernForm(post_data(request), initial={"closed_on": timezone.localdate()})
    return _step(
        request,
        concern.family,
        form,
        lambda data: services.concern_close(actor=request.user, concern=concern, **data),
        part=SAFETY,
        title=_("Zorg afsluiten"),
        anchor="zorgen",
        concern=concern,
    )


@require_http_methods(["GET", "POST"])
@edits_safety
def mapping_new(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    family = access.family
    form = MappingForm(post_data(request), initial={"mapped_on": timezone.localdate()})
    return _step(
        request,
        family,
        form,
        lambda data: services.mapping_record(access=access, **data),
        part=SAFETY,
        title=_("Signs of Safety: drie kolommen"),
        anchor="signs-of-safety",
    )


@require_http_methods(["GET", "POST"])
@edits_safety
def rating_new(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    family = access.family
    form = RatingForm(post_data(request), family=family, initial={"rated_on": timezone.localdate()})
    return _step(
        request,
        family,
        form,
        lambda data: services.rating_record(access=access, **data),
        part=SAFETY,
        title=_("Veiligheidscijfer vastleggen"),
        anchor="veiligheidsschaal",
    )


@require_http_methods(["GET", "POST"])
@edits_safety
def escalation_new(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    family = access.family
    form = EscalationForm(
        post_data(request), family=family, initial={"raised_on": timezone.localdate()}
    )
    return _step(
        request,
        family,
        form,
        lambda data: services.escalation_raise(access=access, **data),
        part=SAFETY,
        title=_("Opschalen"),
        anchor="opschaling",
    )


@require_http_methods(["GET", "POST"])
@edits_safety
def escalation_update(
    request: HttpRequest, access: FamilyAccess, escalation_uuid: UUID
) -> HttpResponse:
    family = access.family
    escalation = get_object_or_404(Escalation, family=family, uuid=escalation_uuid)
    if request.method == "GET":
        _viewed(request, "safety.viewed", family, escalation=str(escalation.uuid))
    form = EscalationUpdateForm(post_data(request), initial={"on": timezone.localdate()})
    return _step(
        request,
        family,
        form,
        lambda data: services.escalation_update(actor=request.user, escalation=escalation, **data),
        part=SAFETY,
        title=_("Opschaling bijwerken"),
        anchor="opschaling",
        escalation=escalation,
    )
