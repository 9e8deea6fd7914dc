from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "spil.portal"
    verbose_name = _("Gezinsportaal")

    def ready(self) -> None:
        from spil.core import audit_labels, schedule

        from .audit_labels import LABELS
        from .tasks import send_appointment_reminders

        audit_labels.register(LABELS)
        # The evening before (README: "om 18:00"), as `send_reminders` from cron did.
        schedule.register("portal.reminders", send_appointment_reminders, hour=18)
