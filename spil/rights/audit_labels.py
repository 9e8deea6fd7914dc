"""Plain words for the rights app's audit codes ("wie keek"); no personal data."""

from typing import Any

from django.utils.translation import gettext_lazy as _

LABELS: dict[str, Any] = {
    "rights.exported": _("maakte een inzage-export van de gegevens van een gezinslid"),
    "rights.requests_viewed": _("bekeek de verzoeken over eigen gegevens"),
    "rights.request_recorded": _("legde een verzoek over eigen gegevens vast"),
    "rights.request_granted": _("kende een verzoek over eigen gegevens toe"),
    "rights.request_refused": _("wees een verzoek over eigen gegevens af, met reden"),
    "rights.file_destroyed": _("vernietigde het dossier na de bewaartermijn"),
    "rights.retention_applied": _("paste de bewaartermijnen toe"),
}
