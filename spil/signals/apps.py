from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignalsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "spil.signals"
    verbose_name = _("Signalen en doorbraken")

    def ready(self) -> None:
        from spil.core import audit_labels

        from .audit_labels import LABELS

        audit_labels.register(LABELS)
