"""manage.py import_offers FILE.csv [--create-organisations] [--dry-run]

Reads a sheet of offers (see `spil.directory.importing`): all lines or none. Errors are
listed per line in Dutch and the command exits with status 1; nothing is written then."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from spil.directory import importing, services


class Command(BaseCommand):
    help = "Importeer aanbod voor de sociale kaart uit een CSV-bestand (puntkomma's, UTF-8)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Het CSV-bestand.")
        parser.add_argument(
            "--create-organisations",
            action="store_true",
            help="Maak onbekende organisaties aan in plaats van de regel te weigeren.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Controleer alleen; schrijf niets."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            text = importing.decode(path.read_bytes())
        except OSError as error:
            raise CommandError(_("Kan %(file)s niet lezen.") % {"file": path}) from error
        except UnicodeDecodeError as error:
            raise CommandError(
                _("%(file)s is geen UTF-8; sla het op als CSV UTF-8.") % {"file": path}
            ) from error
        result = services.offers_import(
            actor=None,
            text=text,
            create_organisations=options["create_organisations"],
            dry_run=options["dry_run"],
        )
        if result.errors:
            for message in result.errors:
                self.stderr.write(message)
            raise CommandError(
                _("Niets geïmporteerd: %(n)s fout(en). Verbeter het bestand en probeer opnieuw.")
                % {"n": len(result.errors)}
            )
        summary = _(
            "%(created)s nieuw, %(updated)s bijgewerkt, %(unchanged)s ongewijzigd; "
            "%(interventions)s nieuwe interventie(s), %(organisations)s nieuwe organisatie(s)."
        ) % {
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "interventions": result.interventions_created,
            "organisations": result.organisations_created,
        }
        if result.dry_run:
            summary = _("Proef, niets geschreven: %(summary)s") % {"summary": summary}
        self.stdout.write(summary)
