"""Every read of the family plan takes the request's `FamilyAccess` (the policy's one
answer, see `core.access`): the plan pages need the part "plan" of the family's file; the
overdue steps across families start from the user's trajectories. Every page loads in a
fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from spil.core import access
from spil.core.access import FamilyAccess, FamilyPart
from spil.families.models import Family
from spil.trajectories import deadlines as deadline_rules
from spil.trajectories.models import Trajectory
from spil.trajectories.selectors import deadlines_for

from . import charts
from .models import (
    Contribution,
    Evaluation,
    Goal,
    GoalEvaluation,
    Plan,
    PlanResponse,
    PlanVersion,
    ScalingAnswer,
    Step,
    StepProposal,
)
from .wording import wording_hint

PLAN = FamilyPart.PLAN


def active_plan(*, family: Family) -> Plan | None:
    return Plan.objects.filter(family=family, status=Plan.Status.ACTIVE).first()


def running_trajectory(family: Family) -> Trajectory | None:
    return (
        Trajectory.objects.running()
        .filter(family=family)
        .select_related("family", "programme", "coach", "backup_coach")
        .first()
    )


def goal_in_plan(*, plan: Plan, uuid: UUID) -> Goal:
    """A goal of any version of the plan (services map it onto the working version)."""
    goal = Goal.objects.filter(version__plan=plan, uuid=uuid).select_related("version").first()
    if goal is None:
        raise Http404
    return goal


def step_in_plan(*, plan: Plan, uuid: UUID) -> Step:
    step = Step.objects.filter(goal__version__plan=plan, uuid=uuid).select_related(
        "goal__version", "owner_member", "owner_user", "owner_involvement", "owner_network"
    )
    found = step.first()
    if found is None:
        raise Http404
    return found


def step_now(*, access: FamilyAccess, uuid: UUID) -> Step:
    """A step of the family's active plan as it stands now: the same step (by its key) in
    the working version, where progress is written (`services.step_done`). 404 without
    the part "plan", for an unknown step, or one the working version no longer has."""
    access.require(PLAN)
    plan = active_plan(family=access.family)
    if plan is None:
        raise Http404
    step = step_in_plan(plan=plan, uuid=uuid)
    if step.goal.version.is_current:
        return step
    found = (
        Step.objects.filter(goal__version__plan=plan, goal__version__is_current=True, key=step.key)
        .select_related(
            "goal__version", "owner_member", "owner_user", "owner_involvement", "owner_network"
        )
        .first()
    )
    if found is None:
        raise Http404
    return found


def contribution_in_plan(*, plan: Plan, uuid: UUID) -> Contribution:
    found = (
        Contribution.objects.filter(goal__version__plan=plan, uuid=uuid)
        .select_related("goal__version", "involvement")
        .first()
    )
    if found is None:
        raise Http404
    return found


# --- Deadlines and evaluations --------------------------------------------------------------

NEXT_LABELS = {
    Evaluation.Moment.HALFWAY: gettext_lazy("Evaluatie halverwege"),
    Evaluation.Moment.END: gettext_lazy("Evaluatie aan het einde"),
    "afgesproken": gettext_lazy("Afgesproken evaluatie"),
}


@dataclass(frozen=True)
class Due:
    on: date
    kind: str

    @property
    def label(self) -> str:
        return str(NEXT_LABELS[self.kind])


def evaluation_moments(
    due: deadline_rules.Deadlines | None, evaluations: list[Evaluation], today: date
) -> tuple[Due | None, list[Due]]:
    """The next evaluation, and the trajectory's evaluations whose date passed without
    one: halfway and end come from the trajectory's deadlines, a date agreed at the last
    evaluation counts too."""
    done = {e.moment for e in evaluations}
    upcoming: list[Due] = []
    missed: list[Due] = []
    if due is not None:
        for moment, on in (
            (Evaluation.Moment.HALFWAY, due.halfway),
            (Evaluation.Moment.END, due.end),
        ):
            if on is None or moment in done:
                continue
            (upcoming if on >= today else missed).append(Due(on=on, kind=moment))
    if evaluations and evaluations[-1].next_on and evaluations[-1].next_on >= today:
        upcoming.append(Due(on=evaluations[-1].next_on, kind="afgesproken"))
    upcoming.sort(key=lambda d: d.on)
    return (upcoming[0] if upcoming else None), missed


def goal_limit_warning(
    *, goals: int, limit: int | None, programme_name: str, first_plan: bool
) -> str:
    """A warning, not a block, when a first plan has more goals than its programme allows."""
    if not first_plan or limit is None or goals <= limit:
        return ""
    return _(
        "Dit eerste plan heeft %(count)d doelen; het programma %(programme)s gaat uit van "
        "hoogstens %(limit)d. Dat mag, maar met minder doelen blijft het plan haalbaar."
    ) % {"count": goals, "programme": programme_name, "limit": limit}


def goal_limit_warning_for(*, plan: Plan) -> str:
    """The goal-limit warning of the plan's working version, in four queries."""
    version = plan.versions.filter(is_current=True).first()
    trajectory = running_trajectory(plan.family)
    programme = trajectory.programme if trajectory else None
    if version is None or programme is None:
        return ""
    earlier_agreed = (
        PlanVersion.objects.agreed().filter(plan=plan, number__lt=version.number).exists()
    )
    first = not Plan.objects.filter(family=plan.family_id, created_at__lt=plan.created_at).exists()
    return goal_limit_warning(
        goals=version.goals.count(),
        limit=programme.first_plan_goal_limit,
        programme_name=programme.name,
        first_plan=first and not earlier_agreed,
    )


# --- Scaling answers over time -------------------------------------------------------------


@dataclass
class ScalingSeries:
    dates: list[date]
    moments: list[str]
    family: list[charts.ScalingRow]
    workers: list[charts.ScalingRow]
    chart: str


def _scaling_series(
    goal: Goal, goal_evaluations: list[tuple[Evaluation, GoalEvaluation]]
) -> ScalingSeries | None:
    """The answers for one goal (followed over versions by its key), one column per
    evaluation that asked it, one row per person; family and workers apart."""
    asked = [(e, ge) for e, ge in goal_evaluations if list(ge.answers.all())]
    if not asked:
        return None
    family: dict[str, tuple[str, list[int | None]]] = {}
    workers: dict[str, tuple[str, list[int | None]]] = {}
    for index, (_evaluation, goal_evaluation) in enumerate(asked):
        for answer in goal_evaluation.answers.all():
            if answer.member is not None:
                key, label, rows = f"lid-{answer.member.uuid}", str(answer.member), family
            else:
                assert answer.involvement is not None
                key = f"hulp-{answer.involvement.uuid}"
                label, rows = str(answer.involvement), workers
            _label, values = rows.setdefault(key, (label, [None] * len(asked)))
            values[index] = answer.value
    family_rows = [charts.ScalingRow(key=k, label=v[0], values=v[1]) for k, v in family.items()]
    worker_rows = [charts.ScalingRow(key=k, label=v[0], values=v[1]) for k, v in workers.items()]
    dates = [e.held_on for e, _ge in asked]
    moments = [e.get_moment_display() for e, _ge in asked]
    chart = charts.scaling_chart(
        ident=f"schaal-{goal.key}",
        goal_title=goal.title,
        dates=dates,
        column_labels=[
            f"{date_format(d, 'SHORT_DATE_FORMAT')} ({m.lower()})"
            for d, m in zip(dates, moments, strict=True)
        ],
        family=family_rows,
        workers=worker_rows,
    )
    return ScalingSeries(
        dates=dates, moments=moments, family=family_rows, workers=worker_rows, chart=chart
    )


# --- The plan page --------------------------------------------------------------------------


@dataclass
class GoalView:
    goal: Goal
    hint: str
    scaling: ScalingSeries | None
    progress: list[tuple[Evaluation, GoalEvaluation]] = field(default_factory=list)

    @property
    def steps(self) -> list[Step]:
        return list(self.goal.steps.all())

    @property
    def contributions(self) -> list[Contribution]:
        return list(self.goal.contributions.all())

    @property
    def for_whom(self) -> str:
        if self.goal.whole_family:
            return _("het hele gezin")
        return ", ".join(str(m) for m in self.goal.members.all())

    @property
    def magie(self) -> list[tuple[str, str]]:
        labels = [
            ("measurable", _("Meetbaar: waaraan merken we het?")),
            ("acceptable", _("Acceptabel")),
            ("communicated", _("Gecommuniceerd")),
            ("inspiring", _("Inspirerend")),
            ("engaging", _("Engagerend")),
        ]
        return [
            (label, getattr(self.goal, name)) for name, label in labels if getattr(self.goal, name)
        ]

    @property
    def open_steps(self) -> int:
        return sum(1 for s in self.steps if s.done_on is None)


@dataclass
class SideBySide:
    """Two or more organisations on the same goal or domain, shown in columns."""

    kind: str  # "doel" or "leefgebied"
    title: str
    columns: list[tuple[str, list[str]]]


@dataclass
class PlanFile:
    access: FamilyAccess
    today: date
    plan: Plan | None = None
    version: PlanVersion | None = None
    versions: list[PlanVersion] = field(default_factory=list)
    goals: list[GoalView] = field(default_factory=list)
    evaluations: list[Evaluation] = field(default_factory=list)
    trajectory: Trajectory | None = None
    deadlines: deadline_rules.Deadlines | None = None
    first_plan: bool = True
    # What the family said about this version in the portal (PlanResponse), oldest first.
    responses: list[PlanResponse] = field(default_factory=list)
    # Steps professionals proposed for their own organisation (issue 20, point 5): the
    # coach sees all of them, a professional those of their own organisations.
    proposals: list[StepProposal] = field(default_factory=list)

    @property
    def open_proposals(self) -> list[StepProposal]:
        return [p for p in self.proposals if p.status == StepProposal.Status.OPEN]

    @property
    def writes_own_part(self) -> bool:
        """A professional who proposes steps and marks their organisation's steps done."""
        return self.access.writes_own_plan_part() and bool(self.plan and self.plan.is_active)

    @property
    def own_step_uuids(self) -> set[UUID]:
        """The steps of the professional's own organisations, which they mark done."""
        if not self.writes_own_part or not self.is_working:
            return set()
        return {step.uuid for view in self.goals for step in view.steps if self.may_mark_done(step)}

    def may_mark_done(self, step: Step) -> bool:
        return self.can_edit or (
            step.owner_kind == Step.OwnerKind.WORKER
            and self.access.writes_for(step.owner_involvement)
        )

    @property
    def family(self) -> Family:
        return self.access.family

    @property
    def can_edit(self) -> bool:
        return self.access.can_edit

    @property
    def is_working(self) -> bool:
        return self.version is not None and self.version.is_current

    @property
    def can_edit_version(self) -> bool:
        return self.can_edit and self.is_working and bool(self.plan and self.plan.is_active)

    @property
    def latest_agreed(self) -> PlanVersion | None:
        agreed = [v for v in self.versions if v.is_agreed]
        return agreed[-1] if agreed else None

    @property
    def successor(self) -> PlanVersion | None:
        if self.version is None:
            return None
        return next((v for v in self.versions if v.number == self.version.number + 1), None)

    @property
    def plan_due(self) -> date | None:
        return self.deadlines.plan_due if self.deadlines else None

    @property
    def plan_agreed_on(self) -> date | None:
        """The first agreement in the running trajectory."""
        started = self.trajectory.started_on if self.trajectory else date.min
        dates = [v.agreed_on for v in self.versions if v.agreed_on and v.agreed_on >= started]
        return min(dates) if dates else None

    @property
    def plan_overdue(self) -> bool:
        """No agreed plan by the due date (the same rule as the caseload)."""
        return (
            self.plan_due is not None and self.today > self.plan_due and self.plan_agreed_on is None
        )

    @property
    def evaluation_due(self) -> tuple[Due | None, list[Due]]:
        return evaluation_moments(self.deadlines, self.evaluations, self.today)

    @property
    def next_evaluation(self) -> Due | None:
        return self.evaluation_due[0]

    @property
    def missed_evaluations(self) -> list[Due]:
        return self.evaluation_due[1]

    @property
    def programme(self) -> Any:
        return self.trajectory.programme if self.trajectory else None

    @property
    def goal_limit_warning(self) -> str:
        programme = self.programme
        if programme is None or self.version is None:
            return ""
        # After the first agreement the plan is no longer a first plan.
        earlier_agreed = any(v.is_agreed and v.number < self.version.number for v in self.versions)
        return goal_limit_warning(
            goals=len(self.goals),
            limit=programme.first_plan_goal_limit,
            programme_name=programme.name,
            first_plan=self.first_plan and not earlier_agreed,
        )

    @property
    def open_steps(self) -> int:
        return sum(g.open_steps for g in self.goals)

    @property
    def overdue_steps(self) -> list[Step]:
        return [
            s
            for g in self.goals
            for s in g.steps
            if s.done_on is None and s.due_on is not None and s.due_on < self.today
        ]

    @property
    def side_by_side(self) -> list[SideBySide]:
        """Goals, then domains, where two or more organisations contribute."""
        found: list[SideBySide] = []
        by_domain: dict[int, list[tuple[GoalView, Contribution]]] = defaultdict(list)
        domains: dict[int, Any] = {}
        goals_per_domain: dict[int, set[int]] = defaultdict(set)
        for view in self.goals:
            columns: dict[str, list[str]] = defaultdict(list)
            for contribution in view.contributions:
                columns[contribution.organisation_label].append(contribution.part)
                by_domain[view.goal.domain_id].append((view, contribution))
                goals_per_domain[view.goal.domain_id].add(view.goal.id)
            domains[view.goal.domain_id] = view.goal.domain
            if len(columns) >= 2:
                found.append(SideBySide("doel", view.goal.title, sorted(columns.items())))
        for domain_id, items in by_domain.items():
            if len(goals_per_domain[domain_id]) < 2:
                continue  # one goal: already shown above when it has two organisations
            columns = defaultdict(list)
            for view, contribution in items:
                columns[contribution.organisation_label].append(
                    f"{view.goal.title}: {contribution.part}"
                )
            if len(columns) >= 2:
                found.append(
                    SideBySide("leefgebied", domains[domain_id].label, sorted(columns.items()))
                )
        return found

    @property
    def who_does_what(self) -> list[tuple[str, list[Step]]]:
        """Open steps per person, in the order people first appear in the plan."""
        people: dict[str, list[Step]] = {}
        for view in self.goals:
            for step in view.steps:
                if step.done_on is None:
                    people.setdefault(step.owner_label, []).append(step)
        return list(people.items())

    @property
    def agreed_by(self) -> list[Any]:
        return list(self.version.agreed_by.all()) if self.version else []


def _goals(version: PlanVersion) -> QuerySet[Goal]:
    return (
        version.goals.select_related("domain")
        .prefetch_related(
            "members",
            Prefetch(
                "steps",
                queryset=Step.objects.select_related(
                    "owner_member",
                    "owner_user",
                    "owner_involvement__organisation",
                    "owner_involvement__worker",
                    "owner_network",
                    "offer__organisation",
                ).order_by("order", "created_at"),
            ),
            Prefetch(
                "contributions",
                queryset=Contribution.objects.select_related(
                    "involvement__organisation", "involvement__worker"
                ).order_by("created_at"),
            ),
        )
        .order_by("order", "created_at")
    )


def _evaluations(plan: Plan) -> list[Evaluation]:
    answers = ScalingAnswer.objects.select_related(
        "member", "involvement__organisation", "involvement__worker"
    ).order_by("created_at")
    return list(
        plan.evaluations.select_related("recorded_by", "version")
        .prefetch_related(
            Prefetch(
                "goal_evaluations",
                queryset=GoalEvaluation.objects.select_related("goal").prefetch_related(
                    Prefetch("answers", queryset=answers)
                ),
            )
        )
        .order_by("held_on", "created_at")
    )


def plan_file(
    *,
    access: FamilyAccess,
    today: date,
    number: int | None = None,
    plan: Plan | None = None,
) -> PlanFile:
    """The family's active plan (or `plan`) in one version — the working version unless
    `number` names another — with goals, steps, contributions, evaluations, the chart per
    goal and the trajectory's deadlines. A fixed number of queries; 404 without the part
    "plan", for a plan of another family and for an unknown version number."""
    access.require(PLAN)
    family = access.family
    if plan is not None and plan.family_id != family.pk:
        raise Http404
    trajectory = running_trajectory(family)
    file = PlanFile(
        access=access,
        today=today,
        trajectory=trajectory,
        deadlines=deadlines_for(trajectory) if trajectory else None,
    )
    plan = plan or active_plan(family=family)
    if plan is None:
        if number is not None:
            raise Http404
        return file
    file.plan = plan
    file.versions = list(
        plan.versions.select_related("agreement_recorded_by", "created_by")
        .prefetch_related("agreed_by")
        .order_by("number")
    )
    if number is None:
        version = next((v for v in file.versions if v.is_current), None)
    else:
        version = next((v for v in file.versions if v.number == number), None)
    if version is None:
        raise Http404
    file.version = version
    file.responses = plan_responses(access=access, version=version)
    file.first_plan = not Plan.objects.filter(
        family=family, created_at__lt=plan.created_at
    ).exists()
    file.evaluations = _evaluations(plan)
    file.proposals = step_proposals(access=access, plan=plan)
    per_goal: dict[UUID, list[tuple[Evaluation, GoalEvaluation]]] = defaultdict(list)
    for evaluation in file.evaluations:
        for goal_evaluation in evaluation.goal_evaluations.all():
            per_goal[goal_evaluation.goal_key].append((evaluation, goal_evaluation))
    for goal in _goals(version):
        file.goals.append(
            GoalView(
                goal=goal,
                hint=wording_hint(goal.title),
                scaling=_scaling_series(goal, per_goal.get(goal.key, [])),
                progress=per_goal.get(goal.key, []),
            )
        )
    return file


def step_proposals(*, access: FamilyAccess, plan: Plan) -> list[StepProposal]:
    """The plan's proposed steps: all for the whole file (the coach), those of their own
    organisations for a professional, none for a family member. One query."""
    access.require(PLAN)
    proposals = plan.step_proposals.select_related(
        "involvement__organisation", "proposed_by", "decided_by"
    ).order_by("-created_at", "-id")
    if access.can_edit:
        return list(proposals)
    if access.writes_own_plan_part():
        return list(proposals.filter(involvement__organisation_id__in=access.plan_organisations))
    return []


def step_proposal_in_plan(*, plan: Plan, uuid: UUID) -> StepProposal:
    found = (
        StepProposal.objects.filter(plan=plan, uuid=uuid)
        .select_related("involvement__organisation", "proposed_by", "plan")
        .first()
    )
    if found is None:
        raise Http404
    return found


# --- The section on the family overview -----------------------------------------------------


@dataclass(frozen=True)
class PlanSummary:
    plan: Plan | None
    version: PlanVersion | None
    latest_agreed: PlanVersion | None
    goals: int
    open_steps: int
    overdue_steps: int
    plan_due: date | None
    plan_overdue: bool
    next_evaluation: Due | None
    can_edit: bool


def plan_summary(*, access: FamilyAccess, today: date) -> PlanSummary | None:
    """What the overview shows of the plan; None without the part "plan"."""
    if not access.sees(PLAN):
        return None
    family = access.family
    trajectory = running_trajectory(family)
    due = deadlines_for(trajectory) if trajectory else None
    plan = active_plan(family=family)
    version = latest_agreed = None
    goals = open_steps = overdue = 0
    evaluations: list[Evaluation] = []
    if plan is not None:
        versions = list(plan.versions.order_by("number"))
        version = next((v for v in versions if v.is_current), None)
        agreed = [v for v in versions if v.is_agreed]
        latest_agreed = agreed[-1] if agreed else None
        if version is not None:
            goals = version.goals.count()
            counts = Step.objects.filter(goal__version=version, done_on__isnull=True).aggregate(
                open=Count("id"), overdue=Count("id", filter=Q(due_on__lt=today))
            )
            open_steps, overdue = counts["open"], counts["overdue"]
        evaluations = list(plan.evaluations.order_by("held_on", "created_at"))
        started = trajectory.started_on if trajectory else date.min
        agreed_in_time = any(v.agreed_on and v.agreed_on >= started for v in agreed)
    else:
        agreed_in_time = False
    plan_due = due.plan_due if due else None
    return PlanSummary(
        plan=plan,
        version=version,
        latest_agreed=latest_agreed,
        goals=goals,
        open_steps=open_steps,
        overdue_steps=overdue,
        plan_due=plan_due,
        plan_overdue=plan_due is not None and today > plan_due and not agreed_in_time,
        next_evaluation=evaluation_moments(due, evaluations, today)[0] if plan else None,
        can_edit=access.can_edit,
    )


# --- Regie op regie: every overdue step of every organisation -------------------------------


@dataclass
class OverdueSteps:
    steps: list[Step]
    today: date

    @property
    def families(self) -> list[Family]:
        seen: dict[int, Family] = {}
        for step in self.steps:
            family = step.goal.version.plan.family
            seen.setdefault(family.id, family)
        return list(seen.values())

    @property
    def per_organisation(self) -> list[tuple[str, int]]:
        counts: dict[str, int] = defaultdict(int)
        for step in self.steps:
            counts[step.organisation_label] += 1
        return sorted(counts.items(), key=lambda item: (-item[1], item[0].lower()))

    @property
    def rows(self) -> list[tuple[Step, int]]:
        """Each step with the days it is late."""
        return [(s, (self.today - s.due_on).days if s.due_on else 0) for s in self.steps]


def open_steps_of(families: Any) -> QuerySet[Step]:
    """Open steps in the working versions of the active plans of `families` (a queryset
    of family ids)."""
    return Step.objects.filter(
        done_on__isnull=True,
        goal__version__is_current=True,
        goal__version__plan__status=Plan.Status.ACTIVE,
        goal__version__plan__family__in=families,
    )


def holds_running_file(*, user: Any) -> bool:
    """Whether the user holds the file of a running trajectory as a coach of some kind."""
    if not access.holder_kinds(user):
        return False
    return (Trajectory.objects.running() & access.visible_trajectories(user)).exists()


def overdue_steps(*, user: Any, today: date) -> OverdueSteps:
    """Every overdue step, whoever owns it, in the families of the user's running
    trajectories (coach, back-up, the teamleider's team). Three queries."""
    running = Trajectory.objects.running() & access.visible_trajectories(user)
    families = running.values("family")
    steps = (
        open_steps_of(families)
        .filter(due_on__lt=today)
        .select_related(
            "goal__version__plan__family",
            "owner_member",
            "owner_user",
            "owner_involvement__organisation",
            "owner_involvement__worker",
            "owner_network",
        )
        .order_by("due_on", "goal__version__plan__family__name", "order")
    )
    return OverdueSteps(steps=list(steps), today=today)


# --- Facts about many families at once (the caseload and the team screen) ---


def step_counts(family_ids: list[int], today: date) -> dict[int, tuple[int, int]]:
    """Per family: (open, overdue) steps in the working version of each family's active plan."""
    rows = (
        open_steps_of(family_ids)
        .order_by()
        .values("goal__version__plan__family")
        .annotate(open=Count("id"), overdue=Count("id", filter=Q(due_on__lt=today)))
    )
    return {r["goal__version__plan__family"]: (r["open"], r["overdue"]) for r in rows}


def plan_agreements(family_ids: list[int]) -> dict[int, list[date]]:
    """The days each family agreed with (a version of) its
    active plan, oldest first."""
    agreed: dict[int, list[date]] = {}
    rows = (
        PlanVersion.objects.agreed()
        .filter(plan__family_id__in=family_ids, plan__status=Plan.Status.ACTIVE)
        .exclude(agreed_on__isnull=True)
        .order_by("agreed_on")
        .values_list("plan__family_id", "agreed_on")
    )
    for family_id, on in rows:
        if on is not None:
            agreed.setdefault(family_id, []).append(on)
    return agreed


# --- The family's voice in the portal (issue 14) ---------------------------------------------

# How long after it was held an evaluation stays open for the family's own scores.
FAMILY_SCORING_DAYS = 30


def scorable_evaluation(*, plan: Plan, today: date) -> Evaluation | None:
    """The evaluation a family member may score goals for now, or None.

    The rule: only the plan's latest evaluation (by date held), and only while it was held
    at most `FAMILY_SCORING_DAYS` (30) days ago, and only while the plan is active. A newer
    evaluation closes the older one; an old evaluation is history, not a question to the
    family any more. The service (`services.family_score_goals`) asks the same question."""
    if not plan.is_active:
        return None
    latest = plan.evaluations.order_by("-held_on", "-created_at").first()
    if latest is None or (today - latest.held_on).days > FAMILY_SCORING_DAYS:
        return None
    return latest


@dataclass(frozen=True)
class FamilyScoring:
    """An evaluation open for the member's scores: the goals they see, with their own
    current answer (None when not given yet)."""

    evaluation: Evaluation
    goals: list[tuple[GoalEvaluation, int | None]]


def family_scoring(*, access: FamilyAccess, today: date) -> FamilyScoring | None:
    """For the portal: the open evaluation of the family's active plan with the goal
    evaluations this member may score (`access.sees_goal`); None when there is none."""
    access.require(PLAN)
    plan = active_plan(family=access.family)
    if plan is None:
        return None
    evaluation = scorable_evaluation(plan=plan, today=today)
    if evaluation is None:
        return None
    mine = ScalingAnswer.objects.filter(member=access.member)
    goal_evaluations = (
        evaluation.goal_evaluations.select_related("goal")
        .prefetch_related("goal__members", Prefetch("answers", queryset=mine, to_attr="mine"))
        .order_by("goal__order", "goal__created_at")
    )
    goals: list[tuple[GoalEvaluation, int | None]] = [
        (ge, ge.mine[0].value if ge.mine else None)
        for ge in goal_evaluations
        if access.sees_goal(ge.goal)
    ]
    if not goals:
        return None
    return FamilyScoring(evaluation=evaluation, goals=goals)


def plan_response_of(*, access: FamilyAccess, version: PlanVersion) -> PlanResponse | None:
    """The member's own answer to this version of the plan, or None."""
    access.require(PLAN)
    return PlanResponse.objects.filter(version=version, member=access.member).first()


def plan_responses(*, access: FamilyAccess, version: PlanVersion) -> list[PlanResponse]:
    """What the family said about this version in the portal, for the coach: every
    member's answer, oldest first. One query."""
    access.require(PLAN)
    return list(
        PlanResponse.objects.filter(version=version)
        .select_related("member")
        .order_by("created_at", "id")
    )
