"""A monitoring table as a server-side SVG bar chart (issue 15).

Pure: `bar_chart(table)` reads one `spil.core.figures.Table` and returns one inline
``<svg>`` (or "" when there is nothing to draw: no numbers, or only zeros). It draws the
column `table.chart_column` as horizontal bars, one per row, each under its label, so long
labels fit at 360 px; a negative value (a mean change) points left from the zero line.
A hidden cell ("<5", "×") gets no bar, only its text: the chart never shows more than the
table. Every text goes through `spil.core.svg.esc`, so a template may print the result with
``|safe``. The root has ``role="img"``, ``aria-label`` and ``<title>``; the table beside it
is the accessible alternative with the same numbers. Only presentation attributes (the CSP allows no
``style``).

Hooks for tests: one ``<g class="bar" data-code="…">`` per row, its ``rect`` (absent for a
hidden or empty cell) and its ``text.value`` holding `Cell.text`.
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from spil.core.figures import TEXT, Cell, Table
from spil.core.svg import esc, tag

INK = "#1b1f24"
MUTED = "#4a5360"
LINE = "#c9d0d8"
BRAND = "#0b5c6b"
FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'

WIDTH = 400.0
VALUE_W = 60.0  # the values, in a column of their own at the right
LABEL_H = 16.0  # each row: its label on a line of its own (long Dutch labels fit at 360 px)
BAR_H = 14.0
ROW_H = LABEL_H + BAR_H + 8.0
TOP, BOTTOM = 4.0, 6.0
LABEL_CHARS = 64


def _truncate(label: str, length: int = LABEL_CHARS) -> str:
    label = " ".join(label.split())
    return label if len(label) <= length else label[: length - 1].rstrip() + "…"


def _number(cell: Cell) -> float | None:
    """The value a bar is drawn for; None for a hidden, empty or non-numeric cell."""
    if cell.hidden or cell.kind == TEXT or cell.value is None:
        return None
    if isinstance(cell.value, (int, float, Decimal)) and not isinstance(cell.value, bool):
        return float(cell.value)
    return None


def bar_chart(table: Table) -> str:
    """The chart of `table`'s `chart_column`; "" when there is no chart to draw."""
    column = table.chart_column
    if column is None or not table.rows:
        return ""
    if any(len(row.cells) <= column for row in table.rows):
        return ""
    values = [_number(row.cells[column]) for row in table.rows]
    drawn = [v for v in values if v is not None]
    if not drawn:
        return ""
    if not any(drawn):
        return ""  # only zeros: the table says it all
    low, high = min(0.0, *drawn), max(0.0, *drawn)
    span = high - low
    x0, x1 = 0.0, WIDTH - VALUE_W
    zero = x0 + (0.0 - low) / span * (x1 - x0)
    height = TOP + ROW_H * len(table.rows) + BOTTOM
    column_label = table.columns[column + 1] if len(table.columns) > column + 1 else ""
    title = (
        _("%(table)s: %(column)s per regel. De tabel ernaast heeft dezelfde cijfers.")
        % {"table": table.label, "column": column_label.lower()}
        if column_label
        else table.label
    )

    parts = [tag("title", esc(title))]
    for index, (row, value) in enumerate(zip(table.rows, values, strict=True)):
        y = TOP + index * ROW_H
        bar_y = y + LABEL_H
        cell = row.cells[column]
        items = [tag("text", esc(_truncate(row.label)), x=x0, y=y + 12.0, fill=INK, font_size="12")]
        if value is not None:
            x = zero + value / span * (x1 - x0)
            left, right = min(zero, x), max(zero, x)
            items.append(
                tag("rect", x=left, y=bar_y, width=max(right - left, 0.0), height=BAR_H, fill=BRAND)
            )
        items.append(
            tag(
                "text",
                esc(cell.text),
                class_="value",
                x=x1 + 8.0,
                y=bar_y + BAR_H - 3.0,
                fill=MUTED if value is None else INK,
                font_size="12",
            )
        )
        parts.append(tag("g", "".join(items), class_="bar", data_code=row.code))
    parts.append(tag("line", x1=zero, y1=TOP + LABEL_H, x2=zero, y2=height - BOTTOM, stroke=LINE))
    return tag(
        "svg",
        "".join(parts),
        xmlns="http://www.w3.org/2000/svg",
        viewBox=f"0 0 {WIDTH:.0f} {height:.0f}",
        width=f"{WIDTH:.0f}",
        height=f"{height:.0f}",
        role="img",
        aria_label=title,
        font_family=FONT,
        class_="chart bar-chart",
        data_table=table.key,
    )
