from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from spil.core import audit
from spil.core.validators import normalise_postcode

from .models import Consent, Family, Involvement, Member


@dataclass(frozen=True)
class MemberData:
    role: str
    first_name: str
    surname: str
    birth_date: date | None = None
    bsn: str = ""
    lives_in_household: bool = True
    gender: str = "onbekend"
    is_deceased: bool = False
    has_parental_authority: bool = False


@dataclass(frozen=True)
class InvolvementData:
    role: str
    organisation_name: str = ""
    worker_name: str = ""
    worker: Any = None
    contact: str = ""


@transaction.atomic
def family_create(
    *,
    actor: Any,
    name: str,
    postcode: str = "",
    house_number: str = "",
    members: list[MemberData],
    involvements: list[InvolvementData] | None = None,
    since: date | None = None,
) -> Family:
    family = Family(name=name, postcode=normalise_postcode(postcode), house_number=house_number)
    family.full_clean()
    family.save()
    for data in members:
        member = Member(family=family, **data.__dict__)
        member.full_clean()
        member.save()
    for helper in involvements or []:
        involvement = Involvement(family=family, since=since, **helper.__dict__)
        involvement.full_clean()
        involvement.save()
    audit.record(actor=actor, action="family.created", obj=family, family=family)
    return family


@transaction.atomic
def consent_record(
    *,
    actor: Any,
    family: Family,
    kind: str,
    given_by: Member,
    parties: str,
    purpose: str,
    given_on: date,
    valid_until: date | None = None,
) -> Consent:
    if given_by.family_id != family.id:
        raise ValidationError({"given_by": _("Deze persoon hoort niet bij dit gezin.")})
    if valid_until and valid_until < given_on:
        raise ValidationError({"valid_until": _("Geldig tot ligt vóór de datum van toestemming.")})
    consent = Consent(
        family=family,
        kind=kind,
        given_by=given_by,
        parties=parties.strip(),
        purpose=purpose.strip(),
        given_on=given_on,
        valid_until=valid_until,
        recorded_by=actor,
    )
    consent.full_clean()
    consent.save()
    audit.record(
        actor=actor, action="consent.recorded", obj=consent, family=family, detail={"kind": kind}
    )
    return consent
