"""Dutch labels for the audit codes of signals and breakthroughs (registered in
`apps.py`). No personal data: the audit detail holds codes only."""

from typing import Any

from django.utils.translation import gettext_lazy as _

LABELS: dict[str, Any] = {
    "signals.signal_created": _("gaf een signaal aan de gemeente"),
    "signals.signal_changed": _("wijzigde een signaal"),
    "signals.bundle_created": _("bundelde signalen"),
    "signals.bundle_changed": _("wijzigde een bundel signalen"),
    "signals.bundle_passed": _("gaf een bundel signalen door aan de gemeente"),
    "signals.bundle_answered": _("beantwoordde een bundel signalen"),
    "signals.signal_answered": _("beantwoordde een signaal"),
    "signals.breakthrough_created": _("legde een doorbraak vast"),
    "signals.breakthrough_changed": _("wijzigde een doorbraak"),
}
