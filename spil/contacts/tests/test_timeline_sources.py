"""This app's timeline sources: each reads one page in the database, newest first, strictly
before the cursor, within the parts the access opens; its query count does not grow with
the family's history."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from spil.contacts import services
from spil.contacts import timeline as sources
from spil.contacts.models import Appointment, Promise
from spil.contacts.tests.factories import hours
from spil.core import timeline
from spil.core.access import family_access
from spil.core.testing import days_ago

pytestmark = pytest.mark.django_db


def coach(world):
    return family_access(world.coach, world.family)


def contact(world, at, *, crisis=False, summary="Gesprek"):
    return services.contact_log(
        access=coach(world),
        occurred_at=at,
        kind="telefoon",
        members=[world.parent],
        summary=summary,
        is_crisis=crisis,
    )


def appointment(world, at, **extra):
    return services.appointment_plan(
        access=coach(world), starts_at=at, ends_at=at + dt.timedelta(hours=1), **extra
    )


def promise(world, due_on, what="Bellen met school"):
    return services.promise_record(
        access=coach(world), direction=Promise.Direction.COACH_TO_FAMILY, what=what, due_on=due_on
    )


def crisis(world, at, what="Ruzie, de politie kwam."):
    return services.crisis_record(access=coach(world), occurred_at=at, what_happened=what)


def test_the_sources_are_registered():
    assert {"contacts", "appointments", "promises", "crises"} <= set(timeline.sources())


# --- Cursor and limit -----------------------------------------------------------------


def test_contacts_page_newest_first_before_the_cursor(world):
    for n in range(1, 6):
        contact(world, hours(-n), summary=f"Gesprek {n}")
    first = sources.contacts(coach(world), None, 3)
    assert [i.detail for i in first] == ["Gesprek 1", "Gesprek 2", "Gesprek 3"]
    assert first[0].kind == "contact" and first[0].title == "Telefoon met Karin"
    rest = sources.contacts(coach(world), first[-1].at, 3)
    assert [i.detail for i in rest] == ["Gesprek 4", "Gesprek 5"]


def test_appointments_page_and_leave_out_those_logged_as_a_contact(world):
    for n in range(1, 5):
        appointment(world, hours(-24 * n), purpose=f"Afspraak {n}")
    upcoming = appointment(world, hours(48), purpose="Straks")
    kept = Appointment.objects.get(purpose="Afspraak 2")
    services.appointment_set_status(
        access=coach(world), appointment=kept, status=Appointment.Status.KEPT, log_contact=True
    )
    first = sources.appointments(coach(world), None, 2)
    assert [i.detail for i in first] == ["Straks", "Afspraak 1"]
    assert first[0].at == upcoming.starts_at and first[0].kind == "afspraak"
    rest = sources.appointments(coach(world), first[-1].at, 5)
    assert [i.detail for i in rest] == ["Afspraak 3", "Afspraak 4"]  # 2 is told as a contact


def test_promises_stand_at_the_start_of_their_day_and_page_by_it(world):
    today = timezone.localdate()
    for n in (1, 2, 3, 4):
        promise(world, today + dt.timedelta(days=n), what=f"Belofte {n}")
    settled = promise(world, today + dt.timedelta(days=10), what="Al gedaan")
    services.promise_close(
        actor=world.coach, promise=settled, status=Promise.Status.KEPT, on=days_ago(1)
    )
    items = sources.promises(coach(world), None, 10)
    assert [i.title.split(": ")[1].split(" (")[0] for i in items] == [
        "Belofte 4",
        "Belofte 3",
        "Belofte 2",
        "Belofte 1",
        "Al gedaan",  # settled yesterday: it stands on that day, not on its due date
    ]
    assert items[-1].at == timeline.start_of(days_ago(1))
    assert len(sources.promises(coach(world), None, 2)) == 2
    # The cursor is strictly before: a promise at the start of that day is on the next page.
    day3 = timeline.start_of(today + dt.timedelta(days=3))
    assert [i.at for i in sources.promises(coach(world), day3, 1)] == [
        timeline.start_of(today + dt.timedelta(days=2))
    ]
    later = day3 + dt.timedelta(minutes=1)
    assert [i.at for i in sources.promises(coach(world), later, 1)] == [day3]


def test_crises_page_newest_first_before_the_cursor(world):
    for n in range(1, 5):
        crisis(world, hours(-24 * n), what=f"Crisis {n}")
    first = sources.crises(coach(world), None, 3)
    assert [i.detail for i in first] == ["Crisis 1", "Crisis 2", "Crisis 3"]
    assert {i.flag for i in first} == {"crisis"}
    assert [i.detail for i in sources.crises(coach(world), first[-1].at, 3)] == ["Crisis 4"]


def test_a_crisis_entry_that_only_records_a_shown_crisis_contact_is_left_out(world):
    logged = contact(world, hours(-2), crisis=True, summary="Politie was er")
    items = sources.contacts(coach(world), None, 10)
    assert [(i.detail, i.flag) for i in items] == [("Politie was er", "crisis")]
    assert sources.crises(coach(world), None, 10) == []
    services.crisis_update(
        actor=world.coach, crisis=logged.crisis, what_happened="", what_was_done="Gekalmeerd"
    )
    assert len(sources.crises(coach(world), None, 10)) == 1
    # Safety without contacts: the contact is not shown, so its entry is.
    logged.crisis.what_was_done = ""
    logged.crisis.save()
    world.share_with(world.ggz, ["veiligheid"])
    ggz = family_access(world.ggz_worker, world.family)
    assert sources.contacts(ggz, None, 10) == []
    assert len(sources.crises(ggz, None, 10)) == 1


# --- Parts ----------------------------------------------------------------------------


def _everything(world):
    contact(world, hours(-1))
    contact(world, hours(-3), crisis=True, summary="Crisiscontact")
    appointment(world, hours(24))
    promise(world, timezone.localdate() + dt.timedelta(days=3))
    crisis(world, hours(-5))


def _kinds(access):
    return {
        name: [item.detail or item.kind for item in source(access, None, 50)]
        for name, source in (
            ("contacts", sources.contacts),
            ("appointments", sources.appointments),
            ("promises", sources.promises),
            ("crises", sources.crises),
        )
    }


MOMENTS = {
    "contacts": sources.contact_moments,
    "appointments": sources.appointment_moments,
    "promises": sources.promise_moments,
}


def _moments_agree(access):
    """A source's moments are the times of the items the same reader gets from it: a moment
    the reader may not see would end the reader's timeline too early."""
    for name, moments in MOMENTS.items():
        items = timeline.sources()[name](access, None, 50)
        assert moments(access, None, 50) == [item.at for item in items], name


def test_each_source_keeps_to_its_part(world):
    _everything(world)
    world.share_with(world.ggz, ["plan"])
    ggz = family_access(world.ggz_worker, world.family)
    assert _kinds(ggz) == {"contacts": [], "appointments": [], "promises": [], "crises": []}
    _moments_agree(ggz)

    world.share_with(world.ggz, ["plan", "contacten"])
    found = _kinds(family_access(world.ggz_worker, world.family))
    _moments_agree(family_access(world.ggz_worker, world.family))
    # Contacts and plan, not safety: no crisis contact, no crisis (issue 22 #6).
    assert found["contacts"] == ["Gesprek"]
    assert len(found["appointments"]) == 1 and len(found["promises"]) == 1
    assert found["crises"] == []

    world.share_with(world.school, ["veiligheid"])
    found = _kinds(family_access(world.teacher, world.family))
    _moments_agree(family_access(world.teacher, world.family))
    assert found["contacts"] == found["appointments"] == found["promises"] == []
    # The crisis contact's own entry shows, without the contact's summary.
    assert sorted(found["crises"]) == ["Ruzie, de politie kwam.", "crisis"]

    world.share_with(world.ggz, ["veiligheid"])  # now contacts and safety
    found = _kinds(family_access(world.ggz_worker, world.family))
    assert found["contacts"] == ["Gesprek", "Crisiscontact"]
    assert found["crises"] == ["Ruzie, de politie kwam."]

    _moments_agree(family_access(world.ggz_worker, world.family))

    found = _kinds(coach(world))
    _moments_agree(coach(world))
    assert found["contacts"] == ["Gesprek", "Crisiscontact"]
    assert found["crises"] == ["Ruzie, de politie kwam."]


# --- Queries --------------------------------------------------------------------------


def _queries(access, source):
    with CaptureQueriesContext(connection) as captured:
        source(access, None, 50)
    return len(captured.captured_queries)


@pytest.mark.parametrize("name", ["contacts", "appointments", "promises", "crises"])
def test_a_source_reads_a_fixed_number_of_queries(world, name):
    def add(n, offset):
        for i in range(n):
            at = hours(-(offset + i) * 24 - 1)
            contact(world, at, crisis=bool(i % 2))
            appointment(world, at)
            promise(world, timezone.localdate() + dt.timedelta(days=offset + i))
            crisis(world, at)

    source = timeline.sources()[name]
    add(2, 0)
    few = _queries(coach(world), source)
    add(12, 10)
    assert _queries(coach(world), source) == few
    assert few <= 3


@pytest.mark.parametrize("name", sorted(MOMENTS))
def test_moments_are_the_times_of_the_items_and_since_keeps_to_them(world, name):
    moments = MOMENTS[name]
    for i in range(6):
        at = hours(-(i * 30) - 1)
        contact(world, at)
        appointment(world, at)
        promise(world, timezone.localdate() - dt.timedelta(days=i))
    source = timeline.sources()[name]
    access = coach(world)
    times = moments(access, None, 10)
    assert len(times) == 6
    assert times == [item.at for item in source(access, None, 10)]
    # From a moment on: only the items at or after it, newest first.
    since = times[3]
    assert [item.at for item in source(access, None, 10, since=since)] == times[:4]
    # Before a cursor, the moments and the items agree too.
    assert moments(access, times[1], 10) == [item.at for item in source(access, times[1], 10)]


def test_a_day_with_more_promises_than_a_page_is_shown_whole_and_none_is_lost(world):
    day = timezone.localdate() - dt.timedelta(days=3)
    for i in range(timeline.PAGE_SIZE + 5):
        promise(world, day, what=f"Toezegging {i}")
    contact(world, hours(-1))
    access = coach(world)
    pages, before = [], None
    while len(pages) < 5:
        page = timeline.page(access, before=before)
        pages.append(page.items)
        if page.next_before is None:
            break
        before = page.next_before
    # The contact's page ends before the day; the next page is that one day, whole.
    promised = [[i.title for i in items if i.kind == "toezegging"] for items in pages]
    assert [len(titles) for titles in promised if titles] == [timeline.PAGE_SIZE + 5]
    assert len({title for titles in promised for title in titles}) == timeline.PAGE_SIZE + 5
