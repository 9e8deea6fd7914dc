from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from spil.accounts.models import Organisation
from spil.core import audit


class Command(BaseCommand):
    help = (
        "Legt het meldpunt vast: een organisatie van de soort 'Meldpunt', zoals "
        "import_referrals en het werk van de coördinatoren die verwachten. Nog een keer "
        "draaien met dezelfde naam verandert niets."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="De naam van het meldpunt, bijv. 'Meldpunt Lindeveen'.")
        parser.add_argument(
            "--municipality", default="", help="De gemeente waar het meldpunt werkt."
        )

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        name = options["name"].strip()
        municipality = options["municipality"].strip()
        if not name:
            raise CommandError(_("Geef de naam van het meldpunt op."))
        existing = Organisation.objects.filter(name__iexact=name).first()
        if existing is not None:
            if existing.kind != Organisation.Kind.MELDPUNT:
                raise CommandError(
                    _(
                        "Er is al een organisatie '%(name)s' van de soort %(kind)s. Kies een "
                        "andere naam voor het meldpunt."
                    )
                    % {"name": existing.name, "kind": existing.get_kind_display()}
                )
            self.stdout.write(
                _("Meldpunt '%(name)s' staat al in Spil (%(uuid)s).")
                % {"name": existing.name, "uuid": existing.uuid}
            )
            return
        meldpunt = Organisation(
            name=name, kind=Organisation.Kind.MELDPUNT, municipality=municipality
        )
        meldpunt.full_clean()
        meldpunt.save()
        audit.record(actor=None, action="organisation.created", obj=meldpunt, organisation=meldpunt)
        self.stdout.write(
            self.style.SUCCESS(
                _("Meldpunt '%(name)s' vastgelegd (%(uuid)s).")
                % {"name": meldpunt.name, "uuid": meldpunt.uuid}
            )
        )
