"""In a real browser: a coach closes a trajectory with a warm handover, finds the family
in aftercare on the caseload, and reopens it."""

import pytest

from spil.accounts.tests.factories import PASSWORD
from spil.core.testing import days_ago, serious_violations
from spil.trajectories.models import Trajectory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_close_with_warm_handover_then_reopen(live_server, browser_page, world, trajectory):
    world.family.involvements.create(role="school", organisation=world.school, worker=world.teacher)
    page, base = browser_page, live_server.url
    page.goto(f"{base}/inloggen/")
    page.get_by_label("E-mailadres").fill(world.coach.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{base}/")
    assert serious_violations(page) == []

    page.get_by_role("link", name="Vos").first.click()
    page.wait_for_url("**/trajecten/*/")
    assert serious_violations(page) == []
    page.get_by_role("link", name="Traject afsluiten").click()
    page.get_by_label("Afgesloten op").fill(days_ago(2).isoformat())
    page.get_by_label("Reden (verplicht)", exact=True).select_option("doelen_bereikt")
    page.get_by_label("Wat is bereikt").fill("Er is rust en de schulden zijn geregeld.")
    page.get_by_label(f"School: {world.teacher.full_name}").check()
    page.get_by_label("Overdracht aan organisatie").fill("Welzijn Lindeveen")
    page.get_by_label("Overdracht aan medewerker").fill("Mieke de Jong")
    page.get_by_label("Persoonlijk voorgesteld (warme overdracht)").check()
    page.get_by_label("Overdracht op").fill(days_ago(3).isoformat())
    page.get_by_label("Nazorgmoment 1").fill(days_ago(-28).isoformat())
    assert serious_violations(page) == []
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url("**/trajecten/*/")
    assert page.get_by_text("warm: persoonlijk voorgesteld").is_visible()

    page.get_by_role("link", name="Mijn caseload").click()
    row = page.get_by_role("row").filter(has_text="Vos")
    assert row.get_by_text("in nazorg").is_visible()
    row.get_by_role("link", name="Vos", exact=True).click()
    page.get_by_role("link", name="Heropenen").click()
    page.get_by_label("Datum").fill(days_ago(0).isoformat())
    page.get_by_label("Reden").fill("Terugval: de verhuurder dreigt met ontruiming.")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url("**/trajecten/*/")
    assert page.get_by_text("Het traject is heropend").is_visible()
    trajectory.refresh_from_db()
    assert trajectory.phase == Trajectory.Phase.EXECUTION
    assert trajectory.closures.get().handover_in_person is True
