"""Demo family plans (issue 7): the twelve demo families at different stages, with
evaluations over time.

By the age of the family's running trajectory:

- younger than 30 days: no plan yet (the plan is due after six weeks);
- 30–59 days: a draft with goals and steps, not yet agreed with the family — one with
  more goals than the programme allows (the warning), one past its due date (the
  caseload's "plan te laat");
- 60 days and older: agreed with the family about five weeks in, steps done or late,
  evaluations at 7 weeks, halfway and later, with the scaling answers of the parents and
  of the coach rising over time. The oldest family changed its plan after agreement and
  agreed the second version; the next one has a new draft waiting for agreement; the
  family in aftercare had its end evaluation and its goals' final status.

Goals come from a few hand-written templates in the family's words, picked by a hash of
the family's name, so every machine gets the same plans. Owners are the family's own
parents and children, the coach, workers from the team around the family and someone
from its network. Everything goes through the plan services as the coach would enter it
(validated and audited); dates are counted from the trajectory's start and never lie in
the future. Idempotent: a family that has a plan is skipped, and each family is built
whole or not at all.
"""

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from spil.accounts.models import User
from spil.assessments.models import Domain
from spil.core.access import family_access
from spil.demo.region import DEMO_DOMAIN
from spil.families.models import Family, FamilyRole, Involvement, Member, NetworkContact
from spil.plans import services
from spil.plans.instruments import family_instrument
from spil.plans.models import Evaluation, Goal, Plan, PlanVersion, StepProposal
from spil.trajectories.models import Trajectory
from spil.trajectories.selectors import deadlines_for

NO_PLAN_BEFORE = 30  # days: younger trajectories have no plan yet
AGREED_FROM = 60  # days: older trajectories have an agreed plan
PLAN_START = 14  # the plan begins two weeks in
COACH_ROLES = ("gezinscoach", "casemanager")
METHODS = ("op_papier", "in_gesprek", "portaal")


@dataclass(frozen=True)
class StepSpec:
    what: str
    owner: str  # "ouder", "ouder2", "kind", "coach", "netwerk" or an involvement role
    due: int  # days after the start of the trajectory


@dataclass(frozen=True)
class GoalSpec:
    key: str
    title: str  # "{kind}" is the oldest child at home
    domain: str
    measurable: str
    steps: tuple[StepSpec, ...]
    contributions: tuple[tuple[str, str], ...] = ()  # (involvement role, part)
    # Whose goal it is: "" the whole family, "kind" the oldest child at home, "ouder" the
    # first parent (an "Ik …" goal). A young person sees only the family's goals and
    # their own in the portal (`core.access.FamilyAccess.sees_goal`).
    for_whom: str = ""


GOALS = [
    GoalSpec(
        "geld",
        "Wij hebben overzicht over ons geld en betalen de huur op tijd",
        "financien_schulden",
        "Drie maanden achter elkaar de huur op tijd betaald.",
        (
            StepSpec("Elke vrijdag samen de post openen", "ouder", 24),
            StepSpec("Aanmelden bij de schuldhulp", "coach", 30),
            StepSpec("Een budgetplan maken met vaste lasten en boodschappengeld", "schuldhulp", 58),
        ),
        (
            ("schuldhulp", "Brengt de schulden in kaart en treft een regeling."),
            ("sociale_dienst", "Beoordeelt de aanvraag voor bijzondere bijstand."),
        ),
    ),
    GoalSpec(
        "school",
        "De kinderen gaan elke dag naar school",
        "school_kinderen",
        "Een maand lang geen ongeoorloofd verzuim.",
        (
            StepSpec("Een vast ochtendritme met wekker en ontbijt", "ouder", 21),
            StepSpec("Elke week kort contact met de mentor", "school", 28),
            StepSpec("Samen naar het gesprek met de leerplichtambtenaar", "coach", 45),
        ),
        (
            ("school", "Geeft de aanwezigheid elke dag door en belt bij verzuim."),
            ("jeugdhulp", "Begeleidt bij het weer naar school gaan."),
        ),
    ),
    GoalSpec(
        "rust",
        "Wij hebben rust in huis",
        "gezinssituatie_opvoeding",
        "Een week zonder harde ruzie waar de kinderen bij zijn.",
        (
            StepSpec("Samen een weekrooster maken en op de koelkast hangen", "ouder", 21),
            StepSpec("Twee middagen per week oppassen", "netwerk", 35),
            StepSpec("Gesprekken over opvoeden thuis", "jeugdhulp", 52),
        ),
        (
            ("jeugdhulp", "Opvoedondersteuning thuis, elke week."),
            ("ggz", "Behandeling van de klachten van moeder."),
        ),
    ),
    GoalSpec(
        "wonen",
        "Wij wonen in een huis dat groot genoeg is",
        "huisvesting",
        "Een huurcontract voor een woning met drie slaapkamers.",
        (
            StepSpec("Inschrijven als woningzoekende", "ouder2", 28),
            StepSpec("Urgentie aanvragen met een brief van de coach", "coach", 38),
            StepSpec("Afspraak over de huurachterstand", "woningcorporatie", 63),
        ),
        (("woningcorporatie", "Beoordeelt de urgentie en spreekt een regeling af."),),
    ),
    GoalSpec(
        "gezondheid",
        "Ik voel me fitter en slaap beter",
        "gezondheid",
        "Vijf nachten per week doorslapen.",
        (
            StepSpec("Afspraak bij de huisarts maken", "ouder", 18),
            StepSpec("Elke dag een half uur wandelen", "ouder", 30),
            StepSpec("Verwijzing naar de praktijkondersteuner", "huisarts", 44),
        ),
        (
            ("huisarts", "Medicatie en verwijzing naar de POH-GGZ."),
            ("ggz", "Gesprekken over somberheid."),
        ),
        for_whom="ouder",
    ),
    GoalSpec(
        "vrije-tijd",
        "{kind} gaat twee keer per week naar de sportclub",
        "vrijetijdsbesteding",
        "{kind} traint drie maanden mee en wil blijven.",
        (
            StepSpec("Aanmelden bij de club via het jeugdfonds", "coach", 26),
            StepSpec("Brengen en halen op dinsdag", "netwerk", 40),
            StepSpec("Zelf de sporttas klaarzetten", "kind", 42),
        ),
        for_whom="kind",
    ),
    GoalSpec(
        "werk",
        "Ik heb werk of vrijwilligerswerk voor twee dagen per week",
        "werk_ouders",
        "Een vaste plek voor twee dagdelen per week.",
        (
            StepSpec("Een cv maken", "ouder", 35),
            StepSpec("Gesprek bij het werkplein", "sociale_dienst", 56),
        ),
        (("sociale_dienst", "Zoekt een werkervaringsplek."),),
        for_whom="ouder",
    ),
]
EXTRA_GOAL = GoalSpec(
    "netwerk",
    "Wij hebben mensen om ons heen bij wie we terechtkunnen",
    "sociale_relaties",
    "Drie mensen die we kunnen bellen als het even niet gaat.",
    (
        StepSpec("Een netwerkberaad met familie en buren", "coach", 0),
        StepSpec("Oma vragen voor de zondagmiddag", "ouder", 0),
    ),
)


def _number(*parts: str) -> int:
    return int(hashlib.sha256("|".join(parts).encode()).hexdigest()[:12], 16)


def _active_trajectories() -> list[Trajectory]:
    return list(
        Trajectory.objects.running()
        .filter(coach__email__endswith=f"@{DEMO_DOMAIN}")
        .select_related("family", "coach", "backup_coach", "programme")
        .order_by("started_on", "id")
    )


def build_plans(users: dict[str, User]) -> None:
    today = timezone.localdate()
    trajectories = _active_trajectories()
    agreed = [t for t in trajectories if (today - t.started_on).days >= AGREED_FROM]
    special = {
        "two_versions": agreed[0].pk if agreed else None,
        "draft_on_top": agreed[1].pk if len(agreed) > 1 else None,
    }
    drafts = [
        t for t in trajectories if NO_PLAN_BEFORE <= (today - t.started_on).days < AGREED_FROM
    ]
    # The youngest draft shows the goal-limit warning (one goal more than allowed).
    many_goals = drafts[-1].pk if drafts else None
    for trajectory in trajectories:
        _build(trajectory, today=today, special=special, many_goals=many_goals)
    _professional_proposes(users)


# Issue 20, point 5: a professional writes their organisation's own part of the plan.
PROPOSED_STEP = "Elke twee weken een gesprek met moeder over slapen en piekeren"


def _professional_proposes(users: dict[str, User]) -> None:
    """professional1 (GGZ) proposes a step for the GGZ in a family that shares the plan with
    the GGZ; it waits for the coach. Idempotent: once proposed, nothing more."""
    if StepProposal.objects.filter(what=PROPOSED_STEP).exists():
        return
    professional = users["professional1"]
    for plan in Plan.objects.filter(status=Plan.Status.ACTIVE).select_related("family"):
        granted = family_access(professional, plan.family)
        if not granted.writes_own_plan_part():
            continue
        involvement = plan.family.involvements.filter(
            until__isnull=True, organisation_id__in=granted.plan_organisations
        ).first()
        goal = plan.versions.get(is_current=True).goals.order_by("order").first()
        if involvement is None or goal is None:
            continue
        services.step_propose(
            access=granted,
            goal=goal,
            involvement=involvement,
            what=PROPOSED_STEP,
            due_on=timezone.localdate() + timedelta(days=21),
        )
        return


class _Family:
    """The people of one family the plan refers to, looked up once."""

    def __init__(self, trajectory: Trajectory) -> None:
        family: Family = trajectory.family
        self.family = family
        self.coach = trajectory.coach
        members = list(family.members.filter(is_deceased=False).order_by("birth_date", "id"))
        parents = [
            m
            for m in members
            if m.role in (FamilyRole.PARENT, FamilyRole.STEP_PARENT) and m.has_parental_authority
        ]
        at_home = [m for m in parents if m.lives_in_household] or parents
        self.parents: list[Member] = at_home[:2] or members[:1]
        children = [
            m
            for m in members
            if m.role in (FamilyRole.CHILD, FamilyRole.FOSTER_CHILD) and m.lives_in_household
        ]
        self.child: Member | None = children[0] if children else None
        self.involvements = list(
            family.involvements.filter(until__isnull=True)
            .select_related("organisation", "worker")
            .order_by("role", "id")
        )
        self.own = next(
            (
                i
                for i in self.involvements
                if i.worker_id == self.coach.pk and i.role in COACH_ROLES
            ),
            None,
        )
        self.network: NetworkContact | None = (
            family.network.filter(influence=NetworkContact.Influence.GOOD).order_by("id").first()
        )

    def worker(self, role: str) -> Involvement | None:
        return next((i for i in self.involvements if i.role == role), None)

    def owner(self, ref: str) -> Any:
        """A family member, the coach, the network contact, or a worker by role (the
        coach when the family has no such worker)."""
        parent = self.parents[0] if self.parents else None
        people: dict[str, Any] = {
            "ouder": parent,
            "ouder2": self.parents[1] if len(self.parents) > 1 else parent,
            "kind": self.child or parent,
            "coach": self.coach,
            "netwerk": self.network or parent,
        }
        if ref in people:
            return people[ref]
        return self.worker(ref) or self.coach

    def for_whom(self, ref: str) -> list[Member]:
        """The members a goal is for; empty: the whole family."""
        if ref == "kind" and self.child is not None:
            return [self.child]
        if ref == "ouder" and self.parents:
            return [self.parents[0]]
        return []

    def text(self, template: str) -> str:
        name = self.child.first_name if self.child else "Ons kind"
        return template.replace("{kind}", name)


def _goal_specs(family: Family, count: int) -> list[GoalSpec]:
    start = _number(family.name, "doelen") % len(GOALS)
    step = 1 + _number(family.name, "stap") % (len(GOALS) - 1)
    picked: list[GoalSpec] = []
    index = start
    while len(picked) < count:
        spec = GOALS[index % len(GOALS)]
        if spec not in picked:
            picked.append(spec)
        index += step
    return picked


@transaction.atomic
def _build(
    trajectory: Trajectory, *, today: date, special: dict[str, Any], many_goals: int | None
) -> None:
    family = trajectory.family
    age = (today - trajectory.started_on).days
    if age < NO_PLAN_BEFORE or Plan.objects.filter(family=family).exists():
        return
    people = _Family(trajectory)
    coach = trajectory.coach

    def day(offset: int) -> date:
        return min(trajectory.started_on + timedelta(days=offset), today)

    plan = services.plan_start(access=family_access(coach, family), started_on=day(PLAN_START))
    instrument = family_instrument(family)
    domains = {d.code: d for d in Domain.objects.filter(instrument=instrument)}
    count = 4 if trajectory.pk == many_goals else 2 + _number(family.name, "aantal") % 2
    for spec in _goal_specs(family, count):
        _add_goal(plan, spec, people, domains, day)
    if age < AGREED_FROM:
        _progress(plan, people, until=today - timedelta(days=1))
        return  # a draft, not yet agreed

    method = METHODS[_number(family.name, "hoe") % len(METHODS)]
    agreed_day = 34 + _number(family.name, "afspraak") % 8  # within six weeks, mostly
    services.plan_agree(
        actor=coach,
        plan=plan,
        agreed_on=day(agreed_day),
        agreed_how=method,
        agreed_by=people.parents,
        agreement_note="Samen aan de keukentafel doorgelopen.",
    )
    due = deadlines_for(trajectory)
    halfway = (due.halfway - trajectory.started_on).days if due and due.halfway else 91
    aftercare = trajectory.phase == Trajectory.Phase.AFTERCARE
    moments = [(49, Evaluation.Moment.INTERIM), (halfway, Evaluation.Moment.HALFWAY)]
    moments += [(150, Evaluation.Moment.INTERIM), (200, Evaluation.Moment.INTERIM)]
    moments = [(d, m) for d, m in moments if d <= age - 3]
    if aftercare:
        moments.append((age - 4, Evaluation.Moment.END))
    two_versions = trajectory.pk == special["two_versions"]
    for index, (offset, moment) in enumerate(moments):
        _progress(plan, people, until=day(offset - 1))
        if (
            two_versions
            and offset > halfway
            and not PlanVersion.objects.filter(plan=plan, number=2).exists()
        ):
            _add_goal(plan, EXTRA_GOAL, people, domains, day, base=offset - 10)
            services.plan_agree(
                actor=coach,
                plan=plan,
                agreed_on=day(offset - 5),
                agreed_how="in_gesprek",
                agreed_by=people.parents,
                agreement_note="Het netwerk erbij betrokken, op verzoek van het gezin.",
            )
        last = index == len(moments) - 1
        _evaluate(plan, people, held_on=day(offset), moment=moment, index=index, last=last)
        if last:
            _final_status(plan, age=age, aftercare=aftercare, on=day(offset))
    _progress(plan, people, until=today - timedelta(days=1))
    if trajectory.pk == special["draft_on_top"]:
        # A change after agreement: a new draft waits for the family's agreement.
        _add_goal(plan, EXTRA_GOAL, people, domains, day, base=age - 7)


def _add_goal(
    plan: Plan,
    spec: GoalSpec,
    people: _Family,
    domains: dict[str, Domain],
    day: Any,
    base: int | None = None,
) -> Goal:
    """A goal with its steps and contributions. Steps of the first goals fall due on the
    spec's day of the trajectory; those of a goal added later (`base`) every two weeks
    from that day."""
    members = people.for_whom(spec.for_whom)
    goal = services.goal_add(
        actor=people.coach,
        plan=plan,
        title=people.text(spec.title),
        domain=domains.get(spec.domain) or next(iter(domains.values())),
        origin=Goal.Origin.FAMILY,
        whole_family=not members,
        members=members,
        measurable=people.text(spec.measurable),
        acceptable="Het gezin koos dit doel zelf.",
        target_on=day(0) + timedelta(days=182),
    )
    for index, step in enumerate(spec.steps):
        due_on = day(0) + timedelta(days=step.due)
        if base is not None:
            due_on = day(base) + timedelta(days=14 * (index + 1))
        services.step_add(
            actor=people.coach,
            goal=goal,
            what=people.text(step.what),
            owner=people.owner(step.owner),
            due_on=due_on,
        )
    for role, part in spec.contributions:
        involvement = people.worker(role)
        if involvement is not None:
            services.contribution_save(
                actor=people.coach, goal=goal, involvement=involvement, part=part
            )
    return goal


def _working_goals(plan: Plan) -> list[Goal]:
    return list(Goal.objects.filter(version__plan=plan, version__is_current=True).order_by("order"))


def _progress(plan: Plan, people: _Family, *, until: date) -> None:
    """Seven in ten steps are done a few days after they fall due; the rest run late."""
    for goal in _working_goals(plan):
        for step in goal.steps.filter(done_on__isnull=True, due_on__isnull=False):
            n = _number(people.family.name, step.what)
            if step.due_on is None:
                continue
            done_on = step.due_on + timedelta(days=1 + n % 4)
            if n % 10 < 7 and done_on <= until:
                services.step_done(actor=people.coach, step=step, done_on=done_on)


PROGRESS = [
    "Eerste stappen gezet; het gezin merkt nog weinig verschil.",
    "Het gaat beter: de afspraken worden vaker nagekomen.",
    "Duidelijk vooruitgang; het gezin doet veel zelf.",
    "Bijna bereikt; nog even volhouden.",
]


def _evaluate(
    plan: Plan, people: _Family, *, held_on: date, moment: str, index: int, last: bool
) -> None:
    worker = people.own or (people.involvements[0] if people.involvements else None)
    goals = []
    for goal in _working_goals(plan):
        base = 2 + _number(people.family.name, goal.title) % 3
        value = min(10, base + 2 * index)
        answers = [
            services.AnswerData(value=min(10, value + n), member=parent)
            for n, parent in enumerate(people.parents)
        ]
        if worker is not None:
            answers.append(services.AnswerData(value=max(0, value - 1), involvement=worker))
        goals.append(
            services.GoalProgressData(
                goal=goal, progress=PROGRESS[min(index, len(PROGRESS) - 1)], answers=answers
            )
        )
    services.evaluation_record(
        actor=people.coach,
        plan=plan,
        held_on=held_on,
        moment=moment,
        goals=goals,
        overall_note="Samen met het gezin en de betrokken hulpverleners teruggekeken.",
        next_on=held_on + timedelta(days=42),
    )


def _final_status(plan: Plan, *, age: int, aftercare: bool, on: date) -> None:
    if aftercare:
        statuses = [Goal.Status.REACHED, Goal.Status.PARTLY_REACHED, Goal.Status.REACHED]
    elif age >= 150:
        statuses = [Goal.Status.REACHED, Goal.Status.STILL_WORKING]
    else:
        statuses = [Goal.Status.STILL_WORKING]
    for goal, status in zip(_working_goals(plan), statuses, strict=False):
        services.goal_set_status(actor=plan.created_by, goal=goal, status=status, on=on)


def plan_count() -> int:
    return Plan.objects.filter(status=Plan.Status.ACTIVE).count()


def agreed_plan_count() -> int:
    return (
        Plan.objects.filter(status=Plan.Status.ACTIVE, versions__status=PlanVersion.Status.AGREED)
        .distinct()
        .count()
    )


def summary() -> str:
    return (
        f"{plan_count()} gezinsplannen, {agreed_plan_count()} afgesproken met het gezin; "
        f"{Evaluation.objects.count()} evaluaties; "
        f"{StepProposal.objects.filter(status='open').count()} voorgestelde stap(pen) van "
        "professionals wacht(en) op de coach."
    )
