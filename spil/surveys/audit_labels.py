"""Dutch labels for the survey's audit codes (registered in `apps.py`). No personal data."""

from typing import Any

from django.utils.translation import gettext_lazy as _

LABELS: dict[str, Any] = {
    "survey.created": _("maakte een samenwerkingsmonitor"),
    "survey.updated": _("wijzigde een samenwerkingsmonitor"),
    "survey.sent": _("verstuurde links voor een samenwerkingsmonitor"),
    "survey.closed": _("sloot een samenwerkingsmonitor"),
    "survey.answered": _("een link van de samenwerkingsmonitor werd ingevuld"),
    "survey.declined": _("een ontvanger van de samenwerkingsmonitor doet niet mee"),
}
