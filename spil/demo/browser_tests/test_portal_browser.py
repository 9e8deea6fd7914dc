"""The family portal in a real browser, on a phone (issue 14, "Text and accessibility"):
`gezin1` and `jongere1` log in at 360 CSS px; every portal page of the parent, and the
start and plan pages of the young person, reflow without sideways scrolling (WCAG 1.4.10)
and have no serious or critical axe-core violation; and the portal works without
JavaScript: a browser with scripting off logs in and opens the plan.

Kept fast: one browser, one live server, one seed, and of the demo only what the portal
family needs — the region, the meldpunt's referrals, the family files, the trajectories,
the measurements, the plans and the portal step. The daily work and the meetings (two
thirds of the seeding time) add nothing the portal pages need: the portal step adds the
family's appointment, promises and shared minutes itself.

The seed is committed for the live server and flushed afterwards, as in
`test_phone_and_axe.py`."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from spil.core.testing import serious_violations
from spil.demo import assessments, families, intake, plans, portal, region, trajectories
from spil.portal.tests.pages import PAGES

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 360, "height": 740}
YOUNG_PAGES = ("portal:home", "portal:plan")


@pytest.fixture(scope="module")
def portal_demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        assert not connection.in_atomic_block
        # Put back what the migrations wrote if an earlier transactional test flushed it.
        serialized = getattr(connection, "_test_serialized_contents", None)
        if serialized:
            connection.creation.deserialize_db_from_string(serialized)
        users = region.build_region()
        intake.build_programmes()
        intake.build_referrals(users)
        families.build_family_files(users)
        trajectories.build_trajectory_work(users)
        assessments.build_assessments(users)
        plans.build_plans(users)
        portal.build_portal(users)
        yield
        call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)


def _log_in(page, base: str, account: portal.PortalAccount) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/inloggen/")
    page.get_by_label("E-mailadres").fill(account.email)
    page.get_by_label("Wachtwoord").fill(region.DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(base + reverse("portal:home"))


def _check(page, base: str, who: str, names, failures: list[str]) -> int:
    visited = 0
    for name in names:
        where = f"{who} {name}"
        response = page.goto(base + reverse(name))
        if response is not None and response.status == 405:
            continue  # a form that takes a POST only: no page to look at
        visited += 1
        if response is None or response.status != 200:
            failures.append(f"{where}: HTTP {response.status if response else '?'}")
            continue
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"] + 1:
            failures.append(f"{where}: {width} px wide at {PHONE['width']} px")
        for violation in serious_violations(page):
            nodes = [" ".join(n["target"]) for n in violation["nodes"][:3]]
            failures.append(f"{where}: axe {violation['id']} ({violation['impact']}) {nodes}")
    return visited


def test_the_portal_on_a_phone_with_and_without_javascript(portal_demo, live_server, browser_page):
    page, base = browser_page, live_server.url
    page.set_viewport_size(PHONE)
    failures: list[str] = []

    _log_in(page, base, portal.PARENT)
    assert _check(page, base, "gezin1", PAGES, failures) >= 8  # the read pages at least
    _log_in(page, base, portal.YOUNG)
    assert _check(page, base, "jongere1", YOUNG_PAGES, failures) == len(YOUNG_PAGES)
    # The young person's plan leaves out his mother's own goal.
    assert portal.PARENT_GOAL.title not in page.locator("main").inner_text()

    # Without JavaScript: the login form and the plan are plain HTML.
    context = page.context.browser.new_context(
        java_script_enabled=False, viewport=PHONE, locale="nl-NL", timezone_id="Europe/Amsterdam"
    )
    try:
        plain = context.new_page()
        _log_in(plain, base, portal.PARENT)
        plain.goto(base + reverse("portal:plan"))
        main = plain.locator("main").inner_text()
        assert "Ons plan" in main and portal.PARENT_GOAL.title in main
    finally:
        context.close()

    if failures:
        pytest.fail(f"{len(failures)} failures:\n" + "\n".join(failures), pytrace=False)
