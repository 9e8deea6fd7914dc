"""In a real browser: a coordinator takes a referral from entry to a gezinscoach."""

import pytest

from spil.accounts.tests.factories import PASSWORD
from spil.core.testing import days_ago, serious_violations
from spil.trajectories.models import Trajectory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _login(page, base, user):
    page.goto(f"{base}/inloggen/")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{base}/")


def _save(page, name="Opslaan"):
    page.get_by_role("button", name=name).click()
    try:
        page.wait_for_url("**/meldpunt/*/", timeout=5000)
    except Exception:
        print(page.locator("main").inner_text())
        raise


def test_coordinator_takes_a_referral_to_a_coach(live_server, browser_page, coordinator, coach):
    page, base = browser_page, live_server.url
    _login(page, base, coordinator)
    page.get_by_role("link", name="Meldpunt", exact=True).click()
    page.get_by_role("link", name="Nieuwe melding").click()
    assert serious_violations(page) == []

    page.get_by_label("Ontvangen op").fill(days_ago(30).isoformat())
    page.get_by_label("Naam melder").fill("Ans de Wit")
    page.get_by_label("Organisatie melder (niet in Spil)").fill("Wijkteam Oost")
    page.get_by_label("Soort organisatie melder").select_option("welzijn")
    page.get_by_label("Telefoon melder").fill("0612345678")
    first = page.get_by_role("group", name="Gezinslid 1")
    first.get_by_label("Rol").select_option("ouder")
    first.get_by_label("Voornaam").fill("Karin")
    first.get_by_label("Achternaam").fill("Vos")
    first.get_by_label("Geboortedatum").fill("1988-03-02")
    second = page.get_by_role("group", name="Gezinslid 2")
    second.get_by_label("Rol").select_option("kind")
    second.get_by_label("Voornaam").fill("Daan")
    second.get_by_label("Achternaam").fill("Vos")
    second.get_by_label("Geboortedatum").fill("2015-06-09")
    page.get_by_label("Zorgen, in de woorden van de melder").fill("De kinderen missen veel school.")
    page.get_by_role("button", name="Melding versturen").click()
    page.wait_for_url("**/meldpunt/*/")
    assert page.get_by_text("Dit is de kijk van de melder, geen vastgesteld feit.").is_visible()
    assert serious_violations(page) == []

    page.get_by_role("link", name="Gezin vaststellen").click()
    page.get_by_role("button", name="Nieuw gezin aanmaken").click()
    page.wait_for_url("**/meldpunt/*/")

    page.get_by_role("link", name="Wegen").click()
    for question in (
        "Bestaande hulp is onvoldoende effectief",
        "De problemen zijn breder dan de hulp van de melder",
        "Het gezin kan de regie niet zelf voeren",
    ):
        page.get_by_role("group", name=question).get_by_label("Ja").check()
    page.get_by_label("Accepteren voor beoordeling").check()
    page.get_by_label("Gewogen op").fill(days_ago(28).isoformat())
    assert serious_violations(page) == []
    _save(page)

    page.get_by_role("link", name="Toestemming vastleggen").click()
    page.get_by_label("Gegeven door").select_option(label="Karin Vos")
    page.get_by_label("Bij wie mag het meldpunt informatie opvragen?").fill("School, GGZ")
    page.get_by_label("Gegeven op").fill(days_ago(27).isoformat())
    _save(page)

    page.get_by_role("link", name="Beoordeling vastleggen").click()
    page.get_by_label("Datum gesprek").fill(days_ago(25).isoformat())
    page.get_by_label("Karin Vos").check()
    page.get_by_label("Wie besluit als er geen overeenstemming is?").fill("De coördinator")
    page.get_by_label("Wat heeft dit gezin nodig?").fill("Eén coach die de hulp afstemt.")
    _save(page)

    page.get_by_role("link", name="Besluiten").click()
    page.get_by_label("Inzet gezinscoach").check()
    page.get_by_label("Onderbouwing").fill("Veel hulp die langs elkaar heen werkt.")
    page.get_by_label("Besloten op").fill(days_ago(20).isoformat())
    _save(page)

    page.get_by_role("link", name="Coach koppelen").click()
    assert page.get_by_role("cell", name=coach.full_name).is_visible()
    page.get_by_role("group", name="Wie is de coach?").get_by_label(
        "Medewerker van de coachende organisatie"
    ).check()
    page.get_by_label("Coach met een account", exact=True).select_option(label=str(coach))
    page.get_by_label("Professional die het gezin nog niet kent").check()
    page.get_by_label("Voorgesteld op").fill(days_ago(18).isoformat())
    assert serious_violations(page) == []
    _save(page, "Voorstellen aan het gezin")

    page.get_by_role("link", name="Antwoord van het gezin vastleggen").click()
    page.get_by_label("Gezin zei ja op het voorstel").check()
    page.get_by_label("Datum").fill(days_ago(15).isoformat())
    page.get_by_label("Kennismaking op").fill(days_ago(14).isoformat())
    page.get_by_label("De melder of een bekende hulpverlener was erbij").check()
    _save(page)

    assert page.get_by_text(f"Traject geopend bij {coach.full_name}").is_visible()
    trajectory = Trajectory.objects.get()
    assert trajectory.coach == coach
    assert trajectory.family.name == "Vos"
