"""Reading back the XLSX the monitoring writes (the standard library only; the same check
with openpyxl runs where openpyxl is installed)."""

import io
import zipfile
from xml.etree import ElementTree

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def read_xlsx(content: bytes) -> dict[str, list[list[object]]]:
    """Sheet name → rows of values: a number as float/int, a text as str, empty as None."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels}
    sheets: dict[str, list[list[object]]] = {}
    for sheet in workbook.iter(f"{MAIN}sheet"):
        xml = ElementTree.fromstring(archive.read("xl/" + targets[sheet.get(f"{REL}id")]))
        rows: list[list[object]] = []
        for row in xml.iter(f"{MAIN}row"):
            values: list[object] = []
            for cell in row.iter(f"{MAIN}c"):
                if cell.get("t") == "inlineStr":
                    values.append("".join(t.text or "" for t in cell.iter(f"{MAIN}t")))
                else:
                    raw = cell.find(f"{MAIN}v").text
                    number = float(raw)
                    values.append(int(number) if number.is_integer() and "." not in raw else number)
            rows.append(values)
        sheets[sheet.get("name")] = rows
    return sheets
