"""The rules of meetings: decisions become plan steps in one action (never without an
owner), the family present or why not, the agenda drawn from the plan and kept as it was,
minutes and the next meeting, and the rhythm of the afstemgesprekken."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from spil.core.access import family_access
from spil.core.models import AuditEvent
from spil.core.testing import days_ago
from spil.meetings import selectors, services
from spil.meetings.models import AgendaItem, Decision, Meeting, MeetingRhythm, Participant
from spil.plans import services as plan_services
from spil.plans.models import Plan, PlanVersion, Step
from spil.trajectories.models import Trajectory

from .factories import hours_ago

pytestmark = pytest.mark.django_db


# --- Decisions become plan steps --------------------------------------------------------------


def test_a_decision_becomes_a_step_in_the_plan_with_owner_and_date(world, plan, goal):
    world.agree(plan)  # agreed: the step goes into a new draft, the agreed version stays
    meeting = world.meeting()
    due = days_ago(-14)
    decision = services.decision_record(
        actor=world.coach,
        meeting=meeting,
        goal=goal,
        what="De GGZ belt moeder voor een intake",
        owner=world.ggz_involvement,
        due_on=due,
    )
    step = Step.objects.get(what="De GGZ belt moeder voor een intake")
    assert step.goal.version.is_current and step.goal.version.plan == plan
    assert step.goal.key == goal.key
    assert step.owner_involvement == world.ggz_involvement and step.due_on == due
    assert decision.step == step and decision.step_key == step.key
    assert decision.goal_key == goal.key and decision.goal_title == goal.title
    assert decision.owner_name == step.owner_name and decision.owner_kind == "betrokkene"
    # The agreed version stays as it was agreed; the step is in the new draft.
    assert not Step.objects.filter(goal__version__status="vastgesteld", what=step.what).exists()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"meeting.decision_recorded", "plan.step_added"} <= actions
    event = AuditEvent.objects.get(action="meeting.decision_recorded")
    assert "intake" not in str(event.detail) and event.detail["step"] == str(step.key)


def test_a_decision_without_an_owner_is_refused_and_nothing_is_saved(world, plan, goal):
    world.agree(plan)
    meeting = world.meeting()
    steps, versions, events = (
        Step.objects.count(),
        PlanVersion.objects.count(),
        AuditEvent.objects.count(),
    )
    with pytest.raises(ValidationError) as refused:
        services.decision_record(
            actor=world.coach,
            meeting=meeting,
            goal=goal,
            what="Iemand regelt de bijzondere bijstand",
            owner=None,
            due_on=days_ago(-7),
        )
    assert "Een besluit zonder eigenaar kan niet" in str(refused.value)
    assert not Decision.objects.exists()
    assert Step.objects.count() == steps and PlanVersion.objects.count() == versions
    assert AuditEvent.objects.count() == events


def test_a_decision_needs_a_date_and_a_meeting_that_took_place(world, plan, goal):
    later = world.meeting(when=timezone.now() + dt.timedelta(days=3))
    with pytest.raises(ValidationError, match="nog niet geweest"):
        services.decision_record(
            actor=world.coach,
            meeting=later,
            goal=goal,
            what="Samen naar de huisarts",
            owner=world.parent,
            due_on=days_ago(-7),
        )
    held = world.meeting()
    with pytest.raises(ValidationError, match="klaar moet zijn"):
        services.decision_record(
            actor=world.coach,
            meeting=held,
            goal=goal,
            what="Samen naar de huisarts",
            owner=world.parent,
            due_on=None,
        )
    assert not Decision.objects.exists() and not Step.objects.exists()


def test_a_decision_on_a_goal_that_is_no_longer_open_is_refused(world, plan, goal):
    plan_services.goal_set_status(actor=world.coach, goal=goal, status="bereikt", on=days_ago(2))
    meeting = world.meeting()
    with pytest.raises(ValidationError, match="niet meer open"):
        services.decision_record(
            actor=world.coach,
            meeting=meeting,
            goal=goal,
            what="Nog een stap",
            owner=world.parent,
            due_on=days_ago(-7),
        )
    assert not Step.objects.exists()


def test_without_an_active_plan_a_decision_is_refused_in_dutch(world):
    meeting = world.meeting(kind="startgesprek", agenda_from_plan=False)
    with pytest.raises(ValidationError, match="geen actief plan"):
        services.decision_record(
            actor=world.coach,
            meeting=meeting,
            goal=None,
            what="Plan maken",
            owner=world.coach,
            due_on=days_ago(-7),
        )
    assert not Decision.objects.exists()


def test_a_decision_on_another_familys_goal_is_refused(world, plan, goal):
    from spil.families.tests.factories import make_family

    other = make_family(world.coach, name="Ander")
    Trajectory.objects.create(
        family=other, kind="gezinscoach", coach=world.coach, started_on=days_ago(20)
    )
    other_plan = plan_services.plan_start(access=family_access(world.coach, other))
    other_goal = world.goal(other_plan, title="Ander doel")
    meeting = world.meeting()
    with pytest.raises(ValidationError, match="hoort niet bij het plan"):
        services.decision_record(
            actor=world.coach,
            meeting=meeting,
            goal=other_goal,
            what="Iets",
            owner=world.parent,
            due_on=days_ago(-7),
        )
    assert not Step.objects.filter(what="Iets").exists()


# --- The family present, or why not -------------------------------------------------------------


def test_a_meeting_without_the_family_needs_a_reason(world):
    with pytest.raises(ValidationError) as refused:
        world.meeting(family_present=False, family_absent_reason="  ")
    assert "family_absent_reason" in refused.value.message_dict
    assert "Schrijf op waarom het gezin er niet bij is" in str(refused.value)
    assert not Meeting.objects.exists() and not Participant.objects.exists()
    meeting = world.meeting(
        members=[],
        family_present=False,
        family_absent_reason="Het gezin heeft vertrouwen in de coach als woordvoerder.",
    )
    assert not meeting.family_present and meeting.family_absent_reason.startswith("Het gezin")
    # The database refuses it too.
    meeting.family_absent_reason = ""
    with pytest.raises(IntegrityError), transaction.atomic():
        meeting.save()


def test_minutes_without_the_family_need_a_reason(world):
    meeting = world.meeting()
    with pytest.raises(ValidationError, match="waarom het gezin er niet bij is"):
        world.hold(meeting, family_present=False)
    meeting.refresh_from_db()
    assert meeting.is_planned and meeting.minutes == ""


def test_a_family_present_means_someone_of_the_family_takes_part(world):
    with pytest.raises(ValidationError) as refused:
        world.meeting(members=[])
    assert "members" in refused.value.message_dict
    assert not Meeting.objects.exists()


def test_the_chair_is_required_and_takes_part(world):
    with pytest.raises(ValidationError, match="voorzit"):
        world.meeting(chair=None)
    meeting = world.meeting(chair=world.ggz_involvement, involvements=[])
    chair = meeting.participants.get(is_chair=True)
    assert chair.involvement == world.ggz_involvement and chair.kind == "betrokkene"
    assert meeting.participants.filter(involvement=world.ggz_involvement).count() == 1


def test_who_decides_without_consensus_is_a_participant_or_a_role_not_both(world):
    with pytest.raises(ValidationError, match="niet allebei"):
        world.meeting(tie_breaker=world.coach, tie_breaker_role="het afdelingshoofd")
    by_role = world.meeting(tie_breaker_role="het afdelingshoofd")
    assert by_role.tie_breaker_role == "het afdelingshoofd"
    by_person = world.meeting(tie_breaker=world.school_involvement)
    tie = by_person.participants.get(is_tie_breaker=True)
    assert tie.involvement == world.school_involvement


def test_participants_come_from_this_family_and_its_team(world):
    from spil.families.tests.factories import make_family

    stranger = make_family(world.coach, name="Ander").members.first()
    with pytest.raises(ValidationError, match="hoort niet bij dit gezin"):
        world.meeting(members=[world.parent, stranger])
    with pytest.raises(ValidationError, match="coach of de back-up coach"):
        world.meeting(coaches=[world.other_coach])
    meeting = world.meeting(
        network=[world.aunt], guests=["wijkagent De Vries", "  ", "Wijkagent de vries"]
    )
    kinds = sorted(meeting.participants.values_list("kind", flat=True))
    assert kinds == ["betrokkene", "coach", "gast", "gezinslid", "netwerk"]
    assert meeting.participants.get(kind="gast").name == "wijkagent De Vries"


# --- The agenda drawn from the plan -------------------------------------------------------------


def test_the_agenda_holds_open_goals_and_overdue_steps_not_reached_goals(world, plan, goal):
    world.step(goal, what="Weekrooster maken", due=days_ago(3))
    world.step(goal, what="Oppas regelen", due=days_ago(-10))  # not yet due
    done = world.step(goal, what="Huisarts bellen", due=days_ago(5))
    plan_services.step_done(actor=world.coach, step=done, done_on=days_ago(4))
    reached = world.goal(plan, title="Wij betalen de huur op tijd", code="financien_schulden")
    plan_services.goal_set_status(actor=world.coach, goal=reached, status="bereikt", on=days_ago(2))
    meeting = world.meeting()
    items = list(meeting.agenda.order_by("order"))
    titles = [i.title for i in items]
    assert "Wij hebben rust in huis" in titles
    assert "Weekrooster maken" in titles
    assert "Wij betalen de huur op tijd" not in titles
    assert "Oppas regelen" not in titles and "Huisarts bellen" not in titles
    step_item = next(i for i in items if i.kind == AgendaItem.Kind.STEP)
    assert step_item.owner_name == str(world.parent) and step_item.due_on == days_ago(3)
    assert step_item.step_key == Step.objects.get(what="Weekrooster maken").key


def test_a_past_meeting_reads_the_plan_as_it_stood_that_day(world, plan, goal):
    step = world.step(goal, what="Weekrooster maken", due=days_ago(10))
    plan_services.step_done(actor=world.coach, step=step, done_on=days_ago(2))
    reached = world.goal(plan, title="Wij betalen de huur op tijd", code="financien_schulden")
    plan_services.goal_set_status(actor=world.coach, goal=reached, status="bereikt", on=days_ago(2))
    meeting = world.meeting(when=timezone.now() - dt.timedelta(days=5))
    titles = set(meeting.agenda.values_list("title", flat=True))
    # Five days ago the step was late and the goal was not yet reached.
    assert {"Weekrooster maken", "Wij betalen de huur op tijd"} <= titles


def test_a_systeembijeenkomst_has_the_five_steps_of_seed_002(world, plan, goal):
    meeting = world.meeting(kind="systeembijeenkomst", own_agenda=["Wat-als-afspraken"])
    items = list(meeting.agenda.order_by("order"))
    system = [i for i in items[:5]]
    assert [i.kind for i in system] == ["systeemstap"] * 5
    assert "vanuit het gezinsperspectief naar de bedoeling van de hulp" in system[0].note
    assert "eigen perspectief" in system[1].note
    assert "eerder goed gewerkt" in system[2].note
    assert "uitgebreid" in system[3].note
    assert "gezamenlijke koers" in system[4].note
    assert items[5].kind == "doel" and items[-1].title == "Wat-als-afspraken"


def test_the_agenda_stays_what_was_discussed(world, plan, goal):
    meeting = world.meeting()
    plan_services.goal_update(
        actor=world.coach,
        goal=goal,
        title="Wij hebben rust en ritme in huis",
        domain=goal.domain,
        origin=goal.origin,
        whole_family=True,
    )
    assert meeting.agenda.filter(title="Wij hebben rust in huis").exists()
    # Until the meeting is held, the agenda can be drawn again; own points stay.
    AgendaItem.objects.create(meeting=meeting, kind="eigen", title="Bereikbaarheid", order=9)
    services.agenda_refresh(actor=world.coach, meeting=meeting)
    titles = list(meeting.agenda.order_by("order").values_list("title", flat=True))
    assert titles == ["Wij hebben rust en ritme in huis", "Bereikbaarheid"]
    world.hold(meeting)
    with pytest.raises(ValidationError, match="al gehouden"):
        services.agenda_refresh(actor=world.coach, meeting=meeting)


def test_a_meeting_without_agenda_from_the_plan(world, plan, goal):
    meeting = world.meeting(
        kind="startgesprek", agenda_from_plan=False, own_agenda=["De opdracht", "Bereikbaarheid"]
    )
    assert list(meeting.agenda.values_list("title", flat=True)) == ["De opdracht", "Bereikbaarheid"]


def test_changing_a_meeting_into_a_systeembijeenkomst_adds_the_five_steps(world, plan, goal):
    meeting = world.meeting()
    services.meeting_update(
        actor=world.coach,
        meeting=meeting,
        kind="systeembijeenkomst",
        starts_at=meeting.starts_at,
        chair=world.coach,
        members=[world.parent],
        involvements=[world.ggz_involvement, world.school_involvement],
    )
    kinds = list(meeting.agenda.order_by("order").values_list("kind", flat=True))
    assert kinds == ["systeemstap"] * 5 + ["doel"]
    assert meeting.participants.count() == 4


# --- Minutes and the next meeting ---------------------------------------------------------------


def test_minutes_shared_with_the_family_and_the_next_meeting_planned_in_one_go(world, plan, goal):
    meeting = world.meeting(
        place="Bij het gezin thuis", network=[world.aunt], tie_breaker=world.ggz_involvement
    )
    next_on = days_ago(-42)
    world.hold(meeting, shared_on=timezone.localdate(), next_on=next_on, plan_next=True)
    meeting.refresh_from_db()
    assert meeting.is_held and meeting.minutes_shared_on == timezone.localdate()
    follow_up = Meeting.objects.get(previous=meeting)
    assert follow_up.is_planned and follow_up.kind == meeting.kind
    assert timezone.localdate(follow_up.starts_at) == next_on
    assert (
        timezone.localtime(follow_up.starts_at).time()
        == timezone.localtime(meeting.starts_at).time()
    )
    assert follow_up.place == "Bij het gezin thuis"

    def people(m):
        return sorted(m.participants.values_list("kind", "name", "is_chair", "is_tie_breaker"))

    assert people(follow_up) == people(meeting)
    assert follow_up.agenda.filter(kind="doel").exists()
    with pytest.raises(ValidationError, match="al gepland"):
        world.hold(meeting, next_on=next_on, plan_next=True)
    event = AuditEvent.objects.get(action="meeting.minutes_recorded")
    assert "Besproken" not in str(event.detail)


def test_minutes_refused_before_the_meeting_and_shared_before_it(world):
    later = world.meeting(when=timezone.now() + dt.timedelta(days=2))
    with pytest.raises(ValidationError, match="nog niet geweest"):
        world.hold(later)
    earlier = world.meeting(when=timezone.now() - dt.timedelta(days=3))
    with pytest.raises(ValidationError, match="vóór het overleg"):
        world.hold(earlier, shared_on=days_ago(5))
    with pytest.raises(ValidationError, match="ligt na dit overleg"):
        world.hold(earlier, next_on=days_ago(4))
    with pytest.raises(ValidationError, match="datum van het volgende overleg"):
        world.hold(earlier, plan_next=True)
    assert not Meeting.objects.filter(status="gehouden").exists()


def test_a_cancelled_meeting_takes_no_minutes(world):
    meeting = world.meeting()
    services.meeting_cancel(actor=world.coach, meeting=meeting)
    with pytest.raises(ValidationError, match="afgelast"):
        world.hold(meeting)


# --- The rhythm of the afstemgesprekken ---------------------------------------------------------


def test_the_next_afstemgesprek_is_due_from_the_start_or_the_last_one(world):
    trajectory = Trajectory.objects.get(family=world.family)  # started 60 days ago
    assert selectors.next_afstemgesprek_due(trajectory) is None
    services.rhythm_set(actor=world.coach, trajectory=trajectory, every_weeks=6)
    assert selectors.next_afstemgesprek_due(trajectory) == days_ago(60) + dt.timedelta(weeks=6)
    status = selectors.rhythm_status(trajectory=trajectory, today=timezone.localdate())
    assert status.overdue and status.days_overdue == 60 - 42
    # A systeembijeenkomst, a planned and a cancelled afstemgesprek do not count.
    world.hold(world.meeting(kind="systeembijeenkomst", when=timezone.now() - dt.timedelta(days=5)))
    world.meeting(when=timezone.now() - dt.timedelta(days=4))
    services.meeting_cancel(actor=world.coach, meeting=world.meeting(when=hours_ago(30)))
    assert selectors.next_afstemgesprek_due(trajectory) == days_ago(60) + dt.timedelta(weeks=6)
    held = world.meeting(when=timezone.now() - dt.timedelta(days=10))
    world.hold(held)
    due = timezone.localdate(held.starts_at) + dt.timedelta(weeks=6)
    assert selectors.next_afstemgesprek_due(trajectory) == due
    assert not selectors.rhythm_status(trajectory=trajectory, today=timezone.localdate()).overdue


def test_an_overdue_afstemgesprek_shows_on_the_caseload(world):
    from spil.workspace.selectors import caseload

    def warnings():
        (row,) = caseload(user=world.coach, today=timezone.localdate()).rows
        return row.warnings

    trajectory = Trajectory.objects.get(family=world.family)  # started 60 days ago
    assert "alignment_overdue" not in warnings()  # no rhythm agreed: no signal
    services.rhythm_set(actor=world.coach, trajectory=trajectory, every_weeks=6)
    assert "alignment_overdue" in warnings()
    assert (
        selectors.afstemgesprek_overdue(
            trajectories=[trajectory], today=days_ago(60) + dt.timedelta(weeks=6)
        )
        == set()
    )  # on the due day itself it is not late yet
    world.hold(world.meeting(when=timezone.now() - dt.timedelta(days=3)))
    assert "alignment_overdue" not in warnings()


def test_the_rhythm_is_between_1_and_52_weeks_or_none(world):
    trajectory = Trajectory.objects.get(family=world.family)
    for weeks in (0, 53):
        with pytest.raises(ValidationError, match="1 tot 52 weken"):
            services.rhythm_set(actor=world.coach, trajectory=trajectory, every_weeks=weeks)
    services.rhythm_set(actor=world.coach, trajectory=trajectory, every_weeks=4)
    services.rhythm_set(actor=world.coach, trajectory=trajectory, every_weeks=13)
    assert MeetingRhythm.objects.get().every_weeks == 13
    services.rhythm_set(actor=world.coach, trajectory=trajectory, every_weeks=None)
    assert not MeetingRhythm.objects.exists()
    actions = list(
        AuditEvent.objects.filter(action__startswith="meeting.rhythm").values_list(
            "action", flat=True
        )
    )
    assert actions == ["meeting.rhythm_set", "meeting.rhythm_set", "meeting.rhythm_removed"]
    trajectory.closed_on = days_ago(1)
    trajectory.save()
    with pytest.raises(ValidationError, match="afgesloten"):
        services.rhythm_set(actor=world.coach, trajectory=trajectory, every_weeks=4)


# --- For the family's timeline ------------------------------------------------------------------


def test_meetings_for_family_follow_the_plan_part(world, plan, goal):
    meeting = world.meeting()
    services.decision_record(
        actor=world.coach,
        meeting=meeting,
        goal=goal,
        what="Rooster maken",
        owner=world.parent,
        due_on=days_ago(-7),
    )
    world.hold(meeting, shared_on=timezone.localdate())
    found = selectors.meetings_for_family(access=family_access(world.coach, world.family))
    assert found == [meeting]
    line = found[0].one_line
    assert "Afstemgesprek" in line and "1 besluit in het plan" in line and "gedeeld op" in line
    assert world.coach.full_name in line
    world.share_with(world.school, ["contacten"])
    assert selectors.meetings_for_family(access=family_access(world.teacher, world.family)) == []
    world.share_with(world.ggz, ["plan"])
    assert selectors.meetings_for_family(access=family_access(world.ggz_worker, world.family)) == [
        meeting
    ]
    assert selectors.meetings_for_family(access=family_access(world.policy, world.family)) == []


def test_meetings_for_family_queries_stay_flat(world, plan, goal, django_assert_max_num_queries):
    for _ in range(2):
        world.meeting()
    with django_assert_max_num_queries(6) as few:
        [
            m.one_line
            for m in selectors.meetings_for_family(access=family_access(world.coach, world.family))
        ]
    for _ in range(10):
        world.meeting(network=[world.aunt])
    with django_assert_max_num_queries(len(few.captured_queries)):
        lines = [
            m.one_line
            for m in selectors.meetings_for_family(access=family_access(world.coach, world.family))
        ]
    assert len(lines) == 12


def test_no_plan_no_agenda_from_it(world):
    assert not Plan.objects.exists()
    meeting = world.meeting()
    assert not meeting.agenda.exists()


def test_a_removed_network_contact_stays_in_the_record_by_name(world):
    from spil.families import services as family_services

    meeting = world.meeting(network=[world.aunt])
    family_services.network_contact_remove(actor=world.coach, contact=world.aunt)
    row = meeting.participants.get(kind="netwerk")
    assert row.network is None and row.name == "tante Ria (zus van Karin)"
