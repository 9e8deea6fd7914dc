"""The access matrix through the views: each role × situation gives exactly the access
of issue 4 — the whole file, only shared parts, or a 404."""

import pytest
from django.urls import reverse

from spil.core import access
from spil.core.access import FamilyPart, family_access
from spil.core.testing import days_ago
from spil.families import services
from spil.intake.models import Referral
from spil.trajectories.models import Trajectory

pytestmark = pytest.mark.django_db


def _status(client, user, family):
    client.force_login(user)
    return client.get(reverse("families:overview", kwargs={"uuid": family.uuid})).status_code


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("coach", 200),
        ("backup", 200),
        ("team_lead", 200),
        ("other_coach", 404),
        ("other_team_lead", 404),
        ("coordinator", 404),  # not in intake at their meldpunt
        ("ggz_worker", 404),  # no consent
        ("policy", 404),
        ("admin", 404),
    ],
)
def test_who_may_open_the_file(client, world, who, expected):
    assert _status(client, getattr(world, who), world.family) == expected


def test_full_access_means_every_part_and_editing(world):
    parts = access.family_parts(world.coach, world.family)
    assert parts == access.ALL_PARTS
    assert access.can_edit_family(parts)


def test_a_closed_trajectory_ends_the_coachs_access(client, world):
    Trajectory.objects.filter(family=world.family).update(closed_on=days_ago(1))
    assert _status(client, world.coach, world.family) == 404
    assert _status(client, world.team_lead, world.family) == 404


def test_coordinator_sees_the_family_only_while_in_intake(client, world):
    referral = Referral.objects.create(
        meldpunt=world.meldpunt,
        received_on=days_ago(20),
        referrer_organisation_kind="politie",
        family=world.family,
        status=Referral.Status.IN_ASSESSMENT,
    )
    assert _status(client, world.coordinator, world.family) == 200
    referral.status = Referral.Status.MATCHED
    referral.save()
    assert _status(client, world.coordinator, world.family) == 404


def test_professional_with_consent_sees_only_the_named_parts(client, world):
    world.share_with(world.ggz, ["plan", "contacten"])
    parts = access.family_parts(world.ggz_worker, world.family)
    assert parts == {FamilyPart.BASICS, FamilyPart.PLAN, FamilyPart.CONTACTS}
    assert not access.can_edit_family(parts)
    client.force_login(world.ggz_worker)
    page = client.get(reverse("families:overview", kwargs={"uuid": world.family.uuid}))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Karin" in body  # who is who
    assert "genogram" not in body.lower()  # the family story is not shared
    assert "Toestemming van het gezin" not in body
    assert "Gezinslid toevoegen" not in body  # read-only


def test_consent_for_another_part_does_not_open_that_part(world):
    world.share_with(world.ggz, ["veiligheid"])
    parts = access.family_parts(world.ggz_worker, world.family)
    assert FamilyPart.SAFETY in parts
    assert FamilyPart.PLAN not in parts


def test_consent_for_another_organisation_opens_nothing(client, world):
    world.share_with(world.ggz, ["plan"])
    assert _status(client, world.teacher, world.family) == 404


def test_a_withdrawn_consent_closes_the_file_at_once(client, world):
    consent = world.share_with(world.ggz, ["plan"])
    assert _status(client, world.ggz_worker, world.family) == 200
    services.consent_withdraw(actor=world.coach, consent=consent, on=days_ago(0))
    assert _status(client, world.ggz_worker, world.family) == 404


def test_an_expired_consent_opens_nothing(client, world):
    world.share_with(world.ggz, ["plan"], valid_until=days_ago(1))
    assert _status(client, world.ggz_worker, world.family) == 404


def test_professional_cannot_edit_even_with_consent(client, world):
    world.share_with(world.ggz, ["plan"])
    client.force_login(world.ggz_worker)
    url = reverse("families:member_add", kwargs={"uuid": world.family.uuid})
    assert client.get(url).status_code == 404
    assert client.post(url, {"role": "kind", "first_name": "X", "surname": "Y"}).status_code == 404


def test_family_list_holds_exactly_the_visible_families(client, world):
    from .factories import make_family

    make_family(world.other_coach, name="Bakker")
    world.share_with(world.ggz, ["plan"])
    for user, expected in [
        (world.coach, {"Vos"}),
        (world.team_lead, {"Vos"}),
        (world.other_coach, set()),
        (world.ggz_worker, {"Vos"}),
        (world.teacher, set()),
    ]:
        assert {f.name for f in access.visible_families(user)} == expected
    client.force_login(world.policy)
    assert client.get(reverse("families:list")).status_code == 404


def test_who_looked_lists_reads_and_writes(client, world):
    client.force_login(world.backup)
    client.get(reverse("families:overview", kwargs={"uuid": world.family.uuid}))
    client.force_login(world.coach)
    page = client.get(reverse("families:who_looked", kwargs={"uuid": world.family.uuid}))
    body = page.content.decode()
    assert world.backup.full_name in body
    assert "bekeek het dossier" in body
    assert "maakte het dossier aan" in body


def test_a_childs_consent_about_own_data_does_not_open_the_family_file(client, world):
    noor = world.family.members.get(first_name="Noor")
    services.consent_record(
        access=family_access(world.coach, world.family),
        kind="delen",
        given_by=noor,
        concerns_member=noor,
        given_on=days_ago(1),
        organisation=world.ggz,
        purpose="Eigen behandeling",
        parts=["plan"],
    )
    assert access.family_parts(world.ggz_worker, world.family) == frozenset()
    assert _status(client, world.ggz_worker, world.family) == 404
