"""What the family never sees (issue 14, "Done when"): every portal page, rendered for a
parent and for a young person of a family whose file holds a working note, a safety
concern, an escalation, the family story, the coach's notes on measurements and another
family's plan, shows none of it; the young person does not see another member's goals,
appointments or minutes, which the parent does see.

The pages are every URL of the `portal` namespace that takes no argument, found in
`spil.portal.urls` (`pages.PAGES`), so a page added later is covered without touching
this test."""

import html

import pytest
from django.urls import reverse

from . import realistic
from .factories import family_account
from .pages import KNOWN, PAGES

pytestmark = pytest.mark.django_db


@pytest.fixture
def file(world):
    return realistic.build(world)


def _page(client, account, name: str) -> str | None:
    """The page as the browser gets it (entities decoded); None for a page that is not
    read with GET (a form that only takes a POST, a redirect) — it shows nothing."""
    client.force_login(account.user)
    response = client.get(reverse(name))
    assert response.status_code in (200, 302, 405), (name, response.status_code)
    if response.status_code != 200:
        return None
    return html.unescape(response.content.decode())


def _shown(page: str | None, texts: list[str]) -> list[str]:
    return [text for text in texts if page is not None and text in page]


def test_every_read_page_of_the_portal_is_found():
    assert {f"portal:{name}" for name in KNOWN} <= set(PAGES)


@pytest.mark.parametrize("name", PAGES)
def test_the_parent_never_sees_what_is_not_shared(client, file, name):
    page = _page(client, family_account(file.parent), name)
    assert not _shown(page, file.never), name


@pytest.mark.parametrize("name", PAGES)
def test_the_young_person_never_sees_what_is_not_shared_or_not_theirs(client, file, name):
    page = _page(client, family_account(file.young), name)
    assert not _shown(page, file.never + file.not_for_young), name


def test_the_check_would_catch_a_leak(client, file):
    """The same check finds what the parent may see: the texts are really rendered where
    they belong, so their absence elsewhere means something."""
    parent, young = family_account(file.parent), family_account(file.young)
    plan_for_parent = _page(client, parent, "portal:plan")
    assert _shown(plan_for_parent, [realistic.PARENT_GOAL, realistic.SIBLING_GOAL]) == [
        realistic.PARENT_GOAL,
        realistic.SIBLING_GOAL,
    ]
    assert _shown(_page(client, parent, "portal:appointments"), file.not_for_young) == [
        realistic.PARENT_APPOINTMENT
    ]
    assert _shown(_page(client, parent, "portal:meetings"), file.not_for_young) == [
        realistic.PARENT_MINUTES
    ]
    plan_for_young = _page(client, young, "portal:plan")
    assert realistic.FAMILY_GOAL in plan_for_young and realistic.YOUNG_GOAL in plan_for_young
    meetings_for_young = _page(client, young, "portal:meetings")
    assert realistic.SHARED_MINUTES.split(".")[0] in meetings_for_young
    # A shared measurement shows its scores (the domains), never the coach's note.
    scores = _page(client, young, "portal:scores")
    assert "Financiën" in scores or "Financien" in scores
