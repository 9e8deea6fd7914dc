"""The pages of /werkbudget/: the coach's balance and lines, the family's name only for those
who may open it, Dutch amounts, bad input answered in Dutch, stale forms refused, and list
pages whose query count does not grow with the ledger."""

import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from spil.budgets import services
from spil.budgets.models import Budget, Recovery, Spending
from spil.core.models import AuditEvent
from spil.directory.models import Programme
from spil.families.tests.factories import make_family
from spil.trajectories.models import Trajectory

pytestmark = pytest.mark.django_db

HOME = reverse("budgets:home")


def text(response) -> str:
    body = response.content.decode()
    main = re.search(r"<main\b.*?</main>", body, re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main.group(0) if main else body)).split())


def login(client, user):
    client.force_login(user)
    return client


def test_the_coach_sees_budget_balance_and_lines(client, world):
    world.spend("12.50", family=world.family)
    page = text(login(client, world.coach).get(HOME))
    assert f"Mijn werkbudget in {world.year}" in page
    assert "€ 5000,00" in page and "€ 4987,50" in page
    assert "Gezin Vos" in page
    assert "Treinkaartje naar familie" in page


def test_a_coach_without_a_budget_is_told_who_sets_it(client, world):
    page = text(login(client, world.other_coach).get(HOME))
    assert "nog geen werkbudget" in page


def test_the_menu_shows_werkbudget_to_coach_and_team_lead_only(client, world):
    for user, shown in ((world.coach, True), (world.team_lead, True), (world.policy, False)):
        body = login(client, user).get(reverse("accounts:start")).content.decode()
        assert (f'href="{HOME}"' in body) is shown


def test_the_family_name_is_shown_only_to_those_who_may_open_the_family(client, world):
    team_budget = services.budget_set(
        actor=world.team_lead, team=world.team_a, year=world.year, amount=Decimal("500")
    )
    world.spend("20", budget=team_budget, family=world.family_alone)
    url = reverse("budgets:budget", kwargs={"uuid": team_budget.uuid})
    # The back-up coach of the team reads the team budget but cannot open family "Alleen".
    page = text(login(client, world.backup).get(url))
    assert "een gezin" in page and "Alleen" not in page
    # The coach and the team lead can open it, and their look is in the family's trail.
    for user in (world.coach, world.team_lead):
        page = text(login(client, user).get(url))
        assert "Gezin Alleen" in page
        assert AuditEvent.objects.filter(
            action="work_budget.line_viewed", actor=user, family_uuid=world.family_alone.uuid
        ).exists()
    assert not AuditEvent.objects.filter(action="work_budget.line_viewed", actor=world.backup)


def test_after_the_trajectory_closes_the_coach_reads_een_gezin(client, world):
    world.spend("20", family=world.family_alone)
    Trajectory.objects.filter(family=world.family_alone).update(closed_on=world.today)
    page = text(login(client, world.coach).get(HOME))
    assert "een gezin" in page and "Alleen" not in page


def test_the_coach_books_a_spending_typed_the_dutch_way(client, world):
    login(client, world.coach)
    url = reverse("budgets:spending_new", kwargs={"uuid": world.budget.uuid})
    make_family(world.other_coach, name="Zuidkant")
    page = client.get(url)
    assert "Gezin Vos" in text(page)  # a family the coach keeps the file of is offered
    assert "Zuidkant" not in text(page)
    response = client.post(
        url,
        {
            "spent_on": world.today.isoformat(),
            "amount": "1.234,56",
            "category": "verhuiskosten",
            "purpose": "Verhuisbus",
            "family": str(world.family.uuid),
        },
    )
    assert response.status_code == 302
    line = Spending.objects.get()
    assert line.amount == Decimal("1234.56") and line.family == world.family
    assert line.status == Spending.Status.BOOKED


def test_a_spending_past_the_balance_is_saved_as_waiting(client, world):
    world.spend("4990")
    login(client, world.coach)
    url = reverse("budgets:spending_new", kwargs={"uuid": world.budget.uuid})
    response = client.post(
        url,
        {
            "spent_on": world.today.isoformat(),
            "amount": "12,50",
            "category": "reiskosten",
            "purpose": "Bus",
        },
        follow=True,
    )
    assert "wacht op akkoord van de teamleider" in text(response)
    assert Spending.objects.filter(status=Spending.Status.PENDING).count() == 1
    # The team lead sees it and approves it.
    login(client, world.team_lead)
    line = Spending.objects.get(status=Spending.Status.PENDING)
    assert "Wacht op akkoord" in text(client.get(HOME))
    decide = reverse("budgets:spending_decide", kwargs={"uuid": line.uuid})
    response = client.post(decide, {"decision": "akkoord", "revision": line.revision})
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.status == Spending.Status.BOOKED


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("0", "groter is dan nul"),
        ("-5", "niet negatief"),
        ("0,00", "groter is dan nul"),
        ("99999999", "te hoog"),
        ("12,345", "twee cijfers achter de komma"),
        ("twaalf", "bijv. 12,50"),
        ("1,2,3", "bijv. 12,50"),
        ("", "verplicht"),
        ("1" * 40, "te lang"),
    ],
)
def test_bad_amounts_get_a_dutch_message_and_nothing_is_saved(client, world, amount, message):
    login(client, world.coach)
    url = reverse("budgets:spending_new", kwargs={"uuid": world.budget.uuid})
    response = client.post(
        url,
        {
            "spent_on": world.today.isoformat(),
            "amount": amount,
            "category": "reiskosten",
            "purpose": "Bus",
        },
    )
    assert response.status_code == 200
    assert message.lower() in text(response).lower()
    assert not Spending.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"spent_on": "9999-99-99"},
        {"spent_on": "0001-01-01"},
        {"category": "cadeau"},
        {"family": "niet-een-uuid"},
        {"family": "00000000-0000-0000-0000-000000000000"},
        {"purpose": "x" * 500},
        {"purpose": ""},
    ],
)
def test_other_bad_input_never_gives_a_500(client, world, data):
    login(client, world.coach)
    url = reverse("budgets:spending_new", kwargs={"uuid": world.budget.uuid})
    post = {
        "spent_on": world.today.isoformat(),
        "amount": "5",
        "category": "reiskosten",
        "purpose": "Bus",
        **data,
    }
    response = client.post(url, post)
    assert response.status_code == 200
    assert not Spending.objects.exists()


def test_the_team_lead_sets_a_budget_with_the_programme_default_filled_in(client, world):
    Programme.objects.create(
        name="VIG", provider=world.coaching, duration="zolang_nodig", work_budget_eur=5000
    )
    login(client, world.team_lead)
    url = reverse("budgets:budget_new")
    page = client.get(url)
    assert "5000,00" in page.content.decode()
    assert world.other_coach.full_name not in text(page)  # team B is not theirs
    response = client.post(
        url, {"holder": f"coach:{world.backup.uuid}", "year": world.year, "amount": "4.500"}
    )
    assert response.status_code == 302
    assert Budget.objects.get(coach=world.backup).amount == Decimal("4500.00")
    response = client.post(
        url, {"holder": f"coach:{world.other_coach.uuid}", "year": world.year, "amount": "1"}
    )
    assert response.status_code == 200 and not Budget.objects.filter(coach=world.other_coach)
    response = client.post(
        url, {"holder": f"coach:{world.backup.uuid}", "year": world.year, "amount": "1"}
    )
    assert "al een budget" in text(response)


def test_the_budget_form_carries_its_revision_and_a_stale_save_is_refused(client, world):
    login(client, world.team_lead)
    url = reverse("budgets:budget_change", kwargs={"uuid": world.budget.uuid})
    form = client.get(url).content.decode()
    revision = re.search(r'name="revision" value="(\d+)"', form).group(1)
    assert client.post(url, {"amount": "4000", "revision": revision}).status_code == 302
    response = client.post(url, {"amount": "6000", "revision": revision})
    assert response.status_code == 200
    assert "Iemand anders heeft dit intussen gewijzigd" in text(response)
    world.budget.refresh_from_db()
    assert world.budget.amount == Decimal("4000.00")


def test_the_decision_form_refuses_without_a_reason_and_after_a_decision(client, world):
    world.spend("5000")
    line = world.spend("10")
    login(client, world.team_lead)
    url = reverse("budgets:spending_decide", kwargs={"uuid": line.uuid})
    response = client.post(url, {"decision": "afwijzen", "reason": "", "revision": line.revision})
    assert "waarom u de uitgave afwijst" in text(response)
    client.post(url, {"decision": "afwijzen", "reason": "Past in Wmo", "revision": line.revision})
    response = client.post(url, {"decision": "akkoord", "revision": line.revision})
    assert response.status_code == 200
    line.refresh_from_db()
    assert line.status == Spending.Status.REFUSED


def test_a_recovery_from_the_page(client, world):
    line = world.spend("100", family=world.family)
    login(client, world.coach)
    url = reverse("budgets:recovery_new", kwargs={"uuid": world.budget.uuid})
    response = client.post(
        url,
        {
            "received_on": world.today.isoformat(),
            "amount": "75,25",
            "provision": "wmo",
            "spending": str(line.uuid),
        },
    )
    assert response.status_code == 302
    assert Recovery.objects.get().amount == Decimal("75.25")
    page = text(client.get(HOME))
    assert "€ 4975,25" in page  # 5000 − 100 + 75,25


def test_the_pages_do_not_query_more_with_more_lines(client, world, django_assert_max_num_queries):
    def fill(n):
        for i in range(n):
            line = world.spend("1", family=world.family if i % 2 else world.family_alone)
            services.recovery_record(
                actor=world.coach,
                budget=world.budget,
                spending=line,
                provision="wmo",
                received_on=world.today,
                amount=Decimal("1"),
            )
        team = Budget.objects.filter(team=world.team_a).first() or services.budget_set(
            actor=world.team_lead, team=world.team_a, year=world.year, amount=Decimal("1")
        )
        world.spend("2", budget=team, family=world.family)  # past the balance: pending

    fill(2)
    pages = [
        (world.coach, HOME),
        (world.team_lead, HOME),
        (world.coach, reverse("budgets:budget", kwargs={"uuid": world.budget.uuid})),
    ]
    counts = {}
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for user, url in pages:
        login(client, user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts[(user.pk, url)] = len(queries)
    fill(15)
    for user, url in pages:
        login(client, user)
        with django_assert_max_num_queries(counts[(user.pk, url)]):
            assert client.get(url).status_code == 200
