from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from spil.directory.models import Programme
from spil.reports import output
from spil.reports.monitoring import monitoring


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            _("'%(value)s' is geen datum; gebruik JJJJ-MM-DD.") % {"value": value}
        ) from None


class Command(BaseCommand):
    help = (
        "Drukt de cijfers van de monitoring af over een periode (dezelfde cijfers als de "
        "pagina /monitoring/, kleine aantallen als <5)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="date_from", required=True, help="JJJJ-MM-DD")
        parser.add_argument("--to", dest="date_to", required=True, help="JJJJ-MM-DD")
        parser.add_argument("--programme", help="Alleen dit programma (naam).")
        parser.add_argument("--format", choices=("text", "json", "csv"), default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        date_from, date_to = _date(options["date_from"]), _date(options["date_to"])
        if date_to < date_from:
            raise CommandError(_("--to ligt vóór --from."))
        programme = None
        if options["programme"]:
            programme = Programme.objects.filter(name__iexact=options["programme"].strip()).first()
            if programme is None:
                raise CommandError(
                    _("Programma '%(name)s' niet gevonden.") % {"name": options["programme"]}
                )
        sections = monitoring(date_from=date_from, date_to=date_to, programme=programme)
        render = {"text": output.as_text, "json": output.as_json, "csv": output.as_csv}
        text = render[options["format"]](
            sections, date_from=date_from, date_to=date_to, programme=programme
        )
        self.stdout.write(text, ending="" if text.endswith("\n") else "\n")
