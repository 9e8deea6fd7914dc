"""In a real browser: a coach records a measurement and sees the chart and the table
change; the back-up coach reads the safety page and meets the meldcode's hard rule. No
serious accessibility violations on the way."""

import pytest

from spil.accounts.tests.factories import PASSWORD
from spil.assessments import services
from spil.core.access import family_access
from spil.core.testing import days_ago, serious_violations

from .factories import concern, measure, weigh

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_coach_records_a_measurement_and_sees_chart_and_table_change(
    live_server, browser_page, world, leefgebieden
):
    measure(world, leefgebieden, on=days_ago(40), moment="start", values=[2] * 9)
    page, base = browser_page, live_server.url
    page.goto(f"{base}/inloggen/")
    page.get_by_label("E-mailadres").fill(world.coach.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{base}/")
    page.get_by_role("link", name="Gezinnen").click()
    page.get_by_role("link", name="Vos").click()
    page.wait_for_url("**/gezinnen/*/")
    section = page.locator("#leefgebieden")
    assert section.get_by_role("heading", name="Leefgebieden en veiligheid").is_visible()
    assert section.get_by_text("verouderd").is_visible()  # 40 days old
    section.get_by_role("link", name="Leefgebieden: metingen door de tijd").click()
    page.wait_for_url("**/leefgebieden/")
    chart = page.locator("svg[role=img]")
    assert chart.count() == 1
    assert chart.locator("circle.point").count() == 9
    money = page.locator('tr[data-domain="financien_schulden"]')
    assert money.locator("td").all_inner_texts() == ["2"]
    assert serious_violations(page) == []

    page.get_by_role("link", name="Nieuwe meting").click()
    page.get_by_label("Leefgebieden", exact=True).check()
    assert serious_violations(page) == []
    page.get_by_role("button", name="Verder").click()
    page.wait_for_url("**/meting/nieuw/*/")
    page.get_by_label("Datum van de meting").fill(days_ago(0).isoformat())
    page.get_by_label("Moment").select_option("halverwege")
    page.get_by_label("Financiën/schulden", exact=True).select_option("4")
    page.get_by_label("Toelichting bij financiën/schulden").fill("Schuldhulp is gestart")
    page.locator('select[name="strength_financien_schulden"]').select_option("professional")
    page.get_by_label("Huisvesting", exact=True).select_option("1")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Meting opslaan").click()
    page.wait_for_url("**/leefgebieden/")
    assert page.get_by_text("De meting is opgeslagen.").is_visible()

    # The chart gained two points on a second column; the table a column and the change.
    assert chart.locator("circle.point").count() == 11
    assert chart.locator('circle.point[data-column="1"]').count() == 2
    assert money.locator("td").all_inner_texts() == ["2", "4", "+2"]
    house = page.locator('tr[data-domain="huisvesting"]')
    assert house.locator("td").all_inner_texts() == ["2", "1", "-1"]
    assert page.locator("#verandering").get_by_role("row", name="Financiën/schulden").is_visible()
    assert not page.locator("#leefgebieden-kop").count()
    assert serious_violations(page) == []


def test_the_safety_page_reads_well_and_passes_axe(live_server, browser_page, world):
    c = concern(world)
    services.meldcode_step_log(actor=world.coach, concern=c, step=1, done_on=days_ago(9))
    weigh(world, c, (True, False, True, False, True), on=8)
    services.mapping_record(
        access=family_access(world.coach, world.family),
        mapped_on=days_ago(7),
        going_well="Oma helpt",
    )
    for on, value in ((9, 3), (2, 6)):
        services.rating_record(
            access=family_access(world.coach, world.family),
            rated_on=days_ago(on),
            value=value,
            member=world.parent,
        )
    services.escalation_raise(
        access=family_access(world.coach, world.family),
        raised_on=days_ago(1),
        target="veilig_thuis",
        reason="onveilig",
        arguments="De ouders weigeren de hulp.",
        concern=c,
    )
    page, base = browser_page, live_server.url
    page.goto(f"{base}/inloggen/")
    page.get_by_label("E-mailadres").fill(world.backup.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/gezinnen/{world.family.uuid}/")
    assert page.locator("#leefgebieden .flag").first.inner_text() == "Open zorg over veiligheid"
    page.get_by_role("link", name="Veiligheid: zorgen, meldcode en opschaling").click()
    page.wait_for_url("**/veiligheid/")
    assert page.get_by_text(
        "Volgens de laatste weging is melden bij Veilig Thuis verplicht."
    ).is_visible()
    assert page.locator("svg[role=img] circle.point").count() == 2
    assert serious_violations(page) == []
    page.get_by_role("link", name="Beslissen (stap 5)").click()
    page.get_by_label("Melden bij Veilig Thuis").uncheck()
    page.get_by_label("Hulp organiseren").check()
    page.get_by_role("button", name="Opslaan").click()
    assert page.get_by_text("moet u melden bij Veilig Thuis").first.is_visible()
    assert serious_violations(page) == []
