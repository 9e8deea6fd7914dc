from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from spil.accounts.models import Organisation
from spil.intake.importing import ImportRefused, find_meldpunt, import_referrals_file


class Command(BaseCommand):
    help = (
        "Importeert eerdere meldingen uit een CSV-export met de kopregel "
        "referral_id;received_on;referrer_organisation_kind;outcome;decided_on (de kolommen "
        "worden op naam gevonden, de volgorde maakt niet uit). Bij één foute regel wordt "
        "niets opgeslagen."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Het CSV-bestand (UTF-8, ';' of ',').")
        parser.add_argument(
            "--meldpunt",
            help="Naam of UUID van het meldpunt; nodig als er meer dan één meldpunt is.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("Bestand '%(path)s' niet gevonden.") % {"path": path})
        meldpunt = _meldpunt(options["meldpunt"])
        try:
            result = import_referrals_file(path=path, meldpunt=meldpunt, actor=None)
        except ImportRefused as refused:
            for error in refused.errors:
                self.stderr.write(error)
            count = len(refused.errors)
            raise CommandError(
                ngettext(
                    "Niets geïmporteerd: %(count)d fout.",
                    "Niets geïmporteerd: %(count)d fouten.",
                    count,
                )
                % {"count": count}
            ) from None
        self.stdout.write(
            self.style.SUCCESS(
                ngettext(
                    "%(count)d melding geïmporteerd.",
                    "%(count)d meldingen geïmporteerd.",
                    result.count,
                )
                % {"count": result.count}
            )
        )


def _meldpunt(name_or_uuid: str | None) -> Organisation:
    """The named meldpunt, or the only one there is."""
    if name_or_uuid:
        meldpunt = find_meldpunt(name_or_uuid)
        if meldpunt is None:
            raise CommandError(_("Meldpunt '%(name)s' niet gevonden.") % {"name": name_or_uuid})
        return meldpunt
    meldpunten = list(Organisation.objects.filter(kind=Organisation.Kind.MELDPUNT)[:2])
    if not meldpunten:
        raise CommandError(
            _(
                "Er staat nog geen meldpunt in Spil. Leg het eerst vast met: "
                'manage.py create_meldpunt "Naam van het meldpunt".'
            )
        )
    if len(meldpunten) > 1:
        raise CommandError(
            _("Er zijn meerdere meldpunten. Kies er een met --meldpunt NAAM_OF_UUID.")
        )
    return meldpunten[0]
