import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from spil.notifications import due
from spil.notifications.rules import RULES, Event, Trigger


class Command(BaseCommand):
    help = (
        "Verstuurt de berichten op tijd (plan binnen 7 dagen, einde traject binnen 30 dagen, "
        "afspraak morgen, verlopen toezegging). Nooit twee keer hetzelfde bericht; "
        "veilig om vaker per dag te draaien."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            help="De dag waarvoor de regels gelden (JJJJ-MM-DD); standaard vandaag.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options.get("date"):
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError("Gebruik --date JJJJ-MM-DD.") from error
        summary = due.run(today=today)
        # Counts only: no names, no families.
        for event in Event:
            if RULES[event].trigger == Trigger.TIME:
                self.stdout.write(f"{event.value}: {summary.notices.get(event.value, 0)}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Berichten: {summary.total} nieuw. E-mails verstuurd: {summary.emails}."
            )
        )
