"""Live trajectories in the fact table, and the figures that read the domain tables."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from spil.assessments.models import Instrument
from spil.assessments.tests.factories import measure
from spil.contacts.models import Appointment, Contact, Promise
from spil.core.testing import days_ago
from spil.intake.models import Weighing
from spil.intake.tests.factories import register, weigh
from spil.plans import services as plan_services
from spil.plans.tests.factories import PlanWorld
from spil.reports import facts
from spil.reports.models import TrajectoryRecord
from spil.reports.monitoring import monitoring
from spil.trajectories import services as trajectory_services
from spil.trajectories.models import Closure
from spil.trajectories.tests.factories import TrajectoryFactory

from .test_monitoring import figure, past, table

pytestmark = pytest.mark.django_db


def period():
    return {"date_from": days_ago(365), "date_to": timezone.localdate()}


@pytest.fixture
def world():
    return PlanWorld()


def evaluate(world, plan, held, scores):
    return plan_services.evaluation_record(
        actor=world.coach,
        plan=plan,
        held_on=days_ago(held),
        moment="tussentijds",
        goals=[
            plan_services.GoalProgressData(
                goal=goal, answers=[plan_services.AnswerData(value=v, member=world.parent)]
            )
            for goal, v in scores
        ],
    )


def test_a_closed_trajectory_is_counted_with_its_goals_scores_and_domains(world):
    plan = world.start_plan()
    rest = world.goal(plan)
    money = world.goal(plan, title="Wij betalen de huur op tijd", code="financien_schulden")
    evaluate(world, plan, 30, [(rest, 3), (money, 5)])
    evaluate(world, plan, 5, [(rest, 7), (money, 8)])
    plan_services.goal_set_status(actor=world.coach, goal=rest, status="bereikt", on=days_ago(4))
    leefgebieden = Instrument.objects.get(code="leefgebieden")
    measure(world, leefgebieden, on=days_ago(50), values={"financien_schulden": 2})
    measure(world, leefgebieden, on=days_ago(3), values={"financien_schulden": 4})
    trajectory = world.trajectory
    extension = trajectory_services.extension_request(
        actor=world.coach,
        trajectory=trajectory,
        months=3,
        reason="Meer tijd",
        requested_on=days_ago(10),
    )
    trajectory_services.extension_decide(
        actor=world.team_lead, extension=extension, approve=True, decided_on=days_ago(9)
    )
    trajectory_services.trajectory_close(
        actor=world.coach,
        trajectory=trajectory,
        closed_on=days_ago(1),
        reason="doelen_bereikt",
        reached="Rust in huis",
    )
    record = TrajectoryRecord.objects.get(trajectory=world.trajectory)
    assert record.source == "spil" and record.coach == world.coach
    assert record.closed_on == days_ago(1) and record.closure_reason == "doelen_bereikt"
    assert record.duration_days == 59
    assert (record.extensions, record.goals_set, record.goals_reached) == (1, 2, 1)
    assert record.frame_end is not None

    sections = monitoring(**period())
    assert figure(sections, "trajectories", "closed").cell.value == 1
    assert figure(sections, "trajectories", "closed").cell.text == "<5"
    assert figure(sections, "goals", "goals_reached_percent").cell.value == 50.0
    assert figure(sections, "goals", "evaluation_first_mean").cell.value == 4.0
    assert figure(sections, "goals", "evaluation_last_mean").cell.value == 7.5
    assert figure(sections, "goals", "evaluation_last_mean").cell.text == "<5"
    (domain,) = table(sections, "life_domains", "change_by_domain").rows
    assert [c.value for c in domain.cells] == [1, 2.0, 4.0, 2.0]
    assert domain.cells[3].text == "<5"

    # Reopened the next day: running again, and counted as reopened within a year.
    trajectory.refresh_from_db()
    trajectory_services.trajectory_reopen(
        actor=world.coach, trajectory=trajectory, on=days_ago(0), reason="Terugval"
    )
    record.refresh_from_db()
    assert record.closed_on is None and record.reopened_on == days_ago(0)
    sections = monitoring(**period())
    assert figure(sections, "trajectories", "reopened_within_year").cell.value == 1
    assert figure(sections, "trajectories", "closed").cell.value == 0


def test_refresh_all_is_idempotent(world):
    TrajectoryFactory.create_batch(3)
    assert TrajectoryRecord.objects.count() == 4  # kept up to date on every save
    TrajectoryRecord.objects.all().delete()
    assert facts.refresh_all() == 4
    before = list(TrajectoryRecord.objects.values_list("id", "revision", "updated_at"))
    assert facts.refresh_all() == 0
    assert list(TrajectoryRecord.objects.values_list("id", "revision", "updated_at")) == before


def test_team_filter_counts_the_trajectories_of_its_coaches(world):
    for _ in range(2):
        TrajectoryFactory(coach=world.other_coach, started_on=days_ago(10))
    past(6, started=days_ago(20))  # history: no coach, so in no team
    facts.refresh_all()
    assert (
        figure(monitoring(**period(), team=world.team_a), "trajectories", "started").cell.value == 1
    )
    assert (
        figure(monitoring(**period(), team=world.team_b), "trajectories", "started").cell.value == 2
    )
    assert figure(monitoring(**period()), "trajectories", "started").cell.value == 9


def test_caseload_against_the_norm(world):
    world.programme.caseload_min, world.programme.caseload_max = 1, 2
    world.programme.save()
    for _ in range(3):
        TrajectoryFactory(coach=world.other_coach, programme=world.programme)
    TrajectoryFactory(
        coach=world.backup, programme=world.programme, closed=True, started_on=days_ago(40)
    )
    facts.refresh_all()
    (row,) = table(monitoring(**period()), "caseload", "families_per_coach").rows
    assert row.label == "VIG"
    assert [c.value for c in row.cells] == [4, 2, 2.0, "1–2", 1]
    assert [c.text for c in row.cells] == ["<5", "2", "<5", "1–2", "1"]


def test_referrals_and_trust(world):
    for i in range(6):
        referral = register(world.coordinator, world.meldpunt, received_on=days_ago(40 + i))
        if i < 5:
            decision = Weighing.Decision.ACCEPT if i < 3 else Weighing.Decision.RETURN
            weigh(world.coordinator, referral, decision=decision, advice="Advies" if i >= 3 else "")
    register(world.coordinator, world.meldpunt, received_on=days_ago(400))  # before the period
    now = timezone.now()
    for status in ["nagekomen"] * 5 + ["niet_verschenen", "gepland"]:
        Appointment.objects.create(
            family=world.family,
            starts_at=now - timedelta(days=3),
            ends_at=now - timedelta(days=3, hours=-1),
            purpose="Huisbezoek",
            worker=world.coach,
            status=status,
            created_by=world.coach,
        )
    for status in ["nagekomen"] * 4 + ["niet_nagekomen", "open"]:
        Promise.objects.create(
            family=world.family,
            direction=Promise.Direction.COACH_TO_FAMILY,
            by_user=world.coach,
            what="Bellen met de school",
            due_on=days_ago(5),
            status=status,
            status_on=None if status == "open" else days_ago(2),
            created_by=world.coach,
        )
    sections = monitoring(**period())
    assert figure(sections, "referrals", "received").cell.value == 6
    assert figure(sections, "referrals", "weighed").cell.value == 5
    assert figure(sections, "referrals", "accepted").cell.text == "<5"
    assert figure(sections, "referrals", "declined").cell.value == 2
    kinds = {r.code: r for r in table(sections, "referrals", "by_referrer_kind").rows}
    assert list(kinds) == ["welzijn"]  # only the kinds that referred
    assert [c.text for c in kinds["welzijn"].cells] == ["6", "100,0 %"]
    assert figure(sections, "trust", "promises_made").cell.value == 6
    assert figure(sections, "trust", "promises_closed").cell.value == 5
    assert figure(sections, "trust", "promises_kept_percent").cell.text == "80,0 %"
    assert figure(sections, "trust", "appointments_kept").cell.value == 5
    assert figure(sections, "trust", "appointments_missed").cell.text == "<5"
    assert figure(sections, "trust", "appointments_kept_percent").cell.value == 83.3


def test_promises_count_by_the_day_they_were_made_and_the_day_they_were_closed(world):
    """Made before the period and closed in it: closed, not made. Made in it and still open:
    made. Made and closed before it: neither. (The query reads only the promises made or
    closed in the period; a promise that falls outside both must not be counted.)"""

    def promise(made: date, status: str, closed: date | None) -> None:
        made_promise = Promise.objects.create(
            family=world.family,
            direction=Promise.Direction.COACH_TO_FAMILY,
            by_user=world.coach,
            what="Bellen met de school",
            due_on=made,
            status=status,
            status_on=closed,
            created_by=world.coach,
        )
        moment = datetime.combine(made, time(12), tzinfo=ZoneInfo("Europe/Amsterdam"))
        Promise.objects.filter(pk=made_promise.pk).update(created_at=moment)

    promise(days_ago(500), "nagekomen", days_ago(10))
    promise(days_ago(500), "niet_nagekomen", days_ago(20))
    promise(days_ago(30), "open", None)
    promise(days_ago(500), "nagekomen", days_ago(450))
    promise(days_ago(600), "open", None)
    sections = monitoring(**period())
    assert figure(sections, "trust", "promises_made").cell.text == "<5"
    assert figure(sections, "trust", "promises_made").cell.value == 1
    assert figure(sections, "trust", "promises_closed").cell.value == 2
    kept = figure(sections, "trust", "promises_kept_percent").cell
    assert (kept.value, kept.text) == (50.0, "<5")  # one of two: too few to show


def test_appointments_in_the_period_count_in_amsterdam_days(world):
    """An appointment counts when it begins on a day of the period in Amsterdam: 00:30 on
    the first day and 23:30 on the last count (in UTC the evening before and the same
    evening); 23:30 the evening before and 00:30 the day after do not. On PostgreSQL this
    is a time range, which the appointments' index answers (core.sql.within_days)."""
    amsterdam = ZoneInfo("Europe/Amsterdam")
    first, last = date(2026, 3, 29), date(2026, 10, 25)  # both days of a clock change
    for day, at in [
        (first - timedelta(days=1), time(23, 30)),
        (first, time(0, 30)),
        (last, time(23, 30)),
        (last + timedelta(days=1), time(0, 30)),
    ]:
        starts_at = datetime.combine(day, at, tzinfo=amsterdam)
        Appointment.objects.create(
            family=world.family,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=20),
            purpose="Huisbezoek",
            worker=world.coach,
            status=Appointment.Status.KEPT,
            created_by=world.coach,
        )
    sections = monitoring(date_from=first, date_to=last)
    assert figure(sections, "trust", "appointments_kept").cell.value == 2


def _queries():
    with CaptureQueriesContext(connection) as captured:
        monitoring(**period())
    return len(captured)


def test_the_number_of_queries_does_not_grow_with_the_data(world):
    TrajectoryFactory(closed=True, started_on=days_ago(50))  # live and closed: every query runs
    facts.refresh_all()
    small = _queries()
    for _ in range(15):
        TrajectoryFactory(started_on=days_ago(100), programme=world.programme)
    past(
        40,
        started=days_ago(300),
        closed=days_ago(100),
        reason="verhuisd",
        programme=world.programme,
    )
    for i in range(8):
        register(world.coordinator, world.meldpunt, received_on=days_ago(40 + i))
    facts.refresh_all()
    assert _queries() == small
    # 6–9 for the trajectories' figures, one for the escalations by reason, the rest signals,
    # budget and survey
    assert small <= 21


def test_a_rolled_back_change_leaves_the_facts_as_they_were(world):
    from django.db import transaction

    record = TrajectoryRecord.objects.get(trajectory=world.trajectory)
    with pytest.raises(RuntimeError), transaction.atomic():
        trajectory_services.trajectory_close(
            actor=world.coach,
            trajectory=world.trajectory,
            closed_on=days_ago(1),
            reason="verhuisd",
            reached="Verhuisd naar een andere gemeente",
        )
        assert TrajectoryRecord.objects.get(pk=record.pk).closure_reason == "verhuisd"
        raise RuntimeError("the request failed after the write")
    record.refresh_from_db()
    assert record.closed_on is None and record.closure_reason == ""


def test_a_deleted_trajectory_takes_its_record_along(world):
    trajectory = TrajectoryFactory(closed=True)
    Closure.objects.create(
        trajectory=trajectory,
        closed_on=trajectory.closed_on,
        closed_by=trajectory.coach,
        reason="verhuisd",
        reached="-",
    )
    assert TrajectoryRecord.objects.get(trajectory=trajectory).closure_reason == "verhuisd"
    trajectory.delete()
    assert not TrajectoryRecord.objects.filter(trajectory_id=trajectory.pk).exists()


def test_days_to_first_contact_count_in_amsterdam_days(world):
    """The first contact on or after the day of receipt, that day taken in Amsterdam: a
    contact at 00:30 local time (22:30 UTC the day before, summer time) is on the day; one
    at 23:30 local time the evening before is not. On PostgreSQL this is a comparison with
    the day's first moment (the contacts index answers it), on SQLite with the local date."""

    amsterdam = ZoneInfo("Europe/Amsterdam")
    received = timezone.localdate() - timedelta(days=60)
    referral = register(world.coordinator, world.meldpunt, received_on=received)
    referral.family = world.family
    referral.save(update_fields=["family"])
    Contact.objects.filter(family=world.family).delete()
    for day, at in [
        (received - timedelta(days=1), time(23, 30)),
        (received + timedelta(days=3), time(0, 30)),
    ]:
        Contact.objects.create(
            family=world.family,
            occurred_at=datetime.combine(day, at, tzinfo=amsterdam),
            kind=Contact.Kind.PHONE,
            summary="Gebeld",
            author=world.coach,
        )
    sections = monitoring(**period())
    assert figure(sections, "referrals", "first_contact_median_days").cell.value == 3
    Contact.objects.filter(
        family=world.family, occurred_at__date=received + timedelta(days=3)
    ).update(occurred_at=datetime.combine(received, time(0, 30), tzinfo=amsterdam))
    sections = monitoring(**period())
    assert figure(sections, "referrals", "first_contact_median_days").cell.value == 0
