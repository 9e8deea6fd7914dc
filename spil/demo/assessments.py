"""Demo life domains and safety (issue 6): Leefgebieden measured at the start and halfway
for most demo families, one family with an open safety concern that went through the five
steps of the meldcode (with Signs of Safety and the safety scale), and one escalation.

Everything goes through the assessment services, as the coach would enter it, so it is
validated and audited. Scores come from a hash of the family's and domain's names, so they
are the same on every machine. Dates are counted from the start of each trajectory and
never lie in the future. Idempotent: each measurement, the concern and the escalation are
looked up before they are made.
"""

import hashlib
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from spil.accounts.models import Organisation, User
from spil.assessments import services
from spil.assessments.models import (
    Escalation,
    Instrument,
    Measurement,
    MeldcodeStep,
    SafetyConcern,
)
from spil.core.access import FamilyAccess, family_access
from spil.demo.region import DEMO_DOMAIN
from spil.families.models import FamilyRole, Involvement, InvolvementRole
from spil.trajectories.models import Trajectory

INSTRUMENT = "leefgebieden"
START_DAY = 10  # the start measurement, days after the start of the trajectory
HALFWAY_DAY = 91  # halfway through a trajectory of six months
HALFWAY_MIN_AGE = 56  # a trajectory younger than eight weeks has only its start measurement
STRENGTHS = ["eigen", "netwerk", "professional", ""]
HALFWAY_STEP = [0, 0, 1, 1, 1, -1]  # mostly a little better, sometimes worse


def _number(*parts: str) -> int:
    return int(hashlib.sha256("|".join(parts).encode()).hexdigest()[:12], 16)


def _active_trajectories() -> list[Trajectory]:
    return list(
        Trajectory.objects.running()
        .filter(coach__email__endswith=f"@{DEMO_DOMAIN}")
        .select_related("family", "coach")
        .order_by("started_on", "id")
    )


@transaction.atomic
def build_assessments(users: dict[str, User]) -> None:
    today = timezone.localdate()
    instrument = Instrument.objects.prefetch_related("domains").get(code=INSTRUMENT)
    trajectories = _active_trajectories()
    # Each coach keeps the whole file of their family: the policy is asked once per family.
    accesses = {t.pk: family_access(t.coach, t.family) for t in trajectories}
    for trajectory in trajectories:
        _measure(trajectory, accesses[trajectory.pk], instrument, today)
    safety = next(
        (t for t in trajectories if t.trajectory_type == Trajectory.Type.SCALING_UP),
        trajectories[-1] if trajectories else None,
    )
    if safety is not None:
        _safety_concern(safety, accesses[safety.pk], today)
    stalled = [t for t in trajectories if t is not safety]
    if stalled:
        _escalation(stalled[0], accesses[stalled[0].pk], today)
    if len(stalled) > 1:
        _escalation_not_delivering(stalled[1], accesses[stalled[1].pk], today)


def _measure(
    trajectory: Trajectory, coach_access: FamilyAccess, instrument: Instrument, today: date
) -> None:
    start_on = trajectory.started_on + timedelta(days=START_DAY)
    age = (today - trajectory.started_on).days
    plan = [(Measurement.Moment.START, start_on)]
    if age >= HALFWAY_MIN_AGE:
        halfway_on = min(trajectory.started_on + timedelta(days=HALFWAY_DAY), today - timedelta(7))
        plan.append((Measurement.Moment.HALFWAY, halfway_on))
    family = trajectory.family
    for moment, measured_on in plan:
        if Measurement.objects.filter(
            trajectory=trajectory, instrument=instrument, moment=moment, member__isnull=True
        ).exists():
            continue
        scores = []
        for domain in instrument.domains.all():
            n = _number(family.name, domain.code)
            value = 1 + n % 4
            if moment == Measurement.Moment.HALFWAY:
                value = max(1, min(5, value + HALFWAY_STEP[(n >> 8) % len(HALFWAY_STEP)]))
            scores.append(
                services.ScoreData(
                    domain=domain,
                    value=value,
                    strength=STRENGTHS[(n >> 16) % len(STRENGTHS)]
                    if moment == Measurement.Moment.HALFWAY
                    else "",
                )
            )
        services.measurement_record(
            access=coach_access,
            instrument=instrument,
            measured_on=measured_on,
            moment=moment,
            scores=scores,
            note="Samen met de ouders ingevuld aan de keukentafel.",
        )


def _safety_concern(trajectory: Trajectory, coach_access: FamilyAccess, today: date) -> None:
    family = trajectory.family
    if SafetyConcern.objects.filter(family=family).exists():
        return
    coach = trajectory.coach

    def day(offset: int) -> date:
        return min(trajectory.started_on + timedelta(days=offset), today)

    children = family.members.filter(role=FamilyRole.CHILD).order_by("-birth_date", "id")
    parent = (
        family.members.filter(role=FamilyRole.PARENT, has_parental_authority=True)
        .order_by("id")
        .first()
    )
    concern = services.concern_record(
        access=coach_access,
        about=children.first(),
        noticed_on=day(18),
        signals=(
            "School meldt blauwe plekken op de bovenarm en dat het kind na school niet naar "
            "huis wil. De coach hoorde bij het huisbezoek harde ruzie tussen de volwassenen."
        ),
    )
    steps = [
        (MeldcodeStep.Step.SIGNALS, 19, "Signalen met de intern begeleider op een rij gezet."),
        (
            MeldcodeStep.Step.CONSULT,
            20,
            "Collegiale consultatie met de aandachtsfunctionaris; Veilig Thuis anoniem "
            "geraadpleegd.",
        ),
        (MeldcodeStep.Step.TALK, 21, "Gesprek met de ouders over de signalen en hun uitleg."),
    ]
    for step, offset, note in steps:
        services.meldcode_step_log(
            actor=coach, concern=concern, step=step, done_on=day(offset), note=note
        )
    services.weighing_record(
        actor=coach,
        concern=concern,
        done_on=day(22),
        suspicion=True,
        unsafe=False,
        can_organise_help=True,
        help_accepted=True,
        safe_in_time=False,
        note="De ouders willen hulp, maar de ruzies gaan door; veiligheid op tijd is niet zeker.",
    )
    services.decision_record(
        actor=coach,
        concern=concern,
        done_on=day(23),
        organise_help=True,
        report_to_veilig_thuis=True,
        note="Gemeld bij Veilig Thuis Rivierenland; de gezinscoach blijft en organiseert hulp.",
    )
    services.mapping_record(
        access=coach_access,
        mapped_on=day(24),
        worries="Ruzies waar de kinderen bij zijn; blauwe plekken bij de jongste.",
        going_well="Moeder brengt de kinderen elke dag naar school; oma past twee middagen op.",
        next_steps="Veiligheidsplan met de ouders en oma; Veilig Thuis doet onderzoek.",
    )
    ratings = [(19, None, "Gezinscoach", 3), (24, None, "Gezinscoach", 4)]
    for offset, member, rater, value in ratings:
        services.rating_record(
            access=coach_access,
            rated_on=day(offset),
            value=value,
            member=member,
            rater=rater,
        )
    if parent is not None:
        for offset, value in [(19, 6), (24, 7)]:
            services.rating_record(
                access=coach_access, rated_on=day(offset), value=value, member=parent
            )


def _escalation(trajectory: Trajectory, coach_access: FamilyAccess, today: date) -> None:
    family = trajectory.family
    if Escalation.objects.filter(family=family).exists():
        return
    services.escalation_raise(
        access=coach_access,
        raised_on=max(trajectory.started_on, today - timedelta(days=4)),
        target=Escalation.Target.TEAM_LEAD,
        reason=Escalation.Reason.STALLED,
        arguments=(
            "Al drie maanden geen voortgang op financiën: de aanvraag bij schuldhulp ligt "
            "stil omdat de stukken van de sociale dienst ontbreken. Gevraagd: overleg met "
            "de afdelingshoofden om de aanvraag los te trekken."
        ),
    )


def _escalation_not_delivering(
    trajectory: Trajectory, coach_access: FamilyAccess, today: date
) -> None:
    """Issue 20 point 2: to the meldpunt's coordinator, about an organisation of the team
    around the family that does not do its part of the plan (seed 004's sticking point)."""
    family = trajectory.family
    reason = Escalation.Reason.NOT_DELIVERING
    if Escalation.objects.filter(family=family, reason=reason).exists():
        return
    involved = (
        Involvement.objects.filter(family=family, organisation__isnull=False, until__isnull=True)
        .exclude(role__in=(InvolvementRole.FAMILY_COACH, InvolvementRole.CASE_MANAGER))
        .exclude(organisation__memberships__user=trajectory.coach)
        .select_related("organisation")
        .order_by("id")
        .first()
    )
    organisation = (
        involved.organisation
        if involved is not None
        else Organisation.objects.filter(kind=Organisation.Kind.MENTAL_HEALTH)
        .order_by("id")
        .first()
    )
    if organisation is None:
        return
    services.escalation_raise(
        access=coach_access,
        raised_on=max(trajectory.started_on, today - timedelta(days=2)),
        target=Escalation.Target.COORDINATOR,
        reason=reason,
        organisation=organisation,
        arguments=(
            "In het plan staat dat deze organisatie binnen vier weken met moeder start. Na "
            "acht weken is er nog geen afspraak, ook niet na twee keer bellen. Gevraagd: de "
            "coördinator spreekt de organisatie aan op haar deel van het plan."
        ),
    )


def measured_family_count() -> int:
    return (
        Measurement.objects.filter(trajectory__closed_on__isnull=True)
        .values("family")
        .distinct()
        .count()
    )


def open_concern_count() -> int:
    return SafetyConcern.objects.filter(closed_on__isnull=True).count()
