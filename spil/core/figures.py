"""The shape of every figure the municipality reads (issue 15): one model for the monitoring
page, its CSV/XLSX/PDF exports and `report_monitoring`, so they can never disagree.

An app that contributes to the monitoring returns `Section`s built from `Figure`s (one
number with its definition) and `Table`s (rows × columns of `Cell`s). The reports app only
collects and renders them; it computes nothing itself.

Privacy (small numbers). A count of families or trajectories between 1 and 4 could point at
a family in a small municipality, so it is never shown: `Cell.text` writes "<5". A value
derived from fewer than 5 (a percentage, a median, a mean) is hidden the same way. And a
total that would let a hidden cell be worked back (total − the other cells) is hidden too:
`suppress_table` applies that secondary suppression, written "×". Suppression happens here,
before anything renders, so the page, every export and the command show the same thing.
"""

from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

SMALL = 5  # counts 1..SMALL-1 are hidden

# How a value is written; the JSON keeps the raw number.
COUNT = "count"
PERCENT = "percent"  # one decimal, "44,5 %"
DAYS = "days"  # one decimal at most, "12,5"
MEAN = "mean"  # one decimal, "6,7" (a grade, a score, a change)
EURO = "euro"  # two decimals, "€ 1234,50"
TEXT = "text"  # a word (a status, a category label), never hidden

HIDDEN_SMALL = "small"
HIDDEN_SECONDARY = "secondary"


@dataclass(frozen=True)
class Cell:
    value: int | float | Decimal | str | None
    kind: str = COUNT
    hidden: str = ""  # "", HIDDEN_SMALL or HIDDEN_SECONDARY

    @property
    def text(self) -> str:
        """The value as the page and the exports print it (Dutch decimal comma)."""
        if self.hidden == HIDDEN_SMALL:
            return "<5"
        if self.hidden == HIDDEN_SECONDARY:
            return "×"
        if self.value is None:
            return "–"
        if self.kind in (COUNT, TEXT):
            return str(self.value)
        if self.kind == EURO:
            return "€ " + number_format(Decimal(self.value).quantize(Decimal("0.01")), 2)
        rounded = Decimal(str(self.value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        shown = number_format(rounded, 1)
        if self.kind == DAYS:
            shown = shown.removesuffix(",0").removesuffix(".0")
        return f"{shown} %" if self.kind == PERCENT else shown

    @property
    def json_value(self) -> Any:
        """The raw number for JSON; a hidden cell is the string "<5" or null."""
        if self.hidden == HIDDEN_SMALL:
            return "<5"
        if self.hidden == HIDDEN_SECONDARY:
            return None
        if isinstance(self.value, Decimal):
            return float(self.value)
        return self.value


@dataclass(frozen=True)
class Figure:
    """One number with its name and how it is defined (the "?" next to it)."""

    key: str  # the JSON key, e.g. "duration_median_days"
    label: str
    cell: Cell
    definition: str


@dataclass(frozen=True)
class Row:
    code: str  # the JSON key of the row (a closure reason's code, a type's code, …)
    label: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    key: str
    label: str
    definition: str
    columns: tuple[str, ...]  # column labels, the first names the rows ("Reden")
    column_keys: tuple[str, ...]  # JSON keys of the value columns ("count", "percent")
    rows: tuple[Row, ...]
    total: Row | None = None
    chart_column: int | None = 0  # which value column the bar chart draws; None: no chart


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    figures: tuple[Figure, ...] = ()
    tables: tuple[Table, ...] = ()
    notes: tuple[str, ...] = field(default=())  # e.g. a list of breakthroughs, no names


# --- Building cells ---------------------------------------------------------------------------


def count(n: int) -> Cell:
    """A count of families or trajectories: 1..4 hidden."""
    return Cell(n, COUNT, HIDDEN_SMALL if 0 < n < SMALL else "")


def derived(value: int | float | Decimal | None, kind: str, base: int) -> Cell:
    """A value computed over `base` families/trajectories (a percentage, a median, a mean):
    hidden when the base is 1..4, as the count would be."""
    return Cell(value, kind, HIDDEN_SMALL if 0 < base < SMALL else "")


def plain(value: int | float | Decimal | str | None, kind: str = COUNT) -> Cell:
    """A value that describes no family (euros of the work budget, a norm): never hidden."""
    return Cell(value, kind)


def percent(part: int, whole: int) -> float | None:
    """part ÷ whole × 100 with one decimal, rounded half up from the exact fraction."""
    if whole == 0:
        return None
    exact = Decimal(part * 100) / Decimal(whole)
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


# --- Secondary suppression ----------------------------------------------------------------------


def suppress_table(table: Table, count_columns: tuple[int, ...] = (0,)) -> Table:
    """Hide what would let a hidden count be worked back, per count column:

    - when exactly one row's count is hidden, the total would give it away (total − the rest):
      the next smallest shown row is hidden as well ("×");
    - when any row's count is hidden and the total is the only other unknown, hidden rows
      stay hidden, so the total is hidden too unless at least two rows are hidden.

    Cells derived from a hidden count in the same row (its percentage) are hidden with it.
    """
    rows = list(table.rows)
    total = table.total
    for column in count_columns:
        hidden = [i for i, row in enumerate(rows) if row.cells[column].hidden]
        if len(hidden) == 1:
            shown = [
                i
                for i, row in enumerate(rows)
                if not row.cells[column].hidden and _amount(row.cells[column]) > 0
            ]
            if shown:
                smallest = min(shown, key=lambda i: _amount(rows[i].cells[column]))
                rows[smallest] = _hide_row(rows[smallest], HIDDEN_SECONDARY)
            elif total is not None:
                total = _hide_row(total, HIDDEN_SECONDARY)
    rows = [_hide_derived(row, count_columns) for row in rows]
    return replace(table, rows=tuple(rows), total=total)


def _amount(cell: Cell) -> float:
    return float(cell.value) if isinstance(cell.value, int | float | Decimal) else 0.0


def _hide_row(row: Row, how: str) -> Row:
    cells = tuple(
        cell if cell.kind == TEXT or cell.hidden else replace(cell, hidden=how)
        for cell in row.cells
    )
    return replace(row, cells=cells)


def _hide_derived(row: Row, count_columns: tuple[int, ...]) -> Row:
    """A row whose count is hidden hides its other numbers too (a percentage gives it away)."""
    how = next((row.cells[c].hidden for c in count_columns if row.cells[c].hidden), "")
    if not how:
        return row
    return _hide_row(row, how)


def no_data_note() -> str:
    return _("Geen gegevens in deze periode.")
