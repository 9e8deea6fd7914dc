"""The monitoring figures as CSV, XLSX and PDF (issue 15): the same `Section`s the page
shows, the same texts ("<5", "×", the decimal comma) and every definition.

Pure functions of the sections and a heading (what the figures are about: period,
programme, team), except `pdf_bytes`, which hands a rendered print page to WeasyPrint.

Layout, shared by CSV and XLSX: a block per section (its title, its figures as
"Cijfer | Waarde | Definitie", then each table: its name, its definition, its column
heads, its rows and total). The CSV puts the blocks under each other; the XLSX gives each
section a sheet of its own. In the XLSX a shown number is a number (with a number format
that prints it as the page does); a hidden one is the text "<5" or "×".

The XLSX is written with the standard library (zip + SpreadsheetML): openpyxl is not in
the project's environment (see ADR 0019).
"""

import csv
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

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


# --- XLSX (SpreadsheetML by hand) ---------------------------------------------------------------

# Styles (cellXfs indexes in _STYLES)
NORMAL, BOLD, INTEGER, PERCENT_STYLE, DECIMAL, EURO_STYLE, GENERAL, RIGHT = range(8)
_NUMBER_STYLE = {
    COUNT: INTEGER,
    PERCENT: PERCENT_STYLE,
    MEAN: DECIMAL,
    DAYS: GENERAL,
    EURO: EURO_STYLE,
}
_FORMATS = (  # numFmtId → format code (164 and up are a workbook's own)
    (164, '0.0" %"'),
    (165, "0.0"),
    (166, '"€ "0.00'),
)
# (numFmtId, fontId, horizontal alignment) per style, in the order of the constants above
_XFS = (
    (0, 0, ""),
    (0, 1, ""),
    (1, 0, ""),
    (164, 0, ""),
    (165, 0, ""),
    (166, 0, ""),
    (0, 0, ""),
    (0, 0, "right"),
)


def _styles() -> str:
    formats = "".join(
        f'<numFmt numFmtId="{i}" formatCode="{escape(code, {chr(34): "&quot;"})}"/>'
        for i, code in _FORMATS
    )
    xfs = []
    for number, font, align in _XFS:
        attributes = f'numFmtId="{number}" fontId="{font}" fillId="0" borderId="0" xfId="0"'
        if number:
            attributes += ' applyNumberFormat="1"'
        if font:
            attributes += ' applyFont="1"'
        if align:
            xfs.append(
                f'<xf {attributes} applyAlignment="1"><alignment horizontal="{align}"/></xf>'
            )
        else:
            xfs.append(f"<xf {attributes}/>")
    font_xml = '<font>{}<sz val="11"/><name val="Calibri"/></font>'
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f"<styleSheet {_NS}>"
        f'<numFmts count="{len(_FORMATS)}">{formats}</numFmts>'
        f'<fonts count="2">{font_xml.format("")}{font_xml.format("<b/>")}</fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1">'
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )


_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NOT_IN_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")


def _column(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _string(ref: str, text: str, style: int) -> str:
    clean = escape(_NOT_XML.sub("", text))
    return (
        f'<c r="{ref}" s="{style}" t="inlineStr"><is><t xml:space="preserve">{clean}</t></is></c>'
    )


def _xlsx_cell(ref: str, item: Item) -> str:
    if isinstance(item, Label):
        return _string(ref, item.text, BOLD if item.bold else NORMAL)
    value = item.value
    if item.hidden or item.kind == TEXT or value is None:
        return _string(ref, item.text, RIGHT if item.kind != TEXT else NORMAL)
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return _string(ref, item.text, NORMAL)
    number = format(Decimal(str(value)).normalize(), "f")
    return f'<c r="{ref}" s="{_NUMBER_STYLE.get(item.kind, GENERAL)}"><v>{number}</v></c>'


def _sheet_xml(lines: Sequence[Line]) -> str:
    rows = []
    for r, line in enumerate(lines, start=1):
        cells = "".join(_xlsx_cell(f"{_column(c)}{r}", item) for c, item in enumerate(line))
        rows.append(f'<row r="{r}">{cells}</row>')
    widest = max((len(line) for line in lines), default=1)
    cols = '<col min="1" max="1" width="44" customWidth="1"/>'
    if widest > 1:
        cols += f'<col min="2" max="{widest}" width="16" customWidth="1"/>'
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f"<worksheet {_NS}><cols>{cols}</cols><sheetData>{''.join(rows)}</sheetData></worksheet>"
    )


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


def xlsx_bytes(sections: Sequence[Section], *, heading: Sequence[tuple[str, str]]) -> bytes:
    """One sheet per section, each starting with the heading (period, programme, team)."""
    heading_block = heading_lines(heading)
    sheets = [[*heading_block, [], *section_lines(s)] for s in sections]
    if not sheets:
        sheets = [[*heading_block, [], [Label(_("Geen gegevens in deze periode."))]]]
    names = _sheet_names([s.title for s in sections] or [_("Monitoring")])

    workbook_sheets = "".join(
        f'<sheet name="{escape(name, {chr(34): "&quot;"})}" sheetId="{i}" r:id="rId{i}"/>'
        for i, name in enumerate(names, start=1)
    )
    workbook = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<workbook {_NS} xmlns:r="{_REL_NS}"><sheets>{workbook_sheets}</sheets></workbook>'
    )
    sheet_rels = "".join(
        f'<Relationship Id="rId{i}" Type="{_REL_NS}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(names) + 1)
    )
    styles_id = len(names) + 1
    workbook_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f"{sheet_rels}"
        f'<Relationship Id="rId{styles_id}" Type="{_REL_NS}/styles" Target="styles.xml"/>'
        "</Relationships>"
    )
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(names) + 1)
    )
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        f"{overrides}</Types>"
    )
    root_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", root_rels)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", workbook_rels)
        archive.writestr("xl/styles.xml", _styles())
        for i, lines in enumerate(sheets, start=1):
            archive.writestr(f"xl/worksheets/sheet{i}.xml", _sheet_xml(lines))
    return buffer.getvalue()


# --- PDF ---------------------------------------------------------------------------------------


def pdf_bytes(html: str, *, base_url: str) -> bytes:
    """The print page as a tagged PDF (WeasyPrint; imported here so the app starts without it)."""
    from weasyprint import HTML

    pdf: bytes = HTML(string=html, base_url=base_url).write_pdf(pdf_variant="pdf/ua-1")
    return pdf
