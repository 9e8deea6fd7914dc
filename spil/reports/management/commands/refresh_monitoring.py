from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from spil.reports import facts


class Command(BaseCommand):
    help = (
        "Zet de feiten van alle trajecten in Spil opnieuw klaar voor de monitoring (eenmalig "
        "na de invoering, of na een wijziging buiten Spil om). Verandert niets als alles al "
        "klopt."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        written = facts.refresh_all()
        self.stdout.write(_("%(count)d trajecten bijgewerkt.") % {"count": written})
