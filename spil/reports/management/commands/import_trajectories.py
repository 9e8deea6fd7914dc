from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from spil.reports.importing import ImportRefused, import_trajectories_file


class Command(BaseCommand):
    help = (
        "Importeert de historie van trajecten uit een CSV-bestand (puntkomma, UTF-8) met de "
        "kopregel trajectory_id;programme;type;started_on;closed_on;closure_reason;"
        "extensions;goals_set;goals_reached. Bij één foute regel wordt niets opgeslagen; "
        "hetzelfde bestand twee keer importeren verandert niets."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Het CSV-bestand.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Alleen controleren en laten zien wat er zou gebeuren; niets opslaan.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("Bestand '%(path)s' niet gevonden.") % {"path": path})
        try:
            result = import_trajectories_file(path=path, dry_run=options["dry_run"])
        except ImportRefused as refused:
            for error in refused.errors:
                self.stderr.write(error)
            count = len(refused.errors)
            raise CommandError(
                ngettext(
                    "Niets geïmporteerd: %(count)d fout.",
                    "Niets geïmporteerd: %(count)d fouten.",
                    count,
                )
                % {"count": count}
            ) from None
        numbers = {"created": result.created, "updated": result.updated, "same": result.unchanged}
        if result.dry_run:
            message = _(
                "Proefimport, niets opgeslagen: %(created)d nieuw, %(updated)d gewijzigd, "
                "%(same)d ongewijzigd."
            )
        else:
            message = _(
                "Trajecten geïmporteerd: %(created)d nieuw, %(updated)d gewijzigd, "
                "%(same)d ongewijzigd."
            )
        self.stdout.write(self.style.SUCCESS(message % numbers))
