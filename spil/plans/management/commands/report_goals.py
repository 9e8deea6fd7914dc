import json
from dataclasses import replace
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from spil.directory.models import Programme
from spil.plans.models import Goal
from spil.plans.reporting import Attainment, GoalReport, goal_report

FORMATS = ("text", "json")


class Command(BaseCommand):
    help = (
        "Doelen bereikt per programma over een periode: bereikt, nog mee bezig en anders, "
        "in aantallen en procenten. Telt de doelen uit de nieuwste versie van elk plan "
        "waarvan de statusdatum in de periode valt (of, zolang het doel open is, de "
        "streefdatum)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="date_from", help="Eerste dag, JJJJ-MM-DD.")
        parser.add_argument("--to", dest="date_to", help="Laatste dag (telt mee), JJJJ-MM-DD.")
        parser.add_argument(
            "--format", dest="output_format", default="text", help="text (standaard) of json."
        )
        parser.add_argument("--programme", help="Alleen dit programma (naam).")

    def handle(self, *args: Any, **options: Any) -> None:
        date_from = _date(options["date_from"], "--from")
        date_to = _date(options["date_to"], "--to")
        if date_from > date_to:
            raise CommandError(
                _("De periode klopt niet: --from (%(from)s) ligt na --to (%(to)s).")
                % {"from": date_from.isoformat(), "to": date_to.isoformat()}
            )
        output_format = options["output_format"]
        if output_format not in FORMATS:
            raise CommandError(
                _("Onbekend formaat '%(format)s'. Kies uit: %(choices)s.")
                % {"format": output_format, "choices": ", ".join(FORMATS)}
            )
        report = goal_report(
            goals=_goals(options["programme"]), date_from=date_from, date_to=date_to
        )
        if output_format == "json":
            self.stdout.write(json.dumps(report.to_json_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(as_text(report))


def _date(value: str | None, option: str) -> date:
    if not value:
        raise CommandError(_("Geef %(option)s op, als JJJJ-MM-DD.") % {"option": option})
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(
            _("%(option)s is geen geldige datum: '%(value)s'. Gebruik JJJJ-MM-DD.")
            % {"option": option, "value": value}
        ) from error


def _goals(programme_name: str | None) -> QuerySet[Goal]:
    if not programme_name:
        return Goal.objects.all()
    programme = Programme.objects.filter(name=programme_name).first()
    if programme is None:
        raise CommandError(_("Programma '%(name)s' niet gevonden.") % {"name": programme_name})
    return Goal.objects.filter(version__plan__trajectory__programme=programme)


def _line(row: Attainment, width: int) -> str:
    cells = [
        f"{row.goals:>6}",
        *(f"{s.count:>6} {s.percent:>3}%" for s in (row.reached, row.still_working, row.other)),
    ]
    return f"{row.label:<{width}}  " + "  ".join(cells)


def as_text(report: GoalReport) -> str:
    """The report as a plain Dutch table for the terminal."""
    rows = list(report.programmes)
    if len(rows) != 1:
        rows.append(replace(report.total, programme=_("Totaal")))
    width = max(len(label) for label in [_("Programma"), *(r.label for r in rows)])
    head = (
        f"{_('Programma'):<{width}}  {_('Doelen'):>6}  {_('Bereikt'):>11}  "
        f"{_('Nog mee bezig'):>11}  {_('Anders'):>11}"
    )
    lines = [
        _("Doelen bereikt per programma"),
        _("Periode: %(from)s t/m %(to)s")
        % {
            "from": date_format(report.date_from, "DATE_FORMAT"),
            "to": date_format(report.date_to, "DATE_FORMAT"),
        },
        "",
        head,
        "-" * len(head),
        *(_line(row, width) for row in rows),
    ]
    return "\n".join(lines)
