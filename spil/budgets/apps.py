from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "spil.budgets"
    verbose_name = _("Werkbudget")

    def ready(self) -> None:
        from spil.core import audit_labels

        from .audit_labels import LABELS

        audit_labels.register(LABELS)
