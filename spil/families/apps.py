from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FamiliesConfig(AppConfig):
    name = "spil.families"
    label = "families"
    verbose_name = _("Gezinnen")
