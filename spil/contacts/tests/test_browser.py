"""In a real browser: from "Mijn afspraken" the coach records that an appointment was
kept with one click (HTMX, no page load), closes a promise the same way, and the pages of
daily work have no serious accessibility violations."""

import datetime as dt

import pytest
from django.urls import reverse

from spil.accounts.tests.factories import PASSWORD
from spil.contacts import services
from spil.contacts.models import Appointment, Promise
from spil.contacts.tests.factories import hours
from spil.core.access import family_access
from spil.core.testing import days_ago, serious_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_status_buttons_work_without_a_page_load(live_server, browser_page, world):
    start = hours(-3)
    appointment = services.appointment_plan(
        access=family_access(world.coach, world.family),
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        purpose="Samen de post openen",
        members=[world.parent],
    )
    promise = services.promise_record(
        access=family_access(world.coach, world.family),
        direction=Promise.Direction.COACH_TO_FAMILY,
        what="Bellen met de woningcorporatie",
        due_on=days_ago(1),
    )
    services.crisis_record(
        access=family_access(world.coach, world.family),
        occurred_at=hours(-30),
        what_happened="Ruzie liep hoog op.",
    )
    page, base = browser_page, live_server.url
    page.goto(f"{base}/inloggen/")
    page.get_by_label("E-mailadres").fill(world.coach.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{base}/")
    page.get_by_role("link", name="Mijn afspraken").click()
    page.wait_for_url("**/agenda/")
    assert serious_violations(page) == []

    loads: list[str] = []
    page.on("load", lambda _page: loads.append(page.url))
    row = page.locator(f"#afspraak-{appointment.uuid}")
    row.get_by_role("button", name="Nagekomen").click()
    page.locator(f"#afspraak-{appointment.uuid}[data-status='nagekomen']").wait_for()
    assert loads == []
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.KEPT

    family_uuid = world.family.uuid
    page.goto(base + reverse("contacts:promises", kwargs={"uuid": family_uuid}))
    assert "te laat" in page.locator(f"#toezegging-{promise.uuid}").inner_text()
    assert serious_violations(page) == []
    loads.clear()
    page.locator(f"#toezegging-{promise.uuid}").get_by_role("button", name="Niet nagekomen").click()
    page.locator(f"#toezegging-{promise.uuid}[data-status='niet_nagekomen']").wait_for()
    assert loads == []

    for name in ("contacts:appointments", "contacts:crises"):
        page.goto(base + reverse(name, kwargs={"uuid": family_uuid}))
        assert serious_violations(page) == [], name
