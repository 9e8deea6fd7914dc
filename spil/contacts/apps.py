from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    name = "spil.contacts"
    label = "contacts"
    verbose_name = _("Contacten en afspraken")

    def ready(self) -> None:
        from spil.core import audit_labels, timeline

        from . import timeline as sources
        from .audit_labels import LABELS

        audit_labels.register(LABELS)
        timeline.register("contacts", sources.contacts)
        timeline.register("appointments", sources.appointments)
        timeline.register("promises", sources.promises)
        timeline.register("crises", sources.crises)
