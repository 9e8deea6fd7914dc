"""The meldpunt's configuration in the beheer: its weighing criteria (issue 20, point 4).
Only configuration — never a referral or a weighing (family content)."""

from spil.core.admin import DirectoryAdmin, site

from .models import WeighingCriterion


class WeighingCriterionAdmin(DirectoryAdmin):
    list_display = ["label", "meldpunt", "code", "mode", "order", "is_active"]
    list_filter = ["meldpunt", "mode", "is_active"]
    list_select_related = ["meldpunt"]
    search_fields = ["label", "code"]
    fields = ["meldpunt", "code", "label", "help_text", "mode", "order", "is_active"]


site.register(WeighingCriterion, WeighingCriterionAdmin)
