"""What the family and the coach read in "wie keek" for the portal's audit codes (registered
in this app's `AppConfig.ready()` with `spil.core.audit_labels`). Plain words, no personal
data. Each part of the portal keeps its codes in its own marked section."""

from typing import Any

from django.utils.translation import gettext_lazy as _

LABELS: dict[str, Any] = {}

# --- Who logs in, and how; reminders; the member's settings ------------------------------------
LABELS.update(
    {
        "portal.account_created": _("maakte een account voor het gezinsportaal"),
        "portal.invitations_viewed": _("bekeek de uitnodigingen voor het gezinsportaal"),
        "portal.invitation_created": _("nodigde een gezinslid uit voor het gezinsportaal"),
        "portal.invitation_revoked": _("trok een uitnodiging voor het gezinsportaal in"),
        "portal.invitation_used": _("koos een wachtwoord voor het gezinsportaal"),
        "portal.settings_changed": _("zette de herinnering per e-mail aan of uit"),
        "portal.reminder_sent": _("stuurde een herinnering voor een afspraak"),
    }
)
# --- End of who logs in, and how -----------------------------------------------------------------

# --- Reads, messages and corrections ------------------------------------------------------
LABELS.update(
    {
        "portal.viewed": _("keek in het portaal"),
        "portal.previewed": _("bekeek het portaal zoals het gezin het ziet"),
        "portal.message_sent": _("stuurde een bericht"),
        "portal.messages_viewed": _("las de berichten van het gezin"),
        "portal.correction_requested": _("vroeg om iets in het dossier te verbeteren"),
        "portal.correction_answered": _("beantwoordde een vraag om iets te verbeteren"),
        "portal.corrections_viewed": _("bekeek de vragen om iets te verbeteren"),
    }
)
