"""Who reaches the portal, and what a family account reaches: the portal answers 404 to
staff, every staff page answers 404 to a family account, and `/` leads it home."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from spil.core import access
from spil.core.access import Audience, FamilyPart
from spil.families.models import Member
from spil.portal import services

from .factories import family_account

PORTAL_PAGES = [
    "portal:home",
    "portal:plan",
    "portal:appointments",
    "portal:team",
    "portal:meetings",
    "portal:scores",
    "portal:consents",
    "portal:who_looked",
    "portal:words",
]


@pytest.mark.parametrize("name", PORTAL_PAGES)
def test_every_portal_page_opens_for_the_parent(parent_client, name):
    assert parent_client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", PORTAL_PAGES)
def test_the_portal_answers_404_to_staff(client, world, name):
    client.force_login(world.coach)
    assert client.get(reverse(name)).status_code == 404


def test_the_start_page_sends_a_family_account_to_its_portal(parent_client):
    response = parent_client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")


@pytest.mark.parametrize(
    "path_of",
    [
        lambda w: reverse("families:overview", args=[w.family.uuid]),
        lambda w: reverse("families:list"),
        lambda w: reverse("trajectories:caseload"),
        lambda w: reverse("notifications:inbox"),
        lambda w: "/meldpunt/",
        lambda w: "/beheer/",
    ],
)
def test_staff_pages_answer_404_to_a_family_account(parent_client, world, path_of):
    assert parent_client.get(path_of(world)).status_code == 404


def test_a_family_account_is_never_staff(world):
    account = services.account_create(
        member=world.parent, email="karin@gezin.test", password="een-lang-wachtwoord-2026"
    )
    assert account.user.is_family_account
    assert not account.user.is_staff
    assert access.capabilities(account.user) == frozenset()


def test_no_account_for_a_child_under_twelve(world):
    daan = world.family.members.get(first_name="Daan")
    with pytest.raises(ValidationError):
        services.account_create(member=daan, email="daan@gezin.test", password="x" * 14)


def test_audience_by_role_and_age(world):
    noor = world.family.members.get(first_name="Noor")
    assert access.portal_audience(world.parent) == Audience.PARENT
    assert access.portal_audience(noor, on=dt.date(2026, 12, 6)) == Audience.YOUNG
    assert access.portal_audience(noor, on=dt.date(2023, 1, 1)) is None
    assert access.portal_audience(noor, on=dt.date(2029, 1, 20)) == Audience.PARENT


def test_member_access_never_opens_the_family_story_or_safety(parent_account, young_account):
    for account in (parent_account, young_account):
        granted = access.member_access(account.user, account.member)
        assert granted.parts
        assert FamilyPart.FAMILY_STORY not in granted.parts
        assert FamilyPart.SAFETY not in granted.parts
        assert not granted.can_edit


def test_an_inactive_family_account_has_no_access(parent_account, client):
    parent_account.user.is_active = False
    parent_account.user.save()
    assert not access.member_access(parent_account.user, parent_account.member).parts


def test_consent_rights_per_member_kind(world, parent_account, young_account):
    parent = access.member_access(parent_account.user, parent_account.member)
    young = access.member_access(young_account.user, young_account.member)
    daan = world.family.members.get(first_name="Daan")
    assert parent.may_change_consent(concerns_member=None)
    assert parent.may_change_consent(concerns_member=daan)
    assert parent.may_change_consent(concerns_member=young_account.member)  # Noor is 15
    assert not young.may_change_consent(concerns_member=None)
    assert not young.may_change_consent(concerns_member=young_account.member)


def test_a_young_person_of_sixteen_decides_alone_about_their_own_data(world, parent_account):
    sam = Member.objects.create(
        family=world.family,
        role="kind",
        first_name="Sam",
        surname="Vos",
        birth_date=dt.date(2009, 5, 1),
    )
    sam_account = family_account(sam)
    assert access.member_access(sam_account.user, sam).may_change_consent(concerns_member=sam)
    parent = access.member_access(parent_account.user, parent_account.member)
    assert not parent.may_change_consent(concerns_member=sam)
