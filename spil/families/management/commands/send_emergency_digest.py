"""Put the weekly list of noodtoegang in the task queue (the scheduler does so every Monday,
`families.emergency_digest`; this is the same by hand); the worker
(`python manage.py db_worker`) e-mails each organisation's beheerders."""

from typing import Any

from django.core.management.base import BaseCommand

from spil.families.tasks import send_emergency_access_digest


class Command(BaseCommand):
    help = "Zet de wekelijkse lijst met noodtoegang voor de beheerders in de wachtrij."

    def handle(self, *args: Any, **options: Any) -> None:
        result = send_emergency_access_digest.enqueue()
        self.stdout.write(f"In de wachtrij: {result.id}")
