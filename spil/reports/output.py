"""The monitoring's figures as plain text, JSON and CSV (the command `report_monitoring`).

JSON keeps the raw numbers (`Cell.json_value`: a hidden count is "<5", a cell hidden by
secondary suppression is null); text and CSV print what the page prints (`Cell.text`).
"""

import csv
import io
import json
from datetime import date
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from spil.core.figures import Section, Table


def as_dict(
    sections: list[Section], *, date_from: date, date_to: date, programme: Any = None
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "period": {"from": date_from.isoformat(), "to": date_to.isoformat()},
        "programme": programme.name if programme is not None else None,
    }
    for section in sections:
        values: dict[str, Any] = {f.key: f.cell.json_value for f in section.figures}
        for table in section.tables:
            values[table.key] = _table_dict(table)
        data[section.key] = values
    return data


def _table_dict(table: Table) -> dict[str, Any]:
    rows = {
        row.code: {
            key: cell.json_value for key, cell in zip(table.column_keys, row.cells, strict=True)
        }
        for row in table.rows
    }
    if table.total is not None:
        rows["total"] = {
            key: cell.json_value
            for key, cell in zip(table.column_keys, table.total.cells, strict=True)
        }
    return rows


def as_json(sections: list[Section], **period: Any) -> str:
    return json.dumps(as_dict(sections, **period), ensure_ascii=False, indent=2)


def as_text(
    sections: list[Section], *, date_from: date, date_to: date, programme: Any = None
) -> str:
    lines = [
        _("Monitoring %(from)s t/m %(to)s")
        % {"from": date_format(date_from, "DATE_FORMAT"), "to": date_format(date_to, "DATE_FORMAT")}
    ]
    if programme is not None:
        lines.append(_("Programma: %(name)s") % {"name": programme.name})
    for section in sections:
        lines += ["", section.title, "=" * len(section.title)]
        lines += [f"{figure.label}: {figure.cell.text}" for figure in section.figures]
        for table in section.tables:
            lines += ["", table.label, "  " + " | ".join(table.columns)]
            rows = [*table.rows, *([table.total] if table.total else [])]
            lines += [
                "  " + " | ".join([row.label, *(cell.text for cell in row.cells)]) for row in rows
            ]
            if not table.rows:
                lines.append("  " + _("Geen gegevens in deze periode."))
    return "\n".join(lines) + "\n"


def as_csv(sections: list[Section], **period: Any) -> str:
    """One line per value: section;figure or table;row;column;label;value."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["section", "key", "row", "column", "label", "value"])
    for section in sections:
        for figure in section.figures:
            writer.writerow([section.key, figure.key, "", "", figure.label, figure.cell.text])
        for table in section.tables:
            rows = [*table.rows, *([table.total] if table.total else [])]
            for row in rows:
                for key, cell in zip(table.column_keys, row.cells, strict=True):
                    writer.writerow([section.key, table.key, row.code, key, row.label, cell.text])
    return out.getvalue()
