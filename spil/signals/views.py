"""Signals, bundles, answers and breakthroughs. Thin: the selectors decide what the user may
see (404 otherwise), the services write. Every page is reached by login only (middleware)."""

from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from spil.core.steps import form_step, post_data

from . import selectors, services
from .forms import AnswerForm, BreakthroughForm, BundleForm, PassForm, SignalForm
from .models import Signal


def _list_url() -> str:
    return reverse("signals:list")


def _require(allowed: bool) -> None:
    if not allowed:
        raise Http404


def _form_page(
    request: HttpRequest,
    form: Any,
    action: Any,
    *,
    title: str,
    back: str,
    success_url: str | None = None,
    success_message: str = "",
    template: str = "signals/form_page.html",
    **context: Any,
) -> HttpResponse:
    return form_step(
        request,
        form,
        action,
        template=template,
        context={"title": title, "back": back, **context},
        success_message=success_message or _("Opgeslagen."),
        success_url=success_url or back,
    )


@require_http_methods(["GET"])
def signal_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require(
        selectors.may_record(user) or selectors.may_bundle(user) or selectors.sees_passed(user)
    )
    return render(
        request,
        "signals/list.html",
        {
            "found": selectors.signal_lists(user),
            "may_record": selectors.may_record(user),
            "may_bundle": selectors.may_bundle(user),
        },
    )


# --- Signals ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def signal_new(request: HttpRequest) -> HttpResponse:
    _require(selectors.may_record(request.user))
    form = SignalForm(post_data(request))
    created: list[Signal] = []

    def save(data: dict[str, Any]) -> None:
        created.append(services.signal_create(actor=request.user, **data))

    response = _form_page(
        request,
        form,
        save,
        title=_("Signaal geven"),
        back=_list_url(),
        success_message=_("Het signaal is vastgelegd. Uw teamleider kan het nu bundelen."),
        intro=True,
    )
    if created:
        response["Location"] = reverse("signals:detail", kwargs={"uuid": created[0].uuid})
    return response


@require_http_methods(["GET"])
def signal_detail(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user = request.user
    signal = selectors.signal_for(user, uuid)
    return render(
        request,
        "signals/signal_detail.html",
        {
            "signal": signal,
            "answers": list(signal.answers.all()),
            "bundle_answers": selectors.bundle_answers(signal),
            "may_edit": signal.author_id == user.pk and not signal.is_passed,
            "may_answer": signal.is_passed and selectors.may_answer(user),
        },
    )


@require_http_methods(["GET", "POST"])
def signal_edit(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user = request.user
    signal = selectors.signal_for(user, uuid)
    _require(signal.author_id == user.pk and not signal.is_passed)
    initial = {name: getattr(signal, name) for name in services.SIGNAL_FIELDS}
    initial["revision"] = signal.revision
    form = SignalForm(post_data(request), initial=initial)
    back = reverse("signals:detail", kwargs={"uuid": signal.uuid})

    def save(data: dict[str, Any]) -> None:
        services.signal_update(actor=user, signal=signal, **data)

    return _form_page(request, form, save, title=_("Signaal wijzigen"), back=back)


@require_http_methods(["GET", "POST"])
def signal_answer(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user = request.user
    signal = selectors.signal_for(user, uuid)
    _require(selectors.may_answer(user) and signal.is_passed)
    form = AnswerForm(post_data(request), initial={"revision": signal.revision})
    back = reverse("signals:detail", kwargs={"uuid": signal.uuid})

    def save(data: dict[str, Any]) -> None:
        services.answer_signal(actor=user, signal=signal, **data)

    return _form_page(
        request,
        form,
        save,
        title=_("Signaal beantwoorden"),
        back=back,
        success_message=_("Het antwoord staat bij het signaal; de coach leest het daar."),
        template="signals/answer_page.html",
        subject=signal,
    )


# --- Bundles ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def bundle_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require(selectors.may_bundle(user))
    initial = {"signals": [s for s in request.GET.getlist("signaal") if _is_uuid(s)]}
    form = BundleForm(
        post_data(request), candidates=selectors.bundle_candidates(user), initial=initial
    )
    created: list[Any] = []

    def save(data: dict[str, Any]) -> None:
        created.append(services.bundle_create(actor=user, **data))

    response = _form_page(
        request,
        form,
        save,
        title=_("Signalen bundelen"),
        back=_list_url(),
        success_message=_("De bundel is gemaakt. Geef hem door aan de gemeente als hij af is."),
    )
    if created:
        response["Location"] = reverse("signals:bundle_detail", kwargs={"uuid": created[0].uuid})
    return response


def _is_uuid(value: str) -> bool:
    try:
        UUID(value)
    except ValueError:
        return False
    return True


def _bundle_for_lead(request: HttpRequest, uuid: UUID) -> Any:
    """A bundle the team lead may still change: theirs to see, not yet passed on."""
    user = request.user
    _require(selectors.may_bundle(user))
    bundle = selectors.bundle_for(user, uuid)
    _require(not bundle.is_passed)
    return bundle


@require_http_methods(["GET"])
def bundle_detail(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user = request.user
    bundle = selectors.bundle_for(user, uuid)
    lead_may_change = selectors.may_bundle(user) and not bundle.is_passed
    return render(
        request,
        "signals/bundle_detail.html",
        {
            "bundle": bundle,
            "signals": list(selectors.bundle_signals(bundle)),
            "answers": list(bundle.answers.all()),
            "may_change": lead_may_change,
            "may_answer": bundle.is_passed and selectors.may_answer(user),
        },
    )


@require_http_methods(["GET", "POST"])
def bundle_edit(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user = request.user
    bundle = _bundle_for_lead(request, uuid)
    initial = {
        "title": bundle.title,
        "summary": bundle.summary,
        "signals": list(bundle.signals.all()),
        "revision": bundle.revision,
    }
    form = BundleForm(
        post_data(request),
        candidates=selectors.bundle_candidates(user, bundle=bundle),
        initial=initial,
    )
    back = reverse("signals:bundle_detail", kwargs={"uuid": bundle.uuid})

    def save(data: dict[str, Any]) -> None:
        services.bundle_update(actor=user, bundle=bundle, **data)

    return _form_page(request, form, save, title=_("Bundel wijzigen"), back=back)


@require_http_methods(["GET", "POST"])
def bundle_pass(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user = request.user
    bundle = _bundle_for_lead(request, uuid)
    form = PassForm(post_data(request), initial={"revision": bundle.revision})
    back = reverse("signals:bundle_detail", kwargs={"uuid": bundle.uuid})

    def save(data: dict[str, Any]) -> None:
        services.bundle_pass(actor=user, bundle=bundle, **data)

    return _form_page(
        request,
        form,
        save,
        title=_("Bundel doorgeven aan de gemeente"),
        back=back,
        success_message=_("De bundel is doorgegeven aan de gemeente."),
        template="signals/pass_page.html",
        bundle=bundle,
        signals=list(selectors.bundle_signals(bundle)),
    )


@require_http_methods(["GET", "POST"])
def bundle_answer(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user = request.user
    _require(selectors.may_answer(user))
    bundle = selectors.bundle_for(user, uuid)
    _require(bundle.is_passed)
    form = AnswerForm(post_data(request), initial={"revision": bundle.revision})
    back = reverse("signals:bundle_detail", kwargs={"uuid": bundle.uuid})

    def save(data: dict[str, Any]) -> None:
        services.answer_bundle(actor=user, bundle=bundle, **data)

    return _form_page(
        request,
        form,
        save,
        title=_("Bundel beantwoorden"),
        back=back,
        success_message=_("Het antwoord geldt voor elk signaal in de bundel."),
        template="signals/answer_page.html",
        subject=bundle,
    )


# --- Breakthroughs ---------------------------------------------------------------------------


@require_http_methods(["GET"])
def breakthrough_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require(selectors.may_record(user) or selectors.sees_passed(user))
    found = list(selectors.visible_breakthroughs(user).order_by("-occurred_on", "-id"))
    return render(
        request,
        "signals/breakthrough_list.html",
        {"breakthroughs": found, "may_record": selectors.may_record(user), "user_pk": user.pk},
    )


@require_http_methods(["GET", "POST"])
def breakthrough_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require(selectors.may_record(user))
    form = BreakthroughForm(post_data(request), initial={"occurred_on": timezone.localdate()})

    def save(data: dict[str, Any]) -> None:
        services.breakthrough_create(actor=user, **data)

    return _form_page(
        request,
        form,
        save,
        title=_("Doorbraak vastleggen"),
        back=reverse("signals:breakthroughs"),
        success_message=_("De doorbraak is vastgelegd."),
        template="signals/breakthrough_form.html",
    )


@require_http_methods(["GET", "POST"])
def breakthrough_edit(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user = request.user
    found = selectors.breakthrough_for(user, uuid)
    _require(found.author_id == user.pk)
    initial = {name: getattr(found, name) for name in services.BREAKTHROUGH_FIELDS}
    initial["revision"] = found.revision
    form = BreakthroughForm(post_data(request), initial=initial)

    def save(data: dict[str, Any]) -> None:
        services.breakthrough_update(actor=user, breakthrough=found, **data)

    return _form_page(
        request,
        form,
        save,
        title=_("Doorbraak wijzigen"),
        back=reverse("signals:breakthroughs"),
        template="signals/breakthrough_form.html",
    )
