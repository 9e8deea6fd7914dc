"""Importing a municipality's history of trajectories from a spreadsheet (issue 15, part 2).

    result = import_trajectories_file(path=path, dry_run=False, actor=None)

The file: semicolon-separated, UTF-8 with or without BOM, a header line with

    trajectory_id;programme;type;started_on;closed_on;closure_reason;extensions;goals_set;goals_reached

`programme` by name; `type` (Trajectory.Type) and `closure_reason` (Closure.Reason) by code
or by Dutch label; dates ISO (2024-03-01) or dd-mm-jjjj (01-03-2024); `closed_on` and
`closure_reason` both empty for a running trajectory; the counts empty or whole numbers.

Every row is checked first; one bad row refuses the whole file (`ImportRefused` lists every
problem with its line number, the header being line 1, in Dutch). A clean file becomes
`TrajectoryRecord`s (anonymous facts, no family) in one transaction: a new `trajectory_id`
is created, a known one is updated when the sheet says something else, and left alone when
it says the same — importing the same file twice changes nothing.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date
from os import PathLike
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spil.core import audit
from spil.directory.models import Programme
from spil.intake.importing import parse_date
from spil.trajectories.models import Closure, Trajectory

from .facts import frame_end
from .models import TrajectoryRecord

COLUMNS = (
    "trajectory_id",
    "programme",
    "type",
    "started_on",
    "closed_on",
    "closure_reason",
    "extensions",
    "goals_set",
    "goals_reached",
)
HEADER_LINE = 1
ID_MAX_LENGTH = 60  # TrajectoryRecord.external_id
COUNT_MAX = 10_000
FACT_FIELDS = (
    "programme_id",
    "trajectory_type",
    "started_on",
    "closed_on",
    "closure_reason",
    "duration_days",
    "frame_end",
    "extensions",
    "goals_set",
    "goals_reached",
)


class ImportRefused(ValidationError):
    """Nothing was stored; `errors` lists every problem found, in Dutch."""

    @property
    def errors(self) -> list[str]:
        return list(self.messages)


@dataclass(frozen=True)
class ImportResult:
    rows: int
    created: int
    updated: int
    unchanged: int
    dry_run: bool


def import_trajectories_file(
    *, path: str | PathLike[str], dry_run: bool = False, actor: Any = None
) -> ImportResult:
    return import_trajectories_csv(data=Path(path).read_bytes(), dry_run=dry_run, actor=actor)


def import_trajectories_csv(
    *, data: bytes | str, dry_run: bool = False, actor: Any = None
) -> ImportResult:
    rows = _check(_read(_decode(data)))
    existing = {
        r.external_id: r
        for r in TrajectoryRecord.objects.filter(
            source=TrajectoryRecord.Source.IMPORT, external_id__in=[f["external_id"] for f in rows]
        )
    }
    new: list[TrajectoryRecord] = []
    changed: list[TrajectoryRecord] = []
    for facts in rows:
        record = existing.get(facts["external_id"])
        if record is None:
            new.append(TrajectoryRecord(source=TrajectoryRecord.Source.IMPORT, **facts))
        elif any(getattr(record, name) != facts[name] for name in FACT_FIELDS):
            for name in FACT_FIELDS:
                setattr(record, name, facts[name])
            record.revision += 1
            record.updated_at = timezone.now()
            changed.append(record)
    result = ImportResult(
        rows=len(rows),
        created=len(new),
        updated=len(changed),
        unchanged=len(rows) - len(new) - len(changed),
        dry_run=dry_run,
    )
    if dry_run:
        return result
    with transaction.atomic():
        TrajectoryRecord.objects.bulk_create(new, batch_size=500)
        TrajectoryRecord.objects.bulk_update(
            changed, [*FACT_FIELDS, "revision", "updated_at"], batch_size=500
        )
        if new or changed:
            audit.record(
                actor=actor,
                action="reports.history_imported",
                detail={"created": result.created, "updated": result.updated},
            )
    return result


# --- Reading ---------------------------------------------------------------------------------


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRefused(
            _(
                "Het bestand is geen UTF-8. Sla het in het spreadsheetprogramma op als "
                "'CSV UTF-8' en probeer het opnieuw."
            )
        ) from error


def _read(text: str) -> list[tuple[int, dict[str, str]]]:
    if not text.strip():
        raise ImportRefused(_("Het bestand is leeg."))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    columns = [name.strip().lower() for name in next(reader)]
    problems = [
        _("Regel %(line)d: de kolom '%(column)s' ontbreekt.")
        % {"line": HEADER_LINE, "column": column}
        for column in COLUMNS
        if column not in columns
    ]
    problems += [
        _("Regel %(line)d: de kolom '%(column)s' staat er meer dan één keer in.")
        % {"line": HEADER_LINE, "column": column}
        for column in COLUMNS
        if columns.count(column) > 1
    ]
    if len(columns) == 1 and "," in columns[0]:
        problems = [
            _(
                "Regel %(line)d: de kolommen worden gescheiden door een komma; gebruik een "
                "puntkomma (;)."
            )
            % {"line": HEADER_LINE}
        ]
    if problems:
        raise ImportRefused(problems)
    rows = []
    for values in reader:
        if any(value.strip() for value in values):
            raw = dict(zip(columns, values, strict=False))
            rows.append((reader.line_num, {c: (raw.get(c) or "").strip() for c in COLUMNS}))
    if not rows:
        raise ImportRefused(_("Het bestand bevat alleen een kopregel, geen trajecten."))
    return rows


# --- Checking --------------------------------------------------------------------------------


def _lookup(choices: list[tuple[str, Any]]) -> dict[str, str]:
    """Code or Dutch label (any case) → code."""
    table: dict[str, str] = {}
    for code, label in choices:
        table[code.lower()] = code
        table[str(label).lower()] = code
    return table


def _check(rows: list[tuple[int, dict[str, str]]]) -> list[dict[str, Any]]:
    programmes = {p.name.lower(): p for p in Programme.objects.all()}
    types = _lookup(Trajectory.Type.choices)
    reasons = _lookup(Closure.Reason.choices)
    today = timezone.localdate()
    seen: dict[str, int] = {}
    problems: list[str] = []
    checked: list[dict[str, Any]] = []
    for line, values in rows:
        errors: list[str] = []

        def error(message: str, **params: Any) -> None:
            errors.append(_("Regel %(line)d: ") % {"line": line} + message % params)  # noqa: B023

        external_id = values["trajectory_id"]
        if not external_id:
            error(_("'trajectory_id' is leeg."))
        elif len(external_id) > ID_MAX_LENGTH:
            error(_("'trajectory_id' is langer dan %(max)d tekens."), max=ID_MAX_LENGTH)
        elif external_id in seen:
            error(
                _("trajectory_id '%(id)s' staat ook al op regel %(other)d."),
                id=external_id,
                other=seen[external_id],
            )
        else:
            seen[external_id] = line

        programme = None
        if not values["programme"]:
            error(_("'programme' is leeg."))
        else:
            programme = programmes.get(values["programme"].lower())
            if programme is None:
                error(_("programma '%(name)s' bestaat niet in Spil."), name=values["programme"])

        trajectory_type = ""
        if values["type"]:
            trajectory_type = types.get(values["type"].lower(), "")
            if not trajectory_type:
                error(
                    _("'%(value)s' is geen soort traject; kies uit: %(codes)s."),
                    value=values["type"],
                    codes=", ".join(Trajectory.Type.values),
                )

        started_on = _date(values["started_on"], "started_on", error, required=True)
        closed_on = _date(values["closed_on"], "closed_on", error, required=False)
        if started_on and started_on > today:
            error(_("'started_on' ligt in de toekomst."))
        if closed_on and closed_on > today:
            error(_("'closed_on' ligt in de toekomst."))
        if started_on and closed_on and closed_on < started_on:
            error(_("'closed_on' ligt vóór 'started_on'."))

        reason = ""
        if values["closure_reason"]:
            reason = reasons.get(values["closure_reason"].lower(), "")
            if not reason:
                error(
                    _("'%(value)s' is geen reden van afsluiten; kies uit: %(codes)s."),
                    value=values["closure_reason"],
                    codes=", ".join(Closure.Reason.values),
                )
            elif not values["closed_on"]:
                error(_("'closure_reason' is ingevuld maar 'closed_on' is leeg."))
        elif values["closed_on"]:
            error(_("'closed_on' is ingevuld maar 'closure_reason' is leeg."))

        counts = {
            column: _count(values[column], column, error)
            for column in ("extensions", "goals_set", "goals_reached")
        }
        if (
            counts["goals_set"] is not None
            and counts["goals_reached"] is not None
            and counts["goals_reached"] > counts["goals_set"]
        ):
            error(_("'goals_reached' is groter dan 'goals_set'."))

        problems += errors
        if not errors and started_on is not None:
            checked.append(
                {
                    "external_id": external_id,
                    "programme_id": programme.id if programme else None,
                    "trajectory_type": trajectory_type,
                    "started_on": started_on,
                    "closed_on": closed_on,
                    "closure_reason": reason,
                    "duration_days": (closed_on - started_on).days if closed_on else None,
                    "frame_end": frame_end(programme, started_on),
                    "extensions": counts["extensions"] or 0,
                    "goals_set": counts["goals_set"] or 0,
                    "goals_reached": counts["goals_reached"] or 0,
                }
            )
    if problems:
        raise ImportRefused(problems)
    return checked


def _date(value: str, column: str, error: Any, *, required: bool) -> date | None:
    if not value:
        if required:
            error(_("'%(column)s' is leeg."), column=column)
        return None
    parsed = parse_date(value)
    if parsed is None:
        error(
            _(
                "'%(column)s' is geen geldige datum: '%(value)s' "
                "(gebruik jjjj-mm-dd of dd-mm-jjjj)."
            ),
            column=column,
            value=value,
        )
    return parsed


def _count(value: str, column: str, error: Any) -> int | None:
    if not value:
        return 0
    if not value.isdigit() or int(value) > COUNT_MAX:
        error(
            _("'%(column)s' moet een heel getal van 0 tot %(max)d zijn, niet '%(value)s'."),
            column=column,
            max=COUNT_MAX,
            value=value,
        )
        return None
    return int(value)
