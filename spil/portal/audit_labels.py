"""Plain words for the portal's audit codes, as the family reads them in "wie keek" and
"wat wij deden in het portaal" (registered in `PortalConfig.ready()` with
`spil.core.audit_labels`). Plain words, no personal data."""

from typing import Any

from django.utils.translation import gettext_lazy as _lazy

LABELS: dict[str, Any] = {
    "portal.viewed": _lazy("keek in het portaal"),
    "portal.previewed": _lazy("bekeek het portaal zoals het gezin het ziet"),
    "portal.account_created": _lazy("maakte een account voor het portaal"),
    "portal.message_sent": _lazy("stuurde een bericht"),
    "portal.messages_viewed": _lazy("las de berichten van het gezin"),
    "portal.correction_requested": _lazy("vroeg om iets in het dossier te verbeteren"),
    "portal.correction_answered": _lazy("beantwoordde een vraag om iets te verbeteren"),
    "portal.corrections_viewed": _lazy("bekeek de vragen om iets te verbeteren"),
}
