"""The family writes to its coach and reads the answer: one thread for the parents, one of
its own for each young person; only those who keep the whole file read and answer it."""

import pytest
from django.test import Client
from django.urls import reverse

from spil.core import events
from spil.core.access import family_access, member_access
from spil.core.models import AuditEvent
from spil.core.testing import committed, days_ago
from spil.portal import selectors, services
from spil.portal.models import Message

pytestmark = pytest.mark.django_db

SECRET = "Mijn ex belt steeds en ik durf niet naar huis"


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def noor(world):
    return world.family.members.get(first_name="Noor")


@pytest.fixture
def young_client(young_account):
    return client_for(young_account.user)


@pytest.fixture
def heard():
    """A real subscriber of FamilyMessageSent for the test, removed afterwards."""
    told = []
    events.subscribe(events.FamilyMessageSent, told.append)
    yield told
    events._subscribers[events.FamilyMessageSent].remove(told.append)


def staff_url(world, young_person=None):
    if young_person is None:
        return reverse("portal_staff:messages", args=[world.family.uuid])
    return reverse("portal_staff:young_messages", args=[world.family.uuid, young_person.uuid])


def test_a_parent_writes_the_coach_answers_and_each_side_reads_it(
    world, parent_client, parent_account
):
    response = parent_client.post(reverse("portal:messages"), {"body": "Kunnen we dinsdag praten?"})
    assert response.status_code == 302
    message = Message.objects.get()
    assert (message.member, message.author, message.young_person) == (
        world.parent,
        parent_account.user,
        None,
    )
    assert message.read_at is None

    coach = client_for(world.coach)
    overview = coach.get(reverse("families:overview", args=[world.family.uuid])).content.decode()
    assert 'data-unread="1"' in overview and staff_url(world) in overview
    page = coach.get(staff_url(world)).content.decode()
    assert "Kunnen we dinsdag praten?" in page
    message.refresh_from_db()
    assert message.read_at is not None  # the coach read it
    overview = coach.get(reverse("families:overview", args=[world.family.uuid])).content.decode()
    assert "data-unread" not in overview

    assert coach.post(staff_url(world), {"body": "Ja, om tien uur."}).status_code == 302
    answer = Message.objects.get(member__isnull=True)
    assert answer.author == world.coach and answer.young_person is None
    page = parent_client.get(reverse("portal:messages")).content.decode()
    assert "Ja, om tien uur." in page and "nieuw" in page
    answer.refresh_from_db()
    assert answer.read_at is not None  # the parent read it
    assert page.index("Kunnen we dinsdag praten?") < page.index("Ja, om tien uur.")  # oldest first


def test_sending_is_audited_with_codes_only_and_the_coach_is_told(world, parent_account, heard):
    access = member_access(parent_account.user, world.parent)
    with committed():
        message = services.message_send_by_family(access=access, body=SECRET)
    event = AuditEvent.objects.get(action="portal.message_sent")
    assert event.actor == parent_account.user
    assert event.object_uuid == message.uuid and event.family_uuid == world.family.uuid
    assert event.detail == {"van": "gezin", "lid": str(world.parent.uuid), "gesprek": "gezin"}
    assert SECRET not in str(event.detail)
    assert heard == [
        events.FamilyMessageSent(
            family_id=world.family.pk,
            actor_id=parent_account.user.pk,
            member_id=world.parent.pk,
            message_id=message.pk,
        )
    ]

    services.message_send_by_coach(access=family_access(world.coach, world.family), body=SECRET)
    coach_event = AuditEvent.objects.filter(action="portal.message_sent").latest("id")
    assert coach_event.actor == world.coach
    assert coach_event.detail == {"van": "coach", "gesprek": "gezin"}


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ("", "Het bericht is leeg"),
        ("   \n ", "Het bericht is leeg"),
        ("x" * 10_000, "Dit is te lang"),
    ],
)
def test_an_empty_or_huge_message_is_refused_in_dutch(world, parent_client, body, says):
    response = parent_client.post(reverse("portal:messages"), {"body": body})
    assert response.status_code == 200
    assert says in response.content.decode()
    assert not Message.objects.exists()
    assert not AuditEvent.objects.filter(action="portal.message_sent").exists()


@pytest.mark.parametrize("body", ["", "x" * 10_000])
def test_the_coach_cannot_send_an_empty_or_huge_message_either(world, body):
    response = client_for(world.coach).post(staff_url(world), {"body": body})
    assert response.status_code == 200
    assert "Controleer het formulier" in response.content.decode()
    assert not Message.objects.exists()


def test_the_service_refuses_what_the_form_would_too(world, parent_account):
    from django.core.exceptions import ValidationError

    access = member_access(parent_account.user, world.parent)
    for body in ("  ", "x" * 2001):
        with pytest.raises(ValidationError):
            services.message_send_by_family(access=access, body=body)
    assert not Message.objects.exists()


def test_a_young_persons_thread_is_theirs_and_the_coachs(
    world, noor, parent_client, young_client, young_account
):
    parent_client.post(reverse("portal:messages"), {"body": "Bericht van Karin"})
    young_client.post(reverse("portal:messages"), {"body": "Bericht van Noor"})
    assert Message.objects.get(member=noor).young_person == noor

    assert "Bericht van Noor" not in parent_client.get(reverse("portal:messages")).content.decode()
    noor_page = young_client.get(reverse("portal:messages")).content.decode()
    assert "Bericht van Karin" not in noor_page and "Bericht van Noor" in noor_page
    assert "Je ouders lezen dit niet" in noor_page

    coach = client_for(world.coach)
    family_page = coach.get(staff_url(world)).content.decode()
    assert "Bericht van Karin" in family_page and "Bericht van Noor" not in family_page
    assert staff_url(world, noor) in family_page  # the thread picker names Noor's thread
    assert "1 ongelezen" in family_page  # Noor's message, not yet read
    assert "Bericht van Noor" in coach.get(staff_url(world, noor)).content.decode()

    coach.post(staff_url(world, noor), {"body": "Antwoord aan Noor"})
    assert Message.objects.get(body="Antwoord aan Noor").young_person == noor
    assert "Antwoord aan Noor" in young_client.get(reverse("portal:messages")).content.decode()
    assert "Antwoord aan Noor" not in parent_client.get(reverse("portal:messages")).content.decode()


def test_no_thread_with_a_parent_or_a_child_under_twelve(world):
    coach = client_for(world.coach)
    daan = world.family.members.get(first_name="Daan")
    for member in (world.parent, daan):
        assert coach.get(staff_url(world, member)).status_code == 404
        assert coach.post(staff_url(world, member), {"body": "Hallo"}).status_code == 404
    assert not Message.objects.exists()


def test_the_coach_cannot_write_into_another_familys_young_persons_thread(world):
    from django.core.exceptions import ValidationError

    from spil.families.tests.factories import make_family

    other = make_family(world.coach, name="Jansen")
    their_noor = other.members.get(first_name="Noor")
    with pytest.raises(ValidationError):
        services.message_send_by_coach(
            access=family_access(world.coach, world.family), body="Hallo", young_person=their_noor
        )
    # Through the page, another family's member is no member of this family: 404.
    url = reverse("portal_staff:young_messages", args=[world.family.uuid, their_noor.uuid])
    assert client_for(world.coach).post(url, {"body": "Hallo"}).status_code == 404
    assert not Message.objects.exists()


def test_who_reads_the_thread(world):
    """The coach, back-up and teamleider (the whole file) read and write; a professional
    with a consent, another team's coach or teamleider do not: 404, nothing written."""
    world.share_with(world.ggz, ["plan", "contacten"])
    for user in (world.coach, world.backup, world.team_lead):
        assert client_for(user).get(staff_url(world)).status_code == 200
    for user in (world.ggz_worker, world.other_coach, world.other_team_lead, world.teacher):
        client = client_for(user)
        assert client.get(staff_url(world)).status_code == 404
        assert client.post(staff_url(world), {"body": "Hallo"}).status_code == 404
    assert not Message.objects.exists()


def test_the_staff_page_answers_404_to_a_family_account(world, parent_client):
    assert parent_client.get(staff_url(world)).status_code == 404


def test_the_portal_page_answers_404_to_staff(world):
    assert client_for(world.coach).get(reverse("portal:messages")).status_code == 404


def test_a_teamleider_looking_on_leaves_the_message_unread_for_the_coach(world, parent_account):
    access = member_access(parent_account.user, world.parent)
    message = services.message_send_by_family(access=access, body="Hallo")
    client_for(world.team_lead).get(staff_url(world))
    message.refresh_from_db()
    assert message.read_at is None
    assert selectors.unread_from_family(family_access(world.coach, world.family)) == 1
    client_for(world.backup).get(staff_url(world))
    message.refresh_from_db()
    assert message.read_at is not None


def test_the_coachs_read_is_audited_and_shown_to_the_family(world, parent_client):
    client_for(world.coach).get(staff_url(world))
    event = AuditEvent.objects.get(action="portal.messages_viewed")
    assert event.actor == world.coach and event.family_uuid == world.family.uuid
    page = parent_client.get(reverse("portal:who_looked")).content.decode()
    assert "las de berichten van het gezin" in page


def test_the_thread_shows_the_newest_hundred_and_older_ones_on_request(
    world, parent_client, parent_account, django_assert_max_num_queries
):
    Message.objects.bulk_create(
        Message(
            family=world.family, author=parent_account.user, member=world.parent, body=f"b{n:03d}"
        )
        for n in range(105)
    )
    with django_assert_max_num_queries(30):
        page = parent_client.get(reverse("portal:messages")).content.decode()
    assert "b104" in page and "b005" in page and "b004" not in page
    assert "Oudere berichten" in page
    oldest_shown = Message.objects.get(body="b005")
    older = parent_client.get(reverse("portal:messages"), {"voor": str(oldest_shown.uuid)})
    body = older.content.decode()
    assert all(f"b00{n}" in body for n in range(5)) and "b005" not in body
    assert "Oudere berichten" not in body and "Naar de nieuwste berichten" in body


@pytest.mark.parametrize("cursor", ["geen-sleutel", "6f1c2b7e-3d4a-4e5f-8a9b-0c1d2e3f4a5b"])
def test_a_wrong_cursor_shows_the_newest_with_a_dutch_note(world, parent_client, cursor):
    response = parent_client.get(reverse("portal:messages"), {"voor": cursor})
    assert response.status_code == 200
    assert "Die berichten bestaan niet. Hier staan de nieuwste." in response.content.decode()


def test_another_familys_message_is_no_cursor(world, parent_client):
    from spil.families.tests.factories import make_family
    from spil.trajectories.models import Trajectory

    other = make_family(world.coach, name="Jansen")
    Trajectory.objects.create(
        family=other, kind="gezinscoach", coach=world.coach, started_on=days_ago(1)
    )
    theirs = services.message_send_by_coach(
        access=family_access(world.coach, other), body="Voor Jansen"
    )
    response = parent_client.get(reverse("portal:messages"), {"voor": str(theirs.uuid)})
    body = response.content.decode()
    assert "Die berichten bestaan niet" in body and "Voor Jansen" not in body


def test_the_portal_header_says_the_coach_wrote_until_it_is_read(world, parent_client):
    services.message_send_by_coach(access=family_access(world.coach, world.family), body="Hoi")
    home = parent_client.get(reverse("portal:home")).content.decode()
    assert (
        "1 nieuw bericht" in home and f'class="unread" href="{reverse("portal:messages")}"' in home
    )
    parent_client.get(reverse("portal:messages"))
    assert "nieuw bericht" not in parent_client.get(reverse("portal:home")).content.decode()


def test_a_young_person_is_not_told_of_the_parents_messages(world, young_client):
    services.message_send_by_coach(access=family_access(world.coach, world.family), body="Hoi")
    assert "nieuw bericht" not in young_client.get(reverse("portal:home")).content.decode()
