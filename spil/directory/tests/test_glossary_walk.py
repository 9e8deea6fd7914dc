"""Every URL of the glossary × every role: the list of terms is for everyone who works with
families or runs the region (every role); a user without a role and a family account get a
404, a visitor the login page. Nobody writes anything through it, GET or POST."""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse

from spil.accounts.services import membership_add
from spil.accounts.tests.factories import OrganisationFactory, UserFactory
from spil.core.roles import Role
from spil.core.tests.test_url_walk import walk
from spil.families.tests.factories import World
from spil.portal.tests.factories import family_account

pytestmark = pytest.mark.django_db

WRITE_SQL = re.compile(r"^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s", re.IGNORECASE)
LOGIN = reverse(settings.LOGIN_URL)
PAGES = {"glossary:list": set(Role)}
WHO = [*Role, "superuser", "no_role", "family", "anonymous"]


def _writes(captured) -> list[str]:
    return [
        q["sql"][:60]
        for q in captured.captured_queries
        if WRITE_SQL.match(q["sql"]) and "django_session" not in q["sql"][:40]
    ]


def test_the_table_names_every_glossary_url():
    names = {name for name, _sample in walk(get_resolver().url_patterns)}
    assert {name for name in names if name.startswith("glossary:")} == set(PAGES)


def _login(client, who):
    if who == "anonymous":
        return
    if who == "superuser":
        user = UserFactory(is_superuser=True, is_staff=True)
    elif who == "no_role":
        user = UserFactory()
    elif who == "family":
        world = World()
        user = family_account(world.parent).user
    else:
        user = UserFactory()
        membership_add(user=user, organisation=OrganisationFactory(), role=who)
    client.force_login(user)


@pytest.mark.parametrize("who", WHO, ids=str)
def test_every_glossary_url_for_every_role(client, who):
    _login(client, who)
    failures = []
    for name, allowed in PAGES.items():
        url = reverse(name)
        for method in ("get", "post"):
            with CaptureQueriesContext(connection) as captured:
                response = getattr(client, method)(url, {})
            status = response.status_code
            label = f"{method.upper()} {name} as {who}: {status}"
            if _writes(captured):
                failures.append(f"{label} wrote {_writes(captured)}")
            if status >= 500:
                failures.append(label)
            elif who == "anonymous":
                if not (status == 302 and response["Location"].startswith(LOGIN)):
                    failures.append(f"LEAK: {label}")
            elif method == "post":
                if status not in (404, 405):  # the list only reads
                    failures.append(label)
            elif who in allowed or who == "superuser":  # a superuser is a beheerder
                if status != 200 or "Verwijsindex" not in response.content.decode():
                    failures.append(f"{label}, expected the list")
            elif status != 404:
                failures.append(f"LEAK: {label}")
    assert not failures, "\n".join(failures)


def test_the_list_shows_each_term_with_its_look_alikes(client):
    user = UserFactory()
    membership_add(user=user, organisation=OrganisationFactory(), role=Role.COACH)
    client.force_login(user)
    page = client.get(reverse("glossary:list")).content.decode()
    assert '<dt id="ketenregie">ketenregie</dt>' in page
    assert "Partners zeggen ook: ketenregisseur" in page
    assert '<a href="#casusregie">casusregie</a>' in page
    # The menu leads there.
    assert f'href="{reverse("glossary:list")}"' in page


def test_the_list_reads_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    user = UserFactory()
    membership_add(user=user, organisation=OrganisationFactory(), role=Role.POLICY)
    client.force_login(user)
    client.get(reverse("glossary:list"))
    with django_assert_max_num_queries(12):
        assert client.get(reverse("glossary:list")).status_code == 200
