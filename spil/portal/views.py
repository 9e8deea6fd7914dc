"""The family's portal, `/mijn-gezin/`. Thin: the member's access, a selector, the audit
record of the read (with the member as subject), render."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from spil.core import audit
from spil.core.access import Audience, FamilyAccess

from . import selectors
from .access import portal_view


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
    return render_portal(
        request, access, "plan", "portal/plan.html", {"plan": selectors.current_plan(access)}
    )


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
