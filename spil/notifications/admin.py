from typing import Any

from django.http import HttpRequest

from spil.core.admin import DirectoryAdmin, site

from .models import CommunicationRule


class CommunicationRuleAdmin(DirectoryAdmin):
    """The beheerder sets who is told per event; the events themselves are fixed in code
    (`rules.py`), so rules are neither added nor deleted here. The inbox is not in the
    admin: the beheerder sees no family content."""

    list_display = [
        "event",
        "to_coach",
        "to_backup",
        "to_team_lead",
        "to_team",
        "to_concerned",
        "by_email",
        "is_active",
    ]
    list_editable = [
        "to_coach",
        "to_backup",
        "to_team_lead",
        "to_team",
        "to_concerned",
        "by_email",
        "is_active",
    ]
    readonly_fields = ["event"]
    fields = [
        "event",
        "to_coach",
        "to_backup",
        "to_team_lead",
        "to_team",
        "to_concerned",
        "by_email",
        "is_active",
    ]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


site.register(CommunicationRule, CommunicationRuleAdmin)
