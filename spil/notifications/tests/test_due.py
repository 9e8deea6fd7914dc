"""`send_due_notifications`: the time-based rules, per rule the right recipients, nobody
outside consent, and nothing twice — not in the inbox, not in the outbox."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from spil.accounts import services as account_services
from spil.accounts.tests.factories import UserFactory
from spil.contacts.models import Promise
from spil.core.roles import Role
from spil.core.testing import days_ago
from spil.families import services as family_services
from spil.notifications.models import Notification
from spil.notifications.rules import Event
from spil.plans.models import Evaluation
from spil.trajectories.deadlines import add_months

from .factories import assert_no_personal_data, emails_to

APPOINTMENT = Event.APPOINTMENT_TOMORROW.value
PROMISE = Event.PROMISE_OVERDUE.value
PLAN = Event.PLAN_DUE.value
END = Event.TRAJECTORY_ENDING.value


def run(*args):
    out = StringIO()
    call_command("send_due_notifications", *args, stdout=out)
    return out.getvalue()


# --- Appointment tomorrow -------------------------------------------------------------------


def test_the_day_before_an_appointment_its_worker_is_reminded_once(world, mailoutbox):
    world.appointment(hour=10)
    output = run()
    (notice,) = Notification.objects.filter(event=APPOINTMENT)
    assert notice.recipient == world.coach
    assert "10:00" in notice.body
    assert "Karin" not in notice.body and "Daan" not in notice.body  # the purpose stays out
    (message,) = mailoutbox
    assert message.to == [world.coach.email]
    assert_no_personal_data(message)
    assert "10:00" not in message.body  # the e-mail says only what kind of notice it is
    assert f"{APPOINTMENT}: 1" in output
    assert "Vos" not in output and "Karin" not in output

    second = run()
    assert Notification.objects.filter(event=APPOINTMENT).count() == 1
    assert len(mailoutbox) == 1
    assert f"{APPOINTMENT}: 0" in second
    assert "E-mails verstuurd: 0" in second


@pytest.mark.parametrize(
    ("day", "status"),
    [(0, "gepland"), (2, "gepland"), (1, "afgezegd_gezin"), (1, "nagekomen")],
)
def test_no_reminder_for_another_day_or_an_appointment_that_is_not_planned(
    world, mailoutbox, day, status
):
    world.appointment(day=day, status=status)
    run()
    assert not Notification.objects.filter(event=APPOINTMENT).exists()
    assert mailoutbox == []


def test_an_appointment_late_tomorrow_evening_is_tomorrow_in_amsterdam(world):
    world.appointment(hour=23)
    run()
    assert Notification.objects.filter(event=APPOINTMENT).count() == 1


def test_a_worker_without_consent_is_not_reminded_one_with_consent_is(world, mailoutbox):
    world.appointment(worker=world.teacher)  # the school has no sharing consent
    world.appointment(worker=world.ggz_worker)  # the GGZ shares "contacten"
    run()
    assert world.told(APPOINTMENT) == {world.ggz_worker.email}
    assert emails_to(mailoutbox, world.teacher) == []


def test_the_date_option_backfills_a_day(world):
    appointment = world.appointment(day=5)
    run("--date", (timezone.localdate() + dt.timedelta(days=4)).isoformat())
    assert Notification.objects.filter(event=APPOINTMENT).count() == 1
    # Moving the appointment makes it a new notice; running again does not.
    appointment.starts_at += dt.timedelta(hours=2)
    appointment.ends_at += dt.timedelta(hours=2)
    appointment.save()
    run("--date", (timezone.localdate() + dt.timedelta(days=4)).isoformat())
    run("--date", (timezone.localdate() + dt.timedelta(days=4)).isoformat())
    assert Notification.objects.filter(event=APPOINTMENT).count() == 2


def test_a_bad_date_is_refused(world):
    with pytest.raises(CommandError):
        run("--date", "morgen")


# --- Promise overdue ------------------------------------------------------------------------


def test_an_overdue_promise_of_the_coach_tells_the_coach_once(world, mailoutbox):
    world.promise(by_user=world.coach)
    run()
    run()
    assert world.told(PROMISE) == {world.coach.email}
    assert Notification.objects.filter(event=PROMISE).count() == 1
    assert len(emails_to(mailoutbox, world.coach)) == 1
    assert "Karin" not in Notification.objects.get(event=PROMISE).body


def test_an_overdue_promise_of_a_worker_tells_that_worker_within_consent(world):
    world.promise(by_involvement=world.ggz_involvement)
    world.promise(by_involvement=world.school_involvement)
    run()
    assert world.told(PROMISE) == {world.coach.email, world.ggz_worker.email}
    assert world.for_user(world.ggz_worker, PROMISE).count() == 1


def test_a_withdrawn_consent_stops_the_promise_notices(world):
    family_services.consent_withdraw(actor=world.coach, consent=world.ggz_consent, on=days_ago(0))
    world.promise(by_involvement=world.ggz_involvement)
    run()
    assert world.told(PROMISE) == {world.coach.email}


@pytest.mark.parametrize(
    ("due_days_ago", "status"),
    [(0, Promise.Status.OPEN), (-3, Promise.Status.OPEN), (5, Promise.Status.KEPT)],
)
def test_no_notice_for_a_promise_not_yet_due_or_kept(world, due_days_ago, status):
    status_on = None if status == Promise.Status.OPEN else days_ago(1)
    world.promise(
        by_user=world.coach, due_days_ago=due_days_ago, status=status, status_on=status_on
    )
    run()
    assert not Notification.objects.filter(event=PROMISE).exists()


# --- Plan due within 7 days -----------------------------------------------------------------


def start_trajectory(world, days_before_today):
    world.trajectory.started_on = days_ago(days_before_today)
    world.trajectory.save()


def test_the_plan_due_in_seven_days_tells_coach_and_backup(world, mailoutbox):
    start_trajectory(world, 6 * 7 - 5)  # the plan is due (6 weeks) in 5 days
    world.start_plan()
    run()
    run()
    assert world.told(PLAN) == {world.coach.email, world.backup.email}
    assert Notification.objects.filter(event=PLAN).count() == 2
    assert "nog niet afgesproken" in world.for_user(world.coach, PLAN).get().body
    assert len(emails_to(mailoutbox, world.coach)) == 1
    for message in mailoutbox:
        assert_no_personal_data(message)


def test_an_agreed_plan_is_not_due(world):
    start_trajectory(world, 6 * 7 - 5)
    plan = world.start_plan()
    plan.started_on = world.trajectory.started_on
    plan.save()
    world.goal(plan)
    world.agree(plan, on=days_ago(1))
    run()
    assert not Notification.objects.filter(event=PLAN, key__contains=":plan:").exists()


def test_a_plan_due_further_away_is_not_yet_told(world):
    start_trajectory(world, 6 * 7 - 9)
    world.start_plan()
    run()
    assert not Notification.objects.filter(event=PLAN).exists()


def test_the_next_evaluation_within_seven_days_is_told(world):
    plan = world.start_plan()
    goal = world.goal(plan)
    world.agree(plan, on=days_ago(40))
    Evaluation.objects.create(
        plan=plan,
        version=goal.version,
        held_on=days_ago(30),
        moment=Evaluation.Moment.INTERIM,
        next_on=days_ago(-4),
        recorded_by=world.coach,
    )
    run()
    notice = world.for_user(world.coach, PLAN).get()
    assert "Afgesproken evaluatie" in notice.body


# --- Trajectory end within 30 days ----------------------------------------------------------


def test_the_end_within_thirty_days_tells_coach_backup_and_their_teamleider(world, mailoutbox):
    # Six months from the start (the programme's duration): the end falls in 20 days.
    world.trajectory.started_on = add_months(days_ago(-20), -6)
    world.trajectory.save()
    run()
    run()
    assert world.told(END) == {world.coach.email, world.backup.email, world.team_lead.email}
    assert Notification.objects.filter(event=END).count() == 3
    assert not world.for_user(world.other_team_lead, END).exists()
    for user in (world.coach, world.backup, world.team_lead):
        assert len(emails_to(mailoutbox, user)) == 1


def test_an_end_further_away_is_not_yet_told(world):
    run()  # the world's trajectory started 60 days ago: four months to go
    assert not Notification.objects.filter(event=END).exists()


def test_a_closed_trajectory_is_not_told(world):
    world.trajectory.closed_on = days_ago(1)
    world.trajectory.save()
    world.appointment()
    world.promise(by_user=world.coach)
    run()
    # Without a running trajectory the coach no longer has the file: nobody is told.
    assert not Notification.objects.filter(event__in=[END, PLAN, APPOINTMENT, PROMISE]).exists()


# --- One e-mail per person per run ----------------------------------------------------------


def test_one_email_per_person_per_run_listing_the_kinds(world, mailoutbox):
    world.appointment(hour=9)
    world.appointment(hour=14)
    world.promise(by_user=world.coach)
    run()
    (message,) = emails_to(mailoutbox, world.coach)
    assert "3 nieuwe berichten" in message.subject
    assert "Afspraak morgen (2)" in message.body
    assert "Toezegging verlopen" in message.body
    assert_no_personal_data(message)


def test_a_teamleider_of_another_organisation_team_is_never_told(world):
    stranger = UserFactory()
    account_services.membership_add(user=stranger, organisation=world.ggz, role=Role.TEAM_LEAD)
    start_trajectory(world, 6 * 7 - 5)
    world.start_plan()
    world.appointment()
    run()
    assert not Notification.objects.filter(recipient=stranger).exists()
