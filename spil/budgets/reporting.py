"""The work budget on the monitoring page (issue 15): per calendar year in the period and per
purpose category, what was spent, what was recovered from provisions, and the net cost.

    section(date_from=date(2026, 1, 1), date_to=date(2026, 12, 31), team=None) -> Section

Definitions (docs/adr/0017):
- spent: booked spending lines dated in the period (a request waiting for the team lead's
  approval, or refused, is not spent);
- recovered: recoveries received in the period, under the category of the spending they pay
  back ("Op het budget als geheel" when they pay back no one line);
- net: spent − recovered;
- a year is the calendar year of the line's own date (spent on, received on).
Euros describe no family and are never hidden; the number of lines is a count and 1–4 is
shown as "<5" (with secondary suppression of the column), as every count on that page.
Everything is summed in the database: two grouped queries for the tables, one for the budgets.
"""

from collections import defaultdict
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from spil.accounts.models import Membership
from spil.core.figures import (
    COUNT,
    EURO,
    Figure,
    Row,
    Section,
    Table,
    count,
    no_data_note,
    plain,
    suppress_table,
)
from spil.core.roles import Role

from .models import Budget, Category, Recovery, Spending

KEY = "work_budget"
WHOLE_BUDGET = "budget"  # the row of recoveries against the budget as a whole
ZERO = Decimal("0.00")


def _team_q(team: Any, prefix: str) -> Q:
    if team is None:
        return Q()
    coaches = Membership.objects.filter(team=team, role=Role.COACH).values("user_id")
    return Q(**{f"{prefix}team": team}) | Q(**{f"{prefix}coach_id__in": coaches})


def _spent(date_from: date, date_to: date, team: Any) -> QuerySet[Any]:
    return (
        Spending.objects.filter(
            _team_q(team, "budget__"),
            status=Spending.Status.BOOKED,
            spent_on__gte=date_from,
            spent_on__lte=date_to,
        )
        .annotate(year=ExtractYear("spent_on"))
        .values("year", "category")
        .annotate(total=Sum("amount"), lines=Count("id"))
        .order_by()
    )


def _recovered(date_from: date, date_to: date, team: Any) -> QuerySet[Any]:
    return (
        Recovery.objects.filter(
            _team_q(team, "budget__"), received_on__gte=date_from, received_on__lte=date_to
        )
        .annotate(year=ExtractYear("received_on"))
        .values("year", "spending__category")
        .annotate(total=Sum("amount"))
        .order_by()
    )


def _money(value: Any) -> Decimal:
    return Decimal(value or 0).quantize(Decimal("0.01"))


def section(*, date_from: date, date_to: date, team: Any = None) -> Section:
    spent: dict[tuple[int, str], Decimal] = defaultdict(lambda: ZERO)
    lines: dict[tuple[int, str], int] = defaultdict(int)
    recovered: dict[tuple[int, str], Decimal] = defaultdict(lambda: ZERO)
    years: set[int] = set()
    for row in _spent(date_from, date_to, team):
        key = (int(row["year"]), row["category"])
        spent[key] += _money(row["total"])
        lines[key] += row["lines"]
        years.add(key[0])
    for row in _recovered(date_from, date_to, team):
        key = (int(row["year"]), row["spending__category"] or WHOLE_BUDGET)
        recovered[key] += _money(row["total"])
        years.add(key[0])

    tables = tuple(_year_table(year, spent, lines, recovered) for year in sorted(years))
    total_spent = sum(spent.values(), ZERO)
    total_recovered = sum(recovered.values(), ZERO)
    budgets = Budget.objects.filter(
        _team_q(team, ""), year__gte=date_from.year, year__lte=date_to.year
    ).aggregate(total=Sum("amount"))["total"]
    figures = (
        Figure(
            "budgeted_eur",
            _("Werkbudget vastgesteld"),
            plain(_money(budgets), EURO),
            _(
                "De werkbudgetten van coaches en teams voor de kalenderjaren in de periode, "
                "het hele jaarbedrag, ook als de periode een deel van het jaar is."
            ),
        ),
        Figure(
            "spent_eur",
            _("Uitgegeven"),
            plain(total_spent, EURO),
            _(
                "Geboekte uitgaven uit het werkbudget met een datum in de periode. Een uitgave "
                "die op akkoord van de teamleider wacht of is afgewezen, telt niet mee."
            ),
        ),
        Figure(
            "recovered_eur",
            _("Teruggekregen"),
            plain(total_recovered, EURO),
            _(
                "Geld dat in de periode achteraf uit een voorziening (bijv. bijzondere "
                "bijstand, Wmo) terugkwam en het werkbudget aanvulde."
            ),
        ),
        Figure(
            "net_eur",
            _("Netto"),
            plain(total_spent - total_recovered, EURO),
            _("Uitgegeven min teruggekregen: wat het werkbudget per saldo heeft gekost."),
        ),
    )
    return Section(
        key=KEY,
        title=_("Werkbudget van de coaches"),
        figures=figures,
        tables=tables,
        notes=() if years else (no_data_note(),),
    )


def _labels() -> list[tuple[str, str]]:
    return [(c.value, str(c.label)) for c in Category] + [
        (WHOLE_BUDGET, _("Op het budget als geheel"))
    ]


def _year_table(
    year: int,
    spent: dict[tuple[int, str], Decimal],
    lines: dict[tuple[int, str], int],
    recovered: dict[tuple[int, str], Decimal],
) -> Table:
    rows = []
    for code, label in _labels():
        s, r = spent[(year, code)], recovered[(year, code)]
        line_cell = plain(None, COUNT) if code == WHOLE_BUDGET else count(lines[(year, code)])
        rows.append(
            Row(code, label, (line_cell, plain(s, EURO), plain(r, EURO), plain(s - r, EURO)))
        )
    s_total = sum((spent[(year, c)] for c, _label in _labels()), ZERO)
    r_total = sum((recovered[(year, c)] for c, _label in _labels()), ZERO)
    n_total = sum((lines[(year, c)] for c, _label in _labels()), 0)
    total = Row(
        "total",
        _("Totaal"),
        (
            count(n_total),
            plain(s_total, EURO),
            plain(r_total, EURO),
            plain(s_total - r_total, EURO),
        ),
    )
    table = Table(
        key=f"{KEY}_{year}",
        label=_("Werkbudget in %(year)s per soort uitgave") % {"year": year},
        definition=_(
            "Per soort uitgave: het aantal geboekte uitgaven, het bedrag, wat daarvan in het "
            "jaar uit een voorziening terugkwam, en het verschil (netto). Teruggekregen geld "
            "dat niet bij één uitgave hoort, staat op de laatste regel."
        ),
        columns=(
            _("Soort uitgave"),
            _("Aantal uitgaven"),
            _("Uitgegeven"),
            _("Teruggekregen"),
            _("Netto"),
        ),
        column_keys=("lines", "spent_eur", "recovered_eur", "net_eur"),
        rows=tuple(rows),
        total=total,
        chart_column=1,
    )
    return _suppress_counts(table)


def _suppress_counts(table: Table) -> Table:
    """Secondary suppression on the number of lines only: the euros describe no family and
    stay shown (`suppress_table` would hide a whole row)."""
    counts_only = replace(
        table,
        rows=tuple(replace(row, cells=(row.cells[0],)) for row in table.rows),
        total=replace(table.total, cells=(table.total.cells[0],)) if table.total else None,
    )
    suppressed = suppress_table(counts_only, count_columns=(0,))

    def merged(row: Row, counted: Row) -> Row:
        return replace(row, cells=(counted.cells[0], *row.cells[1:]))

    rows = tuple(merged(r, c) for r, c in zip(table.rows, suppressed.rows, strict=True))
    total = (
        merged(table.total, suppressed.total)
        if table.total is not None and suppressed.total is not None
        else table.total
    )
    return replace(table, rows=rows, total=total)
