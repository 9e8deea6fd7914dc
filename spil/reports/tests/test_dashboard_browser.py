"""In a real browser at 360 CSS px: the monitoring page reflows (no sideways scrolling; the
tables scroll in their own box), has no serious axe-core violation, and a "?" opens its
definition without JavaScript tricks (a native <details>)."""

import pytest

from spil.accounts.tests.factories import PASSWORD
from spil.core.testing import serious_violations

from .test_dashboard import Region, _period

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 360, "height": 740}


def test_the_page_at_360_px(live_server, browser_page):
    region = Region()
    region.trajectories(7, closed=2)
    page, base = browser_page, live_server.url
    page.set_viewport_size(PHONE)
    page.goto(f"{base}/inloggen/")
    page.get_by_label("E-mailadres").fill(region.policy.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{base}/")
    query = "&".join(f"{k}={v}" for k, v in _period().items())
    page.goto(f"{base}/monitoring/?{query}")
    assert page.get_by_role("heading", name="Monitoring", level=1).is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate(
        "Array.from(document.querySelectorAll('body *'))"
        ".filter(e => e.getBoundingClientRect().right > 362)"
        ".slice(0, 4).map(e => e.tagName + '.' + e.getAttribute('class'))"
    )
    assert width <= PHONE["width"], f"{width} px wide at 360 px: {wide}"
    assert serious_violations(page) == []

    figure = page.locator('[data-figure="started"]')
    definition = figure.locator("details p")
    assert not definition.is_visible()
    figure.locator("summary").click()
    assert definition.is_visible()
    assert page.locator("svg[role=img]").first.is_visible()
