"""Small numbers never show, and a total never gives a hidden cell away (issue 15)."""

from decimal import Decimal

from django.utils import translation

from spil.core.figures import (
    DAYS,
    EURO,
    MEAN,
    PERCENT,
    Cell,
    Row,
    Table,
    count,
    derived,
    percent,
    suppress_table,
)


def _table(counts: list[int]) -> Table:
    total = sum(counts)
    rows = tuple(
        Row(f"r{i}", f"Rij {i}", (count(n), derived(percent(n, total), PERCENT, n)))
        for i, n in enumerate(counts)
    )
    return Table(
        key="t",
        label="T",
        definition="",
        columns=("Reden", "Aantal", "Procent"),
        column_keys=("count", "percent"),
        rows=rows,
        total=Row("total", "Totaal", (count(total), derived(100.0, PERCENT, total))),
    )


def _texts(table: Table) -> list[str]:
    return [row.cells[0].text for row in table.rows] + [table.total.cells[0].text]


def test_counts_under_five_are_hidden_but_zero_and_five_show():
    assert [count(n).text for n in (0, 1, 4, 5, 12)] == ["0", "<5", "<5", "5", "12"]
    assert count(3).json_value == "<5"
    assert derived(50.0, PERCENT, 3).text == "<5"


def test_one_hidden_cell_hides_the_next_smallest_so_the_total_cannot_give_it_away():
    table = suppress_table(_table([3, 7, 20, 0]))
    assert _texts(table) == ["<5", "×", "20", "0", "30"]
    # the percentage beside a hidden count is hidden with it
    assert [row.cells[1].text for row in table.rows][:2] == ["<5", "×"]
    assert table.rows[1].cells[0].json_value is None


def test_two_hidden_cells_protect_each_other():
    table = suppress_table(_table([3, 2, 20]))
    assert _texts(table) == ["<5", "<5", "20", "25"]


def test_a_hidden_cell_with_only_zeros_beside_it_hides_the_total():
    table = suppress_table(_table([3, 0, 0]))
    assert _texts(table) == ["<5", "0", "0", "<5"]
    table = suppress_table(_table([0, 0, 0]))
    assert _texts(table) == ["0", "0", "0", "0"]


def test_numbers_are_written_the_dutch_way():
    with translation.override("nl"):
        assert Cell(44.45, PERCENT).text == "44,5 %"
        assert Cell(12.0, DAYS).text == "12"
        assert Cell(12.5, DAYS).text == "12,5"
        assert Cell(6.66, MEAN).text == "6,7"
        assert Cell(Decimal("1234.5"), EURO).text == "€ 1234,50"
        assert Cell(None, MEAN).text == "–"
    assert percent(1, 3) == 33.3
    assert percent(0, 0) is None
