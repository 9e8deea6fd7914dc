"""In a real browser: a coach starts the plan, writes a goal (meeting the wording hint on
the way) with two steps, marks one done, records an evaluation and the family's
agreement. No serious accessibility violations on any page."""

import re

import pytest
from playwright.sync_api import expect

from spil.accounts.tests.factories import PASSWORD
from spil.core.testing import days_ago, serious_violations
from spil.plans.models import Evaluation, Goal, PlanVersion, ScalingAnswer, Step

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _no_violations(page):
    assert serious_violations(page) == [], page.url


def test_coach_writes_a_goal_with_two_steps_evaluates_and_records_agreement(
    live_server, browser_page, world
):
    page, base = browser_page, live_server.url
    page.goto(f"{base}/inloggen/")
    page.get_by_label("E-mailadres").fill(world.coach.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/gezinnen/{world.family.uuid}/")
    section = page.locator("#plan")
    assert section.get_by_role("heading", name="Gezinsplan").is_visible()
    assert section.get_by_text("plan te laat").is_visible()  # 60 days in, due after 6 weeks
    section.get_by_role("link", name="Het plan beginnen").click()
    page.wait_for_url("**/plan/")
    _no_violations(page)
    page.get_by_role("button", name="Plan beginnen").click()
    assert page.get_by_text("Het plan is begonnen.").is_visible()

    # A goal: the hint appears while typing a negative wording and goes with a positive one.
    page.get_by_role("link", name="Doel toevoegen").click()
    page.wait_for_url("**/doel/nieuw/")
    title = page.get_by_label("Doel in de woorden van het gezin")
    title.fill("Wij hebben geen ruzie meer")
    hint = page.locator("#formulering")
    hint.get_by_text("positief").wait_for()
    assert "“geen”" in hint.inner_text()
    _no_violations(page)
    title.fill("Wij hebben rust in huis")
    # A web-first assertion, not wait_for_function: the CSP allows no string evaluation.
    expect(page.locator("#formulering")).to_have_text(re.compile(r"^\s*$"))
    page.get_by_label("Leefgebied").select_option(label="Gezinssituatie/opvoeding")
    page.get_by_label("Meetbaar: waaraan merken we dat het gelukt is?").fill(
        "Een week zonder harde ruzie"
    )
    page.get_by_role("button", name="Doel opslaan").click()
    page.wait_for_url("**/plan/#doelen")
    goal_card = page.locator("article.goal")
    assert goal_card.get_by_role("heading", name="Wij hebben rust in huis").is_visible()

    # Two steps with different owners.
    for what, owner, due in (
        ("Samen een weekrooster maken", "Karin Vos", days_ago(-7)),
        ("Gesprek over rust in huis", str(world.ggz_involvement), days_ago(-14)),
    ):
        goal_card.get_by_role("link", name="Stap toevoegen").click()
        page.wait_for_url("**/stap/nieuw/")
        page.get_by_label("Wat gaat er gebeuren?").fill(what)
        page.get_by_label("Wie doet het?").select_option(label=owner)
        page.get_by_label("Klaar op").fill(due.isoformat())
        _no_violations(page)
        page.get_by_role("button", name="Opslaan").click()
        page.wait_for_url("**/plan/#doel-*")
    rows = goal_card.locator("tbody tr")
    assert rows.count() == 2
    assert rows.nth(1).locator("td").nth(2).inner_text() == "GGZ"

    # Marking the first step done swaps its row in place (HTMX).
    rows.nth(0).get_by_role("button", name="Gedaan").click()
    rows.nth(0).get_by_role("button", name="Weer open").wait_for()
    assert Step.objects.get(what="Samen een weekrooster maken").done_on == days_ago(0)
    _no_violations(page)

    # An evaluation: progress and the scaling question, family and worker apart.
    page.get_by_role("link", name="Evaluatie vastleggen").click()
    page.wait_for_url("**/evaluatie/nieuw/")
    page.get_by_label("Voortgang bij “Wij hebben rust in huis”").fill("Minder harde ruzies")
    page.locator(f'input[name="schaal_1_lid_{world.parent.uuid}"]').fill("6")
    page.locator(f'input[name="schaal_1_hulp_{world.ggz_involvement.uuid}"]').fill("5")
    page.get_by_label("Volgende evaluatie").fill(days_ago(-28).isoformat())
    _no_violations(page)
    page.get_by_role("button", name="Evaluatie opslaan").click()
    page.wait_for_url("**/plan/#evaluaties")
    assert page.get_by_text("De evaluatie is opgeslagen.").is_visible()
    chart = page.locator("#evaluaties svg[role=img]")
    assert chart.locator("circle.point").count() == 2
    assert page.locator("#evaluaties tr[data-person]").count() == 2
    _no_violations(page)

    # The family's agreement.
    page.get_by_role("link", name="Afspraak met het gezin vastleggen").click()
    page.wait_for_url("**/afspraak/")
    page.get_by_label("Op papier").check()
    page.get_by_label("Karin Vos").check()
    _no_violations(page)
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url("**/plan/#status")
    assert page.get_by_text("De afspraak met het gezin is vastgelegd.").is_visible()
    assert page.locator("#status").get_by_text("afgesproken met het gezin op").is_visible()
    _no_violations(page)

    # The printable page reads the same in plain Dutch.
    page.get_by_role("link", name="Afdrukken").click()
    page.wait_for_url("**/afdrukken/")
    assert page.get_by_role("heading", name="Ons plan").is_visible()
    assert page.get_by_text("We hebben dit plan samen afgesproken op").is_visible()
    _no_violations(page)

    version = PlanVersion.objects.get()
    assert version.status == "vastgesteld" and version.agreed_how == "op_papier"
    assert list(version.agreed_by.all()) == [world.parent]
    assert Goal.objects.get().steps.count() == 2
    assert Evaluation.objects.count() == 1
    assert sorted(ScalingAnswer.objects.values_list("value", flat=True)) == [5, 6]
