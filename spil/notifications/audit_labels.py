"""What the family reads in "who looked" for this app's audit codes (merged into
`spil.families.selectors.ACTION_LABELS`). Plain words, no personal data."""

from typing import Any

from django.utils.translation import gettext_lazy as _

LABELS: dict[str, Any] = {
    "notification.sent": _("liet betrokkenen via een bericht in Spil weten wat er gebeurde"),
    "situation.marked": _("meldde een belangrijke verandering in de situatie"),
}
