from datetime import datetime
from typing import Any

from django.db.models import Max, QuerySet

from spil.core import access
from spil.families.models import Family

from .models import Contact


def contacts_for_family(*, user: Any, family: Family) -> list[Contact]:
    """The family's contacts the user may read; working notes of other organisations are
    blanked (they never leave the author's organisation)."""
    parts = access.family_parts(user, family)
    if access.FamilyPart.CONTACTS not in parts:
        return []
    own_organisations = set(access.organisations_of(user))
    contacts = list(
        Contact.objects.filter(family=family)
        .select_related("author", "author_organisation")
        .prefetch_related("members", "involvements")
    )
    for contact in contacts:
        if contact.author_organisation_id not in own_organisations:
            contact.working_note = ""
    return contacts


def last_contacts(*, family_ids: list[int]) -> dict[int, datetime]:
    """The latest contact per family, in one query."""
    rows: QuerySet[Any] = (
        Contact.objects.filter(family_id__in=family_ids)
        .values("family_id")
        .annotate(last=Max("occurred_at"))
        .order_by()
    )
    return {row["family_id"]: row["last"] for row in rows}
