from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "spil.core"
    label = "core"
    verbose_name = _("Kern")

    def ready(self) -> None:
        from . import schedule
        from .tasks import seal_audit_chains

        # At night, when few events are written (docs/adr/0030).
        schedule.register("audit.seal", seal_audit_chains, hour=2)
