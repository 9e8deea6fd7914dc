"""In a real browser: a demo coach logs in; login and start page pass axe-core."""

import pytest

from spil.core.testing import serious_violations
from spil.demo import region

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_coach_logs_in_and_sees_the_start_page(live_server, browser_page):
    region.build_region()  # the demo's people; the families are not needed here
    page = browser_page
    page.goto(f"{live_server.url}/inloggen/")
    violations = serious_violations(page)
    assert violations == [], [n["html"] for v in violations for n in v["nodes"]]

    page.get_by_label("E-mailadres").fill("coach1@demo.spil.test")
    page.get_by_label("Wachtwoord").fill("spil-demo-2026")
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{live_server.url}/")

    assert page.get_by_role("heading", level=1).inner_text() == "Welkom, Sanne"
    assert page.get_by_role("cell", name="Gezinscoach", exact=True).is_visible()
    assert page.get_by_text("Gezinnen coachen").is_visible()
    violations = serious_violations(page)
    assert violations == [], [n["html"] for v in violations for n in v["nodes"]]


def test_empty_login_shows_errors_and_keeps_focus_visible(live_server, browser_page):
    page = browser_page
    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_role("button", name="Inloggen").click()
    assert page.get_by_role("alert").is_visible()
    assert page.locator("#id_username").get_attribute("aria-invalid") == "true"
    # The skip link is the first thing in the tab order and shows itself on focus.
    skip = page.get_by_role("link", name="Naar de inhoud")
    first = "el => el === document.querySelector('a[href], button, input, select, textarea')"
    assert skip.evaluate(first)
    skip.focus()
    assert skip.evaluate("el => getComputedStyle(el).outlineStyle") != "none"
    assert skip.is_visible()
    violations = serious_violations(page)
    assert violations == [], [n["html"] for v in violations for n in v["nodes"]]
