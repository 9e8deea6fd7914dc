"""Every write of a document: keyword-only, audited, through the access object. Only those
with the whole file (the coach, back-up, teamleider, meldpunt during intake) add, change or
delete documents; a shared part is read-only for a professional."""

import uuid
from datetime import date
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from spil.core import audit
from spil.core.access import FamilyAccess
from spil.core.versioning import save_if_current

from . import inspection
from .models import Document, Part
from .storage import documents_storage

EDITABLE = ("title", "kind", "part", "member", "trajectory", "dated_on")


def _check_links(access: FamilyAccess, *, part: str, member: Any, trajectory: Any) -> None:
    errors: dict[str, str] = {}
    if part not in Part.values:
        errors["part"] = _("Kies een onderdeel van het dossier.")
    if member is not None and member.family_id != access.family.pk:
        errors["member"] = _("Dit gezinslid hoort niet bij dit gezin.")
    if trajectory is not None and trajectory.family_id != access.family.pk:
        errors["trajectory"] = _("Dit traject hoort niet bij dit gezin.")
    if errors:
        raise ValidationError(errors)


def document_upload(
    *,
    access: FamilyAccess,
    file: IO[bytes],
    title: str,
    part: str,
    kind: str = Document.Kind.LETTER,
    size: int | None = None,
    member: Any = None,
    trajectory: Any = None,
    dated_on: date | None = None,
) -> Document:
    """Check the upload (size, type on content, virus scan: `inspection`), store its bytes
    under a random name and record the document. A refused upload stores nothing, is
    recorded in the audit trail by its reason code and raises `UploadRefused`."""
    access.require_edit()
    family, actor = access.family, access.user
    _check_links(access, part=part, member=member, trajectory=trajectory)
    try:
        found = inspection.inspect(file, size=size)
    except inspection.UploadRefused as refusal:
        audit.record(
            actor=actor,
            action="document.refused",
            obj=family,
            family=family,
            detail={"reason": refusal.reason},
        )
        raise
    storage = documents_storage()
    stored_name = storage.save(f"{uuid.uuid4().hex}.{found.extension}", File(file))
    try:
        with transaction.atomic():
            document = Document(
                family=family,
                member=member,
                trajectory=trajectory,
                part=part,
                kind=kind,
                title=title,
                dated_on=dated_on,
                stored_name=stored_name,
                content_type=found.content_type,
                extension=found.extension,
                size=found.size,
                sha256=found.sha256,
                uploaded_by=actor,
                organisation=access.acting_organisation,
            )
            document.full_clean()
            document.save()
            audit.record(
                actor=actor,
                action="document.uploaded",
                obj=document,
                family=family,
                detail={"part": part, "kind": kind, "type": found.extension},
            )
    except BaseException:
        storage.delete(stored_name)  # no row, no file
        raise
    return document


@transaction.atomic
def document_change(
    *,
    access: FamilyAccess,
    document: Document,
    revision: int | None,
    title: str,
    part: str,
    kind: str,
    member: Any = None,
    trajectory: Any = None,
    dated_on: date | None = None,
) -> Document:
    """Change what is recorded about a document (never its bytes). Moving it to another
    part changes who sees it; the audit trail keeps both parts."""
    access.require_edit()
    if document.family_id != access.family.pk:
        raise ValidationError(_("Dit document hoort niet bij dit gezin."))
    _check_links(access, part=part, member=member, trajectory=trajectory)
    before = document.part
    document.title, document.part, document.kind = title, part, kind
    document.member, document.trajectory, document.dated_on = member, trajectory, dated_on
    document.full_clean()
    save_if_current(document, revision, EDITABLE)
    audit.record(
        actor=access.user,
        action="document.changed",
        obj=document,
        family=access.family,
        detail={"part": part, "from_part": before, "kind": kind},
    )
    return document


@transaction.atomic
def document_delete(*, access: FamilyAccess, document: Document) -> None:
    """Delete the row; its file goes once the deletion is committed (`signals`)."""
    access.require_edit()
    if document.family_id != access.family.pk:
        raise ValidationError(_("Dit document hoort niet bij dit gezin."))
    audit.record(
        actor=access.user,
        action="document.deleted",
        obj=document,
        family=access.family,
        detail={"part": document.part, "kind": document.kind},
    )
    document.delete()


def document_open(*, access: FamilyAccess, document: Document) -> IO[bytes]:
    """The stored bytes of a document the access opens, read for a download: audited."""
    access.require(document.family_part)
    handle = documents_storage().open(document.stored_name, "rb")
    audit.record(
        actor=access.user,
        action="document.downloaded",
        obj=document,
        family=access.family,
        detail={"part": document.part},
    )
    return handle
