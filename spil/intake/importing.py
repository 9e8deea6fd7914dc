"""Importing the meldpunt's earlier referrals from a spreadsheet export (CSV).

    result = import_referrals_file(path=path, meldpunt=meldpunt, actor=user)

Every row is checked first; one bad row refuses the whole file (`ImportRefused` carries
every error, each naming its line in the file, the header being line 1). Only a clean
file is stored, in one transaction, with one audit event per referral. Error messages
quote codes, dates and kenmerken only — the import format holds no personal data.
"""

import csv
import io
import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from os import PathLike
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from spil.accounts.models import Organisation, User
from spil.core import audit

from .models import Outcome, Referral

REQUIRED_COLUMNS = (
    "referral_id",
    "received_on",
    "referrer_organisation_kind",
    "decided_on",
    "outcome",
)
HEADER_LINE = 1
_CHUNK = 500
EXTERNAL_ID_MAX_LENGTH = 60  # Referral.external_id; a test keeps the two in step
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DUTCH_DATE = re.compile(r"^(\d{2})-(\d{2})-(\d{4})$")


class ImportRefused(ValidationError):
    """Nothing was stored; `errors` lists every problem found, in Dutch."""

    @property
    def errors(self) -> list[str]:
        return list(self.messages)


@dataclass(frozen=True)
class ImportResult:
    referrals: tuple[Referral, ...]

    @property
    def count(self) -> int:
        return len(self.referrals)


@dataclass(frozen=True)
class _Row:
    """One checked line of the file, ready to become a Referral."""

    line: int
    referral_id: str
    received_on: date
    referrer_organisation_kind: str
    outcome: str
    decided_on: date | None


# --- Public entry points ---------------------------------------------------------------


def import_referrals_file(
    *, path: str | PathLike[str], meldpunt: Organisation, actor: User | None
) -> ImportResult:
    """Import a CSV file from disk."""
    return import_referrals_csv(data=Path(path).read_bytes(), meldpunt=meldpunt, actor=actor)


def import_referrals_csv(
    *, data: bytes | str, meldpunt: Organisation, actor: User | None
) -> ImportResult:
    """Import CSV content (e.g. an uploaded file): UTF-8 with or without BOM, `;` or `,`."""
    text = _decode(data)
    columns, rows = _read_csv(text)
    return _import(columns=columns, rows=rows, meldpunt=meldpunt, actor=actor)


def import_referrals(
    *, rows: Iterable[Mapping[str, str]], meldpunt: Organisation, actor: User | None
) -> ImportResult:
    """Import rows already read (e.g. from a `csv.DictReader`); row 1 is line 2."""
    materialised = [_normalise_keys(row) for row in rows]
    columns = list(materialised[0]) if materialised else []
    numbered = [(index + HEADER_LINE + 1, row) for index, row in enumerate(materialised)]
    return _import(columns=columns, rows=numbered, meldpunt=meldpunt, actor=actor)


def parse_date(value: str) -> date | None:
    """`YYYY-MM-DD` or `DD-MM-YYYY`; None when it is neither or not a real date."""
    value = value.strip()
    iso, dutch = _ISO_DATE.match(value), _DUTCH_DATE.match(value)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        if dutch:
            return date(int(dutch[3]), int(dutch[2]), int(dutch[1]))
    except ValueError:
        return None
    return None


def find_meldpunt(name_or_uuid: str) -> Organisation | None:
    """The meldpunt with this UUID or name (exact, else case-insensitive), if there is one."""
    meldpunten = Organisation.objects.filter(kind=Organisation.Kind.MELDPUNT)
    value = name_or_uuid.strip()
    try:
        return meldpunten.filter(uuid=uuid.UUID(value)).first()
    except ValueError:
        pass
    exact = meldpunten.filter(name=value).first()
    if exact is not None:
        return exact
    matches = list(meldpunten.filter(name__iexact=value)[:2])
    return matches[0] if len(matches) == 1 else None


# --- Reading ---------------------------------------------------------------------------


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


def _sniff_delimiter(header: str) -> str:
    """The delimiter that splits the header into the most columns: `;` or `,`."""
    return ";" if header.count(";") >= header.count(",") else ","


def _read_csv(text: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    header = text.splitlines()[0] if text.strip() else ""
    if not header.strip():
        raise ImportRefused(_("Het bestand is leeg."))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(header))
    columns = [_column_name(name) for name in next(reader)]
    rows: list[tuple[int, dict[str, str]]] = []
    for values in reader:
        if any(value.strip() for value in values):
            rows.append((reader.line_num, dict(zip(columns, values, strict=False))))
    return columns, rows


def _column_name(name: str) -> str:
    return name.strip().lower()


def _normalise_keys(row: Mapping[str, str]) -> dict[str, str]:
    return {_column_name(key): value for key, value in row.items() if isinstance(key, str)}


# --- Checking --------------------------------------------------------------------------

# A problem found: the line it is on (for sorting) and the Dutch message naming that line.
Problem = tuple[int, str]


def _header_problems(columns: Sequence[str]) -> list[Problem]:
    problems = [
        (
            HEADER_LINE,
            _("Regel %(line)d: de kolom '%(column)s' ontbreekt.")
            % {"line": HEADER_LINE, "column": column},
        )
        for column in REQUIRED_COLUMNS
        if column not in columns
    ]
    problems += [
        (
            HEADER_LINE,
            _("Regel %(line)d: de kolom '%(column)s' staat er meer dan één keer in.")
            % {"line": HEADER_LINE, "column": column},
        )
        for column in REQUIRED_COLUMNS
        if columns.count(column) > 1
    ]
    return problems


def _check_rows(
    rows: Iterable[tuple[int, Mapping[str, str]]],
) -> tuple[list[_Row], list[Problem]]:
    checked: list[_Row] = []
    problems: list[Problem] = []
    for line, raw in rows:
        values = {column: (raw.get(column) or "").strip() for column in REQUIRED_COLUMNS}
        row, messages = _check_row(line, values)
        problems += [(line, message) for message in messages]
        if row is not None:
            checked.append(row)
    return checked, problems


def _check_row(line: int, values: Mapping[str, str]) -> tuple[_Row | None, list[str]]:
    errors: list[str] = []
    referral_id = values["referral_id"]
    if not referral_id:
        errors.append(_("Regel %(line)d: 'referral_id' is leeg.") % {"line": line})
    elif len(referral_id) > EXTERNAL_ID_MAX_LENGTH:
        errors.append(
            _("Regel %(line)d: 'referral_id' is langer dan %(max)d tekens.")
            % {"line": line, "max": EXTERNAL_ID_MAX_LENGTH}
        )
    received_on = _check_date(line, "received_on", values["received_on"], errors, required=True)
    decided_on = _check_date(line, "decided_on", values["decided_on"], errors, required=False)
    kind = _check_kind(line, values["referrer_organisation_kind"].lower(), errors)
    outcome = _check_outcome(line, values["outcome"].lower(), errors)
    _check_decision(line, values, outcome, received_on, decided_on, errors)
    if errors or received_on is None or kind is None or outcome is None:
        return None, errors
    return _Row(line, referral_id, received_on, kind, outcome, decided_on), errors


def _check_date(
    line: int, column: str, value: str, errors: list[str], *, required: bool
) -> date | None:
    if not value:
        if required:
            errors.append(
                _("Regel %(line)d: '%(column)s' is leeg.") % {"line": line, "column": column}
            )
        return None
    parsed = parse_date(value)
    if parsed is None:
        errors.append(
            _("Regel %(line)d: '%(column)s' is geen geldige datum: '%(value)s'.")
            % {"line": line, "column": column, "value": value}
        )
    return parsed


def _check_kind(line: int, value: str, errors: list[str]) -> str | None:
    if value in Organisation.Kind.values:
        return value
    if not value:
        errors.append(
            _("Regel %(line)d: '%(column)s' is leeg.")
            % {"line": line, "column": "referrer_organisation_kind"}
        )
    else:
        errors.append(
            _("Regel %(line)d: onbekende soort organisatie '%(value)s'. Kies uit: %(choices)s.")
            % {"line": line, "value": value, "choices": ", ".join(Organisation.Kind.values)}
        )
    return None


def _check_outcome(line: int, value: str, errors: list[str]) -> str | None:
    if not value or value in Outcome.values:
        return value
    errors.append(
        _("Regel %(line)d: onbekende uitkomst '%(value)s'. Kies uit: %(choices)s.")
        % {"line": line, "value": value, "choices": ", ".join(Outcome.values)}
    )
    return None


def _check_decision(
    line: int,
    values: Mapping[str, str],
    outcome: str | None,
    received_on: date | None,
    decided_on: date | None,
    errors: list[str],
) -> None:
    """An open referral has neither outcome nor date; a decided one has both, in order."""
    if outcome == "" and values["decided_on"]:
        errors.append(
            _(
                "Regel %(line)d: 'decided_on' is ingevuld maar 'outcome' is leeg. Laat bij "
                "een open melding beide leeg."
            )
            % {"line": line}
        )
    elif outcome and not values["decided_on"]:
        errors.append(
            _("Regel %(line)d: uitkomst '%(outcome)s' zonder datum in 'decided_on'.")
            % {"line": line, "outcome": outcome}
        )
    if received_on and decided_on and decided_on < received_on:
        errors.append(
            _("Regel %(line)d: 'decided_on' (%(decided)s) ligt vóór 'received_on' (%(received)s).")
            % {
                "line": line,
                "decided": decided_on.isoformat(),
                "received": received_on.isoformat(),
            }
        )


def _duplicate_problems(
    rows: Iterable[tuple[int, Mapping[str, str]]], meldpunt: Organisation
) -> list[Problem]:
    """The same kenmerk twice in the file, or one this meldpunt already has.

    Checked over every line with a kenmerk, also lines with other errors, so one round of
    corrections is enough.
    """
    problems: list[Problem] = []
    first_line: dict[str, int] = {}
    for line, raw in rows:
        referral_id = (raw.get("referral_id") or "").strip()
        if not referral_id:
            continue
        if referral_id not in first_line:
            first_line[referral_id] = line
            continue
        message = _("Regel %(line)d: referral_id '%(id)s' staat ook al op regel %(first)d.") % {
            "line": line,
            "id": referral_id,
            "first": first_line[referral_id],
        }
        problems.append((line, message))
    existing = _already_imported(list(first_line), meldpunt)
    problems += [
        (
            line,
            _("Regel %(line)d: referral_id '%(id)s' is al eerder geïmporteerd voor dit meldpunt.")
            % {"line": line, "id": referral_id},
        )
        for referral_id, line in first_line.items()
        if referral_id in existing
    ]
    return problems


def _already_imported(referral_ids: Sequence[str], meldpunt: Organisation) -> set[str]:
    """The kenmerken this meldpunt already has; asked in chunks to stay under the
    database's limit on query parameters."""
    found: set[str] = set()
    for start in range(0, len(referral_ids), _CHUNK):
        chunk = referral_ids[start : start + _CHUNK]
        found |= set(
            Referral.objects.filter(meldpunt=meldpunt, external_id__in=chunk).values_list(
                "external_id", flat=True
            )
        )
    return found


# --- Storing ---------------------------------------------------------------------------


def _status(outcome: str) -> str:
    if not outcome:
        return Referral.Status.RECEIVED
    if outcome == Outcome.RETURNED_WITH_ADVICE:
        return Referral.Status.RETURNED
    return Referral.Status.DECIDED


def _new_referral(row: _Row, meldpunt: Organisation, actor: User | None) -> Referral:
    return Referral(
        meldpunt=meldpunt,
        external_id=row.referral_id,
        received_on=row.received_on,
        referrer_organisation_kind=row.referrer_organisation_kind,
        outcome=row.outcome,
        decided_on=row.decided_on,
        status=_status(row.outcome),
        entered_by=actor,
    )


def _import(
    *,
    columns: Sequence[str],
    rows: Sequence[tuple[int, Mapping[str, str]]],
    meldpunt: Organisation,
    actor: User | None,
) -> ImportResult:
    if meldpunt.kind != Organisation.Kind.MELDPUNT:
        raise ImportRefused(_("De gekozen organisatie is geen meldpunt."))
    header_problems = _header_problems(columns)
    if header_problems:
        raise ImportRefused([message for _line, message in header_problems])
    if not rows:
        raise ImportRefused(_("Het bestand bevat geen meldingen."))
    checked, problems = _check_rows(rows)
    problems += _duplicate_problems(rows, meldpunt)
    if problems:
        # sorted() is stable: the problems of one line keep the order they were found in.
        ordered = sorted(problems, key=lambda problem: problem[0])
        raise ImportRefused([message for _line, message in ordered])
    return _store(checked, meldpunt, actor)


def _store(rows: Sequence[_Row], meldpunt: Organisation, actor: User | None) -> ImportResult:
    referrals = [_new_referral(row, meldpunt, actor) for row in rows]
    with transaction.atomic():
        Referral.objects.bulk_create(referrals)
        for referral in referrals:
            audit.record(
                actor=actor,
                action="referral.imported",
                obj=referral,
                organisation=meldpunt,
                detail={"source": "csv"},
            )
    return ImportResult(referrals=tuple(referrals))
