"""What "wie keek" says for the sociale kaart's audit codes (registered in `apps.py`)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

LABELS: dict[str, Any] = {
    "directory.searched_for_family": _(
        "zocht in de sociale kaart met de leeftijden van de gezinsleden"
    ),
    "directory.offers_imported": _("importeerde aanbod in de sociale kaart"),
}
