"""Instruments are data the beheerder keeps; measurements and safety are family content
and never appear in the admin."""

from typing import Any

from django.http import HttpRequest

from spil.core.admin import DirectoryAdmin, DirectoryInline, site

from .models import Domain, Instrument, LevelDescription, ScaleLabel


class ScaleLabelInline(DirectoryInline):
    model = ScaleLabel
    fields = ["value", "label"]


class DomainInline(DirectoryInline):
    model = Domain
    fields = ["order", "code", "label"]


class InstrumentAdmin(DirectoryAdmin):
    list_display = ["name", "code", "scale_min", "scale_max", "higher_is_better", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "code"]
    fields = [
        "name",
        "code",
        "description",
        "scale_min",
        "scale_max",
        "higher_is_better",
        "is_active",
    ]
    inlines = [ScaleLabelInline, DomainInline]


def _instrument_and_label(domain: Domain) -> str:
    return f"{domain.instrument.name}: {domain.label}"


class LevelDescriptionAdmin(DirectoryAdmin):
    list_display = ["organisation", "domain", "value"]
    list_filter = ["organisation", "domain__instrument"]
    list_select_related = ["organisation", "domain", "domain__instrument"]
    fields = ["organisation", "domain", "value", "text"]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "domain":
            kwargs["queryset"] = Domain.objects.select_related("instrument")
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "domain" and field is not None:
            field.label_from_instance = _instrument_and_label  # type: ignore[method-assign,assignment]
        return field


site.register(Instrument, InstrumentAdmin)
site.register(LevelDescription, LevelDescriptionAdmin)
