"""Thin views: parse the request, call a selector or service, render."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from spil.core import access, audit
from spil.core.access import Capability
from spil.core.forms import PeriodForm, add_service_error
from spil.core.steps import form_step, post_data
from spil.families.models import Member
from spil.families.services import InvolvementData, MemberData
from spil.trajectories.selectors import coaches_with_caseload

from . import reporting, selectors, services
from .forms import (
    AssessmentForm,
    ConsentForm,
    DecisionForm,
    FamilyChoiceForm,
    HelperFormSet,
    MemberFormSet,
    ProposalForm,
    ReferralForm,
    ResponseForm,
    WeighingForm,
    WorklistFilterForm,
)
from .models import MINOR_CHILD_CODE, CoachProposal, Referral

WORKLIST_PAGE_SIZE = 50


def _require_referrals(request: HttpRequest) -> None:
    user = request.user
    if not (access.can(user, Capability.RUN_MELDPUNT) or access.can(user, Capability.REFER_FAMILY)):
        raise Http404


def _referral_to_work(request: HttpRequest, uuid: UUID) -> Referral:
    referral = selectors.referral_detail(user=request.user, uuid=uuid)
    access.require_work_referral(request.user, referral)
    return referral


def _lead_time_period(request: HttpRequest) -> PeriodForm:
    return PeriodForm.from_query(request.GET, today=timezone.localdate(), default_days=365)


@require_http_methods(["GET"])
def worklist(request: HttpRequest) -> HttpResponse:
    _require_referrals(request)
    user = request.user
    filter_form = WorklistFilterForm(
        request.GET or None, organisations=selectors.referrer_organisations(user=user)
    )
    filters = selectors.WorklistFilters()
    if filter_form.is_valid():
        filters = selectors.WorklistFilters(**filter_form.cleaned_data)
    referrals = selectors.worklist(user=user, filters=filters)
    is_coordinator = access.can(user, Capability.RUN_MELDPUNT)
    period = _lead_time_period(request)
    lead_time = None
    if is_coordinator and period.is_valid():
        lead_time = reporting.lead_time(
            referrals=access.referrals_for_aggregates(user),
            date_from=period.cleaned_data["date_from"],
            date_to=period.cleaned_data["date_to"],
        )
    audit.record(actor=user, action="referral.worklist_viewed", detail=filters.__dict__)
    page = Paginator(referrals, WORKLIST_PAGE_SIZE).get_page(request.GET.get("pagina"))
    today = timezone.localdate()
    counts = selectors.status_counts(user=user)
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "intake/worklist.html",
        {
            "page": page,
            "rows": [
                {
                    "referral": r,
                    "age_in_days": r.age_in_days(today),
                    "no_minor_child": not any(m.is_minor for m in r.members.all()),
                }
                for r in page
            ],
            "query": query.urlencode(),
            "filter_form": filter_form,
            "period_form": period,
            "lead_time": lead_time,
            "status_counts": [
                (label, counts.get(code, 0)) for code, label in Referral.Status.choices
            ],
            "is_coordinator": is_coordinator,
        },
    )


@require_http_methods(["GET", "POST"])
def referral_new(request: HttpRequest) -> HttpResponse:
    access.require(request.user, Capability.REFER_FAMILY)
    for_coordinator = access.can(request.user, Capability.RUN_MELDPUNT)
    data = request.POST if request.method == "POST" else None
    form = ReferralForm(
        data, for_coordinator=for_coordinator, initial={"received_on": timezone.localdate()}
    )
    members = MemberFormSet(data, prefix="lid")
    helpers = HelperFormSet(data, prefix="hulp")
    if request.method == "POST" and form.is_valid() and members.is_valid() and helpers.is_valid():
        try:
            referral = services.referral_register(
                actor=request.user,
                **_referral_arguments(form.cleaned_data),
                members=[MemberData(**row) for row in members.cleaned_data if row],
                helpers=[InvolvementData(**row) for row in helpers.cleaned_data if row],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("De melding is ontvangen."))
            return redirect("intake:detail", uuid=referral.uuid)
    return render(
        request,
        "intake/referral_form.html",
        {"form": form, "members": members, "helpers": helpers, "for_coordinator": for_coordinator},
    )


def _referral_arguments(data: dict[str, Any]) -> dict[str, Any]:
    referrer = services.ReferrerData(
        name=data.get("referrer_name", ""),
        organisation=data.get("referrer_organisation"),
        organisation_name=data.get("referrer_organisation_name", ""),
        organisation_kind=data.get("referrer_organisation_kind", ""),
        phone=data.get("referrer_phone", ""),
        email=data.get("referrer_email", ""),
    )
    return {
        "meldpunt": data["meldpunt"],
        "received_on": data["received_on"],
        "urgency": data["urgency"],
        "family_name": data["family_name"],
        "postcode": data["postcode"],
        "house_number": data["house_number"],
        "concerns": data["concerns"],
        "referrer": referrer,
    }


@require_http_methods(["GET"])
def referral_detail(request: HttpRequest, uuid: UUID) -> HttpResponse:
    referral = selectors.referral_detail(user=request.user, uuid=uuid)
    can_work = access.can_work_referral(request.user, referral)
    audit.record(
        actor=request.user,
        action="referral.viewed",
        obj=referral,
        family=referral.family,
    )
    return render(
        request,
        "intake/referral_detail.html",
        {
            "referral": referral,
            "can_work": can_work,
            "members": list(referral.members.all()),
            "has_minor_child": any(m.is_minor for m in referral.members.all()),
            "proposals": list(referral.proposals.all()),
            "can_open_family": bool(
                referral.family and access.family_access(request.user, referral.family).parts
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def referral_family(request: HttpRequest, uuid: UUID) -> HttpResponse:
    referral = _referral_to_work(request, uuid)
    if referral.family_id:
        return redirect("intake:detail", uuid=referral.uuid)
    candidates = selectors.duplicate_candidates(referral=referral)
    error = None
    if request.method == "POST":
        try:
            if request.POST.get("action") == "link":
                choice = FamilyChoiceForm(request.POST)
                if not choice.is_valid():
                    raise ValidationError(_("Kies een gezin uit de lijst."))
                allowed = {c.family.uuid: c.family for c in candidates}
                family = allowed.get(choice.cleaned_data["family"])
                if family is None:
                    raise ValidationError(_("Kies een gezin uit de lijst."))
                added = services.referral_link_family(
                    actor=request.user, referral=referral, family=family
                )
                messages.success(request, _("De melding is gekoppeld aan het bestaande gezin."))
                if added:
                    messages.info(request, _added_members_message(added))
            else:
                services.referral_create_family(actor=request.user, referral=referral)
                messages.success(request, _("Het gezin is aangemaakt."))
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            return redirect("intake:detail", uuid=referral.uuid)
    audit.record(
        actor=request.user,
        action="referral.duplicates_checked",
        obj=referral,
        detail={"candidates": len(candidates)},
    )
    return render(
        request,
        "intake/referral_family.html",
        {"referral": referral, "candidates": candidates, "error": error},
    )


def _added_members_message(added: list[Member]) -> str:
    names = get_text_list([str(m) for m in added], _("en"))
    return _("Nieuw in het gezin, toegevoegd uit de melding: %(names)s.") % {"names": names}


def _step(
    request: HttpRequest,
    referral: Referral,
    form: Any,
    template: str,
    action: Any,
    success: str,
    extra: dict[str, Any],
) -> HttpResponse:
    return form_step(
        request,
        form,
        action,
        template=template,
        context={"referral": referral, **extra},
        success_message=success,
        success_url=reverse("intake:detail", kwargs={"uuid": referral.uuid}),
    )


_post_or_none = post_data


@require_http_methods(["GET", "POST"])
def referral_weigh(request: HttpRequest, uuid: UUID) -> HttpResponse:
    referral = _referral_to_work(request, uuid)
    criteria = list(selectors.criteria_for(meldpunt=referral.meldpunt))
    form = WeighingForm(
        _post_or_none(request),
        criteria=criteria,
        initial={
            "weighed_on": timezone.localdate(),
            f"criterion_{MINOR_CHILD_CODE}": services.minor_child_answer(referral),
        },
    )
    return _step(
        request,
        referral,
        form,
        "intake/weighing_form.html",
        lambda data: services.referral_weigh(
            actor=request.user, referral=referral, **form.service_arguments()
        ),
        _("De weging is vastgelegd."),
        {
            "step_title": _("Melding wegen"),
            "has_minor_child": any(m.is_minor for m in referral.members.all()),
        },
    )


@require_http_methods(["GET", "POST"])
def referral_consent(request: HttpRequest, uuid: UUID) -> HttpResponse:
    referral = _referral_to_work(request, uuid)
    if referral.family is None:
        messages.error(request, _("Stel eerst vast om welk gezin het gaat."))
        return redirect("intake:family", uuid=referral.uuid)
    parties = "\n".join(
        f"{h.worker_name} ({h.organisation_name})" if h.worker_name else h.organisation_name
        for h in referral.helpers.all()
    )
    form = ConsentForm(
        _post_or_none(request),
        family=referral.family,
        initial={"given_on": timezone.localdate(), "parties": parties},
    )
    return _step(
        request,
        referral,
        form,
        "intake/consent_form.html",
        lambda data: services.referral_consent(actor=request.user, referral=referral, **data),
        _("De toestemming is vastgelegd."),
        {"step_title": _("Toestemming om informatie op te vragen")},
    )


@require_http_methods(["GET", "POST"])
def referral_assess(request: HttpRequest, uuid: UUID) -> HttpResponse:
    referral = _referral_to_work(request, uuid)
    if referral.family is None:
        messages.error(request, _("Stel eerst vast om welk gezin het gaat."))
        return redirect("intake:family", uuid=referral.uuid)
    existing = getattr(referral, "assessment", None)
    initial: dict[str, Any] = {"held_on": timezone.localdate()}
    if existing:
        initial = {
            "kind": existing.kind,
            "held_on": existing.held_on,
            "family_participants": list(existing.family_participants.all()),
            "other_participants": existing.other_participants,
            "tie_breaker": existing.tie_breaker,
            "findings": existing.findings,
        }
    form = AssessmentForm(_post_or_none(request), family=referral.family, initial=initial)
    consents = referral.family.consents.filter(kind="informatie_opvragen")
    return _step(
        request,
        referral,
        form,
        "intake/assessment_form.html",
        lambda data: services.referral_assess(
            actor=request.user,
            referral=referral,
            **{**data, "family_participants": list(data["family_participants"])},
        ),
        _("De beoordeling is vastgelegd."),
        {"step_title": _("Beoordeling"), "consents": consents},
    )


@require_http_methods(["GET", "POST"])
def referral_decide(request: HttpRequest, uuid: UUID) -> HttpResponse:
    referral = _referral_to_work(request, uuid)
    form = DecisionForm(_post_or_none(request), initial={"decided_on": timezone.localdate()})
    return _step(
        request,
        referral,
        form,
        "intake/decision_form.html",
        lambda data: services.referral_decide(actor=request.user, referral=referral, **data),
        _("Het besluit is vastgelegd."),
        {"step_title": _("Besluit")},
    )


@require_http_methods(["GET", "POST"])
def referral_match(request: HttpRequest, uuid: UUID) -> HttpResponse:
    referral = _referral_to_work(request, uuid)
    vetoed = selectors.vetoed_coach_ids(referral=referral)
    loads = [load for load in coaches_with_caseload() if load.coach.id not in vetoed]
    # Besides the staff coaches: a professional of another organisation may coach (issue 20).
    professionals = [u for u in selectors.professionals() if u.id not in vetoed]
    form = ProposalForm(
        _post_or_none(request),
        coaches=[load.coach for load in loads] + professionals,
        initial={"proposed_on": timezone.localdate()},
    )
    return _step(
        request,
        referral,
        form,
        "intake/match_form.html",
        lambda data: services.coach_propose(actor=request.user, referral=referral, **data),
        _("De coach is voorgesteld aan het gezin."),
        {
            "step_title": _("Coach koppelen"),
            "loads": loads,
            "proposals": list(referral.proposals.all()),
            "has_vetoed": bool(vetoed),
        },
    )


@require_http_methods(["GET", "POST"])
def proposal_respond(request: HttpRequest, uuid: UUID, proposal_uuid: UUID) -> HttpResponse:
    referral = _referral_to_work(request, uuid)
    proposal = get_object_or_404(CoachProposal, referral=referral, uuid=proposal_uuid)
    form = ResponseForm(
        _post_or_none(request),
        initial={"responded_on": timezone.localdate(), "introduced_by": referral.referrer_display},
    )
    return _step(
        request,
        referral,
        form,
        "intake/response_form.html",
        lambda data: services.proposal_respond(actor=request.user, proposal=proposal, **data),
        _("Het antwoord van het gezin is vastgelegd."),
        {"step_title": _("Antwoord van het gezin"), "proposal": proposal},
    )


@require_http_methods(["GET"])
def report(request: HttpRequest) -> HttpResponse:
    access.require(request.user, Capability.VIEW_AGGREGATES)
    form = _lead_time_period(request)
    result = None
    if form.is_valid():
        result = reporting.meldpunt_report(
            referrals=access.referrals_for_aggregates(request.user),
            date_from=form.cleaned_data["date_from"],
            date_to=form.cleaned_data["date_to"],
        )
    audit.record(actor=request.user, action="referral.report_viewed")
    meldpunten = access.referrals_for_aggregates(request.user).values("meldpunt__name").distinct()
    names = sorted({row["meldpunt__name"] for row in meldpunten})
    return render(
        request,
        "intake/report.html",
        {
            "report": result,
            "form": form,
            "meldpunt_name": ", ".join(names) if len(names) == 1 else "",
        },
    )
