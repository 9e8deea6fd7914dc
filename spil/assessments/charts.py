"""Scores over time as server-side SVG: one small panel per domain (or per person), so
nine or thirteen lines never pile up in one plot.

Pure and deterministic: the function receives plain values, never touches the database
and returns one inline ``<svg>`` element. Every text that may come from the database is
XML-escaped (`spil.core.svg`), so a template may print the result with ``|safe``. The
root has ``role="img"`` with ``<title>`` and ``<desc>``; the page always shows the same
numbers as a table beside it. Only presentation attributes are used (no ``<style>``, no script).

Hooks for tests and CSS: ``<g class="panel" data-key="…">`` per panel holding
``path.line`` and one ``circle.point`` per score (``data-column`` = column index,
``data-value`` = the score).
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format

from spil.core.svg import esc, num, tag

INK = "#1b1f24"
MUTED = "#4a5360"
LINE = "#c9d0d8"
BRAND = "#0b5c6b"
FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'

PANEL_W, PANEL_H = 230.0, 140.0
ZOOM = 1.25
LEFT, RIGHT, TOP, BOTTOM = 34.0, 14.0, 30.0, 26.0


@dataclass(frozen=True)
class Column:
    """One moment on the time axis."""

    on: date
    label: str


@dataclass(frozen=True)
class Panel:
    key: str
    label: str
    values: Sequence[int | None]  # one per column; None where nothing was scored


def _truncate(label: str, length: int) -> str:
    label = " ".join(label.split())
    return label if len(label) <= length else label[: length - 1].rstrip() + "…"


def _ticks(low: int, high: int) -> list[int]:
    if high - low <= 6:
        return list(range(low, high + 1))
    middle = (low + high) // 2
    return [low, middle, high]


def _x_positions(columns: Sequence[Column], x0: float, x1: float) -> list[float]:
    """By date when the dates differ, evenly spread otherwise."""
    if len(columns) == 1:
        return [(x0 + x1) / 2]
    first, last = columns[0].on, columns[-1].on
    span = (last - first).days
    if span <= 0:
        step = (x1 - x0) / (len(columns) - 1)
        return [x0 + i * step for i in range(len(columns))]
    return [x0 + (c.on - first).days / span * (x1 - x0) for c in columns]


def _short(on: date) -> str:
    return date_format(on, "SHORT_DATE_FORMAT")


def _panel(
    panel: Panel, columns: Sequence[Column], *, low: int, high: int, origin: tuple[float, float]
) -> str:
    ox, oy = origin
    x0, x1 = ox + LEFT, ox + PANEL_W - RIGHT
    y0, y1 = oy + TOP, oy + PANEL_H - BOTTOM

    def y(value: int) -> float:
        return y1 - (value - low) / (high - low) * (y1 - y0)

    xs = _x_positions(columns, x0 + 6, x1 - 6)
    body = [
        tag(
            "rect",
            x=ox + 2,
            y=oy + 2,
            width=PANEL_W - 4,
            height=PANEL_H - 4,
            fill="#fff",
            stroke=LINE,
            rx="4",
        ),
        tag("text", esc(_truncate(panel.label, 25)), x=ox + 10, y=oy + 19, font_weight="600"),
    ]
    for tick in _ticks(low, high):
        body.append(tag("line", x1=x0, x2=x1, y1=y(tick), y2=y(tick), stroke=LINE))
        body.append(tag("text", str(tick), x=x0 - 6, y=y(tick) + 4, text_anchor="end", fill=MUTED))
    if len(columns) == 1:
        body.append(
            tag("text", esc(_short(columns[0].on)), x=xs[0], y=y1 + 17, text_anchor="middle")
        )
    elif columns:
        first, last = _short(columns[0].on), _short(columns[-1].on)
        body.append(tag("text", esc(first), x=x0, y=y1 + 17, text_anchor="start"))
        body.append(tag("text", esc(last), x=x1, y=y1 + 17, text_anchor="end"))
    # The line breaks where a column has no score.
    runs: list[list[tuple[float, float]]] = [[]]
    for x, value in zip(xs, panel.values, strict=False):
        if value is None:
            runs.append([])
        else:
            runs[-1].append((x, y(value)))
    for run in runs:
        if len(run) > 1:
            d = "M" + " L".join(f"{num(px)} {num(py)}" for px, py in run)
            body.append(
                tag("path", class_="line", d=d, fill="none", stroke=BRAND, stroke_width="2")
            )
    for index, (x, value, column) in enumerate(zip(xs, panel.values, columns, strict=False)):
        if value is None:
            continue
        tip = tag("title", esc(f"{panel.label}, {column.label}: {value}"))
        body.append(
            tag(
                "circle",
                tip,
                class_="point",
                cx=x,
                cy=y(value),
                r="4.5",
                fill=BRAND,
                stroke="#fff",
                stroke_width="1.5",
                data_column=index,
                data_value=value,
            )
        )
    latest = next((v for v in reversed(panel.values) if v is not None), None)
    if latest is not None:
        body.append(
            tag(
                "text",
                str(latest),
                class_="latest",
                x=ox + PANEL_W - 12,
                y=oy + 19,
                text_anchor="end",
                font_weight="700",
                fill=BRAND,
            )
        )
    return tag("g", "".join(body), class_="panel", data_key=panel.key)


def small_multiples(
    *,
    ident: str,
    title: str,
    desc: str,
    low: int,
    high: int,
    columns: Sequence[Column],
    panels: Sequence[Panel],
    per_row: int = 2,
) -> str:
    """One SVG with a small line chart per panel, all on the same scale and time axis."""
    if high <= low:
        raise ValueError("high must be above low")
    per_row = max(1, min(per_row, len(panels) or 1))
    rows = (len(panels) + per_row - 1) // per_row or 1
    width, height = per_row * PANEL_W, rows * PANEL_H
    body = "".join(
        _panel(
            panel,
            columns,
            low=low,
            high=high,
            origin=((i % per_row) * PANEL_W, (i // per_row) * PANEL_H),
        )
        for i, panel in enumerate(panels)
    )
    ident = re.sub(r"[^a-zA-Z0-9_-]", "", ident) or "grafiek"
    head = tag("title", esc(title), id=f"{ident}-title") + tag(
        "desc", esc(desc), id=f"{ident}-desc"
    )
    return tag(
        "svg",
        head + body,
        xmlns="http://www.w3.org/2000/svg",
        viewBox=f"0 0 {num(width)} {num(height)}",
        # A natural size a little above the drawing units; CSS scales it down to fit.
        width=num(width * ZOOM),
        height=num(height * ZOOM),
        role="img",
        aria_labelledby=f"{ident}-title",
        aria_describedby=f"{ident}-desc",
        class_="chart scores-over-time",
        font_family=FONT,
        font_size="12",
        fill=INK,
    )
