from django.utils.translation import gettext_lazy as _

from spil.core.admin import DirectoryAdmin, site

from .models import GlossaryTerm, Programme


class ProgrammeAdmin(DirectoryAdmin):
    list_display = [
        "name",
        "provider",
        "frame",
        "duration",
        "duration_months",
        "max_months",
        "caseload_min",
        "caseload_max",
    ]
    list_filter = ["frame", "duration", "is_active"]
    list_select_related = ["provider"]
    search_fields = ["name"]
    fieldsets = [
        (None, {"fields": ["name", "provider", "frame", "is_active"]}),
        (
            _("Duur"),
            {
                "fields": [
                    "duration",
                    "duration_months",
                    "max_months",
                    "plan_due_weeks",
                    "first_plan_goal_limit",
                ]
            },
        ),
        (
            _("Werkwijze"),
            {
                "fields": [
                    "caseload_min",
                    "caseload_max",
                    "contact_intensity",
                    "reachable_24_7",
                    "work_budget_eur",
                ]
            },
        ),
    ]


site.register(Programme, ProgrammeAdmin)


class GlossaryTermAdmin(DirectoryAdmin):
    list_display = ["term", "short_definition", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["term", "synonyms", "short_definition"]
    prepopulated_fields = {"slug": ["term"]}
    filter_horizontal = ["related"]
    fields = ["term", "slug", "short_definition", "explanation", "synonyms", "related", "is_active"]


site.register(GlossaryTerm, GlossaryTermAdmin)
