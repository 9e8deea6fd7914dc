"""What "wie keek" and the audit trail say for the API's codes (registered in `apps.py`)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

LABELS: dict[str, Any] = {
    "api.client_created": _("maakte een API-koppeling aan"),
    "api.client_revoked": _("trok een API-koppeling in"),
    "api.referral_created": _("deed een melding via de API"),
    "api.referral_viewed": _("bekeek de status van een melding via de API"),
}
