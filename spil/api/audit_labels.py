"""What "wie keek" and the audit trail say for the API's codes (registered in `apps.py`)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

LABELS: dict[str, Any] = {
    "api.client_created": _("maakte een API-koppeling aan"),
    "api.client_revoked": _("trok een API-koppeling in"),
    "api.referral_created": _("deed een melding via de API"),
    "api.referral_viewed": _("bekeek de status van een melding via de API"),
    "api.family_list_viewed": _("zag het gezin in een lijst via de API"),
    "api.family_viewed": _("bekeek het gezin via de API"),
    "api.members_viewed": _("bekeek de gezinsleden via de API"),
    "api.team_viewed": _("bekeek het team rond het gezin via de API"),
    "api.plan_viewed": _("bekeek het plan via de API"),
    "api.step_viewed": _("bekeek een stap van het plan via de API"),
    "api.step_updated": _("werkte een eigen stap van het plan bij via de API"),
    "api.appointments_viewed": _("bekeek de afspraken via de API"),
    "api.contacts_viewed": _("bekeek de contacten via de API"),
    "api.consents_viewed": _("bekeek de toestemmingen via de API"),
    "api.monitoring_viewed": _("bekeek de monitoringcijfers via de API"),
}
