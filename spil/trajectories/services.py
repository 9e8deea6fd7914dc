"""Every write of a trajectory. Limits are warnings; the hard rules here are the ones the
issue names: a back-up coach is someone else, an end is not before the start, an
extension has a reason and stays within the programme's maximum unless overridden."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from spil.core import access, audit, events
from spil.core.access import Audience, FamilyAccess
from spil.core.roles import Role
from spil.core.validators import not_in_future
from spil.core.versioning import save_if_current
from spil.directory.models import Programme
from spil.families.models import Family, Involvement

from .models import (
    CLOSING_REMARK_MAX,
    LAY_COACH_KINDS,
    AftercareCheckIn,
    ClosingAnswer,
    Closure,
    CoachKind,
    Extension,
    PhaseChange,
    Reopening,
    Trajectory,
)
from .selectors import approved_extension_months

Phase = Trajectory.Phase
ACTIVE_PHASES = (
    Phase.INTRODUCTION,
    Phase.ORIENTATION,
    Phase.PLAN,
    Phase.EXECUTION,
    Phase.ROUNDING_OFF,
)


def _record(
    actor: Any, action: str, trajectory: Trajectory, obj: Any = None, **detail: Any
) -> None:
    audit.record(
        actor=actor,
        action=action,
        obj=obj or trajectory,
        family=trajectory.family,
        detail=detail or None,
    )


@transaction.atomic
def trajectory_open(
    *,
    actor: Any,
    family: Family,
    kind: str,
    coach: Any,
    started_on: date,
    programme: Programme | None = None,
    coach_kind: str = CoachKind.STAFF,
    lay_coach_name: str = "",
    lay_coach_reach: str = "",
) -> Trajectory:
    """Open the trajectory with its coach. For a coach without an account (a network
    member, a volunteer: `lay_coach_name`) `coach` is the coordinator who holds the file
    on their behalf (issue 20, point 1)."""
    if coach_kind in LAY_COACH_KINDS and not lay_coach_name.strip():
        raise ValidationError({"lay_coach_name": _("Vul de naam van de coach in.")})
    if coach_kind not in LAY_COACH_KINDS:
        lay_coach_name = lay_coach_reach = ""
    trajectory = Trajectory(
        family=family,
        kind=kind,
        coach=coach,
        started_on=started_on,
        programme=programme,
        coach_kind=coach_kind,
        lay_coach_name=lay_coach_name.strip(),
        lay_coach_reach=lay_coach_reach.strip(),
    )
    trajectory.full_clean()
    trajectory.save()
    _record(actor, "trajectory.opened", trajectory, kind=kind, coach_kind=coach_kind)
    events.emit(
        events.CoachAssigned(
            family_id=family.pk,
            actor_id=actor.pk,
            trajectory_id=trajectory.pk,
            coach_id=coach.pk,
            role="coach",
        )
    )
    return trajectory


DETAIL_FIELDS = (
    "trajectory_type",
    "family_type",
    "style",
    "specific_tasks",
    "broad_lines",
    "reachable_hours",
    "reachable_channel",
    "out_of_hours_route",
)


UNCHANGED: Any = object()


@transaction.atomic
def trajectory_update(
    *,
    actor: Any,
    trajectory: Trajectory,
    backup_coach: Any = UNCHANGED,
    revision: int | None = None,
    **fields: Any,
) -> Trajectory:
    """Type, family type, style, the assignment, reachability and the back-up coach
    (None removes the back-up; leaving it out keeps it). `revision`: the trajectory's
    revision the form showed; a stale one is refused (StaleEdit)."""
    for name, value in fields.items():
        if name not in DETAIL_FIELDS:
            raise TypeError(name)
        setattr(trajectory, name, value.strip() if isinstance(value, str) else value)
    if backup_coach is UNCHANGED:
        backup_coach = trajectory.backup_coach
    if backup_coach is not None and backup_coach.pk == trajectory.coach_id:
        raise ValidationError(
            {"backup_coach": _("De back-up coach moet iemand anders zijn dan de coach.")}
        )
    if backup_coach is not None and Role.COACH not in access.roles(backup_coach):
        raise ValidationError({"backup_coach": _("Deze persoon is geen gezinscoach.")})
    previous_backup = trajectory.backup_coach
    trajectory.backup_coach = backup_coach
    trajectory.full_clean()
    save_if_current(trajectory, revision, fields=[*DETAIL_FIELDS, "backup_coach"])
    _record(actor, "trajectory.updated", trajectory, fields=sorted([*fields, "backup_coach"]))
    previous_id = previous_backup.pk if previous_backup is not None else None
    if trajectory.backup_coach_id != previous_id:
        events.emit(
            events.CoachAssigned(
                family_id=trajectory.family_id,
                actor_id=actor.pk,
                trajectory_id=trajectory.pk,
                coach_id=trajectory.backup_coach_id,
                role="backup",
                previous_id=previous_id,
            )
        )
    return trajectory


def _move(actor: Any, trajectory: Trajectory, to_phase: str, on: date) -> None:
    PhaseChange.objects.create(
        trajectory=trajectory, from_phase=trajectory.phase, to_phase=to_phase, on=on, by=actor
    )
    trajectory.phase = to_phase


def _check_date(trajectory: Trajectory, on: date, field: str) -> None:
    not_in_future(on, field)
    if on < trajectory.started_on:
        raise ValidationError({field: _("Deze datum ligt vóór de start van het traject.")})


@transaction.atomic
def phase_move(*, actor: Any, trajectory: Trajectory, to_phase: str, on: date) -> Trajectory:
    """Move to another working phase; skipping is allowed, closing has its own step."""
    if to_phase not in ACTIVE_PHASES:
        raise ValidationError({"to_phase": _("Afsluiten en nazorg gaan via 'Traject afsluiten'.")})
    if trajectory.phase not in ACTIVE_PHASES:
        raise ValidationError(_("Dit traject is afgesloten; heropen het eerst."))
    if to_phase == trajectory.phase:
        raise ValidationError({"to_phase": _("Het traject is al in deze fase.")})
    _check_date(trajectory, on, "on")
    _move(actor, trajectory, to_phase, on)
    trajectory.save(update_fields=["phase", "updated_at"])
    _record(actor, "trajectory.phase_changed", trajectory, phase=to_phase)
    return trajectory


# --- Deadlines and extensions ---------------------------------------------------------


@transaction.atomic
def extension_request(
    *, actor: Any, trajectory: Trajectory, months: int, reason: str, requested_on: date
) -> Extension:
    programme = trajectory.programme
    if programme is None or programme.duration != Programme.Duration.FIXED:
        raise ValidationError(_("Alleen een traject met een vaste duur kan worden verlengd."))
    if not reason.strip():
        raise ValidationError({"reason": _("Geef een reden: waarom is meer tijd nodig?")})
    if months < 1:
        raise ValidationError({"months": _("Verleng met minstens één maand.")})
    if trajectory.extensions.filter(status=Extension.Status.REQUESTED).exists():
        raise ValidationError(_("Er ligt al een verzoek tot verlenging bij de teamleider."))
    _check_date(trajectory, requested_on, "requested_on")
    extension = Extension(
        trajectory=trajectory,
        months=months,
        reason=reason.strip(),
        requested_on=requested_on,
        requested_by=actor,
    )
    extension.full_clean()
    extension.save()
    _record(actor, "trajectory.extension_requested", trajectory, extension, months=months)
    return extension


@transaction.atomic
def extension_decide(
    *,
    actor: Any,
    extension: Extension,
    approve: bool,
    decided_on: date,
    note: str = "",
    override_reason: str = "",
) -> Extension:
    trajectory = extension.trajectory
    if not access.leads_team_of(actor, trajectory.coach_id):
        raise ValidationError(_("Alleen de teamleider van de coach besluit over verlenging."))
    if extension.status != Extension.Status.REQUESTED:
        raise ValidationError(_("Over dit verzoek is al besloten."))
    not_in_future(decided_on, "decided_on")
    if approve:
        programme = trajectory.programme
        assert programme is not None and programme.duration_months  # checked at request
        months = (
            programme.duration_months + approved_extension_months(trajectory) + extension.months
        )
        if (
            months > (programme.max_months or programme.duration_months)
            and not override_reason.strip()
        ):
            raise ValidationError(
                {
                    "override_reason": _(
                        "Met deze verlenging duurt het traject %(months)s maanden; het programma "
                        "staat er %(max)s toe. Geef een reden om toch verder te gaan."
                    )
                    % {"months": months, "max": programme.max_months}
                }
            )
    extension.status = Extension.Status.APPROVED if approve else Extension.Status.REJECTED
    extension.decided_on = decided_on
    extension.decided_by = actor
    extension.decision_note = note.strip()
    extension.override_reason = override_reason.strip() if approve else ""
    extension.save()
    _record(actor, "trajectory.extension_decided", trajectory, extension, status=extension.status)
    return extension


# --- Closing, aftercare, reopening ----------------------------------------------------


@transaction.atomic
def trajectory_close(
    *,
    actor: Any,
    trajectory: Trajectory,
    closed_on: date,
    reason: str,
    reached: str,
    reason_note: str = "",
    informed: list[Involvement] | None = None,
    handover_organisation: str = "",
    handover_worker: str = "",
    handover_in_person: bool = False,
    handover_on: date | None = None,
    handed_over: str = "",
    aftercare_dates: list[date] | None = None,
    family_agreement: str = Closure.FamilyAgreement.NOT_ASKED,
    family_agreement_note: str = "",
) -> Closure:
    """Close the active work. With planned check-ins the family goes into aftercare (the
    trajectory stays open); without, the trajectory is closed. The family's word on
    closing is stored with it (issue 20, point 8): not agreeing needs what they said."""
    if trajectory.phase not in ACTIVE_PHASES:
        raise ValidationError(_("Dit traject is al afgesloten."))
    if closed_on < trajectory.started_on:
        raise ValidationError({"closed_on": _("Het traject kan niet eindigen vóór het begon.")})
    not_in_future(closed_on, "closed_on")
    if not reached.strip():
        raise ValidationError({"reached": _("Schrijf op wat er is bereikt.")})
    if reason == Closure.Reason.OTHER and not reason_note.strip():
        raise ValidationError({"reason_note": _("Licht de reden 'anders' toe.")})
    if handover_on and handover_on < trajectory.started_on:
        raise ValidationError(
            {"handover_on": _("De overdracht ligt vóór de start van het traject.")}
        )
    if any(i.family_id != trajectory.family_id for i in informed or []):
        raise ValidationError({"informed": _("Kies alleen betrokkenen van dit gezin.")})
    if family_agreement not in Closure.FamilyAgreement.values:
        raise ValidationError({"family_agreement": _("Kies wat het gezin vindt van afsluiten.")})
    if family_agreement == Closure.FamilyAgreement.NOT_AGREED and not family_agreement_note.strip():
        raise ValidationError(
            {
                "family_agreement_note": _(
                    "Het gezin is het niet eens met afsluiten: schrijf op waarom niet."
                )
            }
        )
    aftercare_dates = sorted(aftercare_dates or [])
    if any(d <= closed_on for d in aftercare_dates):
        raise ValidationError({"aftercare_dates": _("Nazorgmomenten liggen na de afsluiting.")})
    closure = Closure(
        trajectory=trajectory,
        closed_on=closed_on,
        closed_by=actor,
        reason=reason,
        reason_note=reason_note.strip(),
        reached=reached.strip(),
        handover_organisation=handover_organisation.strip(),
        handover_worker=handover_worker.strip(),
        handover_in_person=handover_in_person,
        handover_on=handover_on,
        handed_over=handed_over.strip(),
        family_agreement=family_agreement,
        family_agreement_note=family_agreement_note.strip(),
    )
    closure.full_clean()
    closure.save()
    closure.informed.set(informed or [])
    if aftercare_dates:
        _move(actor, trajectory, Phase.AFTERCARE, closed_on)
        AftercareCheckIn.objects.bulk_create(
            [AftercareCheckIn(trajectory=trajectory, planned_on=d) for d in aftercare_dates]
        )
    else:
        _move(actor, trajectory, Phase.CLOSED, closed_on)
        trajectory.closed_on = closed_on
    trajectory.save(update_fields=["phase", "closed_on", "updated_at"])
    _record(
        actor,
        "trajectory.closed",
        trajectory,
        closure,
        reason=reason,
        aftercare=len(aftercare_dates),
        warm_handover=handover_in_person,
        family_agreement=family_agreement,
    )
    return closure


@transaction.atomic
def checkin_done(
    *, actor: Any, checkin: AftercareCheckIn, done_on: date, note: str = ""
) -> AftercareCheckIn:
    not_in_future(done_on, "done_on")
    checkin.done_on = done_on
    checkin.note = note.strip()
    checkin.save(update_fields=["done_on", "note", "updated_at"])
    _record(actor, "trajectory.checkin_done", checkin.trajectory, checkin)
    return checkin


@transaction.atomic
def aftercare_end(*, actor: Any, trajectory: Trajectory, on: date) -> Trajectory:
    if trajectory.phase != Phase.AFTERCARE:
        raise ValidationError(_("Dit traject is niet in de nazorg."))
    _check_date(trajectory, on, "on")
    _move(actor, trajectory, Phase.CLOSED, on)
    trajectory.closed_on = on
    trajectory.save(update_fields=["phase", "closed_on", "updated_at"])
    _record(actor, "trajectory.aftercare_ended", trajectory)
    return trajectory


@transaction.atomic
def trajectory_reopen(*, actor: Any, trajectory: Trajectory, on: date, reason: str) -> Reopening:
    """Reopen during or after aftercare, without a new intake; the history stays."""
    if trajectory.phase in ACTIVE_PHASES:
        raise ValidationError(_("Dit traject loopt nog."))
    if not reason.strip():
        raise ValidationError({"reason": _("Geef een reden voor het heropenen.")})
    _check_date(trajectory, on, "on")
    last_closure = trajectory.closures.order_by("-closed_on").first()
    if last_closure and on < last_closure.closed_on:
        raise ValidationError({"on": _("Heropenen kan niet vóór de afsluiting.")})
    reopening = Reopening.objects.create(
        trajectory=trajectory, reopened_on=on, reopened_by=actor, reason=reason.strip()
    )
    trajectory.checkins.filter(done_on__isnull=True).delete()
    _move(actor, trajectory, Phase.EXECUTION, on)
    trajectory.closed_on = None
    trajectory.save(update_fields=["phase", "closed_on", "updated_at"])
    _record(actor, "trajectory.reopened", trajectory, reopening)
    return reopening


# --- Closing with the family (issue 14) --------------------------------------------------


@transaction.atomic
def family_answer_closing(*, access: FamilyAccess, agrees: bool, remark: str = "") -> ClosingAnswer:
    """A family member says, in the portal, whether they agree to closing the trajectory
    (the seeds: a trajectory closes with the family, not over its head). Only while the
    active work runs (not in aftercare, not closed); the member may change the answer
    until the coach closes. `access` is the member's portal access; a coach's preview may
    not answer."""
    young = access.audience == Audience.YOUNG
    if not access.may_act():
        raise ValidationError(_("Hier kunt u alleen kijken. Alleen het gezin zelf kan antwoorden."))
    member, family = access.member, access.family
    trajectory = Trajectory.objects.running().select_for_update().filter(family=family).first()
    if trajectory is None or trajectory.phase not in ACTIVE_PHASES:
        raise ValidationError(_("Er is nu geen traject om af te sluiten."))
    remark = remark.strip()
    if len(remark) > CLOSING_REMARK_MAX:
        raise ValidationError(
            {
                "remark": _("Dit is te lang: hoogstens %(limit)d tekens.")
                % {"limit": CLOSING_REMARK_MAX}
            }
        )
    if not agrees and not remark:
        raise ValidationError(
            {
                "remark": _("Schrijf op waarom je het (nog) niet eens bent.")
                if young
                else _("Schrijf op waarom u het (nog) niet eens bent.")
            }
        )
    answer = ClosingAnswer.objects.filter(trajectory=trajectory, member=member).first()
    if answer is None:
        answer = ClosingAnswer(trajectory=trajectory, member=member)
    answer.agrees, answer.remark = agrees, remark
    answer.full_clean(validate_constraints=False)
    answer.save()
    _record(
        access.user,
        "trajectory.family_answered_closing",
        trajectory,
        member,
        trajectory_uuid=str(trajectory.uuid),
        member=str(member.uuid),
        agrees=agrees,
    )
    events.emit(
        events.FamilyAnsweredClosing(
            family_id=family.pk,
            actor_id=access.user.pk,
            member_id=member.pk,
            trajectory_id=trajectory.pk,
            agrees=agrees,
        )
    )
    return answer
