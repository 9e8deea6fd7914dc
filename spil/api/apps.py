from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "spil.api"
    verbose_name = _("API voor partners")

    def ready(self) -> None:
        from spil.core import audit_labels

        from . import schema  # noqa: F401  (registers the schema extensions)
        from .audit_labels import LABELS

        audit_labels.register(LABELS)
