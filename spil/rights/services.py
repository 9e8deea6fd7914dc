"""Writes of the rights app: every one audited (codes and uuids only), keyword-only."""

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spil.core import audit
from spil.core.access import Audience, FamilyAccess
from spil.core.versioning import save_if_current
from spil.families import services as family_services
from spil.families.models import Member
from spil.notifications import services as notifications
from spil.notifications.rules import Event

from . import export, tasks
from .models import ANSWER_DAYS, RightsRequest

# What a granted correction may change on the member's own record (never the BSN here: a
# BSN is corrected through the member form, where it is checked and never shown).
CORRECTABLE_FIELDS = ("first_name", "surname", "birth_date", "gender", "lives_in_household")
BY_MEMBER, BY_STAFF = "gezinslid", "hulpverlener"
# What a family member asks for in the portal (a correction has its own page there).
MEMBER_KINDS = (
    RightsRequest.Kind.ACCESS,
    RightsRequest.Kind.ERASURE,
    RightsRequest.Kind.RESTRICTION,
    RightsRequest.Kind.OBJECTION,
)
REQUEST_MAX_LENGTH = 2000


def _member_of(access: FamilyAccess, member: Member) -> None:
    if member.family_id != access.family.pk:
        raise ValidationError(_("Deze persoon hoort niet bij dit gezin."))


def export_person(*, access: FamilyAccess, member: Member, fmt: str) -> export.PersonExport:
    """Build the inzage export and record that it was made (art. 15 is a read too)."""
    _member_of(access, member)
    person = export.build(access=access, member=member)
    audit.record(
        actor=access.user,
        action="rights.exported",
        obj=member,
        family=access.family,
        detail={"formaat": fmt, "door": _by(access)},
    )
    return person


def _by(access: FamilyAccess) -> str:
    """Who made it, as a code for "wie keek": the family member in the portal, or staff."""
    return BY_MEMBER if export.by_member(access) else BY_STAFF


@transaction.atomic
def request_record(
    *,
    access: FamilyAccess,
    member: Member,
    kind: str,
    request: str,
    received_on: date | None = None,
) -> RightsRequest:
    access.require_edit()
    _member_of(access, member)
    received_on = received_on or timezone.localdate()
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": _("Deze datum ligt in de toekomst.")})
    return _record(access, member, kind, request.strip(), received_on, by=BY_STAFF)


def _record(
    access: FamilyAccess, member: Member, kind: str, request: str, received_on: date, *, by: str
) -> RightsRequest:
    """Store a request with its deadline (a month on) and audit it; `by` says who asked
    it to be recorded: the coach, or the member in the portal."""
    item = RightsRequest(
        family=access.family,
        member=member,
        kind=kind,
        request=request,
        received_on=received_on,
        due_on=received_on + timedelta(days=ANSWER_DAYS),
        recorded_by=access.user,
    )
    item.full_clean()
    item.save()
    audit.record(
        actor=access.user,
        action="rights.request_recorded",
        obj=item,
        family=access.family,
        detail={
            "soort": kind,
            "lid": str(member.uuid),
            "uiterlijk": item.due_on.isoformat(),
            "door": by,
        },
    )
    return item


@transaction.atomic
def request_from_member(*, access: FamilyAccess, kind: str, request: str) -> RightsRequest:
    """A family member asks in the portal about their own data: a full overview (art. 15),
    erasure, restriction or objection. Recorded for that member, to be answered within a
    month; the coach and the back-up coach are told (without the member's words)."""
    if not access.may_act() or not access.parts or access.member is None:
        raise PermissionDenied
    # The form checks these first, in the member's words; here they guard the data.
    if kind not in MEMBER_KINDS:
        raise ValidationError({"kind": _("Kies wat u vraagt.")})
    request = (request or "").strip()
    if not request:
        raise ValidationError({"request": _("Schrijf wat u vraagt.")})
    if len(request) > REQUEST_MAX_LENGTH:
        raise ValidationError({"request": _("Schrijf het korter: niet meer dan 2000 tekens.")})
    today = timezone.localdate()
    member = access.member
    if RightsRequest.objects.filter(
        family=access.family,
        member=member,
        kind=kind,
        status=RightsRequest.Status.OPEN,
        received_on=today,
    ).exists():
        raise ValidationError(
            _("Je hebt dit vandaag al gevraagd. Je krijgt binnen een maand antwoord.")
            if access.audience == Audience.YOUNG
            else _("U heeft dit vandaag al gevraagd. U krijgt binnen een maand antwoord.")
        )
    item = _record(access, member, kind, request, today, by=BY_MEMBER)
    notifications.notify(
        event=Event.RIGHTS_REQUESTED, family=access.family, actor=access.user, obj=item
    )
    return item


def _notify(item: RightsRequest) -> str:
    """Have the decision sent to the member when they have an address; else it is recorded
    and the coach passes it on (a letter, a visit). The e-mail leaves after the commit (a
    rolled-back decision tells nobody), by a task that holds the request's uuid only
    (`tasks.send_rights_decision`; docs/adr/0031)."""
    if not tasks.member_email(item.member):
        return RightsRequest.Notified.RECORDED
    key = str(item.uuid)
    transaction.on_commit(lambda: tasks.send_rights_decision.enqueue(request=key))
    return RightsRequest.Notified.EMAIL


@transaction.atomic
def request_decide(
    *,
    access: FamilyAccess,
    item: RightsRequest,
    grant: bool,
    answer: str,
    revision: int | None = None,
    corrected_field: str = "",
    new_value: Any = None,
) -> RightsRequest:
    """Grant or refuse. A refusal needs a reason (it goes to the person). A granted
    correction of the member's own record changes it through the family file's service
    (audited there too) and keeps the old value on the request: the file's history.
    An erasure is decided against the retention duty: granting it here records the
    decision; the file goes when the coach (or the retention run) destroys it."""
    access.require_edit()
    if item.family_id != access.family.pk:
        raise ValidationError(_("Dit verzoek hoort niet bij dit gezin."))
    if item.status != RightsRequest.Status.OPEN:
        raise ValidationError(_("Over dit verzoek is al besloten."))
    answer = answer.strip()
    if not grant and not answer:
        raise ValidationError(
            {"answer": _("Geef de reden van de afwijzing: die gaat naar het gezinslid.")}
        )
    if grant and corrected_field:
        if item.kind != RightsRequest.Kind.CORRECTION:
            raise ValidationError({"corrected_field": _("Alleen bij een correctie.")})
        if corrected_field not in CORRECTABLE_FIELDS:
            raise ValidationError(
                {"corrected_field": _("Dit gegeven kan hier niet worden verbeterd.")}
            )
        member = item.member
        field = Member._meta.get_field(corrected_field)
        old = getattr(member, corrected_field)
        item.corrected_field = corrected_field
        item.old_value = "" if old is None else str(old)
        family_services.member_save(access=access, member=member, **{corrected_field: new_value})
        member.refresh_from_db()
        item.new_value = str(getattr(member, corrected_field) or "")
        if not answer:
            label = str(getattr(field, "verbose_name", corrected_field)).capitalize()
            answer = _("%(field)s is verbeterd.") % {"field": label}
    item.status = RightsRequest.Status.GRANTED if grant else RightsRequest.Status.REFUSED
    item.answer = answer
    item.decided_on = timezone.localdate()
    item.decided_by = access.user
    item.full_clean()
    save_if_current(
        item,
        revision,
        fields=[
            "status",
            "answer",
            "decided_on",
            "decided_by",
            "corrected_field",
            "old_value",
            "new_value",
        ],
    )
    item.notified = _notify(item)
    RightsRequest.objects.filter(pk=item.pk).update(notified=item.notified)
    audit.record(
        actor=access.user,
        action="rights.request_granted" if grant else "rights.request_refused",
        obj=item,
        family=access.family,
        detail={"soort": item.kind, "gegeven": corrected_field, "bericht": item.notified},
    )
    return item
