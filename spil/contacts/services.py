"""Every write of daily work: contacts, appointments, promises and the crisis log.

Keyword-only, validated (`full_clean`), in a transaction, and recorded in the audit trail
with codes only — never a summary, a note or a name.
"""

from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from spil.core import access as policy
from spil.core import audit, events
from spil.core.access import Capability, FamilyAccess
from spil.core.versioning import StaleEdit, check_current, save_if_current
from spil.families.models import Family, Involvement, Member

from . import selectors
from .models import Appointment, Contact, Crisis, Promise, WhatIfAgreement

# --- Contacts -------------------------------------------------------------------------


def _same_family(
    family: Family,
    members: list[Member] | None,
    involvements: list[Involvement] | None,
) -> None:
    if any(m.family_id != family.id for m in members or []):
        raise ValidationError({"members": _("Kies alleen leden van dit gezin.")})
    if any(i.family_id != family.id for i in involvements or []):
        raise ValidationError({"involvements": _("Kies alleen hulpverleners van dit gezin.")})


@transaction.atomic
def contact_log(
    *,
    access: FamilyAccess,
    occurred_at: datetime,
    kind: str = Contact.Kind.HOME_VISIT,
    members: list[Member] | None = None,
    involvements: list[Involvement] | None = None,
    duration_minutes: int | None = None,
    summary: str = "",
    working_note: str = "",
    is_crisis: bool = False,
) -> Contact:
    """Log a contact in seconds: only the moment is required. A contact flagged as a
    crisis gets its entry in the crisis log at once (linked, so it is counted once)."""
    access.require_edit()
    actor, family = access.user, access.family
    if occurred_at > timezone.now() + timedelta(minutes=5):
        raise ValidationError({"occurred_at": _("Dit moment ligt in de toekomst.")})
    _same_family(family, members, involvements)
    contact = Contact(
        family=family,
        occurred_at=occurred_at,
        kind=kind,
        duration_minutes=duration_minutes,
        summary=summary.strip(),
        working_note=working_note.strip(),
        is_crisis=is_crisis,
        author=actor,
        author_organisation=access.acting_organisation,
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
        organisation=contact.author_organisation,
        detail={"kind": kind, "crisis": is_crisis},
    )
    if is_crisis:
        crisis = Crisis(
            family=family,
            occurred_at=occurred_at,
            contact=contact,
            recorded_by=actor,
            organisation=contact.author_organisation,
        )
        crisis.full_clean()
        crisis.save()
        audit.record(
            actor=actor,
            action="crisis.recorded",
            obj=crisis,
            family=family,
            organisation=crisis.organisation,
            detail={"from_contact": True},
        )
    return contact


# --- Appointments ---------------------------------------------------------------------

# What may be set afterwards. "Kept" and "no-show" need the appointment to have begun; a
# cancellation may be known beforehand.
OUTCOMES = (
    Appointment.Status.KEPT,
    Appointment.Status.CANCELLED_BY_FAMILY,
    Appointment.Status.CANCELLED_BY_WORKER,
    Appointment.Status.NO_SHOW,
)
ONLY_AFTER_START = (Appointment.Status.KEPT, Appointment.Status.NO_SHOW)
MAX_APPOINTMENT = timedelta(hours=24)


def works_as_coach(access: FamilyAccess, user: Any) -> bool:
    """Whether `user` may hold an appointment or make a promise as the family's coach: the
    user of the access when they keep the whole file, or the coach or back-up coach of the
    family's running trajectory (who keep it by the policy). Asks the trajectory, not the
    policy again: the access object is this request's one answer."""
    if user == access.user:
        return access.can_edit
    if not user.is_active or not policy.can(user, Capability.COACH_FAMILIES):
        return False
    return (
        access.family.trajectories.running().filter(Q(coach=user) | Q(backup_coach=user)).exists()
    )


@transaction.atomic
def appointment_plan(
    *,
    access: FamilyAccess,
    starts_at: datetime,
    ends_at: datetime | None = None,
    place: str = "",
    purpose: str = "",
    members: list[Member] | None = None,
    involvements: list[Involvement] | None = None,
    worker: Any = None,
) -> Appointment:
    """Plan an appointment with the family. The worker is the actor unless another worker
    with the whole file is named (the back-up coach, say)."""
    access.require_edit()
    actor, family = access.user, access.family
    if ends_at is not None and ends_at <= starts_at:
        raise ValidationError({"ends_at": _("De afspraak eindigt voordat hij begint.")})
    if ends_at is not None and ends_at - starts_at > MAX_APPOINTMENT:
        raise ValidationError({"ends_at": _("Een afspraak duurt hooguit een dag.")})
    _same_family(family, members, involvements)
    worker = worker or actor
    if worker != actor and not works_as_coach(access, worker):
        raise ValidationError(
            {"worker": _("Kies een hulpverlener die het hele dossier van dit gezin heeft.")}
        )
    organisation = access.acting_organisation
    appointment = Appointment(
        family=family,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        purpose=purpose.strip(),
        worker=worker,
        worker_organisation=(
            organisation if worker == actor else policy.acting_organisation(worker)
        ),
        created_by=actor,
    )
    appointment.full_clean()
    appointment.save()
    appointment.members.set(members or [])
    appointment.involvements.set(involvements or [])
    audit.record(
        actor=actor,
        action="appointment.planned",
        obj=appointment,
        family=family,
        organisation=organisation,
    )
    return appointment


@transaction.atomic
def appointment_set_status(
    *,
    access: FamilyAccess,
    appointment: Appointment,
    status: str,
    note: str = "",
    log_contact: bool = False,
    contact_kind: str = Contact.Kind.HOME_VISIT,
    summary: str = "",
    working_note: str = "",
) -> Appointment:
    """Say afterwards what became of the appointment: kept, cancelled by the family or by
    the worker, or no-show. A kept appointment may log its contact in the same action."""
    access.require_edit()
    actor = access.user
    if appointment.family_id != access.family.pk:
        raise ValidationError(_("Deze afspraak hoort niet bij dit gezin."))
    if status not in OUTCOMES:
        raise ValidationError({"status": _("Kies wat er met de afspraak is gebeurd.")})
    if status in ONLY_AFTER_START and appointment.starts_at > timezone.now():
        raise ValidationError(
            {
                "status": _(
                    "Deze afspraak is nog niet begonnen. Nagekomen of niet verschenen legt u "
                    "vast als de afspraak is geweest."
                )
            }
        )
    if appointment.contact_id and status != Appointment.Status.KEPT:
        raise ValidationError(
            {"status": _("Bij deze afspraak is al een contact vastgelegd: hij is nagekomen.")}
        )
    if log_contact and status != Appointment.Status.KEPT:
        raise ValidationError(
            {"log_contact": _("Alleen bij een nagekomen afspraak legt u het contact vast.")}
        )
    if log_contact and appointment.contact_id:
        raise ValidationError({"log_contact": _("Bij deze afspraak is al een contact vastgelegd.")})
    if log_contact:
        duration = None
        if appointment.ends_at is not None:
            duration = int((appointment.ends_at - appointment.starts_at).total_seconds() // 60)
        appointment.contact = contact_log(
            access=access,
            occurred_at=appointment.starts_at,
            kind=contact_kind,
            members=list(appointment.members.all()),
            involvements=list(appointment.involvements.all()),
            duration_minutes=duration,
            summary=summary,
            working_note=working_note,
        )
    appointment.status = status
    appointment.status_note = note.strip()
    if status == Appointment.Status.CANCELLED_BY_FAMILY:
        # The coach records it: not (or no longer) the family's own answer in the portal.
        appointment.answered_by_member = None
    appointment.full_clean()
    appointment.save(
        update_fields=["status", "status_note", "contact", "answered_by_member", "updated_at"]
    )
    audit.record(
        actor=actor,
        action="appointment.status_set",
        obj=appointment,
        family=appointment.family,
        detail={"status": status, "contact": bool(log_contact)},
    )
    return appointment


# --- The family answers an appointment in its portal (issue 14) ------------------------

FAMILY_REASON_MAX = 300  # the length of `status_note`


def _plain_line(text: str) -> str:
    """Free text as one plain line: whitespace collapsed, control characters dropped."""
    return "".join(ch for ch in " ".join(str(text).split()) if ch.isprintable())


@transaction.atomic
def family_answer_appointment(
    *,
    access: FamilyAccess,
    appointment: Appointment,
    confirm: bool,
    reason: str = "",
    revision: int | None = None,
) -> Appointment:
    """A family member confirms a planned appointment, or cancels it with a reason (the
    appointment is then "afgezegd door het gezin", the reason its note). Only an
    appointment of their own family that they see and that has not begun; a young person
    cancels only one that names them; never in a coach's preview (404).

    `revision` is the appointment's revision when the member's page was loaded: an answer
    to an appointment the coach changed since (moved, cancelled, …) is refused, and the
    member sees how it stands now. The reason is never put in the audit trail."""
    if not access.may_act() or appointment.family_id != access.family.pk:
        raise Http404
    if not selectors.member_sees_appointment(access, appointment):
        raise Http404
    if revision is not None:
        try:
            check_current(appointment, revision)
        except StaleEdit as stale:
            raise StaleEdit(
                _("Deze afspraak is intussen veranderd. Kijk hoe hij nu staat."),
                current_revision=stale.current_revision,
            ) from None
    if appointment.status == Appointment.Status.CANCELLED_BY_FAMILY:
        raise ValidationError(_("Deze afspraak is al afgezegd."))
    if appointment.status != Appointment.Status.PLANNED:
        raise ValidationError(_("Deze afspraak gaat niet meer door."))
    if appointment.starts_at <= timezone.now():
        raise ValidationError(
            _("Deze afspraak is al begonnen of voorbij. Neem zo nodig contact op met de coach.")
        )
    rights = selectors.family_answer_rights(access, appointment)
    member = access.member
    if confirm:
        if not rights.confirm:
            raise ValidationError(_("Deze afspraak is al bevestigd."))
        appointment.confirmed_at = timezone.now()
        fields = ["confirmed_at", "answered_by_member"]
    else:
        if not rights.cancel:
            raise ValidationError(
                _("Deze afspraak is met het hele gezin. Een ouder kan hem afzeggen.")
            )
        note = _plain_line(reason)
        if not note:
            raise ValidationError({"reason": _("Schrijf kort waarom de afspraak niet kan.")})
        if len(note) > FAMILY_REASON_MAX:
            raise ValidationError(
                {
                    "reason": _("De reden is te lang: hoogstens %(limit)d tekens.")
                    % {"limit": FAMILY_REASON_MAX}
                }
            )
        appointment.status = Appointment.Status.CANCELLED_BY_FAMILY
        appointment.status_note = note
        fields = ["status", "status_note", "answered_by_member"]
    appointment.answered_by_member = member
    appointment.full_clean()
    try:
        save_if_current(appointment, revision, fields)
    except StaleEdit as stale:
        raise StaleEdit(
            _("Deze afspraak is intussen veranderd. Kijk hoe hij nu staat."),
            current_revision=stale.current_revision,
        ) from None
    audit.record(
        actor=access.user,
        action="appointment.family_confirmed" if confirm else "appointment.family_cancelled",
        obj=appointment,
        family=access.family,
        detail={"lid": str(member.uuid)},
    )
    events.emit(
        events.AppointmentAnswered(
            family_id=access.family.pk,
            actor_id=access.user.pk,
            member_id=member.pk,
            appointment_id=appointment.pk,
            cancelled=not confirm,
        )
    )
    return appointment


# --- Promises -------------------------------------------------------------------------


def _promisor(
    *,
    access: FamilyAccess,
    direction: str,
    by_user: Any,
    by_involvement: Involvement | None,
    by_member: Member | None,
) -> tuple[Any, Involvement | None, Member | None, Any]:
    """(by_user, by_involvement, by_member, organisation) for the direction; refuses a
    promisor of another family or one the direction does not name."""
    D = Promise.Direction
    actor, family = access.user, access.family
    if direction == D.COACH_TO_FAMILY:
        if by_involvement is not None or by_member is not None:
            raise ValidationError({"by": _("Een toezegging van de coach heeft alleen de coach.")})
        by_user = by_user or actor
        if by_user != actor and not works_as_coach(access, by_user):
            raise ValidationError(
                {"by": _("Kies een coach die het hele dossier van dit gezin heeft.")}
            )
        if by_user == actor:
            return by_user, None, None, access.acting_organisation
        return by_user, None, None, policy.acting_organisation(by_user)
    if direction == D.WORKER_TO_FAMILY:
        if by_involvement is None or by_user is not None or by_member is not None:
            raise ValidationError({"by": _("Kies de hulpverlener die het beloofde.")})
        if by_involvement.family_id != family.id:
            raise ValidationError({"by": _("Kies alleen hulpverleners van dit gezin.")})
        return None, by_involvement, None, by_involvement.organisation
    if direction == D.FAMILY_TO_COACH:
        if by_member is None or by_user is not None or by_involvement is not None:
            raise ValidationError({"by": _("Kies het gezinslid dat het beloofde.")})
        if by_member.family_id != family.id:
            raise ValidationError({"by": _("Kies alleen leden van dit gezin.")})
        return None, None, by_member, None
    raise ValidationError({"direction": _("Kies wie aan wie iets beloofde.")})


@transaction.atomic
def promise_record(
    *,
    access: FamilyAccess,
    direction: str,
    what: str,
    due_on: date,
    by_user: Any = None,
    by_involvement: Involvement | None = None,
    by_member: Member | None = None,
    to_member: Member | None = None,
) -> Promise:
    """Record a toezegging: the coach or a worker to the family (to one member, or to the
    whole family when `to_member` is empty), or a member of the family to the coach."""
    access.require_edit()
    actor, family = access.user, access.family
    by_user, by_involvement, by_member, organisation = _promisor(
        access=access,
        direction=direction,
        by_user=by_user,
        by_involvement=by_involvement,
        by_member=by_member,
    )
    if to_member is not None:
        if direction == Promise.Direction.FAMILY_TO_COACH:
            raise ValidationError(
                {"to_member": _("Een toezegging van het gezin gaat aan de coach.")}
            )
        if to_member.family_id != family.id:
            raise ValidationError({"to_member": _("Kies alleen leden van dit gezin.")})
    promise = Promise(
        family=family,
        direction=direction,
        by_user=by_user,
        by_involvement=by_involvement,
        by_member=by_member,
        to_member=to_member,
        organisation=organisation,
        what=what.strip(),
        due_on=due_on,
        created_by=actor,
    )
    promise.full_clean()
    promise.save()
    audit.record(
        actor=actor,
        action="promise.recorded",
        obj=promise,
        family=family,
        detail={"direction": direction},
    )
    return promise


def _closing_day(promise: Promise, on: date | None) -> date:
    if promise.status != Promise.Status.OPEN:
        raise ValidationError(_("Deze toezegging is al afgesloten."))
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError({"on": _("Deze datum ligt in de toekomst.")})
    return on


@transaction.atomic
def promise_close(
    *,
    actor: Any,
    promise: Promise,
    status: str,
    on: date | None = None,
    note: str = "",
) -> Promise:
    """Close an open promise as kept or broken (today unless `on` says otherwise)."""
    if status not in (Promise.Status.KEPT, Promise.Status.BROKEN):
        raise ValidationError({"status": _("Kies nagekomen of niet nagekomen.")})
    promise.status_on = _closing_day(promise, on)
    promise.status = status
    promise.status_note = note.strip()
    promise.full_clean()
    promise.save(update_fields=["status", "status_on", "status_note", "updated_at"])
    audit.record(
        actor=actor,
        action="promise.closed",
        obj=promise,
        family=promise.family,
        detail={"status": status, "late": promise.status_on > promise.due_on},
    )
    return promise


@transaction.atomic
def promise_renegotiate(
    *,
    actor: Any,
    promise: Promise,
    due_on: date,
    what: str = "",
    note: str = "",
    on: date | None = None,
) -> Promise:
    """Close the promise as renegotiated (today unless `on` says otherwise) and record the
    follow-up with the new date (and, if given, new words), by the same person to the same
    person. Returns the follow-up."""
    on = _closing_day(promise, on)
    if due_on < on:
        raise ValidationError({"due_on": _("De nieuwe datum ligt voor vandaag.")})
    promise.status = Promise.Status.RENEGOTIATED
    promise.status_on = on
    promise.status_note = note.strip()
    promise.full_clean()
    promise.save(update_fields=["status", "status_on", "status_note", "updated_at"])
    follow_up = Promise(
        family=promise.family,
        direction=promise.direction,
        by_user=promise.by_user,
        by_involvement=promise.by_involvement,
        by_member=promise.by_member,
        to_member=promise.to_member,
        organisation=promise.organisation,
        what=what.strip() or promise.what,
        due_on=due_on,
        follows=promise,
        created_by=actor,
    )
    follow_up.full_clean()
    follow_up.save()
    audit.record(
        actor=actor,
        action="promise.renegotiated",
        obj=promise,
        family=promise.family,
        detail={"follow_up": str(follow_up.uuid)},
    )
    return follow_up


# --- Crisis log -----------------------------------------------------------------------


@transaction.atomic
def crisis_record(
    *,
    access: FamilyAccess,
    occurred_at: datetime,
    what_happened: str,
    what_was_done: str = "",
) -> Crisis:
    """An entry in the crisis log, written straight into it (not from a contact)."""
    access.require_edit()
    actor, family = access.user, access.family
    if occurred_at > timezone.now() + timedelta(minutes=5):
        raise ValidationError({"occurred_at": _("Dit moment ligt in de toekomst.")})
    if not what_happened.strip():
        raise ValidationError({"what_happened": _("Beschrijf kort wat er gebeurde.")})
    crisis = Crisis(
        family=family,
        occurred_at=occurred_at,
        what_happened=what_happened.strip(),
        what_was_done=what_was_done.strip(),
        recorded_by=actor,
        organisation=access.acting_organisation,
    )
    crisis.full_clean()
    crisis.save()
    audit.record(
        actor=actor,
        action="crisis.recorded",
        obj=crisis,
        family=family,
        detail={"from_contact": False},
    )
    return crisis


@transaction.atomic
def crisis_update(
    *, actor: Any, crisis: Crisis, what_happened: str, what_was_done: str = ""
) -> Crisis:
    """Complete or correct an entry, e.g. one that began as a contact with the crisis flag."""
    if not what_happened.strip() and crisis.contact_id is None:
        raise ValidationError({"what_happened": _("Beschrijf kort wat er gebeurde.")})
    crisis.what_happened = what_happened.strip()
    crisis.what_was_done = what_was_done.strip()
    crisis.full_clean()
    crisis.save(update_fields=["what_happened", "what_was_done", "updated_at"])
    audit.record(actor=actor, action="crisis.changed", obj=crisis, family=crisis.family)
    return crisis


@transaction.atomic
def what_if_agree(
    *,
    access: FamilyAccess,
    situation: str,
    who_does_what: str,
    who_tells_whom: str,
    agreed_on: date | None = None,
    crisis: Crisis | None = None,
) -> WhatIfAgreement:
    """A wat-als-afspraak: if this happens, who does what and who tells whom."""
    access.require_edit()
    actor, family = access.user, access.family
    agreed_on = agreed_on or timezone.localdate()
    if agreed_on > timezone.localdate():
        raise ValidationError({"agreed_on": _("Deze datum ligt in de toekomst.")})
    if crisis is not None and crisis.family_id != family.id:
        raise ValidationError({"crisis": _("Kies een crisis van dit gezin.")})
    errors = {}
    if not situation.strip():
        errors["situation"] = _("Zeg voor welke situatie de afspraak geldt.")
    if not who_does_what.strip():
        errors["who_does_what"] = _("Leg vast wie dan wat doet.")
    if not who_tells_whom.strip():
        errors["who_tells_whom"] = _("Leg vast wie wie informeert.")
    if errors:
        raise ValidationError(errors)
    agreement = WhatIfAgreement(
        family=family,
        crisis=crisis,
        situation=situation.strip(),
        who_does_what=who_does_what.strip(),
        who_tells_whom=who_tells_whom.strip(),
        agreed_on=agreed_on,
        created_by=actor,
    )
    agreement.full_clean()
    agreement.save()
    audit.record(actor=actor, action="what_if.agreed", obj=agreement, family=family)
    return agreement


@transaction.atomic
def what_if_end(
    *, actor: Any, agreement: WhatIfAgreement, ended_on: date | None = None, reason: str = ""
) -> WhatIfAgreement:
    """End a wat-als-afspraak that no longer holds."""
    if agreement.ended_on is not None:
        raise ValidationError(_("Deze afspraak is al beëindigd."))
    ended_on = ended_on or timezone.localdate()
    if ended_on > timezone.localdate():
        raise ValidationError({"ended_on": _("Deze datum ligt in de toekomst.")})
    if ended_on < agreement.agreed_on:
        raise ValidationError(
            {"ended_on": _("Een afspraak kan niet eindigen voordat hij gemaakt is.")}
        )
    agreement.ended_on = ended_on
    agreement.end_reason = reason.strip()
    agreement.full_clean()
    agreement.save(update_fields=["ended_on", "end_reason", "updated_at"])
    audit.record(actor=actor, action="what_if.ended", obj=agreement, family=agreement.family)
    return agreement
