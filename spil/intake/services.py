"""Every write of the meldpunt: melden → wegen → beoordelen → besluiten → koppelen.

Hard rules raise ValidationError with a Dutch message and change nothing; soft signals
(no minor child, a coach above the caseload norm) are shown, never enforced.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from spil.accounts.models import Organisation
from spil.core import access, audit
from spil.core.roles import Role
from spil.core.validators import normalise_postcode, not_in_future
from spil.directory.models import Programme
from spil.families import selectors as family_selectors
from spil.families import services as family_services
from spil.families.models import Consent, Family, FamilyRole, InvolvementRole, Member
from spil.families.services import InvolvementData, MemberData
from spil.trajectories import services as trajectory_services
from spil.trajectories.models import LAY_COACH_KINDS, CoachKind, Trajectory

from . import selectors
from .models import (
    MINOR_CHILD_CODE,
    Answer,
    Assessment,
    CoachProposal,
    Decision,
    Outcome,
    Referral,
    ReferralHelper,
    ReferralMember,
    Weighing,
    WeighingAnswer,
)

# Outcomes that put someone beside the family: a gezinscoach or a case manager.
MATCHED_OUTCOMES = {Outcome.FAMILY_COACH, Outcome.CARE_COORDINATION}


@dataclass(frozen=True)
class ReferrerData:
    """Who reports: a Spil user, or someone outside Spil with their organisation."""

    user: Any = None
    name: str = ""
    organisation: Organisation | None = None
    organisation_name: str = ""
    organisation_kind: str = ""
    phone: str = ""
    email: str = ""


def _require_status(referral: Referral, *statuses: str) -> None:
    if referral.status not in statuses:
        raise ValidationError(
            _("Deze stap past niet bij de status van de melding (%(status)s).")
            % {"status": referral.get_status_display()}
        )


def _record(actor: Any, action: str, referral: Referral, obj: Any = None, **detail: Any) -> None:
    audit.record(
        actor=actor,
        action=action,
        obj=obj or referral,
        family=referral.family,
        organisation=referral.meldpunt,
        detail=detail,
    )


# --- Melden --------------------------------------------------------------------------


@transaction.atomic
def referral_register(
    *,
    actor: Any,
    meldpunt: Organisation,
    received_on: date,
    referrer: ReferrerData,
    concerns: str,
    members: list[MemberData],
    helpers: list[InvolvementData] | None = None,
    urgency: str = Referral.Urgency.NORMAL,
    family_name: str = "",
    postcode: str = "",
    house_number: str = "",
    external_id: str = "",
) -> Referral:
    access.require(actor, access.Capability.REFER_FAMILY)
    if meldpunt.kind != Organisation.Kind.MELDPUNT:
        raise ValidationError({"meldpunt": _("Kies een meldpunt.")})
    not_in_future(received_on, "received_on")
    if not members:
        raise ValidationError(_("Noem minstens één gezinslid."))
    if any(m.birth_date and m.birth_date > received_on for m in members):
        raise ValidationError(_("Een geboortedatum ligt na de datum van de melding."))
    if not concerns.strip():
        raise ValidationError({"concerns": _("Beschrijf de zorgen van de melder.")})

    is_coordinator = access.can_work_referral(actor, Referral(meldpunt=meldpunt))
    if not is_coordinator:
        # A professional reports for themselves, on behalf of their own organisation.
        organisation = access.acting_organisation(actor)
        referrer = ReferrerData(
            user=actor,
            organisation=organisation,
            organisation_kind=organisation.kind if organisation else Organisation.Kind.OTHER,
            phone=referrer.phone or actor.phone,
            email=referrer.email or actor.email,
        )
    _check_referrer(referrer)

    referral = Referral(
        meldpunt=meldpunt,
        received_on=received_on,
        urgency=urgency,
        referred_by=referrer.user,
        referrer_name=referrer.name.strip(),
        referrer_organisation=referrer.organisation,
        referrer_organisation_name=referrer.organisation_name.strip(),
        referrer_organisation_kind=referrer.organisation_kind,
        referrer_phone=referrer.phone.strip(),
        referrer_email=referrer.email.strip(),
        family_name=family_name.strip() or members[0].surname,
        postcode=normalise_postcode(postcode),
        house_number=house_number.strip(),
        concerns=concerns.strip(),
        entered_by=actor,
        external_id=external_id,
    )
    referral.full_clean()
    referral.save()
    for data in members:
        member = ReferralMember(
            referral=referral,
            role=data.role,
            first_name=data.first_name,
            surname=data.surname,
            birth_date=data.birth_date,
            bsn=data.bsn,
            lives_in_household=data.lives_in_household,
        )
        member.full_clean()
        member.save()
    for helper in helpers or []:
        row = ReferralHelper(referral=referral, **helper.__dict__)
        row.full_clean()
        row.save()
    _record(actor, "referral.registered", referral, urgency=urgency)
    return referral


def _check_referrer(referrer: ReferrerData) -> None:
    if referrer.user is not None:
        return
    errors: dict[str, str] = {}
    if not referrer.name.strip():
        errors["referrer_name"] = _("Vul de naam van de melder in.")
    if referrer.organisation is None and not referrer.organisation_name.strip():
        errors["referrer_organisation_name"] = _("Vul de organisatie van de melder in.")
    if not referrer.organisation_kind:
        errors["referrer_organisation_kind"] = _("Kies wat voor organisatie de melder heeft.")
    if not (referrer.phone.strip() or referrer.email.strip()):
        errors["referrer_phone"] = _("Vul een telefoonnummer of e-mailadres van de melder in.")
    if errors:
        raise ValidationError(errors)


# --- Het gezin vaststellen ------------------------------------------------------------


def _same_person(named: ReferralMember, member: Member) -> bool:
    """The person a referral names is this member of the family: the same BSN, or, where
    either BSN is unknown, the same first name, surname and birth date (an unknown birth
    date on either side does not tell them apart)."""
    if named.bsn and member.bsn:
        return named.bsn == member.bsn
    if (named.first_name.strip().casefold(), named.surname.strip().casefold()) != (
        member.first_name.strip().casefold(),
        member.surname.strip().casefold(),
    ):
        return False
    return named.birth_date is None or member.birth_date in (None, named.birth_date)


@transaction.atomic
def referral_link_family(*, actor: Any, referral: Referral, family: Family) -> list[Member]:
    """Link the referral to a family Spil already knows. The people the referral names
    who are not yet in that family (a newborn, a new partner) are added to it.

    Returns the members added, so the coordinator can be told who joined the family."""
    access.require_work_referral(actor, referral)
    if referral.family_id:
        raise ValidationError(_("Deze melding hoort al bij een gezin."))
    referral.family = family
    referral.save(update_fields=["family", "updated_at"])
    # The meldpunt writes into the family on the referral's right, checked above, not with
    # a FamilyAccess (there is no family page here): the families services' actor-based
    # `..._for_referral` functions (see "Writes for the meldpunt" there).
    members = list(family.members.all())
    added: list[Member] = []
    for named in referral.members.all():
        if any(_same_person(named, member) for member in members):
            continue
        member = family_services.member_add_for_referral(
            actor=actor,
            family=family,
            role=named.role,
            first_name=named.first_name,
            surname=named.surname,
            birth_date=named.birth_date,
            bsn=named.bsn,
            lives_in_household=named.lives_in_household,
            # As when the family is created: parents are presumed to hold authority.
            has_parental_authority=named.role == FamilyRole.PARENT,
        )
        members.append(member)
        added.append(member)
    # Helpers the new referral names join the team around the family, once.
    known = {
        (i.role, i.worker_id, i.worker_name, i.organisation_name)
        for i in family.involvements.filter(until__isnull=True)
    }
    for helper in referral.helpers.all():
        key = (helper.role, helper.worker_id, helper.worker_name, helper.organisation_name)
        if key not in known:
            family_services.involvement_add_for_referral(
                actor=actor,
                family=family,
                role=helper.role,
                organisation=(
                    access.acting_organisation(helper.worker)
                    if helper.worker and not helper.organisation_name
                    else None
                ),
                organisation_name=helper.organisation_name,
                worker=helper.worker,
                worker_name=helper.worker_name,
                contact=helper.contact,
                since=referral.received_on,
            )
    _record(actor, "referral.family_linked", referral, members_added=len(added))
    return added


@transaction.atomic
def referral_create_family(*, actor: Any, referral: Referral) -> Family:
    access.require_work_referral(actor, referral)
    if referral.family_id:
        raise ValidationError(_("Deze melding hoort al bij een gezin."))
    family = family_services.family_create(
        actor=actor,
        name=referral.family_name,
        postcode=referral.postcode,
        house_number=referral.house_number,
        members=[
            MemberData(
                role=m.role,
                first_name=m.first_name,
                surname=m.surname,
                birth_date=m.birth_date,
                bsn=m.bsn,
                lives_in_household=m.lives_in_household,
                # Parents are presumed to hold authority; the coach corrects it in the file.
                has_parental_authority=m.role == FamilyRole.PARENT,
            )
            for m in referral.members.all()
        ],
        involvements=[
            InvolvementData(
                role=h.role,
                organisation_name=h.organisation_name,
                worker_name=h.worker_name,
                worker=h.worker,
                contact=h.contact,
            )
            for h in referral.helpers.all()
        ],
        since=referral.received_on,
    )
    referral.family = family
    referral.save(update_fields=["family", "updated_at"])
    _record(actor, "referral.family_created", referral)
    return family


# --- Wegen ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionAnswer:
    """The coordinator's answer on one criterion: ja / nee / onbekend, or "" (open)."""

    answer: str = ""
    note: str = ""


# The first half's three answer columns, by the code of the default criterion they hold.
LEGACY_COLUMNS = {
    "hulp_onvoldoende_effectief": "help_not_effective",
    "bredere_problematiek": "broader_problems",
    "geen_eigen_regie": "no_own_regie",
}


def minor_child_answer(referral: Referral) -> str:
    """The minor-child criterion from the birth dates: ja when a member is under 18, nee
    when every birth date is known and none is, else onbekend."""
    members = list(referral.members.all())
    if any(m.is_minor for m in members):
        return str(Answer.YES)
    if members and all(m.birth_date for m in members):
        return str(Answer.NO)
    return str(Answer.UNKNOWN)


@transaction.atomic
def referral_weigh(
    *,
    actor: Any,
    referral: Referral,
    decision: str,
    weighed_on: date,
    answers: dict[str, CriterionAnswer] | None = None,
    advice: str = "",
    return_reason: str = "",
    help_not_effective: str = "",
    broader_problems: str = "",
    no_own_regie: str = "",
    help_not_effective_note: str = "",
    broader_problems_note: str = "",
    no_own_regie_note: str = "",
) -> Weighing:
    """Weigh the referral on the meldpunt's criteria (`selectors.criteria_for`).

    `answers` maps a criterion's code to the answer. The three named answers are the first
    half's way to answer the default criteria (kept for callers that still use it); the
    minor-child criterion, when not answered, is answered from the birth dates.
    A required criterion must be answered; a "nee" on a required criterion while accepting
    needs a note (warning with a reason). Returning needs advice and a reason code."""
    access.require_work_referral(actor, referral)
    _require_status(referral, Referral.Status.RECEIVED)
    not_in_future(weighed_on, "weighed_on")
    if weighed_on < referral.received_on:
        raise ValidationError({"weighed_on": _("De weging kan niet vóór de melding liggen.")})
    if decision not in Weighing.Decision.values:
        raise ValidationError({"decision": _("Kies accepteren of terugleggen.")})
    returning = decision == Weighing.Decision.RETURN
    if returning and not advice.strip():
        raise ValidationError(
            {"advice": _("Geef de melder een advies: wat kan die nu doen voor dit gezin?")}
        )
    if returning and return_reason not in Weighing.ReturnReason.values:
        raise ValidationError({"return_reason": _("Kies de reden van terugleggen.")})
    if not returning:
        return_reason = ""
    has_minor_child = any(m.is_minor for m in referral.members.all())
    given = dict(answers or {})
    legacy = {
        "hulp_onvoldoende_effectief": (help_not_effective, help_not_effective_note),
        "bredere_problematiek": (broader_problems, broader_problems_note),
        "geen_eigen_regie": (no_own_regie, no_own_regie_note),
    }
    for code, (answer, note) in legacy.items():
        if answer and code not in given:
            given[code] = CriterionAnswer(answer=answer, note=note)
    if MINOR_CHILD_CODE not in given or not given[MINOR_CHILD_CODE].answer:
        given[MINOR_CHILD_CODE] = CriterionAnswer(answer=minor_child_answer(referral))
    criteria = list(selectors.criteria_for(meldpunt=referral.meldpunt))
    rows: list[WeighingAnswer] = []
    errors: dict[str, str] = {}
    for criterion in criteria:
        data = given.get(criterion.code, CriterionAnswer())
        answer, note = data.answer, data.note.strip()
        if answer and answer not in Answer.values:
            errors[f"criterion_{criterion.code}"] = _("Kies ja, nee of onbekend.")
            continue
        if criterion.is_required and not answer:
            errors[f"criterion_{criterion.code}"] = _("Beantwoord dit criterium.")
            continue
        if criterion.is_required and answer == Answer.NO and not returning and not note:
            errors[f"criterion_{criterion.code}_note"] = _(
                "Dit criterium is verplicht en het antwoord is nee. Licht toe waarom het "
                "meldpunt de melding toch accepteert."
            )
            continue
        rows.append(
            WeighingAnswer(
                criterion=criterion,
                code=criterion.code,
                label=criterion.label,
                mode=criterion.mode,
                order=criterion.order,
                answer=answer,
                note=note,
            )
        )
    if errors:
        raise ValidationError(errors)
    by_code = {row.code: row for row in rows}
    columns = {
        column: (by_code[code].answer, by_code[code].note) if code in by_code else ("", "")
        for code, column in LEGACY_COLUMNS.items()
    }
    weighing = Weighing(
        referral=referral,
        has_minor_child=has_minor_child,
        help_not_effective=columns["help_not_effective"][0],
        help_not_effective_note=columns["help_not_effective"][1],
        broader_problems=columns["broader_problems"][0],
        broader_problems_note=columns["broader_problems"][1],
        no_own_regie=columns["no_own_regie"][0],
        no_own_regie_note=columns["no_own_regie"][1],
        decision=decision,
        advice=advice.strip(),
        return_reason=return_reason,
        weighed_on=weighed_on,
        weighed_by=actor,
    )
    weighing.full_clean()
    weighing.save()
    for row in rows:
        row.weighing = weighing
        row.full_clean()
    WeighingAnswer.objects.bulk_create(rows)
    if returning:
        referral.status = Referral.Status.RETURNED
        referral.outcome = Outcome.RETURNED_WITH_ADVICE
        referral.decided_on = weighed_on
    else:
        referral.status = Referral.Status.IN_ASSESSMENT
    referral.save(update_fields=["status", "outcome", "decided_on", "updated_at"])
    _record(
        actor,
        "referral.weighed",
        referral,
        obj=weighing,
        decision=decision,
        return_reason=return_reason,
        criteria=len(rows),
    )
    return weighing


# --- Beoordelen -----------------------------------------------------------------------


@transaction.atomic
def referral_consent(
    *,
    actor: Any,
    referral: Referral,
    given_by: Member,
    parties: str,
    given_on: date,
    valid_until: date | None = None,
) -> Consent:
    """The family's consent to gather information from the named helpers."""
    access.require_work_referral(actor, referral)
    family = _family_of(referral)
    not_in_future(given_on, "given_on")
    if not parties.strip():
        raise ValidationError({"parties": _("Noem bij wie informatie opgevraagd mag worden.")})
    consent = family_services.consent_record_for_referral(
        actor=actor,
        family=family,
        kind=Consent.Kind.GATHER_INFORMATION,
        given_by=given_by,
        parties=parties,
        purpose=_("Beoordeling door het meldpunt: wat heeft dit gezin nodig?"),
        given_on=given_on,
        valid_until=valid_until,
    )
    _record(actor, "referral.consent_recorded", referral, obj=consent)
    return consent


def _family_of(referral: Referral) -> Family:
    if referral.family is None:
        raise ValidationError(_("Stel eerst vast om welk gezin het gaat."))
    return referral.family


@transaction.atomic
def referral_assess(
    *,
    actor: Any,
    referral: Referral,
    kind: str,
    held_on: date,
    tie_breaker: str,
    family_participants: list[Member],
    other_participants: str = "",
    findings: str = "",
) -> Assessment:
    """Plan or record the assessment conversation. Findings need the family's consent
    to gather information, given on or before the day of the conversation (hard rule)."""
    access.require_work_referral(actor, referral)
    _require_status(referral, Referral.Status.IN_ASSESSMENT)
    family = _family_of(referral)
    if held_on < referral.received_on:
        raise ValidationError({"held_on": _("Het gesprek kan niet vóór de melding liggen.")})
    if not tie_breaker.strip():
        raise ValidationError(
            {"tie_breaker": _("Spreek vooraf af wie besluit als er geen overeenstemming is.")}
        )
    if any(m.family_id != family.id for m in family_participants):
        raise ValidationError({"family_participants": _("Kies alleen leden van dit gezin.")})
    if findings.strip():
        not_in_future(held_on, "held_on")
        consent = family_selectors.valid_consent(
            family=family, kind=Consent.Kind.GATHER_INFORMATION, on=held_on
        )
        if consent is None:
            raise ValidationError(
                _(
                    "Er is geen toestemming van het gezin om informatie op te vragen bij de "
                    "hulpverleners, gegeven vóór of op de dag van het gesprek. Leg die eerst vast."
                )
            )
    assessment = getattr(referral, "assessment", None) or Assessment(referral=referral)
    assessment.kind = kind
    assessment.held_on = held_on
    assessment.tie_breaker = tie_breaker.strip()
    assessment.other_participants = other_participants.strip()
    assessment.findings = findings.strip()
    assessment.coordinator = actor
    assessment.full_clean()
    assessment.save()
    assessment.family_participants.set(family_participants)
    _record(
        actor,
        "referral.assessment_recorded" if findings.strip() else "referral.assessment_planned",
        referral,
        obj=assessment,
        kind=kind,
    )
    return assessment


# --- Besluiten ------------------------------------------------------------------------


@transaction.atomic
def referral_decide(
    *,
    actor: Any,
    referral: Referral,
    outcome: str,
    reason: str,
    decided_on: date,
    return_reason: str = "",
) -> Decision:
    access.require_work_referral(actor, referral)
    _require_status(referral, Referral.Status.IN_ASSESSMENT)
    assessment = getattr(referral, "assessment", None)
    if assessment is None or not assessment.findings:
        raise ValidationError(_("Leg eerst de bevindingen van de beoordeling vast."))
    if not reason.strip():
        raise ValidationError({"reason": _("Onderbouw het besluit: waarom dit besluit?")})
    if outcome == Outcome.RETURNED_AFTER_ASSESSMENT and not return_reason:
        raise ValidationError({"return_reason": _("Kies de reden van terugleggen.")})
    if outcome != Outcome.RETURNED_AFTER_ASSESSMENT:
        return_reason = ""
    not_in_future(decided_on, "decided_on")
    if decided_on < assessment.held_on:
        raise ValidationError({"decided_on": _("Het besluit kan niet vóór het gesprek liggen.")})
    decision = Decision(
        referral=referral,
        outcome=outcome,
        return_reason=return_reason,
        reason=reason.strip(),
        decided_on=decided_on,
        decided_by=actor,
    )
    decision.full_clean()
    decision.save()
    referral.status = Referral.Status.DECIDED
    referral.outcome = outcome
    referral.decided_on = decided_on
    referral.save(update_fields=["status", "outcome", "decided_on", "updated_at"])
    _record(actor, "referral.decided", referral, obj=decision, outcome=outcome)
    return decision


# --- Koppelen -------------------------------------------------------------------------


@transaction.atomic
def coach_propose(
    *,
    actor: Any,
    referral: Referral,
    coach: Any,
    category: str,
    proposed_on: date,
    programme: Programme | None = None,
    coach_kind: str = CoachKind.STAFF,
    lay_coach_name: str = "",
    lay_coach_reach: str = "",
) -> CoachProposal:
    """Propose a coach to the family (seed 001 H6). The coach is a staff coach of the
    coaching organisation, a professional of another organisation with a Spil account, or
    — without an account — a network member or volunteer whom the coordinator records by
    name and how to reach them; the coordinator (`actor`) then holds the file for them
    (issue 20, point 1; ADR 0024)."""
    access.require_work_referral(actor, referral)
    _require_status(referral, Referral.Status.DECIDED)
    if referral.outcome not in MATCHED_OUTCOMES:
        raise ValidationError(
            _("Alleen bij gezinscoaching of coördinatie van zorg wordt gekoppeld.")
        )
    family = _family_of(referral)
    if referral.proposals.filter(response=CoachProposal.Response.PENDING).exists():
        raise ValidationError(_("Er staat al een voorstel open. Leg eerst het antwoord vast."))
    if coach_kind not in CoachKind.values:
        raise ValidationError({"coach_kind": _("Kies wie de coach is.")})
    lay_coach_name, lay_coach_reach = lay_coach_name.strip(), lay_coach_reach.strip()
    if coach_kind in LAY_COACH_KINDS:
        errors = {}
        if not lay_coach_name:
            errors["lay_coach_name"] = _("Vul de naam van de coach in.")
        if not lay_coach_reach:
            errors["lay_coach_reach"] = _("Vul in hoe de coach te bereiken is.")
        if errors:
            raise ValidationError(errors)
        # Without an account the coordinator holds the file on the coach's behalf.
        coach = actor
    else:
        lay_coach_name = lay_coach_reach = ""
        if coach is None:
            raise ValidationError({"coach": _("Kies de coach.")})
        if coach_kind == CoachKind.STAFF and not (
            {Role.COACH, Role.TEAM_LEAD} & access.roles(coach)
        ):
            raise ValidationError({"coach": _("Deze persoon is geen gezinscoach.")})
        if coach_kind == CoachKind.PROFESSIONAL and Role.PROFESSIONAL not in access.roles(coach):
            raise ValidationError(
                {"coach": _("Deze persoon werkt niet als professional bij een organisatie.")}
            )
    # Hard rule (seed 001 H6): the guardian with legal power over the family cannot
    # also be the one the family is asked to trust as its coach.
    if coach.id in family_selectors.gezinsvoogd_user_ids(family=family, on=proposed_on):
        raise ValidationError(
            {
                "coach": _(
                    "Deze persoon is de gezinsvoogd van dit gezin en kan daarom niet de "
                    "gezinscoach zijn. Een gezinsvoogd heeft wettelijke macht over het gezin; "
                    "een coach moet naast het gezin kunnen staan. Kies een andere coach."
                )
            }
        )
    if (
        coach_kind not in LAY_COACH_KINDS
        and referral.proposals.filter(
            coach=coach, coach_kind=coach_kind, response=CoachProposal.Response.VETOED
        ).exists()
    ):
        raise ValidationError(
            {"coach": _("Het gezin heeft deze coach al afgewezen. Kies een andere coach.")}
        )
    if proposed_on < (referral.decided_on or referral.received_on):
        raise ValidationError({"proposed_on": _("Het voorstel kan niet vóór het besluit liggen.")})
    proposal = CoachProposal(
        referral=referral,
        coach=coach,
        programme=programme,
        category=category,
        coach_kind=coach_kind,
        lay_coach_name=lay_coach_name,
        lay_coach_reach=lay_coach_reach,
        proposed_on=proposed_on,
        proposed_by=actor,
    )
    proposal.full_clean()
    proposal.save()
    _record(
        actor,
        "referral.coach_proposed",
        referral,
        obj=proposal,
        category=category,
        coach_kind=coach_kind,
    )
    return proposal


@transaction.atomic
def proposal_respond(
    *,
    actor: Any,
    proposal: CoachProposal,
    response: str,
    responded_on: date,
    veto_reason: str = "",
    introduced_by: str = "",
    introduced_on: date | None = None,
    introduced_in_person: bool = False,
) -> Trajectory | None:
    """Record the family's answer. A choice or a yes opens the trajectory with the coach."""
    referral = proposal.referral
    access.require_work_referral(actor, referral)
    if proposal.response != CoachProposal.Response.PENDING:
        raise ValidationError(_("Op dit voorstel is al geantwoord."))
    if response == CoachProposal.Response.PENDING:
        raise ValidationError({"response": _("Kies het antwoord van het gezin.")})
    if responded_on < proposal.proposed_on:
        raise ValidationError(
            {"responded_on": _("Het antwoord kan niet vóór het voorstel liggen.")}
        )
    not_in_future(responded_on, "responded_on")
    if introduced_on is not None:
        not_in_future(introduced_on, "introduced_on")
        if introduced_on < proposal.proposed_on:
            raise ValidationError(
                {"introduced_on": _("De kennismaking kan niet vóór het voorstel liggen.")}
            )
    proposal.response = response
    proposal.responded_on = responded_on
    proposal.veto_reason = veto_reason.strip() if response == CoachProposal.Response.VETOED else ""
    proposal.introduced_by = introduced_by.strip()
    proposal.introduced_on = introduced_on
    proposal.introduced_in_person = introduced_in_person
    proposal.full_clean()
    proposal.save()
    _record(actor, "referral.proposal_answered", referral, obj=proposal, response=response)
    if response == CoachProposal.Response.VETOED:
        return None

    family = _family_of(referral)
    is_coaching = referral.outcome == Outcome.FAMILY_COACH
    trajectory = trajectory_services.trajectory_open(
        actor=actor,
        family=family,
        kind=Trajectory.Kind.FAMILY_COACH if is_coaching else Trajectory.Kind.CARE_COORDINATION,
        coach=proposal.coach,
        programme=proposal.programme,
        started_on=introduced_on or responded_on,
        coach_kind=proposal.coach_kind,
        lay_coach_name=proposal.lay_coach_name,
        lay_coach_reach=proposal.lay_coach_reach,
    )
    role = InvolvementRole.FAMILY_COACH if is_coaching else InvolvementRole.CASE_MANAGER
    if proposal.coach_kind in LAY_COACH_KINDS:
        # The team around the family names the coach as the family knows them.
        family_services.involvement_add_for_referral(
            actor=actor,
            family=family,
            role=role,
            organisation_name=str(proposal.get_coach_kind_display()),
            worker_name=proposal.lay_coach_name,
            contact=proposal.lay_coach_reach,
            since=trajectory.started_on,
        )
    else:
        family_services.involvement_add_for_referral(
            actor=actor,
            family=family,
            role=role,
            organisation=access.acting_organisation(proposal.coach),
            worker=proposal.coach,
            since=trajectory.started_on,
        )
    referral.trajectory = trajectory
    referral.status = Referral.Status.MATCHED
    referral.save(update_fields=["trajectory", "status", "updated_at"])
    _record(actor, "referral.matched", referral, obj=trajectory)
    return trajectory
