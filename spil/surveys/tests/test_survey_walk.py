"""Every URL of the survey app × every role (issue 15; named by the authorization walk's
WALKED_ELSEWHERE). Managing (new, edit, send, close) is the policy officer's alone; reading
the list and the results is for everyone who sees aggregates; the public link takes no
login and answers a bad token with a plain 404. A refused user gets a 404 (or the login
page when not logged in), never a 500, and nothing is written — GET or POST."""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, resolve, reverse

from spil.accounts.tests.factories import UserFactory
from spil.core.roles import Role
from spil.core.tests.test_url_walk import walk

from .conftest import make_survey, send, user_with

pytestmark = pytest.mark.django_db

WRITE_SQL = re.compile(r"^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s", re.IGNORECASE)
LOGIN = reverse(settings.LOGIN_URL)
READERS = {Role.POLICY, Role.TEAM_LEAD, Role.COORDINATOR}
MANAGERS = {Role.POLICY}
# Who may open each page: the table this walk holds the app to.
PAGES = {
    "surveys:list": READERS,
    "surveys:detail": READERS,
    "surveys:new": MANAGERS,
    "surveys:edit": MANAGERS,
    "surveys:send": MANAGERS,
    "surveys:close": MANAGERS,
    "surveys:answer": "public",
}
WHO = [*Role, "superuser", "no_role", "anonymous"]


def _urls(survey) -> dict[str, str]:
    urls = {}
    for name, sample in walk(get_resolver().url_patterns):
        if not name.startswith("surveys:"):
            continue
        kwargs = dict(resolve(sample).kwargs)
        if "uuid" in kwargs:
            kwargs["uuid"] = survey.uuid
        if "token" in kwargs:
            kwargs["token"] = "geen-echte-sleutel"
        urls[name] = reverse(name, kwargs=kwargs)
    return urls


def _client_for(client, who):
    if who == "anonymous":
        return client
    if who == "superuser":
        user = UserFactory(is_superuser=True, is_staff=True)
    elif who == "no_role":
        user = UserFactory()
    else:
        user = user_with(who)
    client.force_login(user)
    return client


def _writes(captured) -> list[str]:
    """Rows written, but the session's (the login keeps its session fresh), as the
    authorization walk counts them."""
    return [
        q["sql"][:60]
        for q in captured.captured_queries
        if WRITE_SQL.match(q["sql"]) and "django_session" not in q["sql"][:40]
    ]


@pytest.fixture
def survey(policy):
    survey = make_survey(policy)
    send(survey, policy, [user_with(Role.PROFESSIONAL)])
    survey.refresh_from_db()
    return survey


def test_the_table_names_every_survey_url(survey):
    assert set(_urls(survey)) == set(PAGES)


@pytest.mark.parametrize("who", WHO, ids=str)
def test_every_url_for_every_role(client, survey, who):
    client = _client_for(client, who)
    failures = []
    for name, url in _urls(survey).items():
        allowed = PAGES[name]
        for method in ("get", "post"):
            with CaptureQueriesContext(connection) as captured:
                response = getattr(client, method)(url, {})
            status = response.status_code
            label = f"{method.upper()} {name} as {who}: {status}"
            if status >= 500:
                failures.append(label)
                continue
            if allowed == "public":  # a bad token: a plain Dutch 404 for anyone
                if status != 404 or "Deze link kennen we niet" not in response.content.decode():
                    failures.append(label)
                if _writes(captured):
                    failures.append(f"{label} wrote {_writes(captured)}")
                continue
            if who in allowed:
                if method == "get" and status != 200:
                    failures.append(f"{label}, expected 200")
                continue
            if who == "anonymous":
                refused = status == 302 and response["Location"].startswith(LOGIN)
            else:  # 405: a page that only reads says so before it looks at anything
                refused = status == 404 or (status == 405 and method == "post")
            if not refused:
                failures.append(f"LEAK: {label}")
            if _writes(captured):
                failures.append(f"{label} wrote {_writes(captured)}")
    assert not failures, "\n".join(failures)


def test_an_empty_post_by_the_policy_officer_changes_nothing(client, policy, survey):
    """Allowed, but bad input: a Dutch message, nothing written (the page is shown again)."""
    client.force_login(policy)
    before = survey.revision
    for name in ("surveys:new", "surveys:edit", "surveys:send"):
        url = _urls(survey)[name]
        with CaptureQueriesContext(connection) as captured:
            response = client.post(url, {})
        assert response.status_code == 200, name
        assert "Controleer het formulier" in response.content.decode(), name
        assert not _writes(captured), name
    survey.refresh_from_db()
    assert survey.revision == before
