from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from .models import Family, Involvement, InvolvementRole


@dataclass
class DuplicateCandidate:
    family: Family
    reasons: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PersonKey:
    surname: str
    birth_date: date | None
    bsn: str = ""


def duplicate_candidates(
    *, people: list[PersonKey], postcode: str, house_number: str
) -> list[DuplicateCandidate]:
    """Families that look like the one described: same BSN of a member, same surname and
    birth date, or same postcode and house number. Reasons are shown to the coordinator."""
    found: dict[int, DuplicateCandidate] = {}

    def add(families: QuerySet[Family], reason: str) -> None:
        for family in families:
            candidate = found.setdefault(family.id, DuplicateCandidate(family=family))
            if reason not in candidate.reasons:
                candidate.reasons.append(reason)

    bsns = [p.bsn for p in people if p.bsn]
    if bsns:
        add(Family.objects.filter(members__bsn__in=bsns).distinct(), _("zelfde BSN"))
    name_dates = Q()
    for person in people:
        if person.surname and person.birth_date:
            name_dates |= Q(
                members__surname__iexact=person.surname, members__birth_date=person.birth_date
            )
    if name_dates:
        add(
            Family.objects.filter(name_dates).distinct(),
            _("zelfde achternaam en geboortedatum"),
        )
    if postcode and house_number:
        add(
            Family.objects.filter(postcode=postcode, house_number__iexact=house_number),
            _("zelfde postcode en huisnummer"),
        )
    return sorted(found.values(), key=lambda c: (-len(c.reasons), c.family.name))


def gezinsvoogd_user_ids(*, family: Family, on: date) -> set[Any]:
    """Spil users who are this family's gezinsvoogd (guardian with legal power) on a date."""
    return set(
        Involvement.objects.filter(
            family=family, role=InvolvementRole.GEZINSVOOGD, worker__isnull=False
        )
        .filter(Q(until__isnull=True) | Q(until__gte=on))
        .values_list("worker_id", flat=True)
    )


def valid_consent(*, family: Family, kind: str, on: date) -> Any:
    """The most recent consent of `kind` that holds on `on`, or None."""
    for consent in family.consents.filter(kind=kind).order_by("-given_on"):
        if consent.is_valid_on(on):
            return consent
    return None
