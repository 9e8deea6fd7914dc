from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "spil.notifications"
    label = "notifications"
    verbose_name = _("Berichten en communicatieregels")

    def ready(self) -> None:
        from spil.core import audit_labels, schedule

        from . import subscribers
        from .audit_labels import LABELS
        from .tasks import run_due_notifications

        audit_labels.register(LABELS)
        subscribers.register()
        schedule.register("notifications.due", run_due_notifications, hour=6)
