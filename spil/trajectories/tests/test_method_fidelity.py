"""Issue 20 in the trajectory: the family's word on closing (point 8) and the coach who is
no staff member (point 1)."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from spil.core.access import ALL_PARTS, family_access
from spil.core.testing import days_ago
from spil.trajectories import services
from spil.trajectories.models import Closure, Trajectory

pytestmark = pytest.mark.django_db


def _close(world, trajectory, **extra):
    return services.trajectory_close(
        actor=world.coach,
        trajectory=trajectory,
        closed_on=days_ago(0),
        reason="doelen_bereikt",
        reached="Rust in huis.",
        **extra,
    )


def test_not_agreeing_needs_what_the_family_said_and_both_are_stored(world, trajectory):
    with pytest.raises(ValidationError) as refused:
        _close(world, trajectory, family_agreement="niet_eens")
    assert "family_agreement_note" in refused.value.message_dict
    assert not Closure.objects.exists()
    closure = _close(
        world,
        trajectory,
        family_agreement="niet_eens",
        family_agreement_note="Moeder wil nog hulp bij de schulden.",
    )
    assert closure.get_family_agreement_display() == "Het gezin is het niet eens met afsluiten"


def test_an_old_closure_reads_as_not_asked_and_the_trajectory_still_opens(
    client, world, trajectory
):
    closure = _close(world, trajectory)
    assert closure.family_agreement == "niet_gevraagd"  # the default of the migration
    client.force_login(world.coach)
    page = client.get(reverse("trajectories:detail", kwargs={"uuid": trajectory.uuid}))
    assert page.status_code == 200
    assert "Niet gevraagd of niet te bereiken" in page.content.decode()


def test_the_close_screen_asks_and_starts_from_the_portal_answers(client, world, trajectory):
    trajectory.closing_answers.create(member=world.parent, agrees=True)
    client.force_login(world.coach)
    url = reverse("trajectories:close", kwargs={"uuid": trajectory.uuid})
    page = client.get(url).content.decode()
    assert "Is het gezin het eens met afsluiten?" in page
    assert re.search(r'value="eens"[^>]*checked', page)
    assert not re.search(r'value="niet_gevraagd"[^>]*checked', page)
    response = client.post(
        url,
        {
            "closed_on": days_ago(0).isoformat(),
            "reason": "doelen_bereikt",
            "reached": "Rust in huis.",
            "family_agreement": "eens",
        },
    )
    assert response.status_code == 302
    assert Closure.objects.get().family_agreement == "eens"


def test_a_lay_coach_needs_a_name_and_is_shown_with_the_file_holder(client, world):
    family = world.family
    Trajectory.objects.filter(family=family).update(closed_on=days_ago(0))
    with pytest.raises(ValidationError):
        services.trajectory_open(
            actor=world.coordinator,
            family=family,
            kind="gezinscoach",
            coach=world.coordinator,
            started_on=days_ago(0),
            coach_kind="vrijwilliger",
        )
    trajectory = services.trajectory_open(
        actor=world.coordinator,
        family=family,
        kind="gezinscoach",
        coach=world.coordinator,
        started_on=days_ago(0),
        coach_kind="vrijwilliger",
        lay_coach_name="Henk",
        lay_coach_reach="06 11122233",
    )
    assert family_access(world.coordinator, family).parts == ALL_PARTS
    assert "Henk (vrijwilliger; dossier bij" in trajectory.coach_display
    client.force_login(world.coordinator)
    page = client.get(reverse("trajectories:detail", kwargs={"uuid": trajectory.uuid}))
    assert "Het dossier wordt bijgehouden door" in page.content.decode()
    caseload = client.get(reverse("trajectories:caseload"))
    assert caseload.status_code == 200
    assert "vrijwilliger: 1" in caseload.content.decode()
