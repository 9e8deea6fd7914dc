from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "spil.meetings"
    label = "meetings"
    verbose_name = _("Overleggen")

    def ready(self) -> None:
        from spil.core import audit_labels, timeline

        from .audit_labels import LABELS
        from .timeline import meetings_source

        audit_labels.register(LABELS)
        timeline.register("meetings", meetings_source)
