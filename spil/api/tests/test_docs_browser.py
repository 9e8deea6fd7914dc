"""In a real browser: the docs page renders the API under the project's CSP (no
violations, nothing from a CDN)."""

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_docs_page_renders_under_the_csp(live_server, browser_page):
    page, base = browser_page, live_server.url
    problems: list[str] = []
    page.on(
        "console",
        lambda message: (
            problems.append(message.text)
            if message.type == "error" or "Content Security Policy" in message.text
            else None
        ),
    )
    outside: list[str] = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if not request.url.startswith(base) and not request.url.startswith("data:")
            else None
        ),
    )
    page.goto(f"{base}/api/v1/docs/")
    page.get_by_text("/api/v1/referrals/", exact=True).first.wait_for(timeout=15000)
    assert page.get_by_text("Spil API").first.is_visible()
    assert problems == []
    assert outside == []
