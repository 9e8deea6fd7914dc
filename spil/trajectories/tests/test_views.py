import pytest
from django.urls import reverse

from spil.trajectories import services
from spil.trajectories.models import Extension

from .conftest import days_ago, open_trajectories

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


def test_team_lead_decides_through_the_page(client, world, trajectory):
    extension = services.extension_request(
        actor=world.coach, trajectory=trajectory, months=3, reason="Nodig", requested_on=days_ago(1)
    )
    url = reverse("trajectories:decide_extension", kwargs={"uuid": extension.uuid})
    client.force_login(world.other_team_lead)
    assert client.get(url).status_code == 404
    client.force_login(world.team_lead)
    response = client.post(url, {"approve": "ja", "decided_on": days_ago(0).isoformat()})
    assert response.status_code == 302
    extension.refresh_from_db()
    assert extension.status == Extension.Status.APPROVED


def test_bad_input_in_forms_is_refused_in_dutch(client, world, trajectory):
    client.force_login(world.coach)
    detail = {"uuid": trajectory.uuid}
    response = client.post(
        reverse("trajectories:edit", kwargs=detail), {"backup_coach": world.coach.pk}
    )
    assert "moet iemand anders zijn dan de coach" in response.content.decode()
    response = client.post(
        reverse("trajectories:request_extension", kwargs=detail),
        {"months": 3, "reason": "", "requested_on": days_ago(0).isoformat()},
    )
    assert "Geef een reden" in response.content.decode()
    response = client.post(
        reverse("trajectories:close", kwargs=detail),
        {"closed_on": days_ago(400).isoformat(), "reason": "verhuisd", "reached": "x"},
    )
    assert "Het traject kan niet eindigen vóór het begon." in response.content.decode()


@pytest.mark.parametrize("who", ["other_coach", "ggz_worker", "policy", "admin", "coordinator"])
def test_others_do_not_reach_the_trajectory(client, world, trajectory, who):
    client.force_login(getattr(world, who))
    assert (
        client.get(reverse("trajectories:detail", kwargs={"uuid": trajectory.uuid})).status_code
        == 404
    )


def test_caseload_shows_the_last_contact_and_warns_after_long_silence(client, world, trajectory):
    from django.utils import timezone

    from spil.contacts import services as contact_services

    client.force_login(world.coach)
    body = client.get(reverse("trajectories:caseload")).content.decode()
    assert "lang geen contact" in body  # started 60 days ago, never a contact
    assert reverse("contacts:new", kwargs={"uuid": world.family.uuid}) in body
    contact_services.contact_log(actor=world.coach, family=world.family, occurred_at=timezone.now())
    body = client.get(reverse("trajectories:caseload")).content.decode()
    assert "lang geen contact" not in body
    assert timezone.localtime().strftime("%-d") in body
