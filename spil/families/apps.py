from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FamiliesConfig(AppConfig):
    name = "spil.families"
    label = "families"
    verbose_name = _("Gezinnen")

    def ready(self) -> None:
        from spil.core import audit_labels

        from .audit_labels import LABELS

        audit_labels.register(LABELS)
