from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils.text import capfirst

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

    def get_changelist_formset(self, request: HttpRequest, **kwargs: Any) -> Any:
        """Each checkbox in the list is named after its column (WCAG 4.1.2, 1.3.1): the
        admin renders list_editable fields without a label."""
        fields = CommunicationRule._meta
        kwargs["widgets"] = {
            name: forms.CheckboxInput(
                attrs={
                    "aria-label": capfirst(getattr(fields.get_field(name), "verbose_name", name))
                }
            )
            for name in self.list_editable
        }
        return super().get_changelist_formset(request, **kwargs)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


site.register(CommunicationRule, CommunicationRuleAdmin)
