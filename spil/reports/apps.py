from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "spil.reports"
    verbose_name = _("Monitoring")

    def ready(self) -> None:
        from spil.core import audit_labels

        from . import facts
        from .audit_labels import LABELS

        audit_labels.register(LABELS)
        # Live trajectories are kept in the fact table by receivers on the domain models.
        facts.connect()
