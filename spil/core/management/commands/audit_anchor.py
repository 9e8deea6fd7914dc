import json
from dataclasses import asdict
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from spil.core import audit

from .audit_verify import verify_and_anchor


class Command(BaseCommand):
    help = (
        "Dagelijks draaien: controleert de audit-trail en legt de kop van de keten vast in "
        "het ankerbestand buiten de database (SPIL_AUDIT_ANCHOR_PATH). Exit 1 als de keten "
        "niet klopt; dan wordt niets vastgelegd."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        anchor = verify_and_anchor(self, anchor=True)
        if anchor is not None:
            # A copy on stdout: cron mail or the log collector keeps a second record.
            self.stdout.write(
                _("Anker: %(line)s") % {"line": json.dumps(asdict(anchor), sort_keys=True)}
            )
            path = audit.anchor_path()
            if path is not None:
                self.stdout.write(_("Vastgelegd in %(path)s.") % {"path": path})
