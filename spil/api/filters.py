"""The lists' filters (django-filter): validated like a form (bad input is a 400 problem,
never a 500) and described in the schema. Dates are Europe/Amsterdam days."""

from datetime import datetime
from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from spil.core.sql import day_bounds
from spil.directory.models import OfferCategory

# Dates before this are no day a family was followed: refused, not a database error.
EARLIEST = datetime(1900, 1, 1).date()
LATEST = datetime(2999, 12, 31).date()


def _day_start(day: Any) -> datetime:
    return day_bounds(day, day)[0]


class FamilyFilter(django_filters.FilterSet):
    updated_since = django_filters.DateFilter(
        method="filter_updated_since",
        label=_("Alleen gezinnen die op of na deze datum (JJJJ-MM-DD) wijzigden."),
    )

    def filter_updated_since(self, qs: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return qs.filter(updated_at__gte=_day_start(_bounded(value)))


class AppointmentFilter(django_filters.FilterSet):
    starts_from = django_filters.DateFilter(
        method="filter_starts_from",
        label=_("Alleen afspraken die op of na deze datum (JJJJ-MM-DD) beginnen."),
    )
    starts_to = django_filters.DateFilter(
        method="filter_starts_to",
        label=_("Alleen afspraken die op of voor deze datum (JJJJ-MM-DD) beginnen."),
    )

    def filter_starts_from(self, qs: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return qs.filter(starts_at__gte=_day_start(_bounded(value)))

    def filter_starts_to(self, qs: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        day = _bounded(value)
        return qs.filter(starts_at__lt=day_bounds(day, day)[1])


def _bounded(value: Any) -> Any:
    """Days outside 1900–2999 are clamped: no family was followed then, and a day at the
    edge of the calendar would overflow when made a moment in Amsterdam."""
    return min(max(value, EARLIEST), LATEST)


class _Described(django_filters.FilterSet):
    """Filters whose work the directory's own selector does (`directory.selectors.offers`):
    here they are validated and described only."""

    def keep(self, qs: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return qs


class OfferFilter(_Described):
    q = django_filters.CharFilter(
        method="keep",
        max_length=200,
        label=_("Zoekwoorden; elk woord moet voorkomen (ook als begin van een samenstelling)."),
    )
    category = django_filters.ModelChoiceFilter(
        method="keep",
        queryset=OfferCategory.objects.filter(is_active=True),
        to_field_name="code",
        label=_("Code van de categorie, bijvoorbeeld opvoeden."),
    )
    age = django_filters.NumberFilter(
        method="keep",
        min_value=0,
        max_value=120,
        decimal_places=0,
        label=_("Alleen aanbod dat past bij deze leeftijd (0–120)."),
    )
    voluntary = django_filters.BooleanFilter(
        method="keep", label=_("true: alleen vrijwillig aanbod; false: alleen gedwongen kader.")
    )
    max_waiting_weeks = django_filters.NumberFilter(
        method="keep",
        min_value=0,
        max_value=520,
        decimal_places=0,
        label=_("Hoogstens zoveel weken wachttijd."),
    )
    municipality = django_filters.CharFilter(
        method="keep", max_length=100, label=_("Aanbod voor deze gemeente (of de hele regio).")
    )
