"""The bar chart of a monitoring table: pure SVG, the same numbers as the table, nothing
drawn for a hidden cell, every text escaped."""

from dataclasses import replace
from xml.etree import ElementTree

from spil.core.figures import Table, count
from spil.reports.charts import bar_chart

from .dashboard_samples import change_table, closure_table

SVG = "{http://www.w3.org/2000/svg}"


def _bars(svg: str) -> dict[str, ElementTree.Element]:
    root = ElementTree.fromstring(svg)
    return {g.get("data-code"): g for g in root.iter(f"{SVG}g") if g.get("class") == "bar"}


def test_one_bar_per_row_with_the_tables_text_and_a_title():
    table = closure_table()
    svg = bar_chart(table)
    root = ElementTree.fromstring(svg)  # well-formed XML
    assert root.get("role") == "img"
    assert "Afgesloten naar reden" in root.get("aria-label")
    assert root.find(f"{SVG}title").text == root.get("aria-label")
    bars = _bars(svg)
    assert list(bars) == [row.code for row in table.rows]
    for row in table.rows:
        value = bars[row.code].find(f"{SVG}text[@class='value']")
        assert value.text == row.cells[0].text


def test_a_hidden_cell_gets_no_bar_only_its_text():
    bars = _bars(bar_chart(closure_table()))
    # 2 is "<5"; the next smallest (6) is hidden too ("×") so the total cannot give it away
    assert bars["verhuisd"].find(f"{SVG}rect") is None
    assert bars["verhuisd"].find(f"{SVG}text[@class='value']").text == "<5"
    assert bars["gestopt"].find(f"{SVG}rect") is None
    assert bars["gestopt"].find(f"{SVG}text[@class='value']").text == "×"
    assert bars["doelen_bereikt"].find(f"{SVG}rect") is not None


def test_bars_are_as_long_as_their_value_and_a_negative_one_points_left():
    svg = bar_chart(change_table())  # chart_column 1: the mean change, 1,5 and -0,5
    bars = _bars(svg)
    up = bars["financien"].find(f"{SVG}rect")
    down = bars["wonen"].find(f"{SVG}rect")
    assert abs(float(up.get("width")) - 3 * float(down.get("width"))) < 0.5
    # the negative bar ends where the positive one starts (the zero line)
    zero = float(up.get("x"))
    assert abs(float(down.get("x")) + float(down.get("width")) - zero) < 0.2
    assert bars["wonen"].find(f"{SVG}text[@class='value']").text == "-0,5"


def test_texts_are_escaped():
    svg = bar_chart(change_table())
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    ElementTree.fromstring(svg)


def test_no_chart_without_a_chart_column_or_numbers():
    table = closure_table()
    assert bar_chart(Table(**{**table.__dict__, "chart_column": None})) == ""
    assert bar_chart(Table(**{**table.__dict__, "rows": ()})) == ""
    hidden_only = Table(**{**table.__dict__, "rows": table.rows[1:]})
    assert bar_chart(hidden_only) == ""  # only "<5" and "×": nothing to draw
    zeros = Table(
        **{
            **table.__dict__,
            "rows": tuple(replace(r, cells=(count(0), count(0))) for r in table.rows),
        }
    )
    assert bar_chart(zeros) == ""  # only zeros: the table says it all
