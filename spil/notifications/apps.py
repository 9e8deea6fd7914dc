from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "spil.notifications"
    label = "notifications"
    verbose_name = _("Berichten en communicatieregels")

    def ready(self) -> None:
        from spil.core import audit_labels

        from . import subscribers
        from .audit_labels import LABELS

        audit_labels.register(LABELS)
        subscribers.register()
