from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "spil.directory"
    label = "directory"
    verbose_name = _("Sociale kaart")

    def ready(self) -> None:
        from spil.core import audit_labels

        from .audit_labels import LABELS

        audit_labels.register(LABELS)
