"""The family's own history on "wie keek": what its members did in the portal, from the
audit trail, by first name and date; no reads; a young person sees only their own."""

import pytest
from django.test import Client
from django.urls import reverse

from spil.core import audit
from spil.core.access import family_access, member_access
from spil.core.audit_labels import known as known_labels
from spil.core.audit_labels import label
from spil.core.models import AuditEvent
from spil.families.tests.factories import make_family
from spil.portal import selectors, services
from spil.portal.audit_labels import LABELS

from .factories import family_account

pytestmark = pytest.mark.django_db

SENT = "stuurde een bericht"
ASKED = "vroeg om iets in het dossier te verbeteren"


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def history_of(client):
    """The text of the section "Wat wij/ik deed(en) in het portaal" only."""
    body = client.get(reverse("portal:who_looked")).content.decode()
    return body[body.index('id="wij-deden-kop"') :]


@pytest.fixture
def noor_account(world):
    return family_account(world.family.members.get(first_name="Noor"))


def act(account, *, body="Hallo", about="Plan"):
    access = member_access(account.user, account.member)
    services.message_send_by_family(access=access, body=body)
    services.correction_request(access=access, about=about, request="Klopt niet")


def test_the_parent_sees_what_the_family_did_by_name(world, parent_account, parent_client):
    act(parent_account)
    history = history_of(parent_client)
    assert "Wat wij deden in het portaal" in history
    assert SENT in history and ASKED in history
    assert history.count("<td>Karin</td>") == 3  # account made, message, request


def test_reads_and_the_coachs_actions_are_not_listed(world, parent_account, parent_client):
    for name in ("portal:home", "portal:plan", "portal:messages"):
        parent_client.get(reverse(name))
    services.message_send_by_coach(access=family_access(world.coach, world.family), body="Hoi")
    assert AuditEvent.objects.filter(action="portal.viewed").count() == 3
    history = history_of(parent_client)
    assert label("portal.viewed") not in history
    assert SENT not in history  # the coach's message is the coach's action


def test_a_parent_sees_every_members_actions_a_young_person_only_their_own(
    world, parent_account, noor_account, parent_client
):
    act(parent_account)
    act(noor_account)
    parent_history = history_of(parent_client)
    assert "<td>Noor</td>" in parent_history and "<td>Karin</td>" in parent_history

    noor_history = history_of(client_for(noor_account.user))
    assert "Wat ik deed in het portaal" in noor_history
    assert "<td>Noor</td>" in noor_history and "<td>Karin</td>" not in noor_history
    assert SENT in noor_history and ASKED in noor_history


def test_actions_in_other_apps_show_with_their_own_words(world, parent_account, parent_client):
    """Any action of a family account on the family (here: a consent withdrawn, as the
    consent helper's service records it) is listed with the label its app registered."""
    audit.record(
        actor=parent_account.user,
        action="consent.withdrawn",
        obj=world.parent,
        family=world.family,
    )
    assert label("consent.withdrawn") in history_of(parent_client)


def test_another_familys_actions_never_show(world, parent_client):
    other = make_family(world.coach, name="Jansen")
    stranger = family_account(other.members.get(first_name="Karin"), "k@jansen.test")
    act(stranger)
    history = history_of(parent_client)
    assert SENT not in history and ASKED not in history


def test_the_history_shows_in_the_preview_as_the_member_would_see_it(
    world, parent_account, noor_account
):
    act(parent_account)
    preview = member_access(world.coach, noor_account.member, preview=True)
    # Noor only made her account; Karin's message and request are not hers to see.
    assert [(a.who, a.what) for a in selectors.own_history(preview)] == [
        ("Noor", label("portal.account_created"))
    ]
    preview = member_access(world.coach, world.parent, preview=True)
    assert {a.what for a in selectors.own_history(preview)} >= {SENT, ASKED}


def test_every_portal_code_has_plain_words():
    assert set(LABELS) <= known_labels()
    for code in (
        "portal.message_sent",
        "portal.correction_requested",
        "portal.correction_answered",
        "portal.previewed",
        "portal.messages_viewed",
        "portal.corrections_viewed",
    ):
        assert label(code) != code


def test_the_history_costs_the_same_queries_for_few_and_many_actions(
    world, parent_account, parent_client, django_assert_max_num_queries
):
    act(parent_account)
    with django_assert_max_num_queries(40) as few:
        parent_client.get(reverse("portal:who_looked"))
    for n in range(20):
        act(parent_account, body=f"Bericht {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        parent_client.get(reverse("portal:who_looked"))


def test_a_read_of_safety_shows_who_looked_but_not_at_what(world, parent_client):
    """Reading the safety part is a read of the file (it is listed), but its subject would
    tell the family something about safety the coach did not share."""
    audit.record(actor=world.coach, action="safety.viewed", family=world.family)
    audit.record(actor=world.coach, action="crisis.log_viewed", family=world.family)
    audit.record(actor=world.coach, action="plan.viewed", family=world.family)
    page = parent_client.get(reverse("portal:who_looked")).content.decode()
    assert page.count("keek in ons dossier") >= 2
    assert "veiligheid" not in page.lower()
    assert "crisis" not in page.lower()
