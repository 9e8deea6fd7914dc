from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spil.core import access, audit
from spil.families.models import Family, Involvement, Member

from .models import Contact


@transaction.atomic
def contact_log(
    *,
    actor: Any,
    family: Family,
    occurred_at: datetime,
    kind: str = Contact.Kind.HOME_VISIT,
    members: list[Member] | None = None,
    involvements: list[Involvement] | None = None,
    duration_minutes: int | None = None,
    summary: str = "",
    working_note: str = "",
    is_crisis: bool = False,
) -> Contact:
    """Log a contact in seconds: only the moment is required."""
    if occurred_at > timezone.now() + timedelta(minutes=5):
        raise ValidationError({"occurred_at": _("Dit moment ligt in de toekomst.")})
    if any(m.family_id != family.id for m in members or []):
        raise ValidationError({"members": _("Kies alleen leden van dit gezin.")})
    if any(i.family_id != family.id for i in involvements or []):
        raise ValidationError({"involvements": _("Kies alleen hulpverleners van dit gezin.")})
    contact = Contact(
        family=family,
        occurred_at=occurred_at,
        kind=kind,
        duration_minutes=duration_minutes,
        summary=summary.strip(),
        working_note=working_note.strip(),
        is_crisis=is_crisis,
        author=actor,
        author_organisation=access.primary_organisation(actor),
    )
    contact.full_clean()
    contact.save()
    contact.members.set(members or [])
    contact.involvements.set(involvements or [])
    # Codes only: the summary and working note stay out of the trail.
    audit.record(
        actor=actor,
        action="contact.logged",
        obj=contact,
        family=family,
        detail={"kind": kind, "crisis": is_crisis},
    )
    return contact
