from typing import Any

from django.core.management.base import BaseCommand, CommandError

from spil.core import audit
from spil.core.models import AuditEvent


class Command(BaseCommand):
    help = "Controleert de hash-keten van de audit-trail. Exit 0 als die intact is."

    def handle(self, *args: Any, **options: Any) -> None:
        for broken in audit.verify_chain():
            raise CommandError(
                f"Audit-keten gebroken bij gebeurtenis {broken.event_uuid} "
                f"(id {broken.event_id}, controle: {broken.reason})."
            )
        count = AuditEvent.objects.count()
        self.stdout.write(self.style.SUCCESS(f"Audit-keten intact: {count} gebeurtenissen."))
