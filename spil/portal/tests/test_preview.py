""" "Bekijk als gezin": those who keep the whole file see the portal through one member's
eyes, read-only and audited; nobody else does."""

import pytest
from django.http import Http404
from django.test import Client
from django.urls import reverse

from spil.core.access import family_access, member_access
from spil.core.models import AuditEvent
from spil.families.tests.factories import make_family
from spil.portal import services
from spil.portal.models import CorrectionRequest, Message

pytestmark = pytest.mark.django_db

# The portal's pages, by their path under /mijn-gezin/.
PAGES = [
    "",
    "plan/",
    "afspraken/",
    "team/",
    "overleggen/",
    "leefgebieden/",
    "toestemming/",
    "wie-keek/",
    "woorden/",
    "berichten/",
    "correctie/",
]


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def preview_url(world, member, page=""):
    base = reverse("portal_staff:preview", args=[world.family.uuid, member.uuid])
    return base + page


@pytest.fixture
def noor(world):
    return world.family.members.get(first_name="Noor")


@pytest.mark.parametrize("page", PAGES)
def test_the_coach_sees_every_page_as_the_parent_sees_it(world, page):
    response = client_for(world.coach).get(preview_url(world, world.parent, page))
    assert response.status_code == 200
    body = response.content.decode()
    assert "U bekijkt het portaal zoals dit gezinslid het ziet" in body
    # Links into the portal lead on within the preview, never to /mijn-gezin/ (a 404 to staff).
    assert 'href="/mijn-gezin/' not in body
    assert f'href="{preview_url(world, world.parent, "plan/")}"' in body
    event = AuditEvent.objects.get(action="portal.previewed")
    assert event.actor == world.coach
    assert event.object_uuid == world.parent.uuid and event.family_uuid == world.family.uuid
    assert not AuditEvent.objects.filter(action="portal.viewed").exists()


def test_the_start_page_greets_the_member_and_the_plan_page_is_theirs(world, noor):
    coach = client_for(world.coach)
    assert "Welkom, Karin" in coach.get(preview_url(world, world.parent)).content.decode()
    young = coach.get(preview_url(world, noor)).content.decode()
    assert "Hoi Noor" in young and "je" in young
    assert "Ons plan" in coach.get(preview_url(world, noor, "plan/")).content.decode()


def test_the_preview_shows_no_form_and_marks_nothing_read(world, parent_account):
    services.message_send_by_coach(access=family_access(world.coach, world.family), body="Hoi")
    services.message_send_by_family(
        access=member_access(parent_account.user, world.parent), body="Hallo coach"
    )
    coach = client_for(world.coach)
    for page in ("berichten/", "correctie/"):
        body = coach.get(preview_url(world, world.parent, page)).content.decode()
        assert '<form method="post" class="card"' not in body
        assert "<textarea" not in body
    body = coach.get(preview_url(world, world.parent, "berichten/")).content.decode()
    assert "Hoi" in body and "Hallo coach" in body
    assert Message.objects.filter(read_at__isnull=False).count() == 0  # neither side's


def test_a_young_persons_preview_shows_their_thread_not_the_parents(world, noor, parent_account):
    services.message_send_by_family(
        access=member_access(parent_account.user, world.parent), body="Alleen voor ouders"
    )
    body = client_for(world.coach).get(preview_url(world, noor, "berichten/")).content.decode()
    assert "Alleen voor ouders" not in body


@pytest.mark.parametrize("page", ["", "plan/", "berichten/", "correctie/"])
def test_the_preview_takes_no_post(world, page):
    coach = client_for(world.coach)
    response = coach.post(
        preview_url(world, world.parent, page), {"body": "Hallo", "about": "x", "request": "y"}
    )
    assert response.status_code == 405
    assert not Message.objects.exists() and not CorrectionRequest.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="portal.").exists()


def test_the_services_refuse_a_preview(world):
    preview = member_access(world.coach, world.parent, preview=True)
    assert not preview.may_act()
    with pytest.raises(Http404):
        services.message_send_by_family(access=preview, body="Hallo")
    with pytest.raises(Http404):
        services.correction_request(access=preview, about="Plan", request="Klopt niet")
    assert services.messages_mark_read(access=preview) == 0
    assert not Message.objects.exists() and not CorrectionRequest.objects.exists()


@pytest.mark.parametrize("page", ["onbekend/", "plan", "../", "berichten/extra/"])
def test_an_unknown_page_is_a_404(world, page):
    assert client_for(world.coach).get(preview_url(world, world.parent, page)).status_code == 404


def test_only_members_who_may_have_an_account(world):
    daan = world.family.members.get(first_name="Daan")  # 11: no account, no preview
    coach = client_for(world.coach)
    assert coach.get(preview_url(world, daan)).status_code == 404
    other = make_family(world.coach, name="Jansen")
    stranger = other.members.get(first_name="Karin")
    assert coach.get(preview_url(world, stranger)).status_code == 404
    assert not AuditEvent.objects.filter(action="portal.previewed").exists()


def test_who_may_preview(world, parent_client):
    world.share_with(world.ggz, ["plan", "contacten"])
    for user in (world.coach, world.backup, world.team_lead):
        assert client_for(user).get(preview_url(world, world.parent)).status_code == 200
    for user in (world.ggz_worker, world.other_coach, world.other_team_lead, world.policy):
        assert client_for(user).get(preview_url(world, world.parent)).status_code == 404
    assert parent_client.get(preview_url(world, world.parent)).status_code == 404
    assert AuditEvent.objects.filter(action="portal.previewed").count() == 3


def test_the_family_sees_that_the_coach_looked(world, parent_client):
    client_for(world.coach).get(preview_url(world, world.parent, "plan/"))
    body = parent_client.get(reverse("portal:who_looked")).content.decode()
    assert "bekeek het portaal zoals het gezin het ziet" in body


def test_the_family_overview_offers_the_preview_of_members_with_an_account_only(world, noor):
    body = (
        client_for(world.coach)
        .get(reverse("families:overview", args=[world.family.uuid]))
        .content.decode()
    )
    assert preview_url(world, world.parent) in body and preview_url(world, noor) in body
    daan = world.family.members.get(first_name="Daan")
    assert preview_url(world, daan) not in body


def test_a_professional_sees_no_portal_block_on_the_overview(world):
    world.share_with(world.ggz, ["plan", "contacten"])
    body = (
        client_for(world.ggz_worker)
        .get(reverse("families:overview", args=[world.family.uuid]))
        .content.decode()
    )
    assert "Het portaal van het gezin" not in body
