"""Put today's appointment reminders in the task queue (run daily from cron); the worker
(`python manage.py db_worker`) sends them. Safe to run twice: a reminder goes once."""

from typing import Any

from django.core.management.base import BaseCommand

from spil.portal.tasks import send_appointment_reminders


class Command(BaseCommand):
    help = "Zet de herinneringen voor de afspraken van morgen in de wachtrij (dagelijks)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = send_appointment_reminders.enqueue()
        self.stdout.write(f"In de wachtrij: {result.id}")
