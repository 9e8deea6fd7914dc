"""The work budget on the monitoring page, checked figure by figure."""

import datetime as dt
from decimal import Decimal

import pytest

from spil.budgets import reporting, services
from spil.core.figures import HIDDEN_SECONDARY, HIDDEN_SMALL

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(world):
    """Last year's ledger of coach (team A), team A and other_coach (team B)."""
    y = world.year - 1
    day = dt.date(y, 6, 1)
    coach_budget = services.budget_set(
        actor=world.team_lead, coach=world.coach, year=y, amount=Decimal("5000")
    )
    team_budget = services.budget_set(
        actor=world.team_lead, team=world.team_a, year=y, amount=Decimal("1000")
    )
    other_budget = services.budget_set(
        actor=world.other_team_lead, coach=world.other_coach, year=y, amount=Decimal("2000")
    )

    def spend(budget, actor, amount, category, on=day):
        return services.spending_record(
            actor=actor,
            budget=budget,
            spent_on=on,
            amount=Decimal(amount),
            category=category,
            purpose="Zonder namen",
        )

    travel = [spend(coach_budget, world.coach, a, "reiskosten") for a in ("10", "20.50", "30")]
    moving = [spend(coach_budget, world.coach, "100", "verhuiskosten") for _ in range(5)]
    spend(team_budget, world.backup, "900", "levensonderhoud")
    pending = spend(team_budget, world.backup, "200", "levensonderhoud")  # past the balance
    refused = spend(team_budget, world.coach, "300", "anders")
    services.spending_decide(actor=world.team_lead, spending=refused, approve=False, reason="Nee")
    for _ in range(6):
        spend(other_budget, world.other_coach, "50", "schulden")
    spend(other_budget, world.other_coach, "25", "kinderopvang_school")
    spend(other_budget, world.other_coach, "99", "schulden", on=dt.date(y - 0, 1, 1))
    services.recovery_record(
        actor=world.coach,
        budget=coach_budget,
        spending=moving[0],
        provision="bijzondere_bijstand",
        received_on=dt.date(y, 9, 1),
        amount=Decimal("80"),
    )
    services.recovery_record(
        actor=world.team_lead,
        budget=team_budget,
        provision="wmo",
        received_on=dt.date(y, 10, 1),
        amount=Decimal("40"),
    )
    services.recovery_record(
        actor=world.coach,
        budget=coach_budget,
        spending=travel[2],
        provision="jeugdwet",
        received_on=world.today.replace(month=1, day=1),
        amount=Decimal("15"),
    )
    assert pending.status == "wacht_op_akkoord"
    return y


def rows(table):
    return {
        row.code: tuple(cell.json_value if not cell.hidden else cell.hidden for cell in row.cells)
        for row in (*table.rows, table.total)
    }


def figures(section):
    return {f.key: f.cell.value for f in section.figures}


def test_one_year_for_everyone(ledger):
    y = ledger
    section = reporting.section(date_from=dt.date(y, 1, 1), date_to=dt.date(y, 12, 31))
    assert section.key == "work_budget"
    assert [t.key for t in section.tables] == [f"work_budget_{y}"]
    (table,) = section.tables
    assert table.column_keys == ("lines", "spent_eur", "recovered_eur", "net_eur")
    assert rows(table) == {
        "reiskosten": (HIDDEN_SMALL, 60.5, 0.0, 60.5),
        "verhuiskosten": (5, 500.0, 80.0, 420.0),
        "levensonderhoud": (HIDDEN_SMALL, 900.0, 0.0, 900.0),  # the pending 200 is not spent
        "schulden": (7, 399.0, 0.0, 399.0),
        "kinderopvang_school": (HIDDEN_SMALL, 25.0, 0.0, 25.0),
        "anders": (0, 0.0, 0.0, 0.0),  # the refused 300 is not spent
        "budget": (None, 0.0, 40.0, -40.0),
        "total": (17, 1884.5, 120.0, 1764.5),
    }
    assert figures(section) == {
        "budgeted_eur": Decimal("8000.00"),
        "spent_eur": Decimal("1884.50"),
        "recovered_eur": Decimal("120.00"),
        "net_eur": Decimal("1764.50"),
    }
    assert section.notes == ()
    shown = {row.code: row.cells[1].text for row in table.rows}
    assert shown["reiskosten"] == "€ 60,50"  # euros are never hidden


def test_a_period_over_two_years_has_a_table_per_year(ledger, world):
    y = ledger
    section = reporting.section(date_from=dt.date(y, 1, 1), date_to=world.today)
    assert [t.key for t in section.tables] == [f"work_budget_{y}", f"work_budget_{y + 1}"]
    this_year = rows(section.tables[1])
    assert this_year["reiskosten"] == (0, 0.0, 15.0, -15.0)
    assert this_year["total"] == (0, 0.0, 15.0, -15.0)
    assert figures(section)["recovered_eur"] == Decimal("135.00")
    # this year's budget of the coach (5000) counts for this year
    assert figures(section)["budgeted_eur"] == Decimal("13000.00")


def test_per_team_with_secondary_suppression_of_the_one_small_count(ledger):
    y = ledger
    section = reporting.section(
        date_from=dt.date(y, 1, 1), date_to=dt.date(y, 12, 31), team=ledger_team_b()
    )
    (table,) = section.tables
    got = rows(table)
    assert got["kinderopvang_school"] == (HIDDEN_SMALL, 25.0, 0.0, 25.0)
    # one hidden count would be worked back from the total: the next smallest is hidden too
    assert got["schulden"] == (HIDDEN_SECONDARY, 399.0, 0.0, 399.0)
    assert got["total"] == (8, 424.0, 0.0, 424.0)
    assert figures(section)["budgeted_eur"] == Decimal("2000.00")
    team_a = reporting.section(
        date_from=dt.date(y, 1, 1), date_to=dt.date(y, 12, 31), team=ledger_team_a()
    )
    assert figures(team_a)["spent_eur"] == Decimal("1460.50")  # 60,50 + 500 + 900
    assert figures(team_a)["budgeted_eur"] == Decimal("6000.00")


def ledger_team_a():
    from spil.accounts.models import Team

    return Team.objects.get(name="A")


def ledger_team_b():
    from spil.accounts.models import Team

    return Team.objects.get(name="B")


def test_no_data_says_so(db):
    section = reporting.section(date_from=dt.date(2020, 1, 1), date_to=dt.date(2020, 12, 31))
    assert section.tables == ()
    assert section.notes == ("Geen gegevens in deze periode.",)
    assert figures(section)["spent_eur"] == Decimal("0.00")


def test_the_section_costs_a_fixed_number_of_queries(ledger, django_assert_num_queries):
    y = ledger
    with django_assert_num_queries(3):
        reporting.section(date_from=dt.date(y, 1, 1), date_to=dt.date(y + 1, 12, 31))
