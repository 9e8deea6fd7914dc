"""The meetings' source of the family timeline: only for the part "plan", one page read
in the database (newest first, strictly before the cursor, at most `limit`), the same
words and link as the timeline had, and a flat number of queries."""

import pytest
from django.urls import reverse

from spil.core import timeline
from spil.core.access import family_access
from spil.meetings.timeline import meetings_source

from .factories import hours_ago

pytestmark = pytest.mark.django_db


def test_the_source_is_registered(world):
    assert timeline.sources()["meetings"] is meetings_source


def test_an_item_per_meeting_with_the_words_and_link_of_the_timeline(world, plan, goal):
    meeting = world.meeting()
    [item] = meetings_source(family_access(world.coach, world.family), None, 10)
    assert (item.at, item.kind, item.label) == (meeting.starts_at, "overleg", "Overleg")
    assert item.title == meeting.one_line and "Afstemgesprek" in item.title
    assert item.url == reverse(
        "meetings:meeting", kwargs={"uuid": world.family.uuid, "meeting_uuid": meeting.uuid}
    )


@pytest.mark.parametrize("part", ["contacten", "metingen", "veiligheid"])
def test_a_professional_without_the_plan_part_gets_nothing(world, plan, goal, part):
    world.meeting()
    world.share_with(world.ggz, [part])
    granted = family_access(world.ggz_worker, world.family)
    assert granted.parts and not granted.sees("plan")
    assert meetings_source(granted, None, 10) == []


def test_a_professional_with_the_plan_part_reads_them(world, plan, goal):
    meeting = world.meeting()
    world.share_with(world.ggz, ["plan"])
    found = meetings_source(family_access(world.ggz_worker, world.family), None, 10)
    assert [item.at for item in found] == [meeting.starts_at]


def test_no_access_no_items(world, plan, goal):
    world.meeting()
    for user in (world.teacher, world.policy, world.other_coach):
        assert meetings_source(family_access(user, world.family), None, 10) == []


def test_newest_first_before_the_cursor_and_at_most_the_limit(world, plan, goal):
    meetings = [world.meeting(when=hours_ago(hours)) for hours in (50, 40, 30, 20, 10)]
    granted = family_access(world.coach, world.family)
    first = meetings_source(granted, None, 2)
    assert [i.at for i in first] == [meetings[4].starts_at, meetings[3].starts_at]
    second = meetings_source(granted, first[-1].at, 2)
    assert [i.at for i in second] == [meetings[2].starts_at, meetings[1].starts_at]
    last = meetings_source(granted, second[-1].at, 2)
    assert [i.at for i in last] == [meetings[0].starts_at]
    assert meetings_source(granted, meetings[0].starts_at, 2) == []


def test_one_page_is_read_in_the_database_in_a_flat_number_of_queries(
    world, plan, goal, django_assert_max_num_queries
):
    for hours in range(2):
        world.meeting(when=hours_ago(hours + 1))
    granted = family_access(world.coach, world.family)
    with django_assert_max_num_queries(3) as few:
        meetings_source(granted, None, 5)
    for hours in range(20):
        world.meeting(when=hours_ago(hours + 5), network=[world.aunt])
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        found = meetings_source(granted, None, 5)
    assert len(found) == 5
    assert any("LIMIT 5" in q["sql"] for q in many.captured_queries)
