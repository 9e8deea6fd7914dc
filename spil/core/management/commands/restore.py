"""`manage.py restore IN`: put a backup back — the database and the stored documents — and
check the audit trail afterwards (spil/core/backup.py, docs/operations.md)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from spil.core import backup


class Command(BaseCommand):
    help = (
        "Herstelt een back-up: vervangt de database en de opgeslagen documenten door die uit "
        "het archief en controleert daarna de audit-trail."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", metavar="IN", help="Het archief van `manage.py backup`.")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Niet vragen om te bevestigen.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["archive"])
        if options["interactive"]:
            try:
                answer = input(
                    _(
                        "Dit vervangt ALLE gegevens en documenten van deze installatie door die "
                        "uit %(path)s. Typ 'ja' om door te gaan: "
                    )
                    % {"path": path}
                )
            except EOFError:  # no one to ask (a script, cron): say how, change nothing
                answer = ""
                self.stderr.write(_("Geen antwoord gekregen; zonder vraag: --noinput."))
            if answer.strip().lower() != "ja":
                raise CommandError(_("Niets hersteld."))
        try:
            restored = backup.restore_backup(path)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        verdict, saved = restored.verdict, restored.manifest["audit"]
        if verdict.breaks:
            first = verdict.breaks[0]
            raise CommandError(
                _(
                    "Hersteld, maar de audit-keten is gebroken bij gebeurtenis %(uuid)s "
                    "(id %(id)s). Onderzoek dit voordat Spil weer open gaat."
                )
                % {"uuid": first.event_uuid, "id": first.event_id}
            )
        now = backup.audit_state()
        if backup.audit_differs(saved, now):
            raise CommandError(
                _(
                    "Hersteld, maar de audit-keten eindigt anders dan bij de back-up "
                    "(%(now)s gebeurtenissen, bij de back-up %(then)s)."
                )
                % {"now": now["count"], "then": saved["count"]}
            )
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Hersteld uit %(path)s (back-up van %(when)s): database, %(files)s "
                    "bestand(en). Audit-keten intact: %(count)s gebeurtenissen, gelijk aan de "
                    "back-up."
                )
                % {
                    "path": path,
                    "when": restored.manifest["created_at"],
                    "files": restored.files,
                    "count": now["count"],
                }
            )
        )
        self.stdout.write(
            _(
                "Ankers van na de back-up noemen gebeurtenissen die nu ontbreken: dat klopt na "
                "een herstel. Zie docs/operations.md (na een herstel)."
            )
        )
