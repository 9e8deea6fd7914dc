from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FamiliesConfig(AppConfig):
    name = "spil.families"
    label = "families"
    verbose_name = _("Gezinnen")

    def ready(self) -> None:
        from spil.core import audit_labels, schedule

        from .audit_labels import LABELS
        from .tasks import send_emergency_access_digest

        audit_labels.register(LABELS)
        # Weekly, Monday morning: the beheerders' list of last week's noodtoegang (the same
        # as `manage.py send_emergency_digest`).
        schedule.register(
            "families.emergency_digest", send_emergency_access_digest, hour=7, weekday=0
        )
