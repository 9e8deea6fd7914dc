from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from spil.core.forms import add_service_error

from . import selectors, services
from .forms import AnswerForm, CloseForm, SendForm, SurveyForm
from .models import MIN_ANSWERS_SHOWN, Survey


def _revision(form: Any) -> int | None:
    return form.cleaned_data.get("revision")


@require_http_methods(["GET"])
def survey_list(request: HttpRequest) -> HttpResponse:
    surveys = list(selectors.surveys_for(user=request.user))
    return render(
        request,
        "surveys/list.html",
        {"surveys": surveys, "can_manage": selectors.can_manage(request.user)},
    )


@require_http_methods(["GET", "POST"])
def survey_new(request: HttpRequest) -> HttpResponse:
    selectors.require_manage(request.user)
    form = SurveyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_create(
                actor=request.user,
                title=form.cleaned_data["title"],
                intro=form.cleaned_data["intro"],
                statements=form.cleaned_data["statements"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("De enquête is opgeslagen als concept."))
            return redirect("surveys:detail", uuid=survey.uuid)
    return render(request, "surveys/form.html", {"form": form, "survey": None})


@require_http_methods(["GET"])
def survey_detail(request: HttpRequest, uuid: Any) -> HttpResponse:
    survey = selectors.survey_for(user=request.user, uuid=uuid)
    context = {
        "survey": survey,
        "statements": selectors.statements_of(survey),
        "results": selectors.results(user=request.user, survey=survey),
        "can_manage": selectors.can_manage(request.user),
        "min_answers": MIN_ANSWERS_SHOWN,
    }
    return render(request, "surveys/detail.html", context)


@require_http_methods(["GET", "POST"])
def survey_edit(request: HttpRequest, uuid: Any) -> HttpResponse:
    survey = selectors.survey_for(user=request.user, uuid=uuid, manage=True)
    if survey.status == Survey.Status.CLOSED:
        messages.error(request, _("Deze enquête is gesloten en kan niet meer worden gewijzigd."))
        return redirect("surveys:detail", uuid=survey.uuid)
    statements = selectors.statements_of(survey)
    locked = survey.status != Survey.Status.DRAFT
    initial = {
        "title": survey.title,
        "intro": survey.intro,
        "statements": "\n".join(s.text for s in statements),
        "revision": survey.revision,
    }
    form = SurveyForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        lock_statements=locked,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_update(
                survey=survey,
                actor=request.user,
                title=form.cleaned_data["title"],
                intro=form.cleaned_data["intro"],
                statements=None if locked else form.cleaned_data["statements"],
                revision=_revision(form),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("De enquête is opgeslagen."))
            return redirect("surveys:detail", uuid=survey.uuid)
    context = {"form": form, "survey": survey, "statements": statements, "locked": locked}
    return render(request, "surveys/form.html", context)


@require_http_methods(["GET", "POST"])
def survey_send(request: HttpRequest, uuid: Any) -> HttpResponse:
    survey = selectors.survey_for(user=request.user, uuid=uuid, manage=True)
    if survey.status == Survey.Status.CLOSED:
        messages.error(request, _("Deze enquête is gesloten: er kunnen geen links meer uit."))
        return redirect("surveys:detail", uuid=survey.uuid)
    already = selectors.invited_emails(survey)
    queryset = selectors.professionals().exclude(email__in=already)
    form = SendForm(
        request.POST if request.method == "POST" else None,
        queryset=queryset,
        initial={"revision": survey.revision},
    )
    if request.method == "POST" and form.is_valid():
        try:
            sent = services.invitations_send(
                survey=survey,
                actor=request.user,
                recipients=list(form.cleaned_data["recipients"]),
                emails=form.cleaned_data["emails"],
                revision=_revision(form),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(n)d link wordt verstuurd. Elke link werkt één keer.",
                    "%(n)d links worden verstuurd. Elke link werkt één keer.",
                    sent,
                )
                % {"n": sent},
            )
            return redirect("surveys:detail", uuid=survey.uuid)
    context = {"form": form, "survey": survey, "already": len(already)}
    return render(request, "surveys/send.html", context)


@require_http_methods(["GET", "POST"])
def survey_close(request: HttpRequest, uuid: Any) -> HttpResponse:
    survey = selectors.survey_for(user=request.user, uuid=uuid, manage=True)
    if survey.status == Survey.Status.CLOSED:
        messages.info(request, _("Deze enquête is al gesloten."))
        return redirect("surveys:detail", uuid=survey.uuid)
    form = CloseForm(
        request.POST if request.method == "POST" else None, initial={"revision": survey.revision}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_close(survey=survey, actor=request.user, revision=_revision(form))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("De enquête is gesloten. Geen link werkt nog."))
            return redirect("surveys:detail", uuid=survey.uuid)
    return render(request, "surveys/close.html", {"form": form, "survey": survey})


# --- The public link ---------------------------------------------------------------------------

_REFUSED_STATUS = {"unknown": 404, "used": 410, "closed": 410}


def _refused(request: HttpRequest, error: ValidationError) -> HttpResponse:
    reason = error.code if error.code in _REFUSED_STATUS else "unknown"
    return render(
        request, "surveys/answer_closed.html", {"reason": reason}, status=_REFUSED_STATUS[reason]
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """The single-use link. Works once: after answering or declining it says so and takes
    nothing more. An unknown, used or closed link gets a plain page; nothing changes."""
    try:
        invitation = services.open_invitation(token)
    except ValidationError as error:
        return _refused(request, error)
    statements = selectors.statements_of(invitation.survey)
    if request.method == "POST" and "decline" in request.POST:
        try:
            services.invitation_decline(token=token)
        except ValidationError as error:
            return _refused(request, error)
        return render(request, "surveys/answer_done.html", {"declined": True})
    form = AnswerForm(request.POST if request.method == "POST" else None, statements=statements)
    if request.method == "POST" and form.is_valid():
        try:
            services.response_submit(
                token=token, answers=form.answers(), grade=form.cleaned_data["grade"]
            )
        except ValidationError as error:
            if getattr(error, "code", None) in _REFUSED_STATUS:
                return _refused(request, error)
            add_service_error(form, error)
        else:
            return render(request, "surveys/answer_done.html", {"declined": False})
    context = {"form": form, "survey": invitation.survey}
    return render(request, "surveys/answer.html", context)
