"""Every read of the family's meetings takes the request's `FamilyAccess` (the policy's
one answer, see `core.access`): meetings are part of the plan, so reading them needs the
part "plan" of the family's file (a professional whose organisation has the family's
consent for the plan reads them, read-only); writing needs the whole file. Pages load in
a fixed number of queries.

Names of people from the family's network are shown only to those who see the family's
network (the part "familieverhaal", never shared); others read "iemand uit het netwerk".
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from uuid import UUID

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from spil.core.access import FamilyAccess, FamilyPart
from spil.families.models import Family
from spil.plans.models import Goal, Plan, Step
from spil.plans.selectors import active_plan, running_trajectory
from spil.trajectories.models import Trajectory

from .models import AgendaItem, Decision, Meeting, MeetingRhythm, Participant

PLAN = FamilyPart.PLAN

# Goals still being worked on. "Deels bereikt", "niet bereikt", "bereikt" and "gestopt"
# are verdicts: such a goal is no longer on the agenda and takes no new steps.
OPEN_GOAL_STATUSES = (Goal.Status.OPEN, Goal.Status.STILL_WORKING)


def _participants() -> Prefetch:
    return Prefetch(
        "participants",
        queryset=Participant.objects.select_related(
            "member", "user", "involvement__organisation", "involvement__worker", "network"
        ).order_by("-is_chair", "kind", "name"),
    )


def meeting_in_family(*, access: FamilyAccess, uuid: UUID) -> Meeting:
    """One meeting of this family with its participants, agenda and decisions; 404 for a
    meeting of another family and without the part "plan"."""
    access.require(PLAN)
    found = (
        Meeting.objects.filter(family=access.family, uuid=uuid)
        .select_related("trajectory", "previous", "created_by")
        .prefetch_related(
            _participants(),
            Prefetch("agenda", queryset=AgendaItem.objects.order_by("order", "id")),
            Prefetch(
                "decisions",
                queryset=Decision.objects.select_related("recorded_by").order_by(
                    "created_at", "id"
                ),
            ),
            Prefetch("follow_ups", queryset=Meeting.objects.order_by("starts_at")),
        )
        .first()
    )
    if found is None:
        raise Http404
    return found


# --- The agenda drawn from the plan ---------------------------------------------------------


@dataclass(frozen=True)
class AgendaDraft:
    """An agenda item before it is stored (see services.agenda snapshots)."""

    kind: str
    title: str
    note: str = ""
    goal_key: UUID | None = None
    step_key: UUID | None = None
    owner_name: str = ""
    due_on: date | None = None


def open_goals(*, plan: Plan) -> list[Goal]:
    """The goals of the working version that are still being worked on."""
    return list(
        Goal.objects.filter(
            version__plan=plan, version__is_current=True, status__in=OPEN_GOAL_STATUSES
        ).order_by("order", "created_at")
    )


def plan_agenda(*, family: Family, on: date) -> list[AgendaDraft]:
    """What the plan puts on the agenda of a meeting on `on`: the goals that were open
    then (not yet reached, stopped or judged), and the steps that were overdue then
    (due before `on`, not done by `on`). Read from the working version of the active
    plan; the caller has checked access. Three queries."""
    plan = active_plan(family=family)
    if plan is None:
        return []
    goals = Goal.objects.filter(version__plan=plan, version__is_current=True).order_by(
        "order", "created_at"
    )
    items = [
        AgendaDraft(kind=AgendaItem.Kind.GOAL, title=goal.title, goal_key=goal.key)
        for goal in goals
        if goal.status in OPEN_GOAL_STATUSES or (goal.status_on is not None and goal.status_on > on)
    ]
    steps = (
        Step.objects.filter(goal__version__plan=plan, goal__version__is_current=True)
        .filter(due_on__lt=on)
        .filter(Q(done_on__isnull=True) | Q(done_on__gt=on))
        .select_related("owner_member", "owner_user")
        .order_by("due_on", "goal__order", "order")
    )
    items += [
        AgendaDraft(
            kind=AgendaItem.Kind.STEP,
            title=step.what,
            step_key=step.key,
            owner_name=step.owner_label,
            due_on=step.due_on,
        )
        for step in steps
    ]
    return items


# --- The rhythm of the afstemgesprekken -----------------------------------------------------


@dataclass(frozen=True)
class RhythmStatus:
    """The rhythm of a trajectory's afstemgesprekken and when the next one is due."""

    trajectory: Trajectory
    today: date
    every_weeks: int | None
    last_held: date | None
    planned: date | None  # the next planned afstemgesprek, if any
    revision: int | None = None  # the rhythm's revision, for its edit form (None: no rhythm)

    @property
    def due(self) -> date | None:
        return due_after(
            every_weeks=self.every_weeks,
            last_held=self.last_held,
            started_on=self.trajectory.started_on,
        )

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.due < self.today

    @property
    def days_overdue(self) -> int:
        return (self.today - self.due).days if self.due and self.overdue else 0


def due_after(*, every_weeks: int | None, last_held: date | None, started_on: date) -> date | None:
    """The last afstemgesprek plus the interval, or the start plus the interval."""
    if not every_weeks:
        return None
    return (last_held or started_on) + timedelta(weeks=every_weeks)


def afstemgesprek_overdue(*, trajectories: list[Trajectory], today: date) -> set[int]:
    """Ids of the trajectories whose afstemgesprek is overdue by their rhythm: the last one
    held (or the start) plus the interval lies before today. Two queries however many
    trajectories there are, for the caseload."""
    ids = [t.pk for t in trajectories]
    rhythms = dict(
        MeetingRhythm.objects.filter(trajectory_id__in=ids).values_list(
            "trajectory_id", "every_weeks"
        )
    )
    if not rhythms:
        return set()
    held = {
        row["trajectory_id"]: row["last"]
        for row in Meeting.objects.filter(
            trajectory_id__in=list(rhythms),
            kind=Meeting.Kind.ALIGNMENT,
            status=Meeting.Status.HELD,
        )
        .values("trajectory_id")
        .annotate(last=Max("starts_at"))
        .order_by()
    }
    overdue = set()
    for trajectory in trajectories:
        if trajectory.pk not in rhythms:
            continue
        last = held.get(trajectory.pk)
        due = due_after(
            every_weeks=rhythms[trajectory.pk],
            last_held=timezone.localdate(last) if last else None,
            started_on=trajectory.started_on,
        )
        if due is not None and due < today:
            overdue.add(trajectory.pk)
    return overdue


def _alignment_meetings(trajectory: Trajectory) -> QuerySet[Meeting]:
    return Meeting.objects.filter(trajectory=trajectory, kind=Meeting.Kind.ALIGNMENT)


def _last_held(trajectory: Trajectory) -> date | None:
    last = (
        _alignment_meetings(trajectory)
        .filter(status=Meeting.Status.HELD)
        .aggregate(last=Max("starts_at"))["last"]
    )
    return timezone.localdate(last) if last else None


def next_afstemgesprek_due(trajectory: Trajectory) -> date | None:
    """When the trajectory's next afstemgesprek is due: the last one held plus the
    rhythm, or the start plus the rhythm; None without a rhythm. Two queries."""
    rhythm = MeetingRhythm.objects.filter(trajectory=trajectory).first()
    if rhythm is None:
        return None
    return due_after(
        every_weeks=rhythm.every_weeks,
        last_held=_last_held(trajectory),
        started_on=trajectory.started_on,
    )


def suggested_next_on(meeting: Meeting) -> date | None:
    """The next meeting's date to suggest: as recorded, or for an afstemgesprek the
    meeting's day plus the trajectory's rhythm."""
    if meeting.next_on or meeting.kind != Meeting.Kind.ALIGNMENT or meeting.trajectory is None:
        return meeting.next_on
    rhythm = MeetingRhythm.objects.filter(trajectory=meeting.trajectory).first()
    if rhythm is None:
        return None
    return due_after(
        every_weeks=rhythm.every_weeks,
        last_held=timezone.localdate(meeting.starts_at),
        started_on=meeting.trajectory.started_on,
    )


def rhythm_status(*, trajectory: Trajectory, today: date) -> RhythmStatus:
    """The rhythm, the last afstemgesprek held and the next one planned. Three queries."""
    rhythm = MeetingRhythm.objects.filter(trajectory=trajectory).first()
    planned = (
        _alignment_meetings(trajectory)
        .filter(status=Meeting.Status.PLANNED, starts_at__gte=timezone.now())
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    return RhythmStatus(
        trajectory=trajectory,
        today=today,
        every_weeks=rhythm.every_weeks if rhythm else None,
        last_held=_last_held(trajectory),
        planned=timezone.localdate(planned) if planned else None,
        revision=rhythm.revision if rhythm else None,
    )


# --- The family's meetings ------------------------------------------------------------------


def _listed(family: Family) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(family=family)
        .annotate(decision_count=Count("decisions"))
        .prefetch_related(Prefetch("participants", queryset=Participant.objects.order_by("id")))
        .order_by("-starts_at", "-id")
    )


def meetings_for_family(*, access: FamilyAccess) -> list[Meeting]:
    """The family's meetings, newest first; [] without the part "plan". Each carries its
    participants (chair) and `decision_count`, which `one_line` uses. Two queries."""
    if not access.sees(PLAN):
        return []
    return list(_listed(access.family))


def meetings_before(*, access: FamilyAccess, before: datetime | None, limit: int) -> list[Meeting]:
    """One page of the family's meetings for the timeline: at most `limit`, starting
    strictly before `before` (all when None), newest first, read with ORDER BY and LIMIT;
    [] without the part "plan". Two queries, whatever the family's history."""
    if not access.sees(PLAN):
        return []
    found = _listed(access.family)
    if before is not None:
        found = found.filter(starts_at__lt=before)
    return list(found[:limit])


@dataclass
class MeetingsPage:
    access: FamilyAccess
    now: datetime
    meetings: list[Meeting] = field(default_factory=list)
    trajectory: Trajectory | None = None
    rhythm: RhythmStatus | None = None
    has_plan: bool = False

    @property
    def family(self) -> Family:
        return self.access.family

    @property
    def can_edit(self) -> bool:
        return self.access.can_edit

    @property
    def shows_network(self) -> bool:
        return self.access.sees(FamilyPart.FAMILY_STORY)

    @property
    def upcoming(self) -> list[Meeting]:
        found = [m for m in self.meetings if m.is_planned and m.starts_at >= self.now]
        return sorted(found, key=lambda m: m.starts_at)

    @property
    def earlier(self) -> list[Meeting]:
        """Held, called off, and past meetings whose minutes are still to be written."""
        return [m for m in self.meetings if not (m.is_planned and m.starts_at >= self.now)]


def meetings_page(*, access: FamilyAccess) -> MeetingsPage:
    """Upcoming and earlier meetings, the rhythm of the afstemgesprekken and when the
    next one is due; 404 without the part "plan". A fixed number of queries, whatever the
    number of meetings."""
    access.require(PLAN)
    family = access.family
    now = timezone.now()
    trajectory = running_trajectory(family)
    return MeetingsPage(
        access=access,
        now=now,
        meetings=list(_listed(family)),
        trajectory=trajectory,
        rhythm=rhythm_status(trajectory=trajectory, today=timezone.localdate(now))
        if trajectory
        else None,
        has_plan=active_plan(family=family) is not None,
    )


# --- One meeting ----------------------------------------------------------------------------


@dataclass
class DecisionView:
    """A decision with what became of its step in the working version of the plan."""

    decision: Decision
    current: Step | None

    @property
    def in_plan(self) -> bool:
        return self.current is not None


@dataclass
class MeetingFile:
    access: FamilyAccess
    meeting: Meeting
    now: datetime
    plan: Plan | None = None
    goals: list[Goal] = field(default_factory=list)
    decisions: list[DecisionView] = field(default_factory=list)

    @property
    def family(self) -> Family:
        return self.access.family

    @property
    def can_edit(self) -> bool:
        return self.access.can_edit

    @property
    def shows_network(self) -> bool:
        return self.access.sees(FamilyPart.FAMILY_STORY)

    @property
    def participants(self) -> list[Participant]:
        return list(self.meeting.participants.all())

    @property
    def agenda(self) -> list[AgendaItem]:
        return list(self.meeting.agenda.all())

    @property
    def groups(self) -> list[tuple[str, list[Participant]]]:
        """Participants per kind, in a fixed order."""
        order = [
            (Participant.Kind.MEMBER, _("Gezin")),
            (Participant.Kind.COACH, _("Coach")),
            (Participant.Kind.WORKER, _("Betrokken hulpverleners")),
            (Participant.Kind.NETWORK, _("Netwerk")),
            (Participant.Kind.GUEST, _("Gasten")),
        ]
        people = self.participants
        found = []
        for kind, label in order:
            rows = [p for p in people if p.kind == kind]
            if rows:
                found.append((str(label), rows))
        return found

    @property
    def decide_refusal(self) -> str:
        """Why no decision can be recorded now, in Dutch; empty when it can."""
        meeting = self.meeting
        if meeting.is_cancelled:
            return _("Dit overleg is afgelast.")
        if meeting.starts_at > self.now:
            return _(
                "Dit overleg is nog niet geweest. Besluiten legt u vast tijdens of na het overleg."
            )
        if self.plan is None:
            return _(
                "Dit gezin heeft geen actief plan. Een besluit wordt hier altijd een stap in "
                "het plan; begin eerst het plan. Andere afspraken schrijft u in het verslag."
            )
        if not self.goals:
            return _(
                "Het plan heeft geen open doelen. Een besluit hoort bij een doel: voeg eerst "
                "een doel toe of zet een doel weer open."
            )
        return ""

    @property
    def can_decide(self) -> bool:
        return self.can_edit and not self.decide_refusal


def meeting_file(*, access: FamilyAccess, meeting: Meeting) -> MeetingFile:
    """The meeting page: participants, agenda, decisions with their steps as they stand in
    the plan now, and the plan's open goals for a new decision; 404 without the part
    "plan" or for a meeting of another family. A fixed number of queries."""
    access.require(PLAN)
    if meeting.family_id != access.family.pk:
        raise Http404
    plan = active_plan(family=access.family)
    file = MeetingFile(access=access, meeting=meeting, now=timezone.now(), plan=plan)
    decisions = list(meeting.decisions.all())
    current: dict[UUID, Step] = {}
    if plan is not None:
        file.goals = open_goals(plan=plan)
        keys = [d.step_key for d in decisions]
        if keys:
            current = {
                s.key: s
                for s in Step.objects.filter(
                    goal__version__plan=plan, goal__version__is_current=True, key__in=keys
                )
            }
    file.decisions = [DecisionView(decision=d, current=current.get(d.step_key)) for d in decisions]
    return file
