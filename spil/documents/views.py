"""The family's documents. Thin: `core.access` decides (404 without access), a document is
found only among those whose part the access opens, writing needs the whole file, and
every page that shows documents and every download is an audit event.

Downloads never come from a public URL: this view checks access, records the read and
sends the bytes as an attachment under a neutral name ("document-2026-12-06.pdf", never the
family's name or the uploaded file's), with `nosniff` and `no-store`."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from spil.core import audit
from spil.core.access import FamilyAccess, family_view
from spil.core.forms import add_service_error
from spil.core.steps import post_data

from . import inspection, selectors, services
from .forms import DocumentForm, DocumentUploadForm
from .models import Document


def _list_url(access: FamilyAccess) -> str:
    return reverse("documents:list", kwargs={"uuid": access.family.uuid})


def neutral_filename(document: Document) -> str:
    """The name a download is saved under: the day it was added and its type, nothing
    that names the family, a member or the original file."""
    day = timezone.localdate(document.created_at).isoformat()
    return f"document-{day}.{document.extension}"


@require_http_methods(["GET"])
@family_view()
def document_list(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    listing = selectors.documents_page(
        access=access,
        page_number=request.GET.get("pagina", 1),
        member_uuid=request.GET.get("gezinslid"),
        trajectory_uuid=request.GET.get("traject"),
    )
    audit.record(
        actor=request.user,
        action="document.list_viewed",
        obj=access.family,
        family=access.family,
        detail={"parts": sorted(access.parts)},
    )
    return render(
        request,
        "documents/document_list.html",
        {"family": access.family, "listing": listing, "can_edit": access.can_edit},
    )


def _values(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": data["title"],
        "kind": data["kind"],
        "part": data["part"],
        "member": data.get("member"),
        "trajectory": data.get("trajectory"),
        "dated_on": data.get("dated_on"),
    }


@require_http_methods(["GET", "POST"])
@family_view(edit=True)
def document_upload(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    family = access.family
    initial: dict[str, Any] = {}
    member = selectors.parse_uuid(request.GET.get("gezinslid"))
    if member is not None:
        initial["member"] = family.members.filter(uuid=member).first()
    form = DocumentUploadForm(
        post_data(request),
        request.FILES if request.method == "POST" else None,
        family=family,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.document_upload(
                access=access, file=upload, size=upload.size, **_values(form.cleaned_data)
            )
        except inspection.UploadRefused as refusal:
            form.add_error("file", refusal)  # beside the file chosen: nothing was stored
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Het document staat in het dossier."))
            return redirect(_list_url(access))
    return render(
        request,
        "documents/upload.html",
        {
            "family": family,
            "form": form,
            "max_bytes": inspection.max_bytes(),
            "kinds": inspection.allowed_kinds_text(),
        },
    )


@require_http_methods(["GET"])
@family_view()
def document_download(
    request: HttpRequest, access: FamilyAccess, document_uuid: UUID
) -> HttpResponse:
    document = selectors.document_in_family(access=access, uuid=document_uuid)
    handle = services.document_open(access=access, document=document)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=neutral_filename(document),
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response  # type: ignore[return-value]  # streamed: a FileResponse


@require_http_methods(["GET", "POST"])
@family_view(edit=True)
def document_edit(request: HttpRequest, access: FamilyAccess, document_uuid: UUID) -> HttpResponse:
    document = selectors.document_in_family(access=access, uuid=document_uuid)
    form = DocumentForm(
        post_data(request), family=access.family, initial=DocumentForm.initial_for(document)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.document_change(
                access=access,
                document=document,
                revision=form.cleaned_data.get("revision"),
                **_values(form.cleaned_data),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("De gegevens van het document zijn opgeslagen."))
            return redirect(_list_url(access))
    return render(
        request,
        "documents/edit.html",
        {"family": access.family, "form": form, "document": document},
    )


@require_http_methods(["GET", "POST"])
@family_view(edit=True)
def document_delete(
    request: HttpRequest, access: FamilyAccess, document_uuid: UUID
) -> HttpResponse:
    document = selectors.document_in_family(access=access, uuid=document_uuid)
    if request.method == "POST":
        services.document_delete(access=access, document=document)
        messages.success(request, _("Het document is verwijderd."))
        return redirect(_list_url(access))
    return render(request, "documents/delete.html", {"family": access.family, "document": document})
