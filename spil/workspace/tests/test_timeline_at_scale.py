"""A family followed for years: the timeline of a family with 5,000 contacts opens in one
page of 50 with the queries of a small family (issue 19 #1)."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from spil.contacts.models import Appointment, Contact
from spil.core.timeline import PAGE_SIZE

pytestmark = pytest.mark.django_db

ITEM = re.compile(r'<li class="timeline__item')


def _history(world, contacts, appointments):
    start = timezone.now() - dt.timedelta(hours=1)
    made = Contact.objects.bulk_create(
        Contact(
            family=world.family,
            occurred_at=start - dt.timedelta(hours=3 * i),
            summary=f"Bezoek {i}",
            author=world.coach,
        )
        for i in range(contacts)
    )
    through = Contact.members.through
    through.objects.bulk_create(through(contact=c, member=world.parent) for c in made[::7])
    Appointment.objects.bulk_create(
        Appointment(
            family=world.family,
            worker=world.coach,
            starts_at=start - dt.timedelta(hours=3 * i + 1),
            purpose="Gesprek",
            created_by=world.coach,
        )
        for i in range(appointments)
    )


def _open(client, world, query=""):
    url = reverse("families:timeline", kwargs={"uuid": world.family.uuid})
    response = client.get(url + query)
    assert response.status_code == 200
    return response.content.decode()


def test_5000_contacts_cost_the_queries_of_a_small_family(
    client, world, django_assert_max_num_queries
):
    client.force_login(world.coach)
    _history(world, contacts=5, appointments=2)
    with django_assert_max_num_queries(60) as small:
        _open(client, world)
    _history(world, contacts=5000, appointments=800)
    with django_assert_max_num_queries(len(small.captured_queries)):
        body = _open(client, world)
    # One page: it ends before the last moment it reached, so items sharing that moment
    # are never split over two pages (here one item at that moment waits for the next).
    assert PAGE_SIZE - 2 <= len(ITEM.findall(body)) <= PAGE_SIZE
    assert len(body) < 200_000  # one page, not the family's whole history
    cursor = re.search(r'href="[^"]*\?voor=([^"]+)"', body)
    assert cursor is not None
    with django_assert_max_num_queries(len(small.captured_queries)):
        later = _open(client, world, f"?voor={cursor.group(1)}")
    assert PAGE_SIZE - 2 <= len(ITEM.findall(later)) <= PAGE_SIZE
