from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "spil.core"
    label = "core"
    verbose_name = _("Kern")

    def ready(self) -> None:
        from . import schedule
        from .housekeeping import prune_task_results
        from .tasks import seal_audit_chains

        # At night, when few events are written (docs/adr/0030).
        schedule.register("audit.seal", seal_audit_chains, hour=2)
        # Weekly, Sunday night: the task results older than 30 days leave the queue table.
        schedule.register("core.prune_task_results", prune_task_results, hour=4, weekday=6)
