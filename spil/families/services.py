from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from spil.accounts.models import Organisation
from spil.core import access as policy
from spil.core import audit, events
from spil.core.access import FamilyAccess
from spil.core.roles import Role
from spil.core.validators import normalise_postcode, not_in_future
from spil.core.versioning import save_if_current

from .models import (
    Consent,
    EmergencyAccess,
    Family,
    FamilyRole,
    Involvement,
    Member,
    NetworkContact,
    Relation,
)


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
    languages: str = ""
    interpreter_needed: bool = False
    literacy_support: bool = False
    portal_language: str = "nl"


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


def _record(actor: Any, action: str, family: Family, obj: Any, **detail: Any) -> None:
    audit.record(actor=actor, action=action, obj=obj, family=family, detail=detail or None)


# --- Writes for the meldpunt -----------------------------------------------------------
# A family page writes with its `FamilyAccess`: each service below that adds to a family
# takes `access`, requires edit and writes as `access.user`. The meldpunt also writes into
# a family, while it works a referral: the people and helpers a referral names, the consent
# to gather information, the coach it matched. Its right there is the referral's (intake
# checks `require_work_referral`), not the family file's: the policy opens the file to a
# coordinator only while a referral of theirs is in intake, which intake does not require
# of every step (linking a returned referral to a known family, say), so asking the policy
# there could refuse what intake allows, and would ask it outside a family page. Like
# `family_create` and `trajectory_open`, intake's writes stay actor-based: it calls the
# `..._for_referral` functions, which share the checks and the audit of the page's
# service through one internal function.

# --- The worker-safety note (issue 20 point 7) --------------------------------------------

SAFETY_NOTE_FIELDS = ("safety_note", "safety_note_on", "safety_note_by")


@transaction.atomic
def safety_note_save(
    *, access: FamilyAccess, safety_note: str, revision: int | None = None
) -> Family:
    """Write (or clear) the family's worker-safety note: a practical warning for whoever
    visits, dated today and signed by the writer. A stale form is refused (StaleEdit)."""
    access.require_edit()
    family = access.family
    note = (safety_note or "").strip()
    family.safety_note = note
    family.safety_note_on = timezone.localdate() if note else None
    family.safety_note_by = access.user if note else None
    family.full_clean()
    save_if_current(family, revision, fields=SAFETY_NOTE_FIELDS)
    _record(
        access.user,
        "family.safety_note_changed" if note else "family.safety_note_cleared",
        family,
        family,
    )
    return family


# --- Members and relations ------------------------------------------------------------

MEMBER_FIELDS = (
    "role",
    "first_name",
    "surname",
    "birth_date",
    "gender",
    "lives_in_household",
    "is_deceased",
    "has_parental_authority",
    "bsn",
    "languages",
    "interpreter_needed",
    "literacy_support",
    "portal_language",
)


def member_save(
    *,
    access: FamilyAccess,
    member: Member | None = None,
    revision: int | None = None,
    **fields: Any,
) -> Member:
    """Add a member, or change one; only the fields given are changed. A change from a
    form carries the `revision` the form showed: a stale one is refused (StaleEdit)."""
    access.require_edit()
    return _member_save(
        actor=access.user, family=access.family, member=member, revision=revision, **fields
    )


def member_add_for_referral(*, actor: Any, family: Family, **fields: Any) -> Member:
    """The meldpunt adds a person its referral names (see "Writes for the meldpunt")."""
    return _member_save(actor=actor, family=family, member=None, **fields)


@transaction.atomic
def _member_save(
    *,
    actor: Any,
    family: Family,
    member: Member | None,
    revision: int | None = None,
    **fields: Any,
) -> Member:
    member = member or Member(family=family)
    if member.family_id and member.family_id != family.id:
        raise ValidationError(_("Deze persoon hoort niet bij dit gezin."))
    for name, value in fields.items():
        if name not in MEMBER_FIELDS:
            raise TypeError(name)
        setattr(member, name, value.strip() if isinstance(value, str) else value)
    if member.birth_date and member.birth_date > timezone.localdate():
        raise ValidationError({"birth_date": _("De geboortedatum ligt in de toekomst.")})
    adding = member._state.adding
    member.full_clean()
    if adding:
        member.save()
    else:
        save_if_current(member, revision, fields=MEMBER_FIELDS)
    # Which fields changed is recorded by name only, never by value (a BSN stays out).
    _record(
        actor, "member.added" if adding else "member.changed", family, member, fields=sorted(fields)
    )
    return member


@transaction.atomic
def relation_add(
    *,
    access: FamilyAccess,
    from_member: Member,
    to_member: Member,
    kind: str,
    parentage: str = "",
    quality: str = Relation.Quality.NORMAL,
) -> Relation:
    access.require_edit()
    actor, family = access.user, access.family
    if from_member.family_id != family.id or to_member.family_id != family.id:
        raise ValidationError(_("Kies twee leden van dit gezin."))
    if from_member.pk == to_member.pk:
        raise ValidationError(
            {"to_member": _("Iemand kan geen relatie met zichzelf hebben, ook niet als ouder.")}
        )
    if kind == Relation.Kind.PARENT_OF:
        if not parentage:
            raise ValidationError({"parentage": _("Kies het soort ouderschap.")})
        if _is_ancestor(family, ancestor=to_member, of=from_member):
            raise ValidationError(
                {
                    "to_member": _(
                        "Dit kind is al (voor)ouder van deze persoon. Kijk de richting na."
                    )
                }
            )
    else:
        parentage = ""
        # Symmetric ties are stored once, in a fixed order, so they cannot be doubled.
        if from_member.pk > to_member.pk:
            from_member, to_member = to_member, from_member
    if Relation.objects.filter(from_member=from_member, to_member=to_member, kind=kind).exists():
        raise ValidationError(_("Deze relatie staat er al."))
    relation = Relation(
        family=family,
        from_member=from_member,
        to_member=to_member,
        kind=kind,
        parentage=parentage,
        quality=quality,
    )
    relation.full_clean()
    relation.save()
    _record(actor, "relation.added", family, relation, kind=kind)
    return relation


def _is_ancestor(family: Family, *, ancestor: Member, of: Member) -> bool:
    parents: dict[int, set[int]] = {}
    for parent_id, child_id in Relation.objects.filter(
        family=family, kind=Relation.Kind.PARENT_OF
    ).values_list("from_member_id", "to_member_id"):
        parents.setdefault(child_id, set()).add(parent_id)
    seen: set[int] = set()
    todo = [of.pk]
    while todo:
        current = todo.pop()
        for parent in parents.get(current, ()):
            if parent == ancestor.pk:
                return True
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return False


@transaction.atomic
def relation_remove(*, actor: Any, relation: Relation) -> None:
    family = relation.family
    _record(actor, "relation.removed", family, relation, kind=relation.kind)
    relation.delete()


# --- Network --------------------------------------------------------------------------

NETWORK_FIELDS = (
    "name",
    "relation",
    "sector",
    "practical_support",
    "financial_support",
    "emotional_support",
    "influence",
    "aware_of_problems",
    "tie",
)


@transaction.atomic
def network_contact_save(
    *,
    access: FamilyAccess,
    contact: NetworkContact | None = None,
    revision: int | None = None,
    **fields: Any,
) -> NetworkContact:
    access.require_edit()
    actor, family = access.user, access.family
    contact = contact or NetworkContact(family=family)
    for name, value in fields.items():
        if name not in NETWORK_FIELDS:
            raise TypeError(name)
        setattr(contact, name, value.strip() if isinstance(value, str) else value)
    adding = contact._state.adding
    contact.full_clean()
    if adding:
        contact.save()
    else:
        save_if_current(contact, revision, fields=NETWORK_FIELDS)
    _record(actor, "network.added" if adding else "network.changed", family, contact)
    return contact


@transaction.atomic
def network_contact_remove(*, actor: Any, contact: NetworkContact) -> None:
    _record(actor, "network.removed", contact.family, contact)
    contact.delete()


# --- The team around the family -------------------------------------------------------


def involvement_add(
    *,
    access: FamilyAccess,
    role: str,
    organisation: Any = None,
    organisation_name: str = "",
    worker: Any = None,
    worker_name: str = "",
    contact: str = "",
    powers: str = "",
    since: date | None = None,
    is_coordinator: bool = False,
) -> Involvement:
    """Add a worker to the team around the family."""
    access.require_edit()
    return _involvement_add(
        actor=access.user,
        family=access.family,
        role=role,
        organisation=organisation,
        organisation_name=organisation_name,
        worker=worker,
        worker_name=worker_name,
        contact=contact,
        powers=powers,
        since=since,
        is_coordinator=is_coordinator,
    )


def involvement_add_for_referral(*, actor: Any, family: Family, **fields: Any) -> Involvement:
    """The meldpunt adds a helper its referral names, or the coach it matched (see
    "Writes for the meldpunt")."""
    return _involvement_add(actor=actor, family=family, **fields)


@transaction.atomic
def _involvement_add(
    *,
    actor: Any,
    family: Family,
    role: str,
    organisation: Any = None,
    organisation_name: str = "",
    worker: Any = None,
    worker_name: str = "",
    contact: str = "",
    powers: str = "",
    since: date | None = None,
    is_coordinator: bool = False,
) -> Involvement:
    # The organisation is often known before the worker is; one of them must be named.
    if organisation is None and not organisation_name.strip() and worker is None:
        raise ValidationError({"organisation_name": _("Noem de organisatie of de hulpverlener.")})
    if is_coordinator and _current_coordinator(family) is not None:
        raise ValidationError(
            {
                "is_coordinator": _(
                    "Er is al een regiehouder. Eén gezin heeft één verantwoordelijke "
                    "coördinator; draag de regie eerst over."
                )
            }
        )
    involvement = Involvement(
        family=family,
        role=role,
        organisation=organisation,
        organisation_name=organisation_name.strip(),
        worker=worker,
        worker_name=worker_name.strip(),
        contact=contact.strip(),
        powers=powers.strip(),
        since=since or timezone.localdate(),
        is_coordinator=is_coordinator,
    )
    involvement.full_clean()
    involvement.save()
    _record(actor, "involvement.added", family, involvement, role=role)
    return involvement


def _current_coordinator(family: Family) -> Involvement | None:
    return family.involvements.filter(is_coordinator=True, until__isnull=True).first()


@transaction.atomic
def involvement_make_coordinator(*, actor: Any, involvement: Involvement) -> Involvement:
    """Hand the responsible coordination to this worker; the previous one keeps working."""
    if involvement.until is not None:
        raise ValidationError(_("Deze hulpverlener is niet meer betrokken."))
    family = involvement.family
    current = _current_coordinator(family)
    if current is not None and current.pk != involvement.pk:
        current.is_coordinator = False
        current.save(update_fields=["is_coordinator", "updated_at"])
    involvement.is_coordinator = True
    involvement.save(update_fields=["is_coordinator", "updated_at"])
    _record(actor, "involvement.coordinator_set", family, involvement)
    return involvement


@transaction.atomic
def involvement_end(*, actor: Any, involvement: Involvement, until: date) -> Involvement:
    if involvement.until is not None:
        raise ValidationError(_("Deze betrokkenheid is al beëindigd."))
    if involvement.since and until < involvement.since:
        raise ValidationError({"until": _("De einddatum ligt vóór de startdatum.")})
    involvement.until = until
    involvement.full_clean()
    involvement.save(update_fields=["until", "updated_at"])
    _record(actor, "involvement.ended", involvement.family, involvement)
    return involvement


@transaction.atomic
def involvement_change_worker(
    *,
    actor: Any,
    involvement: Involvement,
    on: date,
    worker: Any = None,
    worker_name: str = "",
    contact: str = "",
) -> Involvement:
    """A change of worker: the old involvement ends, a new one succeeds it (history kept);
    coordination passes to the successor."""
    if worker is None and not worker_name.strip():
        raise ValidationError({"worker_name": _("Noem de nieuwe hulpverlener.")})
    was_coordinator = involvement.is_coordinator
    involvement.is_coordinator = False
    involvement.save(update_fields=["is_coordinator", "updated_at"])
    involvement_end(actor=actor, involvement=involvement, until=on)
    successor = Involvement(
        family=involvement.family,
        role=involvement.role,
        organisation=involvement.organisation,
        organisation_name=involvement.organisation_name,
        worker=worker,
        worker_name=worker_name.strip(),
        contact=contact.strip(),
        powers=involvement.powers,
        since=on,
        is_coordinator=was_coordinator,
        succeeded=involvement,
    )
    successor.full_clean()
    successor.save()
    _record(actor, "involvement.worker_changed", involvement.family, successor)
    events.emit(
        events.WorkerChanged(
            family_id=involvement.family_id, actor_id=actor.pk, involvement_id=successor.pk
        )
    )
    return successor


# --- Consent --------------------------------------------------------------------------

PARENT_ROLES = {FamilyRole.PARENT, FamilyRole.STEP_PARENT, FamilyRole.FOSTER_PARENT}
OWN_DATA_AGE = 12


def _check_giver(
    family: Family, given_by: Member | None, representative: str, concerns: Member | None, on: date
) -> None:
    """A member with the right to decide, or — instead of a member — a legal
    representative (e.g. the guardian of a certified institution) named in words."""
    if given_by is not None and representative:
        raise ValidationError(
            {"representative": _("Kies een gezinslid óf noem een wettelijk vertegenwoordiger.")}
        )
    if given_by is None:
        if not representative:
            raise ValidationError(
                {
                    "given_by": _(
                        "Wie gaf toestemming? Kies een gezinslid of noem de wettelijk "
                        "vertegenwoordiger."
                    )
                }
            )
        if concerns is not None and concerns.family_id != family.id:
            raise ValidationError({"concerns_member": _("Deze persoon hoort niet bij dit gezin.")})
        return
    if given_by.family_id != family.id:
        raise ValidationError({"given_by": _("Deze persoon hoort niet bij dit gezin.")})
    if concerns is not None and concerns.family_id != family.id:
        raise ValidationError({"concerns_member": _("Deze persoon hoort niet bij dit gezin.")})
    if given_by.has_parental_authority and given_by.role in PARENT_ROLES:
        return
    age = given_by.age_on(on)
    if (
        concerns is not None
        and concerns.pk == given_by.pk
        and age is not None
        and age >= OWN_DATA_AGE
    ):
        return
    raise ValidationError(
        {
            "given_by": _(
                "Toestemming geeft een ouder met gezag, of een kind vanaf 12 jaar voor de "
                "eigen gegevens."
            )
        }
    )


def consent_record(
    *,
    access: FamilyAccess,
    kind: str,
    given_by: Member | None,
    given_on: date,
    purpose: str = "",
    parties: str = "",
    organisation: Any = None,
    parts: list[str] | None = None,
    concerns_member: Member | None = None,
    valid_until: date | None = None,
    representative: str = "",
    given_how: str = Consent.How.UNKNOWN,
    form_reference: str = "",
) -> Consent:
    """Record a consent the family gave: who gave it (a member or the legal
    representative) and how (in a conversation or meeting, on a signed form)."""
    access.require_edit()
    if given_how == Consent.How.PORTAL:
        raise ValidationError(
            {"given_how": _("Toestemming in het portaal geeft het gezin daar zelf.")}
        )
    return _consent_record(
        actor=access.user,
        family=access.family,
        kind=kind,
        given_by=given_by,
        representative=representative,
        given_how=given_how,
        form_reference=form_reference,
        given_on=given_on,
        purpose=purpose,
        parties=parties,
        organisation=organisation,
        parts=parts,
        concerns_member=concerns_member,
        valid_until=valid_until,
    )


def consent_record_for_referral(*, actor: Any, family: Family, **fields: Any) -> Consent:
    """The meldpunt records the family's consent to gather information for its
    assessment (see "Writes for the meldpunt")."""
    return _consent_record(actor=actor, family=family, **fields)


@transaction.atomic
def _consent_record(*, actor: Any, family: Family, kind: str, **fields: Any) -> Consent:
    consent = _consent_new(actor=actor, family=family, kind=kind, **fields)
    _record(
        actor,
        "consent.recorded",
        family,
        consent,
        kind=kind,
        parts=consent.parts,
        how=consent.given_how,
        representative=not consent.given_by_id,
    )
    if kind == Consent.Kind.SHARE:
        events.emit(
            events.InformationShared(family_id=family.pk, actor_id=actor.pk, consent_id=consent.pk)
        )
    return consent


def _consent_new(
    *,
    actor: Any,
    family: Family,
    kind: str,
    given_by: Member | None,
    given_on: date,
    purpose: str = "",
    parties: str = "",
    organisation: Any = None,
    parts: list[str] | None = None,
    concerns_member: Member | None = None,
    valid_until: date | None = None,
    representative: str = "",
    given_how: str = Consent.How.UNKNOWN,
    form_reference: str = "",
) -> Consent:
    """The one validation of a new consent (who may give it and how, its dates, what a
    sharing consent names), then stored; the caller records the audit event. Staff and the
    family's portal both come here."""
    representative = (representative or "").strip()
    form_reference = (form_reference or "").strip()
    _check_giver(family, given_by, representative, concerns_member, given_on)
    if given_how not in Consent.How.values:
        raise ValidationError({"given_how": _("Kies hoe de toestemming is gegeven.")})
    if given_how == Consent.How.SIGNED_FORM and not form_reference:
        raise ValidationError(
            {"form_reference": _("Noem het kenmerk of de vindplaats van het getekende formulier.")}
        )
    if given_how != Consent.How.SIGNED_FORM:
        form_reference = ""
    not_in_future(given_on, "given_on")
    if valid_until and valid_until < given_on:
        raise ValidationError({"valid_until": _("Geldig tot ligt vóór de datum van toestemming.")})
    parts = sorted(set(parts or []))
    if kind == Consent.Kind.SHARE:
        errors = {}
        if organisation is None:
            errors["organisation"] = _("Noem de organisatie waarmee gedeeld mag worden.")
        if not purpose.strip():
            errors["purpose"] = _("Noem het doel: waarvoor mag de organisatie het gebruiken?")
        if not parts:
            errors["parts"] = _("Kies welke onderdelen gedeeld mogen worden.")
        if errors:
            raise ValidationError(errors)
        unknown = set(parts) - set(Consent.Part.values)
        if unknown:
            raise ValidationError({"parts": _("Onbekend onderdeel.")})
    else:
        organisation, parts = None, []
    consent = Consent(
        family=family,
        kind=kind,
        given_by=given_by,
        representative=representative,
        given_how=given_how,
        form_reference=form_reference,
        parties=parties.strip(),
        purpose=purpose.strip(),
        organisation=organisation,
        parts=parts,
        concerns_member=concerns_member,
        given_on=given_on,
        valid_until=valid_until,
        recorded_by=actor,
    )
    consent.full_clean()
    consent.save()
    return consent


@transaction.atomic
def consent_withdraw(*, actor: Any, consent: Consent, on: date) -> Consent:
    """Withdrawal takes effect at once: access is computed per request from this date."""
    _consent_withdrawn(consent, on)
    _record(actor, "consent.withdrawn", consent.family, consent, kind=consent.kind)
    return consent


def _consent_withdrawn(consent: Consent, on: date) -> None:
    """The one check and write of a withdrawal (staff and the family's portal)."""
    if consent.withdrawn_on is not None:
        raise ValidationError(_("Deze toestemming is al ingetrokken."))
    if on < consent.given_on:
        raise ValidationError({"withdrawn_on": _("Intrekken kan niet vóór het geven.")})
    consent.withdrawn_on = on
    consent.save(update_fields=["withdrawn_on", "updated_at"])


# --- Consent given and withdrawn by the family in its portal (issue 14) ---------------
# Who decides is the policy's (`FamilyAccess.may_change_consent`); what a consent must
# name is `_consent_new`'s, as for staff. A withdrawal takes effect at once: the policy
# reads consents afresh on every request.

# What a consent given in the portal is for (the model asks a purpose of every sharing
# consent; the family does not have to write one).
FAMILY_CONSENT_PURPOSE = "Samenwerken in de hulp aan het gezin (gegeven in het portaal)"


def family_consent_organisations(*, family: Family, on: date | None = None) -> list[Any]:
    """The organisations in Spil the family may give consent to in its portal: those of
    the team around the family now (an involvement that has begun and not ended)."""
    on = on or timezone.localdate()
    involved = (
        Involvement.objects.filter(family=family, organisation__isnull=False)
        .filter(Q(since__isnull=True) | Q(since__lte=on))
        .filter(Q(until__isnull=True) | Q(until__gte=on))
        .values("organisation_id")
    )
    return list(Organisation.objects.filter(pk__in=involved).order_by("name", "id"))


def family_consent_subjects(*, access: FamilyAccess) -> list[Member | None]:
    """About whom the member may give a consent: None is the whole family; then the
    members the policy lets them decide for (a parent: themselves and children under 16;
    a young person from 16: themselves). Empty in a coach's preview and for 12–15."""
    if not access.may_act():
        return []
    subjects: list[Member | None] = []
    if access.may_change_consent(concerns_member=None):
        subjects.append(None)
    members = access.family.members.filter(is_deceased=False).order_by("birth_date", "id")
    subjects += [m for m in members if access.may_change_consent(concerns_member=m)]
    return subjects


def family_may_withdraw(access: FamilyAccess, consent: Consent, on: date | None = None) -> bool:
    """Whether the member may withdraw this consent in the portal: a sharing consent of
    their own family that holds today, about someone they decide for."""
    on = on or timezone.localdate()
    return (
        access.may_act()
        and consent.family_id == access.family.pk
        and consent.kind == Consent.Kind.SHARE
        and consent.is_valid_on(on)
        and access.sees_member_data(consent.concerns_member_id)
        and access.may_change_consent(concerns_member=consent.concerns_member)
    )


@transaction.atomic
def family_give_consent(
    *,
    access: FamilyAccess,
    organisation: Any,
    parts: list[str],
    concerns_member: Member | None = None,
    valid_until: date | None = None,
    purpose: str = "",
) -> Consent:
    """A member gives consent to share parts of the file with an organisation of the
    team around the family, from today. Refused in a coach's preview (404)."""
    if not access.may_act():
        raise Http404
    family, member = access.family, access.member
    if concerns_member is not None and concerns_member.family_id != family.pk:
        raise Http404
    if not access.may_change_consent(concerns_member=concerns_member):
        raise ValidationError(_("Over deze toestemming beslist iemand anders in het gezin."))
    today = timezone.localdate()
    if organisation is None or organisation.pk not in {
        o.pk for o in family_consent_organisations(family=family, on=today)
    }:
        raise ValidationError({"organisation": _("Kies een organisatie die het gezin nu helpt.")})
    if not isinstance(parts, (list, tuple)) or not all(isinstance(p, str) for p in parts):
        raise ValidationError({"parts": _("Onbekend onderdeel.")})
    if (
        Consent.objects.valid_on(today)
        .filter(
            family=family,
            kind=Consent.Kind.SHARE,
            organisation=organisation,
            concerns_member=concerns_member,
        )
        .exists()
    ):
        raise ValidationError(
            {
                "organisation": _(
                    "Deze organisatie heeft al toestemming. Iets veranderen? Trek die "
                    "toestemming eerst in en geef daarna een nieuwe."
                )
            }
        )
    consent = _consent_new(
        actor=access.user,
        family=family,
        kind=Consent.Kind.SHARE,
        given_by=member,
        given_how=Consent.How.PORTAL,
        given_on=today,
        purpose=purpose.strip() or FAMILY_CONSENT_PURPOSE,
        organisation=organisation,
        parts=list(parts),
        concerns_member=concerns_member,
        valid_until=valid_until,
    )
    _record(
        access.user,
        "consent.family_given",
        family,
        consent,
        kind=consent.kind,
        parts=consent.parts,
        lid=str(member.uuid),
    )
    events.emit(
        events.ConsentChangedByFamily(
            family_id=family.pk,
            actor_id=access.user.pk,
            member_id=member.pk,
            consent_id=consent.pk,
            withdrawn=False,
        )
    )
    return consent


@transaction.atomic
def family_withdraw_consent(*, access: FamilyAccess, consent: Consent) -> Consent:
    """A member withdraws a sharing consent, from today: the organisation loses the parts
    at once (the policy reads consents on every request). Refused in a coach's preview and
    for a consent the member does not see (404)."""
    if not access.may_act() or consent.family_id != access.family.pk:
        raise Http404
    if not access.sees_member_data(consent.concerns_member_id):
        raise Http404
    # Read afresh and lock: two members withdrawing at once withdraw once.
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    today = timezone.localdate()
    if consent.kind != Consent.Kind.SHARE:
        raise ValidationError(_("Deze toestemming trekt het gezin in samen met de coach."))
    if not access.may_change_consent(concerns_member=consent.concerns_member):
        raise ValidationError(_("Over deze toestemming beslist iemand anders in het gezin."))
    if not consent.is_valid_on(today):
        raise ValidationError(_("Deze toestemming geldt al niet meer."))
    _consent_withdrawn(consent, today)
    member = access.member
    _record(
        access.user,
        "consent.family_withdrawn",
        access.family,
        consent,
        kind=consent.kind,
        lid=str(member.uuid),
    )
    events.emit(
        events.ConsentChangedByFamily(
            family_id=access.family.pk,
            actor_id=access.user.pk,
            member_id=member.pk,
            consent_id=consent.pk,
            withdrawn=True,
        )
    )
    return consent


# --- Break-the-glass (noodtoegang, issue 18) --------------------------------------------

EMERGENCY_OPENED = "family.emergency_opened"


@transaction.atomic
def emergency_access_open(
    *, actor: Any, family: Family, reason: str, explanation: str
) -> EmergencyAccess:
    """Open `family` to `actor` for SPIL_EMERGENCY_ACCESS_HOURS: a teamleider or meldpunt
    coordinator who gives a reason. The policy (`core.access`) then grants the whole file;
    the audit trail holds the reason code only, never the text; the coach is told. Someone
    who already has access needs none and is refused."""
    if not policy.may_break_glass(actor):
        raise Http404
    if policy.family_parts(actor, family):
        raise ValidationError(_("U hebt al toegang tot dit gezin; noodtoegang is niet nodig."))
    opening = EmergencyAccess(
        family=family,
        user=actor,
        organisation=_emergency_organisation(actor),
        reason=reason,
        explanation=explanation.strip(),
        opened_at=timezone.now(),
    )
    opening.full_clean()
    opening.save()
    audit.record(
        actor=actor,
        action=EMERGENCY_OPENED,
        obj=opening,
        family=family,
        organisation=opening.organisation,
        detail={"reason": reason, "hours": policy.emergency_hours()},
    )
    events.emit(
        events.EmergencyAccessOpened(
            family_id=family.pk, actor_id=actor.pk, emergency_access_id=opening.pk
        )
    )
    return opening


def _emergency_organisation(actor: Any) -> Any:
    """Where the opener breaks the glass as teamleider or coordinator (for the weekly list
    of that organisation's beheerder)."""
    organisations = {o.pk: o for o in Organisation.objects.filter(memberships__user=actor)}
    for role in (Role.TEAM_LEAD, Role.COORDINATOR):
        ids = policy.organisations_with_role(actor, role)
        if ids:
            return organisations.get(ids[0])
    return None
