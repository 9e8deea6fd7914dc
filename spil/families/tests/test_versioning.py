"""No lost updates on the member form: a save from a stale form is refused in Dutch, naming
what stands now, with the user's input kept; a second save after reading goes through."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from spil.families.models import Member

pytestmark = pytest.mark.django_db

STALE = "Iemand anders heeft dit intussen gewijzigd."


def _post_data(member, **changes):
    data = {
        "role": member.role,
        "first_name": member.first_name,
        "surname": member.surname,
        "birth_date": member.birth_date.isoformat() if member.birth_date else "",
        "gender": member.gender,
        "lives_in_household": "on" if member.lives_in_household else "",
        "is_deceased": "on" if member.is_deceased else "",
        "has_parental_authority": "on" if member.has_parental_authority else "",
        "bsn": member.bsn,
    }
    return {**data, **changes}


def _revision(body):
    return re.search(r'name="revision" value="(\d+)"', body).group(1)


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_a_stale_member_save_is_refused_and_keeps_the_input(world, htmx):
    member = world.parent
    url = reverse(
        "families:member_edit", kwargs={"uuid": world.family.uuid, "member_uuid": member.uuid}
    )
    headers = {"HX-Request": "true"} if htmx else {}
    a, b = Client(), Client()
    a.force_login(world.coach)
    b.force_login(world.coach)
    seen_a = _revision(a.get(url, headers=headers).content.decode())
    seen_b = _revision(b.get(url, headers=headers).content.decode())
    assert seen_a == seen_b == str(member.revision)

    saved = a.post(
        url, {**_post_data(member, first_name="Karina"), "revision": seen_a}, headers=headers
    )
    assert saved.status_code in (200, 302) and STALE not in saved.content.decode()

    stale = b.post(
        url, {**_post_data(member, surname="Visser"), "revision": seen_b}, headers=headers
    )
    body = stale.content.decode()
    assert stale.status_code == 200
    assert STALE in body and "Voornaam: ‘Karina’" in body
    assert "Uw invoer staat nog in het formulier" in body
    assert 'value="Visser"' in body  # B's input is still in the form
    stored = Member.objects.get(pk=member.pk)
    assert stored.first_name == "Karina" and stored.surname == member.surname  # A's stays
    assert _revision(body) == str(stored.revision) != seen_b

    # B reads, and saves again from the re-rendered form: it goes through.
    again = b.post(
        url,
        {**_post_data(stored, surname="Visser"), "revision": _revision(body)},
        headers=headers,
    )
    assert STALE not in again.content.decode()
    stored = Member.objects.get(pk=member.pk)
    assert (stored.first_name, stored.surname) == ("Karina", "Visser")
