"""manage.py apply_retention [--dry-run]: destroy files past their retention period."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from spil.rights import retention


class Command(BaseCommand):
    help = "Pas de bewaartermijnen toe: vernietig dossiers en meldingen waarvan de tijd om is."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Toon alleen wat zou verdwijnen, per categorie en aantal; verander niets.",
        )

    def handle(self, *args: Any, dry_run: bool = False, **options: Any) -> None:
        expired = retention.plan()
        if dry_run:
            self.stdout.write(_("Proefdraai: er wordt niets vernietigd."))
            for label, rule, count in retention.summary(expired):
                self.stdout.write(f"{label}: {count} ({rule})")
            return
        logs = retention.apply(actor=None, run_as="commando")
        if not logs:
            self.stdout.write(_("Niets om te vernietigen."))
        for log in logs:
            self.stdout.write(
                _("Vernietigd: %(category)s × %(count)s (%(rule)s)")
                % {"category": log.get_category_display(), "count": log.count, "rule": log.rule}
            )
