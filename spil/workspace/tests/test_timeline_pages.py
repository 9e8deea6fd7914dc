"""The timeline page by page: the trajectory's milestones (start, phase changes,
closing) read one page at a time, a `?voor=` cursor, and "Meer laden" with and without
JavaScript."""

import datetime as dt

import pytest
from django.urls import reverse

from spil.core import access, timeline
from spil.core.testing import days_ago
from spil.trajectories.models import PhaseChange, Trajectory
from spil.trajectories.timeline import milestones

pytestmark = pytest.mark.django_db


def _url(world, **query):
    url = reverse("families:timeline", kwargs={"uuid": world.family.uuid})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _phase_changes(world, n):
    trajectory = Trajectory.objects.get(family=world.family)
    for i in range(n):
        PhaseChange.objects.create(
            trajectory=trajectory,
            from_phase="kennismaking",
            to_phase="orientatie" if i % 2 else "plan",
            on=days_ago(59 - i),
            by=world.coach,
        )
    return trajectory


def test_milestones_are_newest_first_and_respect_cursor_and_limit(world):
    trajectory = _phase_changes(world, 3)
    trajectory.closed_on = days_ago(1)
    trajectory.phase = "afgesloten"
    trajectory.save()
    granted = access.family_access(world.coach, world.family)
    items = milestones(granted, None, 10)
    assert items[0].title == "Het traject is afgesloten"
    assert items[-1].title.startswith("Het traject begon")
    assert [i.at for i in items] == sorted((i.at for i in items), reverse=True)
    assert len(milestones(granted, None, 2)) == 2
    # Strictly before the cursor: the day of the cursor's midnight is left out.
    cut = timeline.start_of(days_ago(58))
    before = milestones(granted, cut, 10)
    assert {i.at for i in before} == {
        timeline.start_of(days_ago(59)),
        timeline.start_of(days_ago(60)),
    }


def test_milestones_read_a_page_in_three_queries(world, django_assert_num_queries):
    _phase_changes(world, 40)
    granted = access.family_access(world.coach, world.family)
    with django_assert_num_queries(3):
        assert len(milestones(granted, None, 5)) == 5


def test_everyone_with_access_sees_the_milestones(client, world):
    world.share_with(world.ggz, ["plan"])
    client.force_login(world.ggz_worker)
    body = client.get(_url(world)).content.decode()
    assert "Het traject begon" in body


def test_more_than_a_page_gives_a_plain_next_link_and_an_htmx_append(client, world):
    _phase_changes(world, 55)  # with the start: 56 milestones, 50 a page
    client.force_login(world.coach)
    first = client.get(_url(world)).content.decode()
    # A page ends at a change of time (core.timeline), so at most 50 items.
    on_first = first.count("timeline__item--traject")
    assert 45 <= on_first <= 50
    assert "Meer laden" in first and 'hx-get="' in first and 'hx-swap="beforeend"' in first
    start = first.index('id="tijdlijn-meer"')
    href_at = first.index('href="', start) + len('href="')
    href = first[href_at : first.index('"', href_at)].replace("&amp;", "&")
    assert "voor=" in href
    # Without JavaScript: the link is a page with the older items, none twice.
    second = client.get(href).content.decode()
    assert on_first + second.count("timeline__item--traject") == 56
    assert "Het traject begon" in second and "Meer laden" not in second
    assert "Het traject begon" not in first
    # With HTMX: only the items, and the link replaced out of band.
    partial = client.get(href, headers={"HX-Request": "true"}).content.decode()
    assert partial.count("timeline__item--traject") == 56 - on_first
    assert "<html" not in partial
    assert 'hx-swap-oob="true"' in partial and "Meer laden" not in partial


@pytest.mark.parametrize(
    "bad", ["gisteren", "2024-13-45T10:00", "0001-01-01T00:00:00", "9999-12-31", "%00", "x" * 300]
)
def test_a_bad_cursor_is_a_dutch_message_never_a_500(client, world, bad):
    client.force_login(world.coach)
    response = client.get(_url(world, voor=bad))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Deze plek in de tijdlijn bestaat niet" in body
    assert "Het traject begon" in body  # the newest page instead


def test_a_cursor_with_an_offset_reads_even_unencoded(client, world):
    client.force_login(world.coach)
    at = (timeline.start_of(days_ago(0)) + dt.timedelta(hours=1)).isoformat()
    response = client.get(_url(world, voor=at))  # the '+' arrives as a space
    body = response.content.decode()
    assert "Deze plek" not in body and "Het traject begon" in body
