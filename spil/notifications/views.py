"""The inbox (one's own notices only), the communication rules, and the coach's form to
mark a significant change in a family's situation."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from spil.core import access
from spil.core.access import FamilyAccess
from spil.core.forms import add_service_error
from spil.core.steps import post_data

from . import selectors, services
from .forms import SituationForm


@require_http_methods(["GET"])
def inbox(request: HttpRequest) -> HttpResponse:
    return render(
        request, "notifications/inbox.html", {"inbox": selectors.inbox_for_user(user=request.user)}
    )


@require_http_methods(["POST"])
def mark_read(request: HttpRequest, uuid: UUID) -> HttpResponse:
    notice = selectors.notification_for_user(user=request.user, uuid=uuid)
    services.notification_mark_read(user=request.user, notification=notice)
    if request.htmx:  # type: ignore[attr-defined]
        row = selectors.InboxRow(
            notice=notice,
            family_name=str(notice.family)
            if notice.family and access.family_parts(request.user, notice.family)
            else "",
        )
        return render(request, "notifications/_notice.html", {"row": row})
    return redirect("notifications:inbox")


@require_http_methods(["POST"])
def open_notice(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """Mark read and go to the family page, which applies the access policy itself."""
    notice = selectors.notification_for_user(user=request.user, uuid=uuid)
    services.notification_mark_read(user=request.user, notification=notice)
    if notice.family is None:
        return redirect("notifications:inbox")
    return redirect(notice.family_url())


@require_http_methods(["POST"])
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("Alle berichten staan op gelezen."))
    return redirect("notifications:inbox")


@require_http_methods(["GET"])
def rules_page(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "notifications/rules.html",
        {
            "rows": selectors.rules_overview(),
            "can_manage": access.can(request.user, access.Capability.MANAGE_DIRECTORY),
        },
    )


@require_http_methods(["GET", "POST"])
@access.family_view(edit=True)
def situation(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    """The coach (whoever has the whole file) marks a significant change; 404 otherwise."""
    family = access.family
    form = SituationForm(post_data(request), initial={"noticed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.situation_mark(actor=request.user, family=family, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            done = _("De verandering is gemeld. Het team rond het gezin krijgt bericht.")
            if request.htmx:  # type: ignore[attr-defined]
                return render(
                    request,
                    "notifications/_situation_marked.html",
                    {"family": family, "message": done},
                )
            messages.success(request, done)
            return redirect(reverse("families:overview", kwargs={"uuid": family.uuid}))
    template = (
        "notifications/_situation_form.html"
        if request.htmx  # type: ignore[attr-defined]
        else "notifications/situation_page.html"
    )
    return render(request, template, {"form": form, "family": family, "action": request.path})
