"""Pages that combine several apps: the start page, the coach's caseload, the
teamleider's screen, the family list, the family overview and the family's timeline.
Thin: parse the request, call a selector, record the read, render."""

from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from spil.accounts import selectors as account_selectors
from spil.core import access, audit, timeline
from spil.core.access import Capability, FamilyAccess
from spil.families import selectors as family_selectors
from spil.portal import selectors as portal_selectors
from spil.trajectories import selectors as trajectory_selectors

from . import selectors


def start(request: HttpRequest) -> HttpResponse:
    """Who am I, my organisations and roles, and what I may do; a coach's caseload."""
    user = request.user
    granted = sorted(access.capabilities(user), key=lambda c: list(access.Capability).index(c))
    caseload = None
    corrections = requests = None
    if access.can(user, Capability.COACH_FAMILIES):
        # The coach's start page is their caseload.
        today = timezone.localdate()
        caseload = selectors.caseload(user=user, today=today)
        corrections = selectors.correction_worklist(caseload=caseload, today=today)
        requests = selectors.request_worklist(caseload=caseload, today=today)
    return render(
        request,
        "workspace/start.html",
        {
            "memberships": account_selectors.memberships_for_user(user=user),  # type: ignore[arg-type]
            "capabilities": granted,
            "has_2fa": account_selectors.has_confirmed_device(user=user),
            "can_manage_directory": access.can(user, Capability.MANAGE_DIRECTORY),
            "caseload": caseload,
            "corrections": corrections,
            "requests": requests,
            "columns": selectors.CASELOAD_COLUMNS,
            "sort": "termijn",
        },
    )


@require_http_methods(["GET"])
def caseload(request: HttpRequest) -> HttpResponse:
    # A staff coach, and everyone who may hold a coach's file (issue 20): a professional
    # coaching for another organisation, the coordinator for a network member or volunteer.
    if not (
        access.can(request.user, Capability.COACH_FAMILIES) or access.holder_kinds(request.user)
    ):
        raise Http404
    today = timezone.localdate()
    load = selectors.caseload(user=request.user, today=today, sort=request.GET.get("sort", ""))
    audit.record(actor=request.user, action="trajectory.caseload_viewed")
    return render(
        request,
        "workspace/caseload.html",
        {
            "caseload": load,
            "corrections": selectors.correction_worklist(caseload=load, today=today),
            "requests": selectors.request_worklist(caseload=load, today=today),
            "sort": request.GET.get("sort", "termijn"),
            "columns": selectors.CASELOAD_COLUMNS,
            "closed": trajectory_selectors.recently_closed(
                user=request.user, since=today - timedelta(365)
            ),
        },
    )


@require_http_methods(["GET"])
def team(request: HttpRequest) -> HttpResponse:
    access.require(request.user, Capability.LEAD_TEAM)
    overview = selectors.team_overview(user=request.user, today=timezone.localdate())
    audit.record(actor=request.user, action="trajectory.team_viewed")
    return render(request, "workspace/team.html", {"overview": overview})


@require_http_methods(["GET"])
def family_list(request: HttpRequest) -> HttpResponse:
    if not access.access_to_families_possible(request.user):
        raise Http404
    families = list(selectors.family_list(user=request.user))
    audit.record(actor=request.user, action="family.list_viewed", detail={"count": len(families)})
    return render(request, "workspace/family_list.html", {"families": families})


@require_http_methods(["GET"])
@access.family_view()
def family_overview(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    overview = selectors.family_overview(access=access, today=timezone.localdate())
    audit.record(
        actor=request.user,
        action="family.viewed",
        obj=access.family,
        family=access.family,
        detail={"parts": sorted(access.parts)},
    )
    context = {
        "file": overview,
        "family": access.family,
        **family_selectors.family_drawings(file=overview),
        "portal": portal_selectors.staff_summary(access),  # messages, corrections, preview
    }
    return render(request, "workspace/family_overview.html", context)


# A cursor outside these years is not a place on anyone's timeline.
_CURSOR_YEARS = range(1900, 2201)


def _cursor(raw: str | None) -> tuple[datetime | None, bool]:
    """The `?voor=` cursor (an ISO date and time) and whether it was refused. A '+' of the
    UTC offset that arrives as a space (an unencoded link) is read as '+'."""
    if not raw:
        return None, False
    for text in (raw.strip(), raw.strip().replace(" ", "+")):
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            continue
        if moment.year not in _CURSOR_YEARS:
            break
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment, False
    return None, True


@require_http_methods(["GET"])
@access.family_view()
def family_timeline(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    before, refused = _cursor(request.GET.get("voor"))
    page = timeline.page(access, before=before, limit=timeline.PAGE_SIZE)
    audit.record(
        actor=request.user,
        action="family.timeline_viewed",
        obj=access.family,
        family=access.family,
        detail={"parts": sorted(access.parts)},
    )
    next_url = ""
    if page.next_before is not None:
        query = urlencode({"voor": page.next_before.isoformat()})
        next_url = f"{reverse('families:timeline', kwargs={'uuid': access.family.uuid})}?{query}"
    context = {
        "family": access.family,
        "items": page.items,
        "next_url": next_url,
        "is_later_page": before is not None,
        "cursor_refused": _("Deze plek in de tijdlijn bestaat niet; u ziet het nieuwste.")
        if refused
        else "",
        "can_edit": access.can_edit,
        "parts": access.parts,
    }
    if request.htmx and before is not None:  # type: ignore[attr-defined]
        return render(request, "workspace/_timeline_items.html", {**context, "oob": True})
    return render(request, "workspace/timeline.html", context)
