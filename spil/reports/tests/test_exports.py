"""The exports as pure functions of the sections: CSV (semicolon, BOM, decimal comma),
XLSX (numbers as numbers, hidden cells as "<5"/"×", definitions), file names."""

import csv
import io
from datetime import date

import openpyxl

from spil.reports import exports

from .dashboard_samples import sections
from .xlsx_reader import read_xlsx

HEADING = [
    ("Periode", "1 januari 2026 tot en met 31 december 2026"),
    ("Programma", "Alle programma's"),
]


def _csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads UTF-8
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_csv_has_every_figure_table_and_definition_as_on_the_page():
    rows = _csv_rows(exports.csv_bytes(sections(), heading=HEADING))
    assert ["Periode", "1 januari 2026 tot en met 31 december 2026"] in rows
    assert ["Gestart", "23", "Trajecten met een startdatum in de periode."] in rows
    assert ["Heropend binnen een jaar", "<5", "Gezinnen die binnen een jaar terugkwamen."] in rows
    assert [
        "Duur (mediaan)",
        "182,5",
        "De middelste duur in dagen van de afgesloten trajecten.",
    ] in rows
    assert [
        "Definitie",
        "Trajecten met een einddatum in de periode, naar reden van afsluiten.",
    ] in rows
    assert ["Reden", "Aantal", "Percentage"] in rows
    assert ["Doelen bereikt", "12", "60,0 %"] in rows
    assert ["Verhuisd", "<5", "<5"] in rows
    assert ["Gestopt op verzoek van het gezin", "×", "×"] in rows
    assert ["Totaal", "20", "100,0 %"] in rows
    assert ["Wonen & huisvesting", "7", "-0,5"] in rows
    assert ["Gemeten met de zelfredzaamheidsmatrix."] in rows


def test_xlsx_one_sheet_per_section_numbers_as_numbers_hidden_as_text():
    book = read_xlsx(exports.xlsx_bytes(sections(), heading=HEADING))
    assert list(book) == ["Trajecten", "Leefgebieden", "Caseload"]
    rows = book["Trajecten"]
    assert rows[0] == ["Monitoring"]
    assert ["Periode", "1 januari 2026 tot en met 31 december 2026"] in rows
    assert ["Gestart", 23, "Trajecten met een startdatum in de periode."] in rows
    assert ["Heropend binnen een jaar", "<5", "Gezinnen die binnen een jaar terugkwamen."] in rows
    assert [
        "Duur (mediaan)",
        182.5,
        "De middelste duur in dagen van de afgesloten trajecten.",
    ] in rows
    assert ["Doelen bereikt", 12, 60.0] in rows
    assert ["Verhuisd", "<5", "<5"] in rows
    assert ["Gestopt op verzoek van het gezin", "×", "×"] in rows
    assert ["Totaal", 20, 100.0] in rows
    assert [
        "Definitie",
        "Trajecten met een einddatum in de periode, naar reden van afsluiten.",
    ] in rows
    assert ["Wonen & huisvesting", 7, -0.5] in book["Leefgebieden"]
    assert ["Opvoeding <script>", "<5", "<5"] in book["Leefgebieden"]
    assert ["A", "open"] in book["Caseload"]


def test_xlsx_text_that_looks_like_a_formula_stays_text():
    book = openpyxl.load_workbook(
        io.BytesIO(exports.xlsx_bytes(sections(), heading=[("Programma", "=1+1")]))
    )
    cell = book.worksheets[0]["B2"]
    assert cell.value == "=1+1" and cell.data_type == "s"


def test_xlsx_sheet_names_follow_excels_rules():
    names = exports._sheet_names(
        ["A/B: een heel lange titel van meer dan 31 tekens", "Trajecten", "trajecten", ""]
    )
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)
    assert len({n.lower() for n in names}) == 4


def test_xlsx_without_sections_still_opens():
    book = read_xlsx(exports.xlsx_bytes([], heading=HEADING))
    assert list(book) == ["Monitoring"]


def test_file_name_names_only_the_period():
    assert exports.filename(date(2026, 1, 1), date(2026, 12, 31), "xlsx") == (
        "monitoring-2026-01-01-2026-12-31.xlsx"
    )


def test_csv_never_starts_a_label_with_a_formula():
    heading = [("Programma", '=HYPERLINK("http://example.test","klik")'), ("Team", "@team")]
    rows = _csv_rows(exports.csv_bytes(sections(), heading=heading))
    assert ["Programma", '\'=HYPERLINK("http://example.test","klik")'] in rows
    assert ["Team", "'@team"] in rows
    assert ["Wonen & huisvesting", "7", "-0,5"] in rows  # a negative number stays a number
