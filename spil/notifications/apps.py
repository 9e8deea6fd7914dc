from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "spil.notifications"
    label = "notifications"
    verbose_name = _("Berichten en communicatieregels")
