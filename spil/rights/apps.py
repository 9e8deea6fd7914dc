from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RightsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "spil.rights"
    verbose_name = _("Rechten van betrokkenen en bewaartermijnen")

    def ready(self) -> None:
        from spil.core import audit_labels, worklist

        from . import export, selectors
        from .audit_labels import LABELS

        audit_labels.register(LABELS)
        worklist.register(selectors.open_requests_worklist)
        export.register_builtin_sections()
