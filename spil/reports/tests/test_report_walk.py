"""Every URL of the reports app × every role (issue 15; named by the authorization walk's
WALKED_ELSEWHERE): only the roles with VIEW_AGGREGATES (policy officer, team lead,
meldpunt coordinator) get a 200; everyone else a 404, family accounts included; an
anonymous visitor is sent to the login page. A refused request writes nothing, and no
request answers 500."""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse

from spil.accounts import services as account_services
from spil.accounts.models import Organisation
from spil.accounts.tests.factories import OrganisationFactory, TeamFactory, UserFactory
from spil.core.models import AuditEvent
from spil.core.roles import Role
from spil.core.tests.test_url_walk import walk
from spil.families.tests.factories import make_family
from spil.portal.tests.factories import family_account

pytestmark = pytest.mark.django_db

ALLOWED = {"policy", "team_lead", "coordinator"}
REFUSED = ("coach", "professional", "admin", "superuser", "no_role", "family")
WRITE_SQL = re.compile(r'^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)
QUERIES = ("", "?date_from=2026-01-01&date_to=2026-12-31", "?date_from=morgen&team=geen-uuid")


def _urls() -> list[str]:
    return sorted(
        sample for name, sample in walk(get_resolver().url_patterns) if name.startswith("reports:")
    )


def test_the_walk_sees_every_reports_url():
    assert {
        reverse("reports:dashboard"),
        reverse("reports:export_csv"),
        reverse("reports:export_xlsx"),
        reverse("reports:export_pdf"),
    } <= set(_urls())


def _user(role, organisation, team=None, **extra):
    user = UserFactory(**extra)
    account_services.membership_add(user=user, organisation=organisation, role=role, team=team)
    return user


@pytest.fixture
def users():
    coaching = OrganisationFactory(name="Gezinscoaching", kind=Organisation.Kind.YOUTH_CARE)
    team = TeamFactory(organisation=coaching, name="Noord")
    gemeente = OrganisationFactory(name="Gemeente", kind=Organisation.Kind.MUNICIPALITY)
    meldpunt = OrganisationFactory(name="Meldpunt", kind=Organisation.Kind.MELDPUNT)
    school = OrganisationFactory(name="School", kind=Organisation.Kind.EDUCATION)
    coach = _user(Role.COACH, coaching, team)
    inactive = _user(Role.POLICY, gemeente)
    inactive.is_active = False
    inactive.save(update_fields=["is_active"])
    family = make_family(coach, name="Walkfamilie")
    parent = family.members.get(first_name="Karin")
    return {
        "policy": _user(Role.POLICY, gemeente),
        "team_lead": _user(Role.TEAM_LEAD, coaching, team),
        "coordinator": _user(Role.COORDINATOR, meldpunt),
        "coach": coach,
        "professional": _user(Role.PROFESSIONAL, school),
        "admin": _user(Role.ADMIN, gemeente),
        "superuser": UserFactory(is_superuser=True, is_staff=True),
        "no_role": UserFactory(),
        "inactive_policy": inactive,
        "family": family_account(parent).user,
    }


def _writes(queries) -> list[str]:
    """Rows written, other than the session (the idle timeout refreshes it)."""
    found = [m for q in queries if (m := WRITE_SQL.match(q["sql"]))]
    return [m.group(0) for m in found if m.group(2) != "django_session"]


@pytest.mark.parametrize("role", sorted(ALLOWED))
def test_the_aggregate_roles_open_every_url(users, role):
    client = Client()
    client.force_login(users[role])
    for url in _urls():
        response = client.get(url + QUERIES[1])
        assert response.status_code == 200, (role, url, response.status_code)


@pytest.mark.parametrize("role", REFUSED)
def test_everyone_else_gets_a_404_and_nothing_is_written(users, role):
    client = Client()
    client.force_login(users[role])
    before = AuditEvent.objects.count()
    for url in _urls():
        for query in QUERIES:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url + query)
            assert response.status_code == 404, (role, url + query, response.status_code)
            assert _writes(queries.captured_queries) == [], (role, url + query)
            post = client.post(url + query)
            assert post.status_code in {404, 405}, (role, url, post.status_code)
    assert AuditEvent.objects.count() == before


def test_anonymous_is_sent_to_the_login_page():
    client = Client()
    login = reverse(settings.LOGIN_URL)
    for url in _urls():
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(login), url


def test_a_deactivated_policy_officer_is_logged_out(users):
    """An inactive account is no user: the login page, as for anyone anonymous."""
    client = Client()
    client.force_login(users["inactive_policy"])
    login = reverse(settings.LOGIN_URL)
    before = AuditEvent.objects.count()
    for url in _urls():
        response = client.get(url + QUERIES[1])
        assert response.status_code == 302, url
        assert response["Location"].startswith(login), url
    assert AuditEvent.objects.count() == before


def test_bad_input_on_every_url_is_a_message_never_a_500(users):
    client = Client()
    client.force_login(users["policy"])
    for url in _urls():
        response = client.get(url + QUERIES[2])
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("text/html"), url
        assert b"errorlist" in response.content, url
