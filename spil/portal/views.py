"""The family's portal, `/mijn-gezin/`. Thin: the member's access, a selector, the audit
record of the read (with the member as subject), render."""

from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from spil.core import access as policy
from spil.core import audit
from spil.core.access import Audience, FamilyAccess, portal_audience
from spil.core.forms import add_service_error
from spil.core.steps import post_data

from . import selectors, services
from .access import portal_view
from .forms import CorrectionAnswerForm, CorrectionForm, MessageForm
from .models import CORRECTION_DAYS, CorrectionRequest


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
        {"looks": selectors.who_looked(access), "history": selectors.own_history(access)},
    )


@require_http_methods(["GET"])
@portal_view
def words(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    return render_portal(request, access, "woorden", "portal/words.html", {})


# === Messages, corrections, "bekijk als gezin" (issue 14: the family's voice) =============
# The family's pages (/mijn-gezin/berichten/, /mijn-gezin/correctie/) and the coach's
# (/gezinnen/<uuid>/portaal/…, spil/portal/staff_urls.py), kept together at the end.


def _cursor(request: HttpRequest) -> tuple[UUID | None, bool]:
    """The `?voor=` cursor of "oudere berichten" (a message's key) and whether it was
    refused (not a key at all)."""
    raw = request.GET.get("voor", "").strip()
    if not raw:
        return None, False
    try:
        return UUID(raw), False
    except ValueError:
        return None, True


def _refused_cursor(refused: bool, thread: selectors.Thread) -> str:
    if refused or thread.cursor_refused:
        return _("Die berichten bestaan niet. Hier staan de nieuwste.")
    return ""


@require_http_methods(["GET", "POST"])
@portal_view
def thread(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    """The member's thread with the coach, oldest first, and a form to write."""
    young = access.audience == Audience.YOUNG
    form = MessageForm(post_data(request), label=_("Je bericht") if young else _("Uw bericht"))
    if request.method == "POST":
        if not access.may_act():
            raise Http404
        if form.is_valid():
            try:
                services.message_send_by_family(access=access, body=form.cleaned_data["body"])
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(
                    request,
                    _("Je bericht is verstuurd.") if young else _("Uw bericht is verstuurd."),
                )
                return redirect("portal:messages")
    before, refused = _cursor(request)
    shown = selectors.family_thread(access, before=before)
    services.messages_mark_read(access=access)
    return render_portal(
        request,
        access,
        "berichten",
        "portal/messages.html",
        {"thread": shown, "form": form, "cursor_refused": _refused_cursor(refused, shown)},
    )


@require_http_methods(["GET", "POST"])
@portal_view
def corrections(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    """Ask to correct a fact in the file (AVG art. 16), and see the answers."""
    young = access.audience == Audience.YOUNG
    form = CorrectionForm(post_data(request))
    if request.method == "POST":
        if not access.may_act():
            raise Http404
        if form.is_valid():
            try:
                services.correction_request(access=access, **form.cleaned_data)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(
                    request,
                    _("Je vraag is verstuurd. Je krijgt binnen een maand antwoord.")
                    if young
                    else _("Uw vraag is verstuurd. U krijgt binnen een maand antwoord."),
                )
                return redirect("portal:corrections")
    return render_portal(
        request,
        access,
        "correctie",
        "portal/corrections.html",
        {"form": form, "corrections": selectors.corrections(access), "days": CORRECTION_DAYS},
    )


def _young_person_of(access: FamilyAccess, member_uuid: UUID | None) -> Any:
    if member_uuid is None:
        return None
    member = access.family.members.filter(uuid=member_uuid).first()
    if member is None:
        raise Http404
    return member


@require_http_methods(["GET", "POST"])
@policy.family_view(edit=True)
def staff_messages(
    request: HttpRequest, access: FamilyAccess, member_uuid: UUID | None = None
) -> HttpResponse:
    """The coach's side of the family's threads: the parents', or one young person's."""
    young_person = _young_person_of(access, member_uuid)
    if young_person is not None and not selectors.has_thread(access, young_person):
        raise Http404  # no thread of their own: a parent, a child under twelve
    label = (
        _("Bericht aan %(name)s") % {"name": young_person.first_name}
        if young_person
        else _("Bericht aan het gezin")
    )
    form = MessageForm(post_data(request), label=label)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.message_send_by_coach(
                    access=access, body=form.cleaned_data["body"], young_person=young_person
                )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Het bericht is verstuurd."))
            return redirect(request.path)
    before, refused = _cursor(request)
    shown = selectors.coach_thread(access, young_person=young_person, before=before)
    services.messages_mark_read(access=access, young_person=young_person)
    threads = selectors.coach_threads(access)  # the unread counts after this read
    audit.record(
        actor=request.user,
        action="portal.messages_viewed",
        obj=access.family,
        family=access.family,
        detail={"gesprek": "jongere" if young_person else "gezin"},
    )
    return render(
        request,
        "portal/staff/messages.html",
        {
            "family": access.family,
            "thread": shown,
            "threads": threads,
            "young_person": young_person,
            "form": form,
            "cursor_refused": _refused_cursor(refused, shown),
        },
    )


def _key(raw: str | None) -> UUID | None:
    try:
        return UUID(str(raw or "").strip())
    except ValueError:
        return None


def _answer_form(correction: CorrectionRequest, data: Any = None) -> CorrectionAnswerForm:
    """One answer form per open request on the page, each with its own field ids."""
    return CorrectionAnswerForm(
        data,
        initial={"verzoek": correction.uuid, "revision": correction.revision},
        auto_id=f"id_{correction.uuid.hex[:12]}_%s",
    )


@require_http_methods(["GET", "POST"])
@policy.family_view(edit=True)
def staff_corrections(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    """The family's requests for correction, and the coach's answer to each open one."""
    posted: CorrectionAnswerForm | None = None
    refused: list[str] = []  # errors of a posted answer whose form is not on the page
    if request.method == "POST":
        correction = selectors.correction_of(access, _key(request.POST.get("verzoek")))
        if correction is None:
            refused.append(_("Dit verzoek hoort niet bij dit gezin."))
        else:
            posted = _answer_form(correction, request.POST)
            if posted.is_valid():
                try:
                    with transaction.atomic():
                        services.correction_answer(
                            access=access,
                            correction=correction,
                            status=posted.cleaned_data["status"],
                            answer=posted.cleaned_data["answer"],
                            revision=posted.cleaned_data.get("revision"),
                        )
                except ValidationError as error:
                    add_service_error(posted, error)
                else:
                    messages.success(request, _("Het antwoord is vastgelegd."))
                    return redirect("portal_staff:corrections", uuid=access.family.uuid)
    found = selectors.coach_corrections(access)
    rows = []
    for correction in found:
        form = None
        if correction.status == CorrectionRequest.Status.OPEN:
            mine = posted is not None and correction.uuid == posted.initial["verzoek"]
            form = posted if mine else _answer_form(correction)
        rows.append((correction, form))
    if posted is not None and all(f is not posted for _c, f in rows):
        # Answered meanwhile (a stale answer): say why above the list.
        refused += [str(e) for errors in posted.errors.values() for e in errors]
    audit.record(
        actor=request.user,
        action="portal.corrections_viewed",
        obj=access.family,
        family=access.family,
        detail={"count": len(found)},
    )
    return render(
        request,
        "portal/staff/corrections.html",
        {
            "family": access.family,
            "rows": rows,
            "refused": refused,
            "days": CORRECTION_DAYS,
            "today": timezone.localdate(),
        },
    )


# The portal's pages a coach may look at through a member's eyes ("bekijk als gezin").
PREVIEW_PAGES = frozenset(
    {
        "home",
        "plan",
        "appointments",
        "team",
        "meetings",
        "scores",
        "consents",
        "who_looked",
        "words",
        "messages",
        "corrections",
    }
)


@require_http_methods(["GET"])
@policy.family_view(edit=True)
def preview(
    request: HttpRequest, access: FamilyAccess, member_uuid: UUID, pagina: str = ""
) -> HttpResponse:
    """ "Bekijk als gezin": the portal's own page (`/mijn-gezin/<pagina>`), rendered by its
    own view with the member's access in preview (read-only: `may_act()` is False, so no
    form is shown and nothing is marked read), audited as the coach's `portal.previewed`.
    Only for those who keep the whole file, only for a member who may have an account.
    Links to the portal in the page lead on within the preview."""
    member = access.family.members.filter(uuid=member_uuid).first()
    if member is None or portal_audience(member) is None:
        raise Http404
    try:
        match = resolve(f"{settings.SPIL_PORTAL_PATH}{pagina}")
    except Resolver404:
        raise Http404 from None
    if match.namespace != "portal" or match.url_name not in PREVIEW_PAGES:
        raise Http404
    request.family_access = policy.member_access(  # type: ignore[attr-defined]
        request.user, member, preview=True
    )
    response = match.func(request, *match.args, **match.kwargs)
    prefix = reverse(
        "portal_staff:preview", kwargs={"uuid": access.family.uuid, "member_uuid": member.uuid}
    )
    if response.status_code == 200 and not response.streaming:
        response.content = response.content.replace(
            f'href="{settings.SPIL_PORTAL_PATH}'.encode(), f'href="{prefix}'.encode()
        )
    return response
