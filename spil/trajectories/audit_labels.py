"""Plain words for the trajectory's audit codes of the family's own actions in the portal
(registered in this app's `AppConfig.ready()` with `spil.core.audit_labels`; the staff's
trajectory codes are still in `spil.families.audit_labels`). No personal data."""

from typing import Any

from django.utils.translation import gettext_lazy as _

LABELS: dict[str, Any] = {
    "trajectory.family_answered_closing": _(
        "gaf in het portaal antwoord op het afsluiten van het traject"
    ),
}
