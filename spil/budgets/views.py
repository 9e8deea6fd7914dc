"""The work budget pages (`/werkbudget/`): thin — the selectors decide what the user may
see (404 otherwise), the services write. A coach reads their balance and books spending and
recoveries; a team lead sets budgets and decides requests above the balance."""

from datetime import date
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from spil.core import access, audit
from spil.core.access import Capability
from spil.core.forms import add_service_error
from spil.core.roles import Role
from spil.core.steps import form_step, post_data

from . import selectors, services
from .forms import BudgetChangeForm, BudgetNewForm, DecisionForm, RecoveryForm, SpendingForm
from .models import Budget, Spending


def _require_budget_user(request: HttpRequest) -> None:
    user = request.user
    if not (access.can(user, Capability.COACH_FAMILIES) or access.can(user, Capability.LEAD_TEAM)):
        raise Http404


def _lines(request: HttpRequest, spendings: list[Spending]) -> list[dict[str, Any]]:
    """Each line with the family's name only for those who may open that family; reading
    a named family's line is recorded in that family's audit trail."""
    visible = selectors.visible_family_ids(request.user, spendings)
    shown = {s.family_id: s.family for s in spendings if s.family_id in visible}
    audit.record_many(
        actor=request.user, action="work_budget.line_viewed", families=list(shown.values())
    )
    rows = []
    for spending in spendings:
        if spending.family_id is None:
            family_label = ""
        elif spending.family_id in visible:
            family_label = str(spending.family)
        else:
            family_label = _("een gezin")
        rows.append({"spending": spending, "family": family_label})
    return rows


def _budget_url(budget: Budget) -> str:
    return reverse("budgets:budget", kwargs={"uuid": budget.uuid})


@require_http_methods(["GET"])
def home(request: HttpRequest) -> HttpResponse:
    _require_budget_user(request)
    user = request.user
    year = timezone.localdate().year
    own = selectors.budget_of_coach(user, year)
    context: dict[str, Any] = {
        "year": year,
        "own": own,
        "is_lead": False,
        "is_coach": Role.COACH in access.roles(user),
    }
    if own is not None:
        context["own_balance"] = selectors.balance_of(own)
        context["own_lines"] = _lines(request, selectors.spendings_of(own))
        context["own_recoveries"] = selectors.recoveries_of(own)
        context["may_spend"] = selectors.may_spend(user, own)
    if selectors.lead_team_ids(user):
        budgets = list(selectors.with_totals(selectors.led_budgets(user).filter(year=year)))
        pending = selectors.pending_for_lead(user)
        context.update(
            is_lead=True,
            team_budgets=[{"budget": b, "balance": selectors.balance_of(b)} for b in budgets],
            pending=_lines(request, pending),
        )
    return render(request, "budgets/home.html", context)


@require_http_methods(["GET"])
def budget_detail(request: HttpRequest, uuid: UUID) -> HttpResponse:
    _require_budget_user(request)
    budget = selectors.budget_for(request.user, uuid)
    return render(
        request,
        "budgets/budget.html",
        {
            "budget": budget,
            "balance": selectors.balance_of(budget),
            "lines": _lines(request, selectors.spendings_of(budget)),
            "recoveries": selectors.recoveries_of(budget),
            "may_spend": selectors.may_spend(request.user, budget),
            "may_recover": selectors.may_recover(request.user, budget),
            "may_manage": selectors.may_manage(request.user, budget),
        },
    )


@require_http_methods(["GET", "POST"])
def budget_new(request: HttpRequest) -> HttpResponse:
    access.require(request.user, Capability.LEAD_TEAM)
    user = request.user
    teams = selectors.led_teams(user)
    if not teams.exists():
        raise Http404
    default = selectors.default_amount(user)
    form = BudgetNewForm(
        post_data(request),
        coaches=selectors.team_coaches(user),
        teams=teams,
        initial={"year": timezone.localdate().year, "amount": default},
    )
    return form_step(
        request,
        form,
        lambda data: services.budget_set(
            actor=user, year=data["year"], amount=data["amount"], **data["holder"]
        ),
        template="budgets/form_page.html",
        context={
            "title": _("Werkbudget vaststellen"),
            "back": reverse("budgets:home"),
            "default": default,
        },
        success_message=_("Het werkbudget is vastgesteld."),
        success_url=reverse("budgets:home"),
    )


@require_http_methods(["GET", "POST"])
def budget_change(request: HttpRequest, uuid: UUID) -> HttpResponse:
    _require_budget_user(request)
    budget = selectors.budget_for(request.user, uuid)
    if not selectors.may_manage(request.user, budget):
        raise Http404
    form = BudgetChangeForm(
        post_data(request), initial={"amount": budget.amount, "revision": budget.revision}
    )
    return form_step(
        request,
        form,
        lambda data: services.budget_change(
            actor=request.user, budget=budget, amount=data["amount"], revision=data.get("revision")
        ),
        template="budgets/form_page.html",
        context={
            "title": _("Werkbudget %(holder)s %(year)s wijzigen")
            % {"holder": budget.holder_name, "year": budget.year},
            "back": _budget_url(budget),
        },
        success_message=_("Het werkbudget is gewijzigd."),
        success_url=_budget_url(budget),
    )


@require_http_methods(["GET", "POST"])
def spending_new(request: HttpRequest, uuid: UUID) -> HttpResponse:
    _require_budget_user(request)
    budget = selectors.budget_for(request.user, uuid)
    if not selectors.may_spend(request.user, budget):
        raise Http404
    today = timezone.localdate()
    form = SpendingForm(
        post_data(request),
        families=selectors.spendable_families(request.user),
        initial={"spent_on": today if budget.year == today.year else date(budget.year, 12, 31)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            spending = services.spending_record(
                actor=request.user, budget=budget, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if spending.status == Spending.Status.PENDING:
                messages.warning(
                    request,
                    _("De uitgave is hoger dan het saldo en wacht op akkoord van de teamleider."),
                )
            else:
                messages.success(request, _("De uitgave is geboekt."))
            return redirect(_budget_url(budget))
    return render(
        request,
        "budgets/form_page.html",
        {
            "form": form,
            "title": _("Uitgave uit het werkbudget"),
            "back": _budget_url(budget),
            "budget": budget,
            "balance": selectors.balance_of(budget),
            "intro": _(
                "Boven het saldo wacht de uitgave op akkoord van de teamleider en telt ze nog "
                "niet mee."
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def recovery_new(request: HttpRequest, uuid: UUID) -> HttpResponse:
    _require_budget_user(request)
    budget = selectors.budget_for(request.user, uuid)
    if not selectors.may_recover(request.user, budget):
        raise Http404
    form = RecoveryForm(
        post_data(request),
        spendings=budget.spendings.filter(status=Spending.Status.BOOKED).order_by("-spent_on"),
        initial={
            "received_on": timezone.localdate(),
            "spending": request.GET.get("uitgave") or None,
        },
    )
    return form_step(
        request,
        form,
        lambda data: services.recovery_record(actor=request.user, budget=budget, **data),
        template="budgets/form_page.html",
        context={
            "title": _("Terugvordering vastleggen"),
            "back": _budget_url(budget),
            "budget": budget,
            "balance": selectors.balance_of(budget),
            "intro": _(
                "Geld dat achteraf uit een voorziening terugkomt, vult het budget weer aan."
            ),
        },
        success_message=_("De terugvordering is vastgelegd; het saldo is aangevuld."),
        success_url=_budget_url(budget),
    )


@require_http_methods(["GET", "POST"])
def spending_decide(request: HttpRequest, uuid: UUID) -> HttpResponse:
    access.require(request.user, Capability.LEAD_TEAM)
    spending = selectors.spending_for_decision(request.user, uuid)
    budget = selectors.budget_for(request.user, spending.budget.uuid)
    form = DecisionForm(post_data(request), initial={"revision": spending.revision})
    if spending.status != Spending.Status.PENDING and request.method == "GET":
        return redirect(_budget_url(budget))
    line = _lines(request, [spending])[0]
    if request.method == "POST" and form.is_valid():
        try:
            services.spending_decide(
                actor=request.user,
                spending=spending,
                approve=form.cleaned_data["decision"] == "akkoord",
                reason=form.cleaned_data.get("reason") or "",
                revision=form.cleaned_data.get("revision"),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Het besluit is vastgelegd."))
            return redirect(reverse("budgets:home"))
    return render(
        request,
        "budgets/decide.html",
        {
            "form": form,
            "line": line,
            "budget": budget,
            "balance": selectors.balance_of(budget),
            "title": _("Uitgave boven het saldo"),
            "back": reverse("budgets:home"),
        },
    )
