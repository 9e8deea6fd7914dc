"""What the family reads in "who looked" for this app's audit codes (registered in this app's
`AppConfig.ready()` with `spil.core.audit_labels`). Plain words, no personal data."""

from typing import Any

from django.utils.translation import gettext_lazy as _

LABELS: dict[str, Any] = {
    "contact.viewed": _("bekeek een contact"),
    "contact.working_note_viewed": _("las een werkaantekening"),
    "appointment.planned": _("plande een afspraak"),
    "appointment.status_set": _("legde vast hoe een afspraak is gegaan"),
    "appointment.viewed": _("bekeek een afspraak"),
    "appointment.family_confirmed": _("bevestigde een afspraak in het portaal"),
    "appointment.family_cancelled": _("zegde een afspraak af in het portaal"),
    "appointment.list_viewed": _("bekeek de afspraken"),
    "appointment.agenda_viewed": _("zag een afspraak in de eigen agenda"),
    "promise.recorded": _("legde een toezegging vast"),
    "promise.closed": _("legde vast of een toezegging is nagekomen"),
    "promise.renegotiated": _("sprak een toezegging opnieuw af"),
    "promise.viewed": _("bekeek een toezegging"),
    "promise.list_viewed": _("bekeek de toezeggingen"),
    "crisis.recorded": _("legde een crisis vast in het crisislog"),
    "crisis.changed": _("vulde een crisis in het crisislog aan"),
    "crisis.log_viewed": _("bekeek het crisislog"),
    "what_if.agreed": _("legde een wat-als-afspraak vast"),
    "what_if.ended": _("beëindigde een wat-als-afspraak"),
    # Without a family: figures that show counts only.
    "contacts.figures_viewed": _("bekeek de cijfers over afspraken en toezeggingen"),
    "promise.report_viewed": _("bekeek de cijfers over nagekomen toezeggingen"),
}
