"""`manage.py backup OUT`: the database and the stored documents in one archive, encrypted
with SPIL_BACKUP_KEY when set (spil/core/backup.py, docs/operations.md)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from spil.core import backup


class Command(BaseCommand):
    help = (
        "Maakt een back-up van de database en de opgeslagen documenten in één archief "
        "(versleuteld met SPIL_BACKUP_KEY als die is gezet)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", help="Het archief dat wordt geschreven, bijv. spil.tar.gz.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            made = backup.make_backup(Path(options["out"]))
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        for name in made.skipped:
            self.stderr.write(
                _(
                    "Let op: opslag '%(name)s' staat niet op deze schijf (bijv. S3) en zit niet "
                    "in het archief; die heeft een eigen back-up nodig."
                )
                % {"name": name}
            )
        if not made.encrypted:
            self.stderr.write(
                _("Let op: het archief is niet versleuteld (SPIL_BACKUP_KEY is niet gezet).")
            )
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Back-up geschreven naar %(path)s: database, %(files)s bestand(en), "
                    "%(events)s audit-gebeurtenissen%(encrypted)s."
                )
                % {
                    "path": made.path,
                    "files": made.files,
                    "events": made.audit_count,
                    "encrypted": _(", versleuteld") if made.encrypted else "",
                }
            )
        )
