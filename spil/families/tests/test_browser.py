"""In a real browser: the coach opens the family file and edits it inline (HTMX)."""

import pytest

from spil.accounts.tests.factories import PASSWORD
from spil.core.access import family_access
from spil.core.testing import serious_violations
from spil.families import services
from spil.families.models import NetworkContact

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_coach_edits_the_family_file_inline(live_server, browser_page, world):
    daan = world.family.members.get(first_name="Daan")
    services.relation_add(
        access=family_access(world.coach, world.family),
        from_member=world.parent,
        to_member=daan,
        kind="ouder_van",
        parentage="biologisch",
    )
    page, base = browser_page, live_server.url
    page.goto(f"{base}/inloggen/")
    page.get_by_label("E-mailadres").fill(world.coach.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{base}/")
    page.get_by_role("link", name="Gezinnen").click()
    page.get_by_role("link", name="Vos").click()
    page.wait_for_url("**/gezinnen/*/")
    assert page.get_by_role("heading", level=1).inner_text() == "Gezin Vos"
    assert page.locator("svg[role=img]").count() == 2  # genogram and ecogram
    assert serious_violations(page) == []

    url_before = page.url
    page.get_by_role("link", name="Netwerkcontact toevoegen").click()
    form = page.locator("#netwerk-form form")
    form.get_by_label("Naam").fill("Buurvrouw Els")
    form.get_by_label("Relatie").fill("buurvrouw")
    form.get_by_label("Kring").select_option("vrienden_buren")
    form.get_by_label("Emotionele steun").check()
    form.get_by_role("button", name="Opslaan").click()
    page.locator("#netwerk").get_by_role("cell", name="Buurvrouw Els", exact=True).wait_for()
    assert page.url == url_before  # no page load: the section was swapped in place
    assert NetworkContact.objects.filter(name="Buurvrouw Els", emotional_support=True).exists()
    assert page.locator("#netwerk g.contact").count() == 1
    assert serious_violations(page) == []
