"""The contacts and appointments lists read one page of 50 in the database (issue 19 #1):
the next page holds exactly what follows, also across rows sharing a moment; filters
narrow the query; a cursor that cannot be is refused in Dutch; the queries stay flat."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from spil.contacts.models import Appointment, Contact
from spil.core.models import AuditEvent
from spil.core.paging import PAGE_SIZE

from .factories import url

pytestmark = pytest.mark.django_db

ROW = re.compile(r'/contacten/([0-9a-f-]{36})/"')
APPOINTMENT_ROW = re.compile(r'id="afspraak-([0-9a-f-]{36})"')
NEXT = re.compile(r'<p id="([a-z-]+)-meer" class="actions"><a href="([^"]+)"')


def contacts(world, n, *, at=None, step=dt.timedelta(hours=1), **extra):
    """`n` contacts, newest first from `at` (all at the same moment when step is 0)."""
    at = at or timezone.now() - dt.timedelta(minutes=5)
    return Contact.objects.bulk_create(
        Contact(
            family=world.family,
            occurred_at=at - i * step,
            summary=f"Contact {i}",
            author=world.coach,
            **extra,
        )
        for i in range(n)
    )


def appointments(world, n, *, at, step):
    return Appointment.objects.bulk_create(
        Appointment(
            family=world.family,
            worker=world.coach,
            starts_at=at + i * step,
            purpose=f"Afspraak {i}",
            created_by=world.coach,
        )
        for i in range(n)
    )


def rows(body):
    return ROW.findall(body)


def next_url(body, name):
    found = dict(NEXT.findall(body))
    return found.get(name, "").replace("&amp;", "&")


def walk(client, first, name, pattern):
    """Follow "Meer laden" from `first` to the end; every row's uuid in order."""
    seen, link, pages = [], first, 0
    while link:
        body = client.get(link).content.decode()
        seen += pattern.findall(body)
        link = next_url(body, name)
        pages += 1
    return seen, pages


def test_the_second_page_holds_the_next_fifty(client, world):
    made = contacts(world, PAGE_SIZE + 10)
    client.force_login(world.coach)
    first = client.get(url("contacts:list", world.family)).content.decode()
    assert rows(first) == [str(c.uuid) for c in made[:PAGE_SIZE]]
    assert "60 contacten" in first
    second = client.get(next_url(first, "contacten")).content.decode()
    assert rows(second) == [str(c.uuid) for c in made[PAGE_SIZE:]]
    assert next_url(second, "contacten") == ""
    assert "Terug naar het nieuwste" in second


def test_rows_sharing_a_moment_are_neither_lost_nor_doubled_at_a_page_edge(client, world):
    # 130 contacts in three moments: a page edge falls inside a moment twice.
    moment = timezone.now() - dt.timedelta(days=1)
    made = []
    for shift in range(3):
        made += contacts(
            world, 43 + shift, at=moment - dt.timedelta(hours=shift), step=dt.timedelta()
        )
    client.force_login(world.coach)
    seen, pages = walk(client, url("contacts:list", world.family), "contacten", ROW)
    assert pages == 3
    assert len(seen) == len(set(seen)) == len(made)
    assert set(seen) == {str(c.uuid) for c in made}


def test_the_filters_narrow_the_query_and_travel_with_the_next_page(client, world):
    contacts(world, PAGE_SIZE + 5, kind=Contact.Kind.PHONE)
    contacts(world, 20, kind=Contact.Kind.HOME_VISIT, at=timezone.now() - dt.timedelta(days=400))
    with_karin = contacts(world, 3, kind=Contact.Kind.HOME_VISIT)
    for contact in with_karin:
        contact.members.add(world.parent)
    client.force_login(world.coach)
    base = url("contacts:list", world.family)
    body = client.get(f"{base}?soort=telefoon").content.decode()
    assert "55 contacten" in body
    link = next_url(body, "contacten")
    assert "soort=telefoon" in link
    assert len(rows(client.get(link).content.decode())) == 5
    body = client.get(f"{base}?lid={world.parent.uuid}").content.decode()
    assert rows(body) == [str(c.uuid) for c in with_karin]
    old = (timezone.localdate() - dt.timedelta(days=500)).isoformat()
    last_year = (timezone.localdate() - dt.timedelta(days=300)).isoformat()
    body = client.get(f"{base}?van={old}&tot={last_year}").content.decode()
    assert "20 contacten" in body


@pytest.mark.parametrize(
    "query",
    [
        "na=geen-sleutel",
        "na=00000000-0000-0000-0000-000000000000",
        "na=%00",
        "soort=onzin",
        "lid=12",
        "van=31-02-2026",
        "van=2026-05-01&tot=2026-01-01",
    ],
)
def test_a_bad_cursor_or_filter_is_refused_in_dutch_never_a_500(client, world, query):
    contacts(world, 3)
    client.force_login(world.coach)
    response = client.get(f"{url('contacts:list', world.family)}?{query}")
    assert response.status_code == 200
    body = response.content.decode()
    assert len(rows(body)) == 3  # the first page, unnarrowed
    assert "bestaat niet" in body or "errorlist" in body or "Kies een geldige" in body


def test_a_cursor_of_another_family_is_refused(client, world):
    from spil.families.tests.factories import make_family

    other = make_family(world.coach, name="Anders")
    stranger = Contact.objects.create(
        family=other, occurred_at=timezone.now(), summary="Elders", author=world.coach
    )
    contacts(world, 2)
    client.force_login(world.coach)
    body = client.get(f"{url('contacts:list', world.family)}?na={stranger.uuid}").content.decode()
    assert "bestaat niet" in body and len(rows(body)) == 2 and "Elders" not in body


def test_the_contacts_list_costs_the_same_queries_at_10_and_500_rows(
    client, world, django_assert_max_num_queries
):
    client.force_login(world.coach)
    made = contacts(world, 10)
    for contact in made:
        contact.members.add(world.parent)
    with django_assert_max_num_queries(40) as few:
        assert client.get(url("contacts:list", world.family)).status_code == 200
    more = contacts(world, 490, at=timezone.now() - dt.timedelta(days=30))
    for contact in more[:60]:
        contact.members.add(world.parent)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(url("contacts:list", world.family)).content.decode()
    assert len(rows(body)) == PAGE_SIZE
    with django_assert_max_num_queries(len(few.captured_queries) + 1):  # + the cursor
        client.get(next_url(body, "contacten"))


def test_appointments_page_both_ways_and_count_them_all(
    client, world, django_assert_max_num_queries
):
    now = timezone.now()
    client.force_login(world.coach)
    appointments(world, 3, at=now + dt.timedelta(days=1), step=dt.timedelta(days=1))
    appointments(world, 3, at=now - dt.timedelta(days=1), step=-dt.timedelta(days=1))
    with django_assert_max_num_queries(50) as few:
        assert client.get(url("contacts:appointments", world.family)).status_code == 200
    upcoming = appointments(world, 70, at=now + dt.timedelta(days=10), step=dt.timedelta(hours=1))
    past = appointments(world, 427, at=now - dt.timedelta(days=10), step=-dt.timedelta(hours=1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(url("contacts:appointments", world.family)).content.decode()
    assert len(APPOINTMENT_ROW.findall(body)) == 2 * PAGE_SIZE
    # The figures count all 430 past ones ("nog bij te werken": still planned).
    assert "430" in body
    seen, pages = walk(
        client, url("contacts:appointments", world.family), "geweest", APPOINTMENT_ROW
    )
    all_past = {
        str(u) for u in Appointment.objects.filter(starts_at__lt=now).values_list("uuid", flat=True)
    }
    past_seen = [u for u in seen if u in all_past]  # each page shows the first upcoming too
    assert pages == 9 and len(past_seen) == len(set(past_seen)) == len(all_past) == 430
    assert set(past_seen) >= {str(a.uuid) for a in past}
    seen, pages = walk(
        client, url("contacts:appointments", world.family), "komend", APPOINTMENT_ROW
    )
    soon = [u for u in seen if u in {str(a.uuid) for a in upcoming}]
    assert pages == 2 and soon == [str(a.uuid) for a in upcoming]  # soonest first, each once
    bad = client.get(f"{url('contacts:appointments', world.family)}?geweest=x&komend=y")
    assert bad.status_code == 200 and "bestaat niet" in bad.content.decode()
    assert AuditEvent.objects.filter(action="appointment.list_viewed").exists()


def test_closed_promises_page_and_open_ones_all_show(client, world, django_assert_max_num_queries):
    from spil.contacts.models import Promise

    today = timezone.localdate()

    def promises(n, **extra):
        return Promise.objects.bulk_create(
            Promise(
                family=world.family,
                what=f"Belofte {i}",
                due_on=today - dt.timedelta(days=i),
                direction=Promise.Direction.COACH_TO_FAMILY,
                by_user=world.coach,
                created_by=world.coach,
                **extra,
            )
            for i in range(n)
        )

    client.force_login(world.coach)
    promises(2)
    promises(3, status=Promise.Status.KEPT, status_on=today)
    with django_assert_max_num_queries(40) as few:
        assert client.get(url("contacts:promises", world.family)).status_code == 200
    promises(120, status=Promise.Status.KEPT, status_on=today - dt.timedelta(days=1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(url("contacts:promises", world.family)).content.decode()
    row = re.compile(r'<tr id="toezegging-([0-9a-f-]{36})"')
    assert len(row.findall(body)) == 2 + PAGE_SIZE
    seen, link = [], url("contacts:promises", world.family)
    while link:
        body = client.get(link).content.decode()
        seen += row.findall(body)
        link = next_url(body, "afgesloten")
    # The open two on every page; each of the 123 closed ones once.
    closed = [u for u in seen if seen.count(u) == 1]
    assert len(seen) == 2 * 3 + 123 and len(closed) == 123
