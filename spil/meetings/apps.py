from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "spil.meetings"
    label = "meetings"
    verbose_name = _("Overleggen")

    def ready(self) -> None:
        from spil.core import audit_labels

        from .audit_labels import LABELS

        audit_labels.register(LABELS)
