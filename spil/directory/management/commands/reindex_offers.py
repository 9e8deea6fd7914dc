"""manage.py reindex_offers: rebuild the search index of every offer (after renaming an
organisation in the admin, for instance)."""

from typing import Any

from django.core.management.base import BaseCommand

from spil.directory import services


class Command(BaseCommand):
    help = "Bouw de zoekindex van de sociale kaart opnieuw op."

    def handle(self, *args: Any, **options: Any) -> None:
        count = services.offers_reindex()
        self.stdout.write(f"{count}")
