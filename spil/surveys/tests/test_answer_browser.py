"""The public answer page in a real browser, on a phone: at 360 CSS px nothing scrolls
sideways and axe-core finds nothing serious; with JavaScript switched off a professional
fills it in and the answer is stored once."""

import pytest

from spil.core.roles import Role
from spil.core.testing import serious_violations
from spil.surveys.models import Invitation, Response

from .conftest import make_survey, send, user_with

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 360, "height": 740}


def test_the_answer_page_on_a_phone_without_javascript(live_server, browser_page):
    policy = user_with(Role.POLICY)
    survey = make_survey(policy)
    tokens = send(survey, policy, [user_with(Role.PROFESSIONAL) for _ in range(2)])
    page = browser_page
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/samenwerkingsmonitor/antwoord/{tokens[0]}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert serious_violations(page) == []
    # A bad submit: the error summary, still on a phone.
    page.get_by_role("button", name="Versturen").click()
    assert page.get_by_text("Controleer het formulier").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert serious_violations(page) == []

    context = page.context.browser.new_context(
        java_script_enabled=False, viewport=PHONE, locale="nl-NL"
    )
    try:
        plain = context.new_page()
        plain.goto(f"{live_server.url}/samenwerkingsmonitor/antwoord/{tokens[1]}/")
        for fieldset in plain.locator("fieldset").all():
            fieldset.get_by_label("Eens", exact=True).check()
        plain.get_by_label("Welk cijfer").fill("8")
        plain.get_by_role("button", name="Versturen").click()
        assert plain.get_by_text("Uw antwoorden zijn ontvangen").is_visible()
    finally:
        context.close()
    assert Response.objects.get().grade == 8
    assert Invitation.objects.filter(status=Invitation.Status.ANSWERED).count() == 1
