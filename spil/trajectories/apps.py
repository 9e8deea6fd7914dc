from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrajectoriesConfig(AppConfig):
    name = "spil.trajectories"
    label = "trajectories"
    verbose_name = _("Trajecten")

    def ready(self) -> None:
        from spil.core import audit_labels, timeline

        from .audit_labels import LABELS
        from .timeline import milestones

        audit_labels.register(LABELS)
        timeline.register("trajectories.milestones", milestones)
