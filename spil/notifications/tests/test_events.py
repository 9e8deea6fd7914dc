"""Event-based rules: the right recipients, nobody outside consent, never the actor, no
duplicates, e-mails only after the commit and without personal data."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from spil.accounts.tests.factories import UserFactory
from spil.assessments import services as assessment_services
from spil.core.access import family_access
from spil.core.audit_labels import known as known_labels
from spil.core.models import AuditEvent
from spil.core.roles import Role
from spil.core.testing import committed, days_ago
from spil.families import services as family_services
from spil.notifications import services
from spil.notifications.models import CommunicationRule, Notification, SituationChange
from spil.notifications.rules import Event
from spil.plans import services as plan_services
from spil.trajectories import services as trajectory_services

from .factories import assert_no_personal_data, emails_to

GOAL = Event.GOAL_REACHED.value


def reach_goal(world, actor=None, on=None):
    plan = world.start_plan()
    goal = world.goal(plan)
    with committed():
        return plan_services.goal_set_status(
            actor=actor or world.coach, goal=goal, status="bereikt", on=on or days_ago(1)
        )


# --- Goal reached ---------------------------------------------------------------------------


def test_goal_reached_tells_backup_and_the_team_within_consent_not_the_actor(world):
    reach_goal(world)
    assert world.told(GOAL) == {world.backup.email, world.ggz_worker.email}
    # The coach acted; the school has no sharing consent; the teamleider is not in this
    # rule by default; nobody from another team or the meldpunt.
    for user in (world.coach, world.teacher, world.team_lead, world.other_coach):
        assert not world.for_user(user, GOAL).exists()
    notice = world.for_user(world.backup, GOAL).get()
    assert notice.family == world.family
    assert notice.title == "Doel bereikt"
    assert "Wij hebben rust in huis" not in notice.body  # the goal's own words stay in the plan


def test_when_the_backup_acts_the_coach_is_told_and_the_backup_is_not(world):
    reach_goal(world, actor=world.backup)
    assert world.told(GOAL) == {world.coach.email, world.ggz_worker.email}


def test_a_consent_without_the_part_the_notice_is_about_tells_nobody(world):
    family_services.consent_withdraw(actor=world.coach, consent=world.ggz_consent, on=days_ago(0))
    world.share_with(world.ggz, ["contacten"])  # no "plan": a goal is not theirs to hear
    reach_goal(world)
    assert world.ggz_worker.email not in world.told(GOAL)


def test_a_withdrawn_consent_stops_the_notices(world):
    family_services.consent_withdraw(actor=world.coach, consent=world.ggz_consent, on=days_ago(0))
    reach_goal(world)
    assert world.told(GOAL) == {world.backup.email}


def test_a_worker_whose_involvement_ended_is_not_told(world):
    family_services.involvement_end(
        actor=world.coach, involvement=world.ggz_involvement, until=days_ago(0)
    )
    reach_goal(world)
    assert world.ggz_worker.email not in world.told(GOAL)


def test_a_goal_set_to_reached_again_is_not_told_twice(world):
    goal = reach_goal(world)
    with committed():
        plan_services.goal_set_status(
            actor=world.coach, goal=goal, status="bereikt", on=days_ago(1)
        )
    assert Notification.objects.filter(event=GOAL).count() == 2  # backup + GGZ, once each


def test_another_status_tells_nobody(world):
    plan = world.start_plan()
    goal = world.goal(plan)
    with committed():
        plan_services.goal_set_status(
            actor=world.coach, goal=goal, status="deels_bereikt", on=days_ago(1)
        )
    assert not Notification.objects.filter(event=GOAL).exists()


# --- E-mail ---------------------------------------------------------------------------------


def test_emails_leave_only_after_the_commit_and_name_no_one(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    plan = world.start_plan()
    goal = world.goal(plan)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        plan_services.goal_set_status(
            actor=world.coach, goal=goal, status="bereikt", on=days_ago(1)
        )
    assert len(callbacks) == 1  # the event waits for the commit
    assert mailoutbox == []  # nothing has left while the transaction is open
    assert not Notification.objects.filter(event=GOAL).exists()
    with committed():
        callbacks[0]()
    assert len(mailoutbox) == 2
    for user in (world.backup, world.ggz_worker):
        (message,) = emails_to(mailoutbox, user)
        assert message.to == [user.email]
        assert "Doel bereikt" in message.subject
        assert reverse("notifications:inbox") in message.body
        assert_no_personal_data(message)
        assert str(world.family.uuid) not in message.body
    assert Notification.objects.filter(event=GOAL, emailed_at__isnull=True).count() == 0


def test_a_rolled_back_action_leaves_no_notice_and_sends_nothing(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    plan = world.start_plan()
    goal = world.goal(plan)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        plan_services.goal_set_status(
            actor=world.coach, goal=goal, status="bereikt", on=days_ago(1)
        )
        raise RuntimeError("the request failed after the write")
    assert not Notification.objects.filter(event=GOAL).exists()
    assert mailoutbox == []


def test_deliver_sends_each_notice_once(world, mailoutbox):
    reach_goal(world)  # the e-mails leave after the commit
    assert len(mailoutbox) == 2
    assert services.deliver() == 0
    assert len(mailoutbox) == 2


def test_the_database_refuses_a_second_copy_of_a_notice(world):
    reach_goal(world)
    notice = world.for_user(world.backup, GOAL).get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(
            recipient=notice.recipient,
            event=notice.event,
            family=notice.family,
            title="x",
            body="x",
            key=notice.key,
        )


def test_a_failed_send_is_retried_by_the_next_run(world, mailoutbox, settings):
    settings.EMAIL_BACKEND = "spil.notifications.tests.backends.RefusingBackend"
    reach_goal(world)  # the send after the commit fails
    assert services.deliver() == 0
    assert Notification.objects.filter(event=GOAL, emailed_at__isnull=True).count() == 2
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert services.deliver() == 2
    assert len(mailoutbox) == 2


def test_notify_twice_with_the_same_key_stores_nothing_new(world):
    goal = reach_goal(world)
    again = services.notify(
        event=GOAL,
        family=world.family,
        actor=world.coach,
        obj=goal,
        key=f"goal:{goal.key}:{goal.status_on.isoformat()}",
    )
    assert again == []
    assert Notification.objects.filter(event=GOAL).count() == 2


def test_every_notice_sent_is_in_the_audit_trail_with_codes_only(world):
    reach_goal(world)
    event = AuditEvent.objects.filter(action="notification.sent", detail__event=GOAL).get()
    assert event.family_uuid == world.family.uuid
    assert event.detail == {"event": GOAL, "recipients": 2}
    assert "notification.sent" in known_labels()
    assert "situation.marked" in known_labels()


# --- The rule decides -----------------------------------------------------------------------


def test_the_stored_rule_decides_who_is_told(world):
    CommunicationRule.objects.filter(event=GOAL).update(to_team=False, to_team_lead=True)
    reach_goal(world)
    assert world.told(GOAL) == {world.backup.email, world.team_lead.email}


def test_a_rule_switched_off_tells_nobody(world):
    CommunicationRule.objects.filter(event=GOAL).update(is_active=False)
    reach_goal(world)
    assert not Notification.objects.filter(event=GOAL).exists()


def test_an_inactive_user_is_not_told(world):
    world.backup.is_active = False
    world.backup.save()
    reach_goal(world)
    assert world.told(GOAL) == {world.ggz_worker.email}


# --- Change of worker -----------------------------------------------------------------------

CHANGE = Event.WORKER_CHANGED.value


def test_a_change_of_worker_tells_coaches_teamleider_and_the_team_within_consent(world):
    new_teacher = UserFactory()
    from spil.accounts import services as account_services

    account_services.membership_add(
        user=new_teacher, organisation=world.school, role=Role.PROFESSIONAL
    )
    with committed():
        family_services.involvement_change_worker(
            actor=world.coach,
            involvement=world.school_involvement,
            on=days_ago(0),
            worker=new_teacher,
        )
    # The school has no sharing consent: neither the old nor the new teacher hears of it.
    assert world.told(CHANGE) == {world.backup.email, world.team_lead.email, world.ggz_worker.email}


def test_a_change_of_backup_coach_tells_the_new_backup_and_the_teamleider(world):
    with committed():
        trajectory_services.trajectory_update(
            actor=world.coach, trajectory=world.trajectory, backup_coach=world.other_coach
        )
    # The previous back-up no longer sees the family; the actor is not told.
    assert world.told(CHANGE) == {
        world.other_coach.email,
        world.team_lead.email,
        world.ggz_worker.email,
    }
    assert "back-up coach" in world.for_user(world.other_coach, CHANGE).get().body


def test_a_first_backup_or_other_details_are_no_change_of_worker(world):
    with committed():
        trajectory_services.trajectory_update(
            actor=world.coach, trajectory=world.trajectory, reachable_hours="ma-vr 9-17"
        )
    assert not Notification.objects.filter(event=CHANGE).exists()


# --- Information shared across organisations ------------------------------------------------

SHARED = Event.INFORMATION_SHARED.value


def test_a_sharing_consent_tells_the_coaches_and_the_organisation_now_within_consent(world):
    Notification.objects.filter(event=SHARED).delete()
    with committed():
        world.share_with(world.school, ["plan"])
    assert world.told(SHARED) == {world.backup.email, world.ggz_worker.email, world.teacher.email}
    body = world.for_user(world.teacher, SHARED).get().body
    assert "School" in body and "het gezinsplan" in body


def test_a_consent_of_another_kind_is_not_information_shared(world):
    Notification.objects.filter(event=SHARED).delete()
    with committed():
        family_services.consent_record(
            access=family_access(world.coach, world.family),
            kind="hulp",
            given_by=world.parent,
            given_on=days_ago(1),
        )
    assert not Notification.objects.filter(event=SHARED).exists()


# --- Escalation -----------------------------------------------------------------------------

ESCALATION = Event.ESCALATION.value


def test_an_escalation_tells_backup_and_teamleider_not_the_team(world):
    world.share_with(world.ggz, ["veiligheid"])
    with committed():
        assessment_services.escalation_raise(
            access=family_access(world.coach, world.family),
            raised_on=days_ago(0),
            target="teamleider",
            reason="stagnatie",
            arguments="Drie afspraken gemist, geen voortgang op de doelen.",
        )
    assert world.told(ESCALATION) == {world.backup.email, world.team_lead.email}
    notice = world.for_user(world.team_lead, ESCALATION).get()
    assert "teamleider" in notice.body and "afspraken gemist" not in notice.body


# --- Significant change in the situation (the coach marks it) --------------------------------

SITUATION = Event.SITUATION_CHANGED.value


def test_the_coach_marks_a_change_and_the_team_is_told(client, world):
    client.force_login(world.coach)
    url = reverse("notifications:situation", kwargs={"uuid": world.family.uuid})
    assert client.get(url).status_code == 200
    response = client.post(url, {"category": "wonen", "noticed_on": days_ago(1).isoformat()})
    assert response.status_code == 302
    change = SituationChange.objects.get(family=world.family)
    assert change.category == "wonen" and change.marked_by == world.coach
    assert world.told(SITUATION) == {
        world.backup.email,
        world.team_lead.email,
        world.ggz_worker.email,
    }
    assert "wonen" not in world.for_user(world.ggz_worker, SITUATION).get().body
    assert AuditEvent.objects.filter(action="situation.marked", detail={"category": "wonen"})


def test_marking_without_a_category_is_refused_in_dutch(client, world):
    client.force_login(world.coach)
    url = reverse("notifications:situation", kwargs={"uuid": world.family.uuid})
    response = client.post(url, {"noticed_on": days_ago(1).isoformat()})
    assert response.status_code == 200
    assert "Dit veld is verplicht" in response.content.decode()
    assert not SituationChange.objects.exists()


def test_a_change_in_the_future_is_refused(world):
    with pytest.raises(Exception, match="toekomst"):
        services.situation_mark(
            actor=world.coach,
            family=world.family,
            category="wonen",
            noticed_on=days_ago(0) + dt.timedelta(days=2),
        )
    assert not SituationChange.objects.exists()


@pytest.mark.parametrize("who", ["ggz_worker", "teacher", "other_coach", "admin"])
def test_only_who_keeps_the_file_may_mark_a_change(client, world, who):
    client.force_login(getattr(world, who))
    url = reverse("notifications:situation", kwargs={"uuid": world.family.uuid})
    assert client.get(url).status_code == 404
    assert client.post(url, {"category": "wonen"}).status_code == 404
    assert not SituationChange.objects.exists()


def test_the_notice_does_not_name_the_category_beyond_the_consent(world):
    """A worker whose consent does not cover safety must not learn "veiligheid" or
    "justitie" from a notice; the file shows each what they may see."""
    for category in ("veiligheid", "justitie", "gezondheid"):
        services.situation_mark(actor=world.coach, family=world.family, category=category)
    notices = Notification.objects.filter(event=Event.SITUATION_CHANGED)
    assert notices.exists()
    for notice in notices:
        text = f"{notice.title} {notice.body}".lower()
        for word in ("veiligheid", "justitie", "politie", "gezondheid"):
            assert word not in text, text


def test_the_htmx_form_answers_with_a_partial(client, world):
    client.force_login(world.coach)
    url = reverse("notifications:situation", kwargs={"uuid": world.family.uuid})
    response = client.post(
        url,
        {"category": "gezondheid", "noticed_on": days_ago(0).isoformat()},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert "De verandering is gemeld" in response.content.decode()


def test_the_family_section_offers_the_form_only_to_who_keeps_the_file(rf, world):
    from django.template.loader import render_to_string

    class File:
        def __init__(self, can_edit):
            self.can_edit = can_edit

    url = reverse("notifications:situation", kwargs={"uuid": world.family.uuid})
    shown = render_to_string(
        "notifications/_family_section.html", {"file": File(True), "family": world.family}
    )
    assert url in shown
    hidden = render_to_string(
        "notifications/_family_section.html", {"file": File(False), "family": world.family}
    )
    assert url not in hidden


# --- A family assigned to a coach (issue 22, point 12) --------------------------------------

ASSIGNED = Event.COACH_ASSIGNED.value


def test_a_new_backup_coach_is_told_the_family_was_assigned(world, mailoutbox):
    with committed():
        trajectory_services.trajectory_update(
            actor=world.coach, trajectory=world.trajectory, backup_coach=world.other_coach
        )
    assert world.told(ASSIGNED) == {world.other_coach.email}
    notice = world.for_user(world.other_coach, ASSIGNED).get()
    assert "back-up coach" in notice.body
    (message,) = [m for m in emails_to(mailoutbox, world.other_coach) if "toegewezen" in m.subject]
    assert_no_personal_data(message)


def test_a_trajectory_opened_for_a_coach_tells_that_coach_not_the_actor(world):
    world.trajectory.closed_on = days_ago(0)
    world.trajectory.save(update_fields=["closed_on"])
    with committed():
        trajectory_services.trajectory_open(
            actor=world.team_lead,
            family=world.family,
            kind="gezinscoach",
            coach=world.other_coach,
            started_on=days_ago(0),
        )
    assert world.told(ASSIGNED) == {world.other_coach.email}
    assert "U bent de coach" in world.for_user(world.other_coach, ASSIGNED).get().body


def test_removing_the_backup_assigns_nobody(world):
    with committed():
        trajectory_services.trajectory_update(
            actor=world.coach, trajectory=world.trajectory, backup_coach=None
        )
    assert not Notification.objects.filter(event=ASSIGNED).exists()
    assert world.told(CHANGE)  # the removal itself is still a change of worker


def test_an_event_in_a_rolled_back_write_tells_nobody(world):
    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        trajectory_services.trajectory_update(
            actor=world.coach, trajectory=world.trajectory, backup_coach=world.other_coach
        )
        raise RuntimeError("the request failed after the write")
    assert not Notification.objects.filter(event=ASSIGNED).exists()
