"""A family file with realistic content for the portal's leak test (test_never_shown) and
readability test (test_readability): everything the portal shows, and beside it
everything it must never show, each with its own recognisable text.

Family Vos of the families `World`: Karin (parent with authority), Noor (15) and Daan (11).
Everything is entered through the domain services as the coach would; only sharing a
measurement with the family sets the field (assessments has no service for it yet)."""

import datetime as dt
from dataclasses import dataclass, field
from datetime import datetime, time

from django.utils import timezone

from spil.assessments import services as assessment_services
from spil.assessments.models import Domain, Escalation, Measurement
from spil.contacts import services as contact_services
from spil.contacts.models import Promise
from spil.core import audit
from spil.core.access import family_access
from spil.core.testing import days_ago
from spil.families import services as family_services
from spil.families.models import Consent, Member, NetworkContact
from spil.families.tests.factories import make_family, member
from spil.meetings import services as meeting_services
from spil.meetings.models import Meeting
from spil.plans import services as plan_services
from spil.plans.instruments import family_instrument
from spil.plans.models import Goal, Plan
from spil.trajectories.models import Trajectory

# Never shown to anyone in the family.
WORKING_NOTE = "Werkaantekening: moeder lijkt de brieven van de deurwaarder te verstoppen."
SAFETY_SIGNALS = "Zorg over veiligheid: Daan vertelde over harde klappen als vader langskomt."
ESCALATION = "Opschaling naar de teamleider: de schuldhulp blijft de aanvraag weigeren."
NETWORK_NAME = "buurman Gerrit"
NETWORK_RELATION = "drinkmaatje van de ex-partner"
MEASUREMENT_NOTE = "Toelichting coach: de scores van moeder zijn eerder te hoog dan te laag."
SHARED_MEASUREMENT_NOTE = "Toelichting coach: samen ingevuld, moeder twijfelde bij geld."
OTHER_FAMILY_GOAL = "Wij verhuizen voor de zomer naar een huis in Deventer"
OTHER_FAMILY_MINUTES = "Verslag van het andere gezin: de oudste gaat naar een internaat."

# Shown to the parent, not to the young person (another member's data).
PARENT_GOAL = "Ik los mijn schulden af met hulp van de schuldhulp"
SIBLING_GOAL = "Daan gaat weer naar zwemles op woensdag"
PARENT_APPOINTMENT = "Samen naar het eerste gesprek bij de schuldhulp"
PARENT_MINUTES = "We spraken met Karin over de schulden. De schuldhulp belt haar volgende week."

# Shown to both.
FAMILY_GOAL = "Wij hebben rust in huis"
YOUNG_GOAL = "Ik ga elke dag naar school, ook als ik moe ben"
SHARED_MINUTES = (
    "We spraken over school en over thuis. Noor gaat weer elke dag. "
    "Karin belt de mentor als Noor ziek is. Over vier weken kijken we hoe het gaat."
)
FAMILY_APPOINTMENT = "Samen het plan doorlopen"


@dataclass
class PortalFile:
    world: object
    parent: Member
    young: Member
    sibling: Member
    never: list[str] = field(default_factory=list)  # texts no one in the family sees
    not_for_young: list[str] = field(default_factory=list)  # the parent sees these


def _at(day: dt.date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def build(world) -> PortalFile:
    family, coach = world.family, world.coach
    # Names as in the demo region, not Faker's (the readability test reads them).
    for user, name in ((coach, "Sanne de Vries"), (world.backup, "Mehmet Yilmaz")):
        user.full_name = name
        user.save(update_fields=["full_name"])
    access = family_access(coach, family)
    parent = world.parent
    young = family.members.get(first_name="Noor")
    sibling = family.members.get(first_name="Daan")
    today = timezone.localdate()

    # The plan, agreed, with a goal for the family, one for Noor, one for Karin, one for Daan.
    plan = plan_services.plan_start(access=access, started_on=days_ago(45))
    domains = {d.code: d for d in Domain.objects.filter(instrument=family_instrument(family))}
    any_domain = next(iter(domains.values()))

    def goal(title: str, code: str, members: list[Member], steps: list[tuple[str, object]]):
        added = plan_services.goal_add(
            actor=coach,
            plan=plan,
            title=title,
            domain=domains.get(code, any_domain),
            origin=Goal.Origin.FAMILY,
            whole_family=not members,
            members=members,
            measurable="Over drie maanden zien we het verschil.",
            target_on=today + dt.timedelta(days=90),
        )
        for number, (what, owner) in enumerate(steps):
            plan_services.step_add(
                actor=coach,
                goal=added,
                what=what,
                owner=owner,
                due_on=today + dt.timedelta(days=7 * (number + 1)),
            )

    goal(
        FAMILY_GOAL,
        "gezinssituatie_opvoeding",
        [],
        [("Samen een weekrooster maken", parent), ("Elke week even bellen", coach)],
    )
    goal(YOUNG_GOAL, "school_kinderen", [young], [("Zelf de wekker zetten", young)])
    goal(PARENT_GOAL, "financien_schulden", [parent], [("De post elke vrijdag openen", parent)])
    goal(SIBLING_GOAL, "vrijetijdsbesteding", [sibling], [("Daan aanmelden bij het bad", coach)])
    plan_services.plan_agree(
        actor=coach,
        plan=plan,
        agreed_on=days_ago(20),
        agreed_how="in_gesprek",
        agreed_by=[parent],
    )

    # Appointments: tomorrow with Karin and Noor; next week with Karin only.
    tomorrow = today + dt.timedelta(days=1)
    contact_services.appointment_plan(
        access=access,
        starts_at=_at(tomorrow, 16),
        place="Thuis",
        purpose=FAMILY_APPOINTMENT,
        members=[parent, young],
    )
    contact_services.appointment_plan(
        access=access,
        starts_at=_at(today + dt.timedelta(days=7), 10),
        place="Schuldhulp, Stationsstraat 4",
        purpose=PARENT_APPOINTMENT,
        members=[parent],
    )

    # Promises of the coach: one kept, one open.
    kept = contact_services.promise_record(
        access=access,
        direction=Promise.Direction.COACH_TO_FAMILY,
        what="Ik bel de school over de lessen die Noor miste",
        due_on=days_ago(5),
    )
    contact_services.promise_close(
        actor=coach, promise=kept, status=Promise.Status.KEPT, on=days_ago(6)
    )
    contact_services.promise_record(
        access=access,
        direction=Promise.Direction.COACH_TO_FAMILY,
        what="Ik zoek uit wat zwemles voor Daan kost",
        due_on=today + dt.timedelta(days=10),
    )

    # Meetings whose minutes were shared: one with Noor, one with Karin only.
    for members, minutes, day in (
        ([parent, young], SHARED_MINUTES, 12),
        ([parent], PARENT_MINUTES, 8),
    ):
        meeting = meeting_services.meeting_plan(
            access=access,
            kind=Meeting.Kind.ALIGNMENT,
            starts_at=_at(days_ago(day), 15),
            chair=coach,
            members=members,
            agenda_from_plan=False,
            own_agenda=["Hoe gaat het thuis"],
        )
        meeting_services.minutes_record(
            actor=coach,
            meeting=meeting,
            minutes=minutes,
            family_present=True,
            shared_on=days_ago(day - 2),
        )

    # Life-domain scores: one measurement shared (its note is not), one not shared.
    instrument = family_instrument(family)
    scores = [
        assessment_services.ScoreData(domain=d, value=3, note="Notitie bij de score")
        for d in instrument.domains.all()
    ]
    shared = assessment_services.measurement_record(
        access=access,
        instrument=instrument,
        measured_on=days_ago(30),
        moment=Measurement.Moment.START,
        scores=scores,
        note=SHARED_MEASUREMENT_NOTE,
    )
    Measurement.objects.filter(pk=shared.pk).update(shared_with_family_on=days_ago(28))
    assessment_services.measurement_record(
        access=access,
        instrument=instrument,
        measured_on=days_ago(3),
        moment=Measurement.Moment.OTHER,
        scores=scores,
        note=MEASUREMENT_NOTE,
    )

    # Consents to share, family-wide: the GGZ (for half a year) and the school.
    world.share_with(world.ggz, [Consent.Part.PLAN], valid_until=today + dt.timedelta(days=180))
    world.share_with(world.school, [Consent.Part.PLAN, Consent.Part.CONTACTS])

    # Reads of the file: the coach and the GGZ.
    audit.record(actor=coach, action="family.viewed", obj=family, family=family)
    audit.record(actor=world.ggz_worker, action="plan.viewed", obj=family, family=family)

    # What the family never sees.
    contact_services.contact_log(
        access=access,
        occurred_at=timezone.now() - dt.timedelta(days=2),
        members=[parent],
        summary="Huisbezoek.",
        working_note=WORKING_NOTE,
    )
    concern = assessment_services.concern_record(
        access=access, noticed_on=days_ago(4), signals=SAFETY_SIGNALS, about=sibling
    )
    assessment_services.escalation_raise(
        access=access,
        raised_on=days_ago(2),
        target=Escalation.Target.TEAM_LEAD,
        reason=Escalation.Reason.STALLED,
        arguments=ESCALATION,
        concern=concern,
    )
    family_services.network_contact_save(
        access=access,
        name=NETWORK_NAME,
        relation=NETWORK_RELATION,
        sector=NetworkContact.Sector.FRIENDS,
        influence=NetworkContact.Influence.BAD,
    )

    # Another family, with its own plan and shared minutes.
    _other_family(world)

    return PortalFile(
        world=world,
        parent=parent,
        young=young,
        sibling=sibling,
        never=[
            WORKING_NOTE,
            SAFETY_SIGNALS,
            ESCALATION,
            NETWORK_NAME,
            NETWORK_RELATION,
            MEASUREMENT_NOTE,
            SHARED_MEASUREMENT_NOTE,
            "Notitie bij de score",
            OTHER_FAMILY_GOAL,
            OTHER_FAMILY_MINUTES,
        ],
        not_for_young=[PARENT_GOAL, SIBLING_GOAL, PARENT_APPOINTMENT, PARENT_MINUTES],
    )


def _other_family(world) -> None:
    coach = world.other_coach
    family = make_family(
        coach,
        name="Jansen",
        members=[
            member(
                "ouder",
                "Ria",
                surname="Jansen",
                born=dt.date(1980, 4, 4),
                has_parental_authority=True,
            ),
            member("kind", "Tim", surname="Jansen", born=dt.date(2012, 2, 2)),
        ],
    )
    Trajectory.objects.create(
        family=family, kind="gezinscoach", coach=coach, started_on=days_ago(60)
    )
    access = family_access(coach, family)
    plan = plan_services.plan_start(access=access, started_on=days_ago(40))
    domain = Domain.objects.filter(instrument=family_instrument(family)).first()
    plan_services.goal_add(actor=coach, plan=plan, title=OTHER_FAMILY_GOAL, domain=domain)
    meeting = meeting_services.meeting_plan(
        access=access,
        kind=Meeting.Kind.ALIGNMENT,
        starts_at=_at(days_ago(5), 11),
        chair=coach,
        members=list(family.members.all()),
        agenda_from_plan=False,
        own_agenda=["Hoe gaat het"],
    )
    meeting_services.minutes_record(
        actor=coach,
        meeting=meeting,
        minutes=OTHER_FAMILY_MINUTES,
        family_present=True,
        shared_on=days_ago(3),
    )
    assert Plan.objects.filter(family=family).exists()
