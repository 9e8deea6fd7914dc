"""Every write of measurements and safety: keyword-only, in one transaction, audited with
the family's UUID (codes only, never note text). Refusals are Dutch ValidationErrors and
store nothing.

Hard rules (issue 6): a score lies within its instrument's scale and belongs to one of its
domains; no date lies in the future; a decision rests on a weighing, and when that weighing
answers "acute or structural unsafety" yes, or "effective help", "accepted" or "safety in
time" no, the decision includes a report to Veilig Thuis.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from spil.accounts.models import Organisation
from spil.core import audit, events
from spil.core.access import FamilyAccess
from spil.core.validators import not_in_future
from spil.families.models import Family, Member
from spil.trajectories.models import Trajectory

from .models import (
    Domain,
    Escalation,
    Instrument,
    Measurement,
    MeldcodeStep,
    SafetyConcern,
    SafetyMapping,
    SafetyRating,
    Score,
    report_required,
)

Step = MeldcodeStep.Step


def _record(actor: Any, action: str, family: Family, obj: Any, **detail: Any) -> None:
    audit.record(actor=actor, action=action, obj=obj, family=family, detail=detail or None)


def _of_family(member: Member | None, family: Family, field: str) -> None:
    if member is not None and member.family_id != family.id:
        raise ValidationError({field: _("Deze persoon hoort niet bij dit gezin.")})


def _text(value: str) -> str:
    return value.strip()


# --- Measurements -------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreData:
    domain: Domain
    value: int
    note: str = ""
    strength: str = ""


@transaction.atomic
def measurement_record(
    *,
    access: FamilyAccess,
    instrument: Instrument,
    measured_on: date,
    moment: str,
    scores: Sequence[ScoreData],
    member: Member | None = None,
    note: str = "",
) -> Measurement:
    """A measurement with one score per domain scored (domains left out were not scored)."""
    access.require_edit()
    actor, family = access.user, access.family
    not_in_future(measured_on, "measured_on")
    _of_family(member, family, "member")
    if not instrument.is_active:
        raise ValidationError({"instrument": _("Dit instrument is niet meer in gebruik.")})
    if moment not in Measurement.Moment.values:
        raise ValidationError({"moment": _("Kies het moment: start, halverwege, einde of anders.")})
    if not scores:
        raise ValidationError(_("Vul bij minstens één leefgebied een score in."))
    seen: set[int] = set()
    for data in scores:
        if data.domain.instrument_id != instrument.id:
            raise ValidationError(
                _("Het leefgebied “%(domain)s” hoort niet bij het instrument “%(instrument)s”.")
                % {"domain": data.domain.label, "instrument": instrument.name}
            )
        if data.domain.id in seen:
            raise ValidationError(
                _("Het leefgebied “%(domain)s” staat twee keer in de meting.")
                % {"domain": data.domain.label}
            )
        seen.add(data.domain.id)
        if not instrument.in_scale(data.value):
            raise ValidationError(
                _(
                    "De score voor “%(domain)s” moet tussen %(low)d en %(high)d liggen; "
                    "%(value)d valt buiten de schaal."
                )
                % {
                    "domain": data.domain.label,
                    "low": instrument.scale_min,
                    "high": instrument.scale_max,
                    "value": data.value,
                }
            )
        if data.strength and data.strength not in Score.Strength.values:
            raise ValidationError(
                _("Kies waar de kracht vandaan komt: eigen, netwerk of professional.")
            )
    measurement = Measurement(
        family=family,
        member=member,
        trajectory=Trajectory.objects.running().filter(family=family).first(),
        instrument=instrument,
        measured_on=measured_on,
        measured_by=actor,
        moment=moment,
        note=_text(note),
    )
    measurement.full_clean()
    measurement.save()
    Score.objects.bulk_create(
        Score(
            measurement=measurement,
            domain=data.domain,
            value=data.value,
            note=_text(data.note),
            strength=data.strength,
        )
        for data in scores
    )
    _record(
        actor,
        "measurement.recorded",
        family,
        measurement,
        instrument=instrument.code,
        moment=moment,
        scores=len(scores),
        about_member=member is not None,
    )
    return measurement


@transaction.atomic
def measurement_share(
    *, access: FamilyAccess, measurement: Measurement, shared: bool, on: date | None = None
) -> Measurement:
    """Share a measurement's scores with the family in its portal ("Delen met het gezin"),
    or stop sharing them. The family then sees the date and the score per domain — never
    the notes (`Measurement.note`, `Score.note`). Needs the whole file (the coach). Sharing
    what is shared already, or stopping what is not shared, changes nothing."""
    access.require_edit()
    family = access.family
    if measurement.family_id != family.pk:
        raise ValidationError(_("Deze meting hoort niet bij dit gezin."))
    if shared == (measurement.shared_with_family_on is not None):
        return measurement
    measurement.shared_with_family_on = (on or timezone.localdate()) if shared else None
    measurement.save(update_fields=["shared_with_family_on", "updated_at"])
    _record(
        access.user,
        "assessment.shared_with_family" if shared else "assessment.unshared_with_family",
        family,
        measurement,
        instrument=measurement.instrument.code,
        about_member=measurement.member_id is not None,
    )
    return measurement


# --- Safety concerns and the meldcode -----------------------------------------------------


@transaction.atomic
def concern_record(
    *, access: FamilyAccess, noticed_on: date, signals: str, about: Member | None = None
) -> SafetyConcern:
    access.require_edit()
    actor, family = access.user, access.family
    not_in_future(noticed_on, "noticed_on")
    _of_family(about, family, "about")
    if not _text(signals):
        raise ValidationError({"signals": _("Beschrijf de signalen: wat is gezien of gehoord?")})
    concern = SafetyConcern(
        family=family,
        about=about,
        noticed_on=noticed_on,
        signals=_text(signals),
        recorded_by=actor,
    )
    concern.full_clean()
    concern.save()
    _record(actor, "safety.concern_recorded", family, concern)
    return concern


def _open(concern: SafetyConcern) -> None:
    if not concern.is_open:
        raise ValidationError(_("Deze zorg is afgesloten. Leg een nieuwe zorg vast."))


def _after_concern(concern: SafetyConcern, on: date, field: str) -> None:
    not_in_future(on, field)
    if on < concern.noticed_on:
        raise ValidationError({field: _("Deze datum ligt voor het begin van de zorg.")})


@transaction.atomic
def meldcode_step_log(
    *, actor: Any, concern: SafetyConcern, step: int, done_on: date, note: str = ""
) -> MeldcodeStep:
    """Steps 1–3: map the signals, consult, talk. Steps are logged, not forced in order."""
    _open(concern)
    if step not in (Step.SIGNALS, Step.CONSULT, Step.TALK):
        raise ValidationError({"step": _("De weging en het besluit hebben een eigen formulier.")})
    _after_concern(concern, done_on, "done_on")
    logged = MeldcodeStep(
        concern=concern, step=step, done_on=done_on, done_by=actor, note=_text(note)
    )
    logged.full_clean()
    logged.save()
    _record(actor, "safety.meldcode_step", concern.family, logged, step=int(step))
    return logged


@transaction.atomic
def weighing_record(
    *,
    actor: Any,
    concern: SafetyConcern,
    done_on: date,
    suspicion: bool,
    unsafe: bool,
    can_organise_help: bool,
    help_accepted: bool,
    safe_in_time: bool,
    note: str = "",
) -> MeldcodeStep:
    """Step 4: the five questions of the afwegingskader, each answered yes or no."""
    _open(concern)
    _after_concern(concern, done_on, "done_on")
    weighing = MeldcodeStep(
        concern=concern,
        step=Step.WEIGH,
        done_on=done_on,
        done_by=actor,
        note=_text(note),
        suspicion=suspicion,
        unsafe=unsafe,
        can_organise_help=can_organise_help,
        help_accepted=help_accepted,
        safe_in_time=safe_in_time,
    )
    weighing.full_clean()
    weighing.save()
    required = report_required(
        unsafe=unsafe,
        can_organise_help=can_organise_help,
        help_accepted=help_accepted,
        safe_in_time=safe_in_time,
    )
    _record(actor, "safety.weighed", concern.family, weighing, report_required=required)
    return weighing


def latest_weighing(concern: SafetyConcern) -> MeldcodeStep | None:
    return concern.steps.filter(step=Step.WEIGH).order_by("-done_on", "-created_at").first()


def report_reasons(weighing: MeldcodeStep) -> list[str]:
    reasons = []
    if weighing.unsafe:
        reasons.append(_("er is acute of structurele onveiligheid"))
    if not weighing.can_organise_help:
        reasons.append(_("effectieve hulp is niet te bieden of te organiseren"))
    if not weighing.help_accepted:
        reasons.append(_("de betrokkenen aanvaarden de hulp niet"))
    if not weighing.safe_in_time:
        reasons.append(_("de hulp leidt niet op tijd tot veiligheid"))
    return reasons


@transaction.atomic
def decision_record(
    *,
    actor: Any,
    concern: SafetyConcern,
    done_on: date,
    organise_help: bool,
    report_to_veilig_thuis: bool,
    note: str = "",
) -> MeldcodeStep:
    """Step 5 on the latest weighing. HARD RULE: when the weighing requires it, the
    decision includes a report to Veilig Thuis (also a database constraint)."""
    _open(concern)
    _after_concern(concern, done_on, "done_on")
    weighing = latest_weighing(concern)
    if weighing is None:
        raise ValidationError(
            _("Weeg eerst met het afwegingskader (stap 4); het besluit rust op die weging.")
        )
    if done_on < weighing.done_on:
        raise ValidationError({"done_on": _("Het besluit kan niet voor de weging liggen.")})
    if not (organise_help or report_to_veilig_thuis):
        raise ValidationError(
            _("Kies wat u besluit: hulp organiseren, melden bij Veilig Thuis, of allebei.")
        )
    if not report_to_veilig_thuis and report_required(
        unsafe=bool(weighing.unsafe),
        can_organise_help=bool(weighing.can_organise_help),
        help_accepted=bool(weighing.help_accepted),
        safe_in_time=bool(weighing.safe_in_time),
    ):
        raise ValidationError(
            {
                "report_to_veilig_thuis": _(
                    "Volgens de weging van %(date)s moet u melden bij Veilig Thuis: %(reasons)s. "
                    "Een besluit zonder melding is dan niet mogelijk."
                )
                % {
                    "date": date_format(weighing.done_on, "DATE_FORMAT"),
                    "reasons": "; ".join(report_reasons(weighing)),
                }
            }
        )
    decision = MeldcodeStep(
        concern=concern,
        step=Step.DECIDE,
        done_on=done_on,
        done_by=actor,
        note=_text(note),
        weighing=weighing,
        organise_help=organise_help,
        report_to_veilig_thuis=report_to_veilig_thuis,
        **weighing.answers,
    )
    decision.full_clean()
    decision.save()
    _record(
        actor,
        "safety.decided",
        concern.family,
        decision,
        organise_help=organise_help,
        report_to_veilig_thuis=report_to_veilig_thuis,
    )
    return decision


@transaction.atomic
def concern_close(
    *, actor: Any, concern: SafetyConcern, closed_on: date, closing_note: str
) -> SafetyConcern:
    """Close a concern with a reason. A concern whose latest weighing requires a report
    cannot be closed around the hard rule: the decision with the report comes first."""
    _open(concern)
    _after_concern(concern, closed_on, "closed_on")
    if not _text(closing_note):
        raise ValidationError({"closing_note": _("Schrijf op waarom de zorg wordt afgesloten.")})
    weighing = latest_weighing(concern)
    if weighing is not None and report_reasons(weighing):
        reported = concern.steps.filter(
            step=Step.DECIDE, weighing=weighing, report_to_veilig_thuis=True
        ).exists()
        if not reported:
            raise ValidationError(
                _(
                    "Volgens de laatste weging moet er gemeld worden bij Veilig Thuis. "
                    "Leg eerst het besluit met de melding vast (stap 5)."
                )
            )
    concern.closed_on = closed_on
    concern.closing_note = _text(closing_note)
    concern.full_clean()
    concern.save(update_fields=["closed_on", "closing_note", "updated_at"])
    _record(actor, "safety.concern_closed", concern.family, concern)
    return concern


# --- Signs of Safety and the safety scale -------------------------------------------------


@transaction.atomic
def mapping_record(
    *,
    access: FamilyAccess,
    mapped_on: date,
    worries: str = "",
    going_well: str = "",
    next_steps: str = "",
) -> SafetyMapping:
    access.require_edit()
    actor, family = access.user, access.family
    not_in_future(mapped_on, "mapped_on")
    columns = [_text(worries), _text(going_well), _text(next_steps)]
    if not any(columns):
        raise ValidationError(
            _("Vul minstens één kolom in: zorgen, wat gaat goed of wat moet er gebeuren.")
        )
    mapping = SafetyMapping(
        family=family,
        mapped_on=mapped_on,
        mapped_by=actor,
        worries=columns[0],
        going_well=columns[1],
        next_steps=columns[2],
    )
    mapping.full_clean()
    mapping.save()
    _record(actor, "safety.mapping_recorded", family, mapping)
    return mapping


@transaction.atomic
def rating_record(
    *,
    access: FamilyAccess,
    rated_on: date,
    value: int,
    member: Member | None = None,
    rater: str = "",
    note: str = "",
) -> SafetyRating:
    access.require_edit()
    actor, family = access.user, access.family
    not_in_future(rated_on, "rated_on")
    _of_family(member, family, "member")
    if not 0 <= value <= 10:
        raise ValidationError({"value": _("Het veiligheidscijfer ligt tussen 0 en 10.")})
    if member is None and not _text(rater):
        raise ValidationError({"rater": _("Kies een gezinslid of schrijf op wie het cijfer gaf.")})
    rating = SafetyRating(
        family=family,
        rated_on=rated_on,
        value=value,
        member=member,
        rater="" if member else _text(rater),
        note=_text(note),
        recorded_by=actor,
    )
    rating.full_clean()
    rating.save()
    _record(actor, "safety.rating_recorded", family, rating, by_member=member is not None)
    return rating


# --- Escalation ---------------------------------------------------------------------------


@transaction.atomic
def escalation_raise(
    *,
    access: FamilyAccess,
    raised_on: date,
    target: str,
    reason: str,
    arguments: str,
    concern: SafetyConcern | None = None,
    organisation: Organisation | None = None,
) -> Escalation:
    """Opschaling: a critical point (the notifications issue will tell the target). When
    an organisation does not deliver its part of the plan, the organisation is named."""
    access.require_edit()
    actor, family = access.user, access.family
    not_in_future(raised_on, "raised_on")
    if concern is not None and concern.family_id != family.id:
        raise ValidationError({"concern": _("Deze zorg hoort niet bij dit gezin.")})
    if reason == Escalation.Reason.NOT_DELIVERING and organisation is None:
        raise ValidationError(
            {"organisation": _("Noem de organisatie die haar deel van het plan niet doet.")}
        )
    if not _text(arguments):
        raise ValidationError(
            {"arguments": _("Schrijf de argumenten op: waarom is opschalen nodig?")}
        )
    escalation = Escalation(
        family=family,
        concern=concern,
        raised_on=raised_on,
        raised_by=actor,
        target=target,
        reason=reason,
        organisation=organisation,
        arguments=_text(arguments),
    )
    escalation.full_clean()
    escalation.save()
    _record(
        actor,
        "escalation.raised",
        family,
        escalation,
        target=target,
        reason=reason,
        **({"organisation": str(organisation.uuid)} if organisation else {}),
    )
    events.emit(
        events.EscalationRaised(family_id=family.pk, actor_id=actor.pk, escalation_id=escalation.pk)
    )
    return escalation


@transaction.atomic
def escalation_update(
    *,
    actor: Any,
    escalation: Escalation,
    status: str,
    on: date | None = None,
    resolution: str = "",
) -> Escalation:
    """Move an escalation on: in behandeling, or opgelost with a date and the outcome."""
    if escalation.status == Escalation.Status.RESOLVED:
        raise ValidationError(_("Deze opschaling is al opgelost."))
    if status not in Escalation.Status.values:
        raise ValidationError({"status": _("Kies een status.")})
    resolution = _text(resolution)
    resolved = status == Escalation.Status.RESOLVED
    if resolved:
        if on is None:
            raise ValidationError({"on": _("Vul de datum in waarop het is opgelost.")})
        not_in_future(on, "on")
        if on < escalation.raised_on:
            raise ValidationError({"on": _("Deze datum ligt voor de opschaling.")})
        if not resolution:
            raise ValidationError({"resolution": _("Schrijf op wat de uitkomst is.")})
    # Only changed once everything is checked: a refusal leaves the object as it was.
    escalation.status = status
    escalation.resolution = resolution
    escalation.resolved_on = on if resolved else None
    escalation.full_clean()
    escalation.save(update_fields=["status", "resolution", "resolved_on", "updated_at"])
    action = (
        "escalation.resolved"
        if status == Escalation.Status.RESOLVED
        else "escalation.status_changed"
    )
    _record(actor, action, escalation.family, escalation, status=status)
    return escalation
