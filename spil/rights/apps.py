from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RightsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "spil.rights"
    verbose_name = _("Rechten van betrokkenen en bewaartermijnen")

    def ready(self) -> None:
        from spil.core import audit_labels, schedule, worklist

        from . import export, selectors
        from .audit_labels import LABELS
        from .tasks import apply_retention

        audit_labels.register(LABELS)
        worklist.register(selectors.open_requests_worklist)
        export.register_builtin_sections()
        # Daily at night, after the audit seal: the same as `manage.py apply_retention`
        # (docs/adr/0027, 0031).
        schedule.register("rights.retention", apply_retention, hour=3)
