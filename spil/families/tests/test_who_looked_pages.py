"""'Wie keek' reads one page of 50 of the family's audit trail (issue 19 #1)."""

import datetime as dt
import re
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from spil.core import audit
from spil.core.models import AuditEvent
from spil.core.paging import PAGE_SIZE

pytestmark = pytest.mark.django_db

ROW = re.compile(r"<tr><td>")
NEXT = re.compile(r'<p id="wie-keek-meer" class="actions"><a href="([^"]+)"')


def _reads(world, n):
    for _ in range(n):
        audit.record(
            actor=world.coach, action="family.viewed", obj=world.family, family=world.family
        )


def _url(world):
    return reverse("families:who_looked", kwargs={"uuid": world.family.uuid})


def test_who_looked_pages_through_the_trail_with_flat_queries(
    client, world, django_assert_max_num_queries
):
    client.force_login(world.coach)
    _reads(world, 3)
    with django_assert_max_num_queries(40) as few:
        client.get(_url(world))
    _reads(world, 120)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(_url(world)).content.decode()
    assert len(ROW.findall(body)) == PAGE_SIZE
    total = AuditEvent.objects.filter(family_uuid=world.family.uuid).count()
    seen, link = PAGE_SIZE, NEXT.search(body)
    while link:
        page = client.get(link.group(1).replace("&amp;", "&")).content.decode()
        seen += len(ROW.findall(page))
        link = NEXT.search(page)
    # Every event once; the reads of the pages themselves came after the first page.
    assert seen == total - 1


def test_events_sharing_a_moment_are_not_lost_at_a_page_edge(client, world):
    from spil.families import selectors

    moment = timezone.now() - dt.timedelta(days=1)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        _reads(world, PAGE_SIZE + 5)
    assert AuditEvent.objects.filter(occurred_at=moment).count() >= PAGE_SIZE + 5
    first = selectors.who_looked(family=world.family)
    second = selectors.who_looked(family=world.family, cursor=first.next_cursor)
    uuids = [look.event.uuid for look in [*first, *second]]
    assert (
        len(uuids)
        == len(set(uuids))
        == AuditEvent.objects.filter(family_uuid=world.family.uuid).count()
    )
    assert second.next_cursor == ""


@pytest.mark.parametrize("cursor", ["x", "00000000-0000-0000-0000-000000000000", "%FF"])
def test_a_bad_cursor_shows_the_newest_with_a_dutch_message(client, world, cursor):
    _reads(world, 2)
    client.force_login(world.coach)
    response = client.get(f"{_url(world)}?na={cursor}")
    assert response.status_code == 200
    assert "bestaat niet" in response.content.decode()
