import json
from dataclasses import asdict
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from spil.core import audit

from .audit_verify import verify_and_anchor


class Command(BaseCommand):
    help = (
        "Dagelijks draaien (of als taak, zie docs/deployment.md): verzegelt de koppen van "
        "de gezinsketens in de globale keten, controleert de audit-trail en legt de kop van "
        "de globale keten vast in het ankerbestand buiten de database "
        "(SPIL_AUDIT_ANCHOR_PATH). Exit 1 als een keten niet klopt; dan wordt niets "
        "vastgelegd."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--full",
            action="store_true",
            help="Alle gezinsketens verzegelen, niet alleen de veranderde.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sealed = audit.seal(full=options["full"])
        if sealed:
            chains = sum(len(entry.detail["heads"]) for entry in sealed)
            self.stdout.write(_("Verzegeld: %(chains)s gezinsketens.") % {"chains": chains})
        anchor = verify_and_anchor(self, anchor=True)
        if anchor is not None:
            # A copy on stdout: cron mail or the log collector keeps a second record.
            self.stdout.write(
                _("Anker: %(line)s") % {"line": json.dumps(asdict(anchor), sort_keys=True)}
            )
            path = audit.anchor_path()
            if path is not None:
                self.stdout.write(_("Vastgelegd in %(path)s.") % {"path": path})
