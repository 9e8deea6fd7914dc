"""What the family reads in "who looked" for this app's audit codes (registered in this app's
`AppConfig.ready()` with `spil.core.audit_labels`). Plain words, no personal data."""

from typing import Any

from django.utils.translation import gettext_lazy as _

LABELS: dict[str, Any] = {
    "document.list_viewed": _("bekeek de lijst met documenten"),
    "document.downloaded": _("opende een document"),
    "document.uploaded": _("voegde een document toe"),
    "document.refused": _("probeerde een document toe te voegen dat is geweigerd"),
    "document.changed": _("wijzigde de gegevens van een document"),
    "document.deleted": _("verwijderde een document"),
}
