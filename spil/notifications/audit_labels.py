"""What the family reads in "who looked" for this app's audit codes (registered in this app's
`AppConfig.ready()` with `spil.core.audit_labels`). Plain words, no personal data."""

from typing import Any

from django.utils.translation import gettext_lazy as _

LABELS: dict[str, Any] = {
    "notification.sent": _("liet betrokkenen via een bericht in Spil weten wat er gebeurde"),
    "situation.marked": _("meldde een belangrijke verandering in de situatie"),
}
