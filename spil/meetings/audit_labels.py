"""What the family reads in "who looked" for this app's audit codes (registered in this app's
`AppConfig.ready()` with `spil.core.audit_labels`). Plain words, no personal data."""

from typing import Any

from django.utils.translation import gettext_lazy as _

LABELS: dict[str, Any] = {
    "meeting.list_viewed": _("bekeek de overleggen"),
    "meeting.viewed": _("bekeek een overleg"),
    "meeting.planned": _("plande een overleg"),
    "meeting.changed": _("wijzigde een gepland overleg"),
    "meeting.agenda_refreshed": _("haalde de agenda van een overleg opnieuw uit het plan"),
    "meeting.cancelled": _("gelastte een overleg af"),
    "meeting.minutes_recorded": _("legde het verslag van een overleg vast"),
    "meeting.decision_recorded": _("legde een besluit van een overleg vast als stap in het plan"),
    "meeting.rhythm_set": _("legde vast hoe vaak er een afstemgesprek is"),
    "meeting.rhythm_removed": _("haalde het vaste ritme van de afstemgesprekken weg"),
}
