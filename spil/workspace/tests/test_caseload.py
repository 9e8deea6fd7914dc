"""The coach's caseload, the start page and the teamleider's screen (moved from
trajectories: they combine several apps)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from spil.contacts import services as contact_services
from spil.core.access import family_access
from spil.core.testing import days_ago
from spil.families.tests.factories import make_family
from spil.trajectories import services
from spil.trajectories.tests.factories import open_trajectories

pytestmark = pytest.mark.django_db


def test_caseload_shows_families_with_phase_deadline_and_warnings(client, world, trajectory):
    client.force_login(world.coach)
    body = client.get(reverse("trajectories:caseload")).content.decode()
    assert "Vos" in body
    assert "Kennismaking" in body
    assert "plan te laat" in body  # started 60 days ago, plan was due after 6 weeks
    assert "de norm is 5–8" in body


def test_the_coachs_start_page_is_the_caseload(client, world, trajectory):
    client.force_login(world.coach)
    body = client.get(reverse("accounts:start")).content.decode()
    assert "Mijn caseload" in body and "Vos" in body


def test_caseload_queries_do_not_grow_from_5_to_200(
    client, world, programme, django_assert_max_num_queries
):
    open_trajectories(world, programme, 5)
    client.force_login(world.coach)
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("trajectories:caseload"))
    open_trajectories(world, programme, 195)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("trajectories:caseload"))
    assert response.content.decode().count("trajecten/") >= 200


def test_sorting_by_family_name(client, world, programme):
    open_trajectories(world, programme, 3)
    client.force_login(world.coach)
    body = client.get(reverse("trajectories:caseload"), {"sort": "gezin"}).content.decode()
    assert body.index("Gezin0") < body.index("Gezin1") < body.index("Gezin2") < body.index(">Vos<")


def test_team_screen_shows_load_attention_and_requests(client, world, trajectory):
    services.extension_request(
        actor=world.coach,
        trajectory=trajectory,
        months=3,
        reason="Schulden nog niet rond",
        requested_on=days_ago(1),
    )
    client.force_login(world.team_lead)
    body = client.get(reverse("trajectories:team")).content.decode()
    assert world.coach.full_name in body
    assert "plan te laat" in body
    assert "Schulden nog niet rond" in body


def test_caseload_shows_the_last_contact_and_warns_after_long_silence(client, world, trajectory):

    client.force_login(world.coach)
    body = client.get(reverse("trajectories:caseload")).content.decode()
    assert "lang geen contact" in body  # started 60 days ago, never a contact
    assert reverse("contacts:new", kwargs={"uuid": world.family.uuid}) in body
    contact_services.contact_log(
        access=family_access(world.coach, world.family), occurred_at=timezone.now()
    )
    body = client.get(reverse("trajectories:caseload")).content.decode()
    assert "lang geen contact" not in body
    assert timezone.localtime().strftime("%-d") in body


# --- One signal function for both screens (issue 13) ----------------------------------


def _screens(client, world):
    client.force_login(world.coach)
    caseload = client.get(reverse("trajectories:caseload")).content.decode()
    client.force_login(world.team_lead)
    team = client.get(reverse("trajectories:team")).content.decode()
    return caseload, team


def test_a_contact_today_means_no_long_silence_on_either_screen(client, world, trajectory):
    contact_services.contact_log(
        access=family_access(world.coach, world.family), occurred_at=timezone.now()
    )
    caseload, team = _screens(client, world)
    assert "plan te laat" in caseload and "plan te laat" in team  # the family is on both
    assert "lang geen contact" not in caseload
    assert "lang geen contact" not in team


def test_a_silence_of_n_plus_one_days_shows_on_both_screens(client, world, trajectory, settings):
    quiet = settings.SPIL_NO_CONTACT_DAYS + 1
    contact_services.contact_log(
        access=family_access(world.coach, world.family),
        occurred_at=timezone.now() - dt.timedelta(days=quiet),
    )
    caseload, team = _screens(client, world)
    assert "lang geen contact" in caseload
    assert "lang geen contact" in team


def test_the_same_function_gives_the_same_signals_to_both_screens(world, trajectory):
    from spil.workspace import selectors

    today = timezone.localdate()
    contact_services.contact_log(
        access=family_access(world.coach, world.family), occurred_at=timezone.now()
    )
    (own,) = selectors.caseload(user=world.coach, today=today).rows
    (seen,) = selectors.team_overview(user=world.team_lead, today=today).attention
    assert own.warnings == seen.warnings
    assert own.last_contact == seen.last_contact


# --- Own and back-up families, and the norm (issue 22, point 14) ----------------------


def _open(world, programme, coach, name, backup=None):
    trajectory = services.trajectory_open(
        actor=coach,
        family=make_family(coach, name=name),
        kind="gezinscoach",
        coach=coach,
        started_on=days_ago(20),
        programme=programme,
    )
    if backup is not None:
        trajectory.backup_coach = backup
        trajectory.save()
    return trajectory


def test_the_caption_names_own_families_and_back_ups(client, world, programme):
    open_trajectories(world, programme, 2)
    for i in range(3):
        _open(world, programme, world.other_coach, f"Steun{i}", backup=world.coach)
    client.force_login(world.coach)
    body = client.get(reverse("trajectories:caseload")).content.decode()
    # Vos and two more are the coach's own; three as back-up; eight rows in all.
    assert "3 eigen gezinnen en 3 als back-up" in body
    assert "de norm is 5–8" in body
    assert body.count('class="quick-log"') == 6


def test_the_team_lead_sees_a_coach_under_the_norm_and_one_above_it(client, world, programme):
    open_trajectories(world, programme, 9)  # world.coach: 10 own families, norm 5–8
    client.force_login(world.team_lead)
    body = client.get(reverse("trajectories:team")).content.decode()
    assert body.count("boven de norm") == 1  # world.coach
    assert body.count("onder de norm") == 1  # world.backup: no own families
    for i in range(5):
        _open(world, programme, world.backup, f"Eigen{i}")
    body = client.get(reverse("trajectories:team")).content.decode()
    assert body.count("boven de norm") == 1
    assert "onder de norm" not in body  # five own families: within the norm
