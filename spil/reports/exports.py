"""The monitoring figures as CSV, XLSX and PDF (issue 15): the same `Section`s the page
shows, the same texts ("<5", "×", the decimal comma) and every definition.

Pure functions of the sections and a heading (what the figures are about: period,
programme, team), except `pdf_bytes`, which hands a rendered print page to WeasyPrint.

Layout, shared by CSV and XLSX: a block per section (its title, its figures as
"Cijfer | Waarde | Definitie", then each table: its name, its definition, its column
heads, its rows and total). The CSV puts the blocks under each other; the XLSX gives each
section a sheet of its own. In the XLSX a shown number is a number (with a number format
that prints it as the page does); a hidden one is the text "<5" or "×".

The XLSX is written with openpyxl (ADR 0019).
"""

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from spil.core.figures import COUNT, DAYS, EURO, MEAN, PERCENT, TEXT, Cell, Section, Table


def filename(date_from: date, date_to: date, extension: str) -> str:
    """No names in a file name: only the period."""
    return f"monitoring-{date_from.isoformat()}-{date_to.isoformat()}.{extension}"


@dataclass(frozen=True)
class Label:
    text: str
    bold: bool = False


Item = Label | Cell
Line = list[Item]


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_text(item: Item) -> str:
    """A label that a spreadsheet would read as a formula ("=…", a programme's name typed
    in the admin) is written with a leading apostrophe; numbers ("-0,5") stay as they are."""
    text = item.text
    if isinstance(item, Label) and text.startswith(_FORMULA_START):
        return "'" + text
    return text


def _table_lines(table: Table) -> list[Line]:
    lines: list[Line] = [
        [Label(table.label, bold=True)],
        [Label(_("Definitie")), Label(table.definition)],
        [Label(column, bold=True) for column in table.columns],
    ]
    lines += [[Label(row.label), *row.cells] for row in table.rows]
    if table.total is not None:
        lines.append([Label(table.total.label, bold=True), *table.total.cells])
    return lines


def section_lines(section: Section) -> list[Line]:
    """One section as lines of items: its figures, its tables, its notes."""
    lines: list[Line] = [[Label(section.title, bold=True)]]
    if section.figures:
        lines.append([])
        lines.append(
            [Label(_("Cijfer"), True), Label(_("Waarde"), True), Label(_("Definitie"), True)]
        )
        lines += [[Label(f.label), f.cell, Label(f.definition)] for f in section.figures]
    for table in section.tables:
        lines.append([])
        lines += _table_lines(table)
    if section.notes:
        lines.append([])
        lines.append([Label(_("Toelichting"), bold=True)])
        lines += [[Label(note)] for note in section.notes]
    return lines


def heading_lines(heading: Sequence[tuple[str, str]]) -> list[Line]:
    """What the figures are about: [("Periode", "1 januari 2026 tot en met …"), …]."""
    lines: list[Line] = [[Label(_("Monitoring"), bold=True)]]
    lines += [[Label(name), Label(value)] for name, value in heading]
    return lines


# --- CSV ---------------------------------------------------------------------------------------


def csv_bytes(sections: Sequence[Section], *, heading: Sequence[tuple[str, str]]) -> bytes:
    """Semicolon-separated, UTF-8 with a BOM (so Excel reads it as UTF-8), texts as on the
    page (decimal comma, "<5")."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for line in heading_lines(heading):
        writer.writerow([_csv_text(item) for item in line])
    for section in sections:
        writer.writerow([])
        for line in section_lines(section):
            writer.writerow([_csv_text(item) for item in line])
    return buffer.getvalue().encode("utf-8-sig")


# --- XLSX (openpyxl) ----------------------------------------------------------------------------

# How a shown number is printed in Excel, as the page prints it.
_NUMBER_FORMAT = {
    COUNT: "0",
    PERCENT: '0.0" %"',
    MEAN: "0.0",
    DAYS: "General",
    EURO: '"€ "0.00',
}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NOT_IN_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")


def _sheet_names(titles: Sequence[str]) -> list[str]:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique."""
    names: list[str] = []
    for title in titles:
        base = _NOT_IN_SHEET_NAME.sub(" ", title).strip()[:31] or "Blad"
        name, n = base, 2
        while name.lower() in {existing.lower() for existing in names}:
            suffix = f" {n}"
            name, n = base[: 31 - len(suffix)] + suffix, n + 1
        names.append(name)
    return names


def _write_item(sheet: Any, row: int, column: int, item: Item) -> None:
    cell = sheet.cell(row=row, column=column)
    if isinstance(item, Label):
        # A text is always a string cell: openpyxl would take "=…" for a formula.
        cell.value = _NOT_XML.sub("", item.text)
        cell.data_type = "s"
        cell.font = Font(bold=item.bold)
        return
    value = item.value
    if item.hidden or item.kind == TEXT or value is None:
        cell.value = item.text
        cell.data_type = "s"
        if item.kind != TEXT:
            cell.alignment = Alignment(horizontal="right")
        return
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        cell.value = _NOT_XML.sub("", item.text)
        cell.data_type = "s"
        return
    cell.value = float(value) if isinstance(value, Decimal) else value
    cell.number_format = _NUMBER_FORMAT.get(item.kind, "General")


def xlsx_bytes(sections: Sequence[Section], *, heading: Sequence[tuple[str, str]]) -> bytes:
    """One sheet per section, each starting with the heading (period, programme, team).
    openpyxl writes the workbook (ADR 0019): numbers as numbers with a number format that
    prints them as the page does, hidden cells as the text "<5" or "×"."""
    heading_block = heading_lines(heading)
    sheets = [[*heading_block, [], *section_lines(s)] for s in sections]
    if not sheets:
        sheets = [[*heading_block, [], [Label(_("Geen gegevens in deze periode."))]]]
    names = _sheet_names([s.title for s in sections] or [_("Monitoring")])
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, lines in zip(names, sheets, strict=True):
        sheet = workbook.create_sheet(title=name)
        for r, line in enumerate(lines, start=1):
            for c, item in enumerate(line, start=1):
                _write_item(sheet, r, c, item)
        sheet.column_dimensions["A"].width = 44
        widest = max((len(line) for line in lines), default=1)
        for c in range(2, widest + 1):
            sheet.column_dimensions[get_column_letter(c)].width = 16
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- PDF ---------------------------------------------------------------------------------------


def pdf_bytes(html: str, *, base_url: str) -> bytes:
    """The print page as a tagged PDF (WeasyPrint; imported here so the app starts without it)."""
    from weasyprint import HTML

    pdf: bytes = HTML(string=html, base_url=base_url).write_pdf(pdf_variant="pdf/ua-1")
    return pdf
