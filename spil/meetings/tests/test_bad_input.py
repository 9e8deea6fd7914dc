"""Bad input never reaches a 500 (issue 22, point 9): the meeting form refuses dates far
outside any sensible range and ids the database cannot hold, in Dutch."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from spil.meetings.models import Meeting

pytestmark = pytest.mark.django_db

HUGE_ID = "9" * 20


def _new(client, world, **data):
    client.force_login(world.coach)
    when = (timezone.localtime() + dt.timedelta(days=7)).strftime("%Y-%m-%dT10:00")
    post = {
        "kind": "afstemgesprek",
        "starts_at": when,
        "chair": f"coach:{world.coach.uuid}",
        "family_present": "on",
        **data,
    }
    response = client.post(reverse("meetings:new", kwargs={"uuid": world.family.uuid}), post)
    assert response.status_code == 200
    assert not Meeting.objects.exists()
    return response.content.decode()


@pytest.mark.parametrize("moment", ["0001-01-01T00:00", "9999-12-31T23:59"])
def test_a_meeting_far_outside_any_sensible_date_is_refused(client, world, moment):
    assert "Vul een datum in tussen 1900 en 2100." in _new(client, world, starts_at=moment)


@pytest.mark.parametrize("field", ["members", "coaches", "involvements", "network"])
def test_a_meeting_with_a_twenty_digit_id_is_refused(client, world, field):
    assert "Kies een geldige optie." in _new(client, world, **{field: [HUGE_ID]})


def test_minutes_of_a_meeting_may_be_long_but_not_endless(client, world):
    meeting = world.meeting()
    client.force_login(world.coach)
    url = reverse(
        "meetings:minutes", kwargs={"uuid": world.family.uuid, "meeting_uuid": meeting.uuid}
    )
    assert "Hoogstens 20000 tekens." in client.get(url).content.decode()
    response = client.post(url, {"minutes": "x" * 20_001, "family_present": "on"})
    assert "Dit is te lang: hoogstens 20000 tekens (nu 20001)." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.is_planned
