"""The accessibility check every browser test leans on (`core.testing.serious_violations`)
finds what it must: a serious or critical violation is reported, a page without one gives
an empty list, and a lesser one is left out. Without this, a check that returned nothing
would let every page pass."""

import pytest

from spil.core.testing import serious_violations

pytestmark = pytest.mark.browser

PAGE = """<!doctype html><html lang="nl"><head><title>Proef</title></head><body><main>
<h1>Proef</h1>{body}</main></body></html>"""


def test_serious_and_critical_violations_are_reported_and_lesser_ones_left_out(browser_page):
    page = browser_page
    # A button without a name (critical), an image without alt text (critical), and an
    # empty heading (minor).
    page.set_content(PAGE.format(body='<button></button><img src="data:,"><h2></h2><p>Tekst</p>'))
    found = {v["id"]: v["impact"] for v in serious_violations(page)}
    assert {"button-name", "image-alt"} <= set(found)
    assert set(found.values()) <= {"serious", "critical"}
    assert "empty-heading" not in found

    page.set_content(PAGE.format(body='<button>Opslaan</button><img src="data:," alt="">'))
    assert serious_violations(page) == []
