"""The work budget in the demo (issue 15): coach1 reads their balance with the line for
family Bouali and the recovery; teamlead1 sees Team Zuid's request waiting; a policy officer
has no such page; a second seed changes nothing."""

import html
import io
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from spil.accounts.models import User
from spil.budgets import selectors
from spil.budgets.models import Budget, Recovery, Spending
from spil.demo import portal, region

pytestmark = pytest.mark.django_db


def _user(handle: str) -> User:
    return User.objects.get(email=f"{handle}@{region.DEMO_DOMAIN}")


def _text(response) -> str:
    main = re.search(r"<main\b.*?</main>", response.content.decode(), re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main.group(0))).split())


def test_the_demo_coaches_have_a_budget_this_year(demo_seeded):
    year = timezone.localdate().year
    for handle in ("coach1", "coach2"):
        assert Budget.objects.get(coach=_user(handle), year=year).amount == Decimal("5000.00")
    budget = selectors.budget_of_coach(_user("coach3"), year)
    assert budget is not None and budget.is_team_budget
    assert budget.pending == Decimal("350.00")
    assert "werkbudgetten" in demo_seeded


def test_coach1_sees_the_balance_the_line_for_bouali_and_the_recovery(client, demo_seeded):
    coach1 = _user("coach1")
    bouali = portal.portal_family()
    assert Spending.objects.filter(budget__coach=coach1, family=bouali).count() == 1
    assert Recovery.objects.filter(budget__coach=coach1, provision="bijzondere_bijstand").exists()
    client.force_login(coach1)
    page = _text(client.get(reverse("budgets:home")))
    assert "€ 4787,95" in page  # 5000 − 46,80 − 640 − 85,25 + 560
    assert str(bouali) in page
    assert "Bijzondere bijstand" in page


def test_teamlead1_sees_the_request_of_team_zuid(client, demo_seeded):
    client.force_login(_user("teamlead1"))
    page = _text(client.get(reverse("budgets:home")))
    assert "Wacht op uw akkoord" in page and "€ 350,00" in page
    assert "Team Zuid" in page


def test_the_policy_officer_has_no_budget_page(client, demo_seeded):
    client.force_login(_user("policy1"))
    assert client.get(reverse("budgets:home")).status_code == 404


def test_a_second_seed_changes_nothing(demo_seeded):
    counts = (Budget.objects.count(), Spending.objects.count(), Recovery.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (Budget.objects.count(), Spending.objects.count(), Recovery.objects.count()) == counts
