"""In a real browser: a home visit is logged from the caseload row in one page load, with
at most three filled fields, and it is on the family's timeline."""

import pytest

from spil.accounts.tests.factories import PASSWORD
from spil.contacts.models import Contact
from spil.core.testing import serious_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_home_visit_from_the_caseload_lands_on_the_timeline(live_server, browser_page, world):
    page, base = browser_page, live_server.url
    page.goto(f"{base}/inloggen/")
    page.get_by_label("E-mailadres").fill(world.coach.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{base}/")
    page.get_by_role("link", name="Mijn caseload").click()
    page.wait_for_url("**/trajecten/")

    # From here on, no page load: the form comes and goes with HTMX.
    loads: list[str] = []
    page.on("load", lambda _page: loads.append(page.url))
    page.get_by_role("link", name="Contact vastleggen met Vos").click()
    form = page.locator("form").filter(has_text="Contact met")
    form.wait_for()
    # Now and the kind are filled in already; the coach writes one line.
    assert form.get_by_label("Soort contact").input_value() == "huisbezoek"
    assert form.get_by_label("Wanneer").input_value() != ""
    filled = 0
    summary = "Samen de post geopend; de brief van de woningbouw besproken."
    form.get_by_label("Samenvatting").fill(summary)
    filled += 1
    assert serious_violations(page) == []
    form.get_by_role("button", name="Vastleggen").click()
    page.get_by_role("status").filter(has_text="is vastgelegd").wait_for()
    assert loads == [] and filled <= 3

    contact = Contact.objects.get()
    assert contact.kind == "huisbezoek" and contact.author == world.coach

    page.get_by_role("link", name="Bekijk de tijdlijn").click()
    page.wait_for_url("**/tijdlijn/")
    item = page.locator(".timeline__item--contact").first
    assert "Huisbezoek" in item.inner_text()
    assert "brief van de woningbouw" in item.inner_text()
    assert serious_violations(page) == []
