import pytest
from django.urls import reverse

from spil.core.testing import days_ago
from spil.trajectories import services
from spil.trajectories.models import Extension

pytestmark = pytest.mark.django_db


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
        reverse("trajectories:edit", kwargs=detail), {"backup_coach": world.coach.uuid}
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
