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
        # The three that grow with the years give their moments first (core.timeline).
        timeline.register("contacts", sources.contacts, moments=sources.contact_moments)
        timeline.register("appointments", sources.appointments, moments=sources.appointment_moments)
        timeline.register("promises", sources.promises, moments=sources.promise_moments)
        timeline.register("crises", sources.crises)
