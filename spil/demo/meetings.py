"""Demo meetings (issue 8, point 5) for the demo families with a running trajectory and a
plan: a startgesprek in the first week, afstemgesprekken in the trajectory's rhythm
(every 4, 6 or 8 weeks), one systeembijeenkomst with the five-step agenda of seed 002
§3B, decisions of the latest meeting that became plan steps, and minutes shared with the
family.

- The startgesprek is held before there is a plan, so its agenda is its own points
  (the assignment, reachability, the agreement to hold afstemgesprekken — seed 001).
- The afstemgesprekken draw their agenda from the plan as it stood that day. One family
  held one without the family, with the reason written down (seed 001 H7's words).
- Decisions are recorded through `spil.meetings.services.decision_record`, so each one
  is a step in the working version of the plan. Where that version had been agreed with
  the family, the change is agreed again in the same meeting ("in een gesprek"), so the
  demo keeps exactly the plan stages of `spil.demo.plans`; a draft stays a draft.
- After the latest afstemgesprek the next one is planned in one go for most families;
  for the others it is overdue, so the list shows both. A trajectory too young for its
  first afstemgesprek has it planned.

Everything goes through the services as the coach would enter it (validated, audited);
dates are counted from the trajectory's start and today, and nothing held lies in the
future. Deterministic (choices by a hash of the family's name) and idempotent: a family
that has a meeting is skipped, and each family is built whole or not at all.
"""

import hashlib
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from spil.accounts.models import User
from spil.core.access import family_access
from spil.demo.region import DEMO_DOMAIN
from spil.families.models import Family, FamilyRole, Involvement, Member, NetworkContact
from spil.meetings import selectors, services
from spil.meetings.models import Meeting
from spil.plans import services as plan_services
from spil.plans.models import Plan, PlanVersion
from spil.trajectories.models import Trajectory

RHYTHMS = (4, 6, 8)  # weeks between afstemgesprekken
COACH_ROLES = ("gezinscoach", "casemanager")
START_DAY = 5  # the startgesprek, days after the start of the trajectory
MAX_ALIGNMENTS = 3

START_AGENDA = (
    "Kennismaken: wie is wie rond het gezin",
    "De opdracht: wat wil het gezin bereiken, en de afstemming van de hulp",
    "Bereikbaarheid van de coach: uren, kanaal en de route buiten kantoortijd",
    "Afspraak over de afstemgesprekken: hoe vaak en met wie",
)
START_MINUTES = (
    "Kennisgemaakt met het gezin en de betrokken hulpverleners. De opdracht besproken: "
    "rust in en om het gezin, grip op de situatie en de afstemming van de hulp. "
    "Afgesproken dat er regelmatig afstemgesprekken komen, met het gezin erbij."
)
ALIGNMENT_MINUTES = (
    "Samen vastgesteld wat goed loopt en wat niet. Er is geen nieuwe hulpvraag. "
    "Iedereen weet weer wie wat doet.",
    "De afzonderlijke en de gezamenlijke verantwoordelijkheden opnieuw helder gemaakt. "
    "Het gezin vertelde zelf hoe het gaat.",
    "Gekeken naar de stappen die te laat zijn en wat daarvoor nodig is. "
    "Nieuwe afspraken gemaakt en in het plan gezet.",
)
SYSTEM_MINUTES = (
    "Met alle partijen vanuit het gezinsperspectief naar de bedoeling van de hulp gekeken. "
    "Elke organisatie belichtte het eigen perspectief. Wat eerder goed werkte, wordt "
    "uitgebreid. Samen een gezamenlijke koers afgesproken; een update volgt over enkele "
    "maanden."
)
ABSENT_REASON = "Het gezin heeft vertrouwen in de gezinscoach als woordvoerder en rapporteur."
DECISIONS = (
    "Afspraak maken voor een gesprek over de voortgang",
    "Elke week even bellen over hoe het gaat",
    "De brief samen doorlezen en beantwoorden",
)


def _number(*parts: str) -> int:
    return int(hashlib.sha256("|".join(parts).encode()).hexdigest()[:12], 16)


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _trajectories() -> list[Trajectory]:
    """Running demo trajectories whose family has an active plan, oldest first."""
    with_plan = Plan.objects.filter(status=Plan.Status.ACTIVE).values("family")
    return list(
        Trajectory.objects.running()
        .filter(
            coach__email__endswith=f"@{DEMO_DOMAIN}",
            family__in=with_plan,
        )
        .select_related("family", "coach", "backup_coach")
        .order_by("started_on", "id")
    )


def build_meetings(users: dict[str, User]) -> None:
    today = timezone.localdate()
    trajectories = _trajectories()
    # One systeembijeenkomst: in the family with the largest team around it.
    sizes = {
        t.pk: Involvement.objects.filter(family=t.family, until__isnull=True).count()
        for t in trajectories
    }
    system = max(trajectories, key=lambda t: (sizes[t.pk], -t.pk)).pk if trajectories else None
    # One afstemgesprek without the family: in the oldest trajectory.
    absent = trajectories[0].pk if trajectories else None
    for trajectory in trajectories:
        _build(
            trajectory, today=today, system=trajectory.pk == system, absent=trajectory.pk == absent
        )
    # One Eigen Kracht-conferentie (issue 20 point 6), in a family with a good network that
    # is neither the systeembijeenkomst's nor the one without the family.
    others = [t for t in trajectories if t.pk not in (system, absent)]
    if others:
        _family_group_conference(others, today=today)


class _People:
    """Who of the family's circle takes part, looked up once."""

    def __init__(self, trajectory: Trajectory) -> None:
        family: Family = trajectory.family
        self.family = family
        self.coach = trajectory.coach
        self.coaches = plan_services.coaches_of(family)
        members = list(family.members.filter(is_deceased=False).order_by("birth_date", "id"))
        parents = [
            m
            for m in members
            if m.role in (FamilyRole.PARENT, FamilyRole.STEP_PARENT)
            and m.has_parental_authority
            and m.lives_in_household
        ]
        self.parents: list[Member] = parents[:2] or members[:1]
        self.workers: list[Involvement] = [
            i
            for i in family.involvements.filter(until__isnull=True)
            .select_related("organisation", "worker")
            .order_by("role", "id")
            if i.role not in COACH_ROLES
        ]
        self.network: NetworkContact | None = (
            family.network.filter(influence=NetworkContact.Influence.GOOD).order_by("id").first()
        )

    def people(self, *, workers: int, network: bool = False) -> dict[str, Any]:
        return {
            "chair": self.coach,
            "members": self.parents,
            "coaches": self.coaches,
            "involvements": self.workers[:workers],
            "network": [self.network] if network and self.network else [],
        }

    def owner(self, index: int) -> Any:
        """A worker, a parent or the coach, in turn."""
        choices: list[Any] = [*self.workers[:1], *self.parents[:1], self.coach]
        return choices[index % len(choices)]


@transaction.atomic
def _build(trajectory: Trajectory, *, today: date, system: bool, absent: bool) -> None:
    family = trajectory.family
    if Meeting.objects.filter(family=family).exists():
        return
    people = _People(trajectory)
    coach = trajectory.coach
    coach_access = family_access(coach, family)  # the coach keeps the whole file
    name = family.name
    hour = (10, 14)[_number(name, "uur") % 2]
    weeks = RHYTHMS[_number(name, "ritme") % len(RHYTHMS)]
    services.rhythm_set(actor=coach, trajectory=trajectory, every_weeks=weeks)

    start_day = trajectory.started_on + timedelta(days=START_DAY)
    if start_day < today:
        startgesprek = services.meeting_plan(
            access=coach_access,
            kind=Meeting.Kind.START,
            starts_at=_at(start_day, hour),
            place="Bij het gezin thuis",
            agenda_from_plan=False,
            own_agenda=START_AGENDA,
            **people.people(workers=3),
        )
        services.minutes_record(
            actor=coach,
            meeting=startgesprek,
            minutes=START_MINUTES,
            family_present=True,
            shared_on=min(start_day + timedelta(days=2), today),
        )

    days = []
    day = trajectory.started_on + timedelta(weeks=weeks)
    while day <= today - timedelta(days=2):
        days.append(day)
        day += timedelta(weeks=weeks)
    days = days[-MAX_ALIGNMENTS:]
    for index, day in enumerate(days):
        without_family = absent and index == 0
        meeting = services.meeting_plan(
            access=coach_access,
            kind=Meeting.Kind.ALIGNMENT,
            starts_at=_at(day, hour),
            place=("Bij het gezin thuis", "Op het kantoor van de coach")[index % 2],
            family_present=not without_family,
            family_absent_reason=ABSENT_REASON if without_family else "",
            **{
                **people.people(workers=2 + index % 2, network=index == 1),
                **({"members": []} if without_family else {}),
            },
        )
        is_last = index == len(days) - 1
        if is_last:
            _decide(meeting, people, count=1 + _number(name, "besluiten") % 2, today=today)
        shared = day + timedelta(days=3)
        _minutes(
            meeting,
            coach=coach,
            text=ALIGNMENT_MINUTES[index % len(ALIGNMENT_MINUTES)],
            present=not without_family,
            shared_on=shared
            if shared <= today and not (is_last and _number(name, "d") % 3 == 0)
            else None,
            weeks=weeks if is_last else None,
            plan_next=is_last and _number(name, "volgende") % 3 != 0,
            today=today,
        )
    if not days:
        # Young trajectory: the first afstemgesprek is still to come.
        first = trajectory.started_on + timedelta(weeks=weeks)
        services.meeting_plan(
            access=coach_access,
            kind=Meeting.Kind.ALIGNMENT,
            starts_at=_at(max(first, today + timedelta(days=1)), hour),
            place="Bij het gezin thuis",
            **people.people(workers=2),
        )

    if system:
        day = today - timedelta(days=9)
        meeting = services.meeting_plan(
            access=coach_access,
            kind=Meeting.Kind.SYSTEM,
            starts_at=_at(day, 13),
            place="Gemeentehuis Lindeveen",
            tie_breaker_role="het afdelingshoofd",
            own_agenda=("Wat-als-afspraken: als dit gebeurt, wie doet wat en wie vertelt het wie",),
            **people.people(workers=len(people.workers), network=True),
        )
        _decide(meeting, people, count=2, today=today, offset=1)
        _minutes(
            meeting,
            coach=coach,
            text=SYSTEM_MINUTES,
            present=True,
            shared_on=day + timedelta(days=2),
            weeks=None,
            plan_next=False,
            today=today,
        )


def _minutes(
    meeting: Meeting,
    *,
    coach: User,
    text: str,
    present: bool,
    shared_on: date | None,
    weeks: int | None,
    plan_next: bool,
    today: date,
) -> None:
    held = timezone.localdate(meeting.starts_at)
    next_on = held + timedelta(weeks=weeks) if weeks else None
    services.minutes_record(
        actor=coach,
        meeting=meeting,
        minutes=text,
        family_present=present,
        family_absent_reason="" if present else meeting.family_absent_reason,
        shared_on=shared_on,
        next_on=next_on,
        plan_next=plan_next and next_on is not None and next_on > today,
    )


def _decide(meeting: Meeting, people: _People, *, count: int, today: date, offset: int = 0) -> None:
    """Decisions that become plan steps; an agreed plan is agreed again in the meeting."""
    plan = Plan.objects.filter(family=meeting.family, status=Plan.Status.ACTIVE).first()
    if plan is None:
        return
    goals = selectors.open_goals(plan=plan)
    if not goals:
        return
    current = plan.versions.get(is_current=True)
    was_agreed = current.is_agreed
    held = timezone.localdate(meeting.starts_at)
    for index in range(count):
        n = index + offset
        services.decision_record(
            actor=meeting.created_by,
            meeting=meeting,
            goal=goals[n % len(goals)],
            what=DECISIONS[n % len(DECISIONS)],
            owner=people.owner(n),
            due_on=held + timedelta(days=14 + 7 * index),
        )
    if was_agreed:
        latest = (
            PlanVersion.objects.agreed()
            .filter(plan=plan)
            .order_by("-agreed_on")
            .values_list("agreed_on", flat=True)
            .first()
        )
        plan_services.plan_agree(
            actor=meeting.created_by,
            plan=plan,
            agreed_on=min(max(held, latest or held), today),
            agreed_how=PlanVersion.Method.CONVERSATION,
            agreed_by=people.parents,
            agreement_note="De besluiten van het overleg samen met het gezin afgesproken.",
        )


FAMILY_GROUP_MINUTES = (
    "Eigen Kracht-conferentie met het gezin, opa en oma, een tante en de buurvrouw. De coach "
    "en de school vertelden wat zij zien en wat in elk geval moet: elke dag naar school. "
    "Daarna maakte de familie in besloten tijd haar eigen plan. De coach vond het plan "
    "veilig genoeg; over zes weken kijken we samen terug."
)
FAMILY_DECISIONS = (
    "Oma haalt de kinderen op dinsdag en donderdag uit school",
    "De tante gaat mee naar het gesprek bij schuldhulp",
    "De buurvrouw past op als moeder naar haar afspraak moet",
)
CONFERENCE_COORDINATOR = "Eigen Kracht-coördinator (onafhankelijk)"


@transaction.atomic
def _family_group_conference(trajectories: list[Trajectory], *, today: date) -> None:
    """A held Eigen Kracht-conferentie whose decisions make the family's own plan version
    (`PlanVersion.authored_by_family`), agreed with the family the same day."""
    if Meeting.objects.filter(kind=Meeting.Kind.FAMILY_GROUP_CONFERENCE).exists():
        return
    for trajectory in trajectories:
        people = _People(trajectory)
        plan = Plan.objects.filter(family=trajectory.family, status=Plan.Status.ACTIVE).first()
        # A plan whose working version is agreed: the decisions make a new draft, agreed
        # here, so no other family's draft waiting for agreement is agreed by the way.
        if (
            people.network is not None
            and plan is not None
            and plan.versions.get(is_current=True).is_agreed
            and selectors.open_goals(plan=plan)
        ):
            break
    else:
        return
    goals = selectors.open_goals(plan=plan)
    day = today - timedelta(days=5)
    coach = trajectory.coach
    meeting = services.meeting_plan(
        access=family_access(coach, trajectory.family),
        kind=Meeting.Kind.FAMILY_GROUP_CONFERENCE,
        starts_at=_at(day, 19),
        place="Buurthuis De Linde",
        guests=[CONFERENCE_COORDINATOR],
        **{**people.people(workers=1, network=True)},
    )
    owners: list[Any] = [people.network, *people.parents[:1], people.network]
    for index, what in enumerate(FAMILY_DECISIONS):
        services.decision_record(
            actor=coach,
            meeting=meeting,
            goal=goals[index % len(goals)],
            what=what,
            owner=owners[index % len(owners)],
            due_on=day + timedelta(days=14 + 7 * index),
        )
    latest = (
        PlanVersion.objects.agreed()
        .filter(plan=plan)
        .order_by("-agreed_on")
        .values_list("agreed_on", flat=True)
        .first()
    )
    plan_services.plan_agree(
        actor=coach,
        plan=plan,
        agreed_on=min(max(day, latest or day), today),
        agreed_how=PlanVersion.Method.CONVERSATION,
        agreed_by=people.parents,
        agreement_note="Het eigen plan van de familie uit de Eigen Kracht-conferentie.",
    )
    _minutes(
        meeting,
        coach=coach,
        text=FAMILY_GROUP_MINUTES,
        present=True,
        shared_on=day + timedelta(days=1),
        weeks=None,
        plan_next=False,
        today=today,
    )


def meeting_count() -> int:
    return Meeting.objects.count()
