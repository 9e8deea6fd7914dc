"""Every URL of /werkbudget/ × every role (issue 15; `spil/core/tests/test_authorization_walk.py`
leaves the namespace "budgets" to this walk).

The table below is written out by hand, not asked of the selectors: a user it names gets the
page (200, or a redirect of a decided line), everyone else a 404 — an anonymous visitor or an
inactive account the way to the login page. GET and an empty POST never answer 500, and a
refused request writes nothing at all (no budget, line, recovery or audit event)."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import get_resolver, reverse

from spil.accounts.tests.factories import UserFactory
from spil.budgets import services
from spil.budgets.models import Budget, Recovery, Spending
from spil.core.models import AuditEvent
from spil.core.tests.test_url_walk import walk

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "coach",
    "backup",
    "other_coach",
    "team_lead",
    "other_team_lead",
    "coordinator",
    "ggz_worker",
    "policy",
    "admin",
    "no_role",
    "inactive",
)
BUDGET_USERS = {"coach", "backup", "other_coach", "team_lead", "other_team_lead"}
LEADS = {"team_lead", "other_team_lead"}
GET_ONLY = {"budgets:home", "budgets:budget"}  # a POST is answered 405, whoever sends it

# (url name, which object) → the roles that get the page.
ALLOWED: dict[tuple[str, str], set[str]] = {
    ("budgets:home", ""): BUDGET_USERS,
    ("budgets:budget_new", ""): LEADS,
    ("budgets:budget", "coach_budget"): {"coach", "team_lead"},
    ("budgets:budget", "team_budget"): {"coach", "backup", "team_lead"},
    ("budgets:budget", "unknown"): set(),
    ("budgets:budget_change", "coach_budget"): {"team_lead"},
    ("budgets:budget_change", "team_budget"): {"team_lead"},
    ("budgets:spending_new", "coach_budget"): {"coach"},
    ("budgets:spending_new", "team_budget"): {"coach", "backup"},
    ("budgets:recovery_new", "coach_budget"): {"coach", "team_lead"},
    ("budgets:recovery_new", "team_budget"): {"coach", "backup", "team_lead"},
    ("budgets:spending_decide", "pending"): {"team_lead"},
    ("budgets:spending_decide", "booked"): {"team_lead"},
    ("budgets:spending_decide", "unknown"): set(),
}


@pytest.fixture
def walk_world(world):
    world.no_role = UserFactory()
    world.inactive = UserFactory(is_active=False)
    world.anonymous = None
    world.team_budget = services.budget_set(
        actor=world.team_lead, team=world.team_a, year=world.year, amount=Decimal("100")
    )
    world.booked = world.spend("5000", family=world.family)
    world.pending = world.spend("10", family=world.family_alone)
    return world


def _objects(world):
    return {
        "": None,
        "coach_budget": world.budget.uuid,
        "team_budget": world.team_budget.uuid,
        "pending": world.pending.uuid,
        "booked": world.booked.uuid,
        "unknown": "00000000-0000-4000-8000-000000000000",
    }


def _rows():
    return (
        Budget.objects.count(),
        Spending.objects.count(),
        Recovery.objects.count(),
        AuditEvent.objects.count(),
        tuple(Budget.objects.values_list("revision", flat=True).order_by("pk")),
        tuple(Spending.objects.values_list("revision", flat=True).order_by("pk")),
    )


def test_the_table_names_every_budgets_url():
    names = {name for name, _ in walk(get_resolver().url_patterns) if name.startswith("budgets:")}
    assert names == {name for name, _obj in ALLOWED}


@pytest.mark.parametrize("role", ROLES)
def test_every_budgets_url_for_every_role(walk_world, role):
    world = walk_world
    objects = _objects(world)
    client = Client()
    user = getattr(world, role)
    if user is not None:
        client.force_login(user)
    for (name, which), allowed in ALLOWED.items():
        kwargs = {"uuid": objects[which]} if which else {}
        url = reverse(name, kwargs=kwargs)
        for method in ("get", "post"):
            before = _rows()
            response = getattr(client, method)(url, {})
            status = response.status_code
            assert status != 500, (role, name, which, method)
            if method == "post" and name in GET_ONLY and role not in ("anonymous", "inactive"):
                assert status == 405, (role, name, which, status)
                assert _rows() == before, (role, name, which, method)
                continue
            if role in allowed:
                assert status in (200, 302), (role, name, which, method, status)
                if status == 302:  # only a decided line sends its reader back to the budget
                    assert (name, which) == ("budgets:spending_decide", "booked")
                continue
            if role in ("anonymous", "inactive"):
                assert status == 302 and reverse("accounts:login") in response["Location"], (
                    role,
                    name,
                    method,
                    status,
                )
            else:
                assert status == 404, (role, name, which, method, status)
            assert _rows() == before, (role, name, which, method)
