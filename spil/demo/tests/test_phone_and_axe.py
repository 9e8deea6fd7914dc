"""In a real browser, on a phone: every page each demo role reaches reflows at 360 CSS px
(WCAG 1.4.10, no sideways scrolling) and has no serious or critical axe-core violation
(among them WCAG 2.2's target size, 2.5.8). After a refused submit the focus is on the
error summary (the quick contact log).

The pages are found by crawling: breadth-first from the start page, same-origin links,
GET only, one page per URL shape (a uuid or a number in the path is one shape), at most
`PER_ROLE` pages per role. Every crawled page gets both checks; all failures are reported
at once.

The demo is the package's committed seed (`demo_seeded` in this package's conftest), which
the live server sees; this transactional test runs last in the package, and its flush
removes the seed; `serialized_rollback` puts back what the migrations wrote, as in the other
browser tests.
"""

import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from spil.core.testing import axe_script, serious_violations
from spil.demo import region
from spil.families.models import Family

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 360, "height": 740}
ROLES = ("coach1", "teamlead1", "coordinator1", "professional1", "policy1", "admin1")
PER_ROLE = 40

# Not pages to read: leaving, switching language, files, and the admin's edit screens.
SKIP = re.compile(
    r"/uitloggen/|/taal/|/pdf/|download|\.(csv|pdf|ics|svg|png|xlsx)$"
    r"|^/beheer/.+/(add|change|delete|history)/|^/beheer/(logout|password_change)/"
    r"|^/static/|^/media/"
)
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
NUMBER = re.compile(r"/\d+(?=/)")


def _shape(path: str) -> str:
    return NUMBER.sub("/#", UUID.sub("<uuid>", path))


def _log_in(page, base: str, handle: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/inloggen/")
    page.get_by_label("E-mailadres").fill(f"{handle}@{region.DEMO_DOMAIN}")
    page.get_by_label("Wachtwoord").fill(region.DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{base}/")


def _links(page, base: str) -> list[str]:
    # A link with a `download` attribute hands over a file, not a page to read.
    hrefs = page.eval_on_selector_all("a[href]:not([download])", "els => els.map(e => e.href)")
    found = []
    for href in hrefs:
        url, _fragment = urldefrag(href)
        parts = urlsplit(url)
        if not url.startswith(base) or parts.query or SKIP.search(parts.path):
            continue
        found.append(parts.path)
    return found


def _crawl(page, base: str, handle: str, failures: list[str]) -> int:
    """Visit up to PER_ROLE pages of this role; note every page that fails a check."""
    queue = deque(["/"])
    seen = {_shape("/")}
    visited = 0
    while queue and visited < PER_ROLE:
        path = queue.popleft()
        response = page.goto(base + path)
        visited += 1
        where = f"{handle} {path}"
        if response is None or response.status >= 400:
            failures.append(f"{where}: HTTP {response.status if response else '?'}")
            continue
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            failures.append(f"{where}: {width} px wide at {PHONE['width']} px")
        for violation in serious_violations(page):
            nodes = [" ".join(n["target"]) for n in violation["nodes"][:3]]
            failures.append(f"{where}: axe {violation['id']} ({violation['impact']}) {nodes}")
        for link in _links(page, base):
            shape = _shape(link)
            if shape not in seen:
                seen.add(shape)
                queue.append(link)
    return visited


def test_every_page_of_every_role_reflows_on_a_phone_without_serious_axe_violations(
    demo_seeded, live_server, browser_page
):
    page, base = browser_page, live_server.url
    page.set_viewport_size(PHONE)
    page.context.add_init_script(axe_script())
    failures: list[str] = []
    visited = {}
    for handle in ROLES:
        _log_in(page, base, handle)
        visited[handle] = _crawl(page, base, handle, failures)
    # Every role reached more than its start page: the crawl itself works.
    assert all(count > 3 for count in visited.values()), visited

    # After a refused submit (HTMX swaps the form back in), the focus is on the summary.
    _log_in(page, base, "coach1")
    family = Family.objects.filter(trajectories__coach__email=f"coach1@{region.DEMO_DOMAIN}")[0]
    page.goto(base + reverse("contacts:new", kwargs={"uuid": family.uuid}))
    page.get_by_label("Wanneer").fill("")
    page.get_by_role("button", name="Vastleggen").click()
    page.locator("[data-error-summary]").wait_for()
    expect(page.locator("[data-error-summary]")).to_be_focused()
    assert "Wanneer: Dit veld is verplicht." in page.locator("[data-error-summary]").inner_text()

    if failures:
        pytest.fail(f"{len(failures)} failures:\n" + "\n".join(failures), pytrace=False)
