from typing import Any

from django.db import models, transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from spil.core.admin import DirectoryAdmin, site

from . import services
from .models import GlossaryTerm, Intervention, Offer, OfferCategory, Programme


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


class OfferCategoryAdmin(DirectoryAdmin):
    list_display = ["label", "code", "order", "is_active"]
    search_fields = ["label", "code"]

    @transaction.atomic
    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change:  # the label is searched: the offers' index follows it
            services.offers_reindex(offers=obj.offers.all())


class InterventionAdmin(DirectoryAdmin):
    list_display = ["name", "recognition", "target_group"]
    list_filter = ["recognition"]
    search_fields = ["name", "description", "target_group"]

    @transaction.atomic
    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change:
            services.offers_reindex(offers=obj.offers.all())


class OfferAdmin(DirectoryAdmin):
    list_display = [
        "name",
        "organisation",
        "category",
        "waiting_weeks",
        "age_from",
        "age_to",
        "voluntary",
        "is_active",
        "checked_on",
    ]
    list_filter = ["category", "voluntary", "is_active"]
    list_select_related = ["organisation", "category"]
    search_fields = ["name", "description", "organisation__name"]
    autocomplete_fields = ["intervention"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["organisation", "name", "category", "description", "is_active"]}),
        (
            _("Voor wie en hoe snel"),
            {
                "fields": [
                    "age_from",
                    "age_to",
                    "voluntary",
                    "duration_weeks",
                    "waiting_weeks",
                    "intervention",
                ]
            },
        ),
        (
            _("Aanmelden en contact"),
            {"fields": ["request", "phone", "email", "website", "municipalities", "districts"]},
        ),
        (_("Nagekeken"), {"fields": ["checked_on"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).defer("search_vector")

    @transaction.atomic
    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        obj.municipalities = services.normalise_list(obj.municipalities)
        obj.districts = services.normalise_list(obj.districts)
        super().save_model(request, obj, form, change)
        services.offers_reindex(offers=[obj])


site.register(OfferCategory, OfferCategoryAdmin)
site.register(Intervention, InterventionAdmin)
site.register(Offer, OfferAdmin)
