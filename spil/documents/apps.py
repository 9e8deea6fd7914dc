from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "spil.documents"
    label = "documents"
    verbose_name = _("Documenten")

    def ready(self) -> None:
        from spil.core import audit_labels, timeline

        from . import signals
        from .audit_labels import LABELS
        from .timeline import documents_source

        audit_labels.register(LABELS)
        timeline.register("documents", documents_source)
        signals.connect()
