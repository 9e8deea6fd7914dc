"""Reads of the sociale kaart. Offers and interventions are no family data: every staff
user reads them all (family accounts never reach these pages)."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from . import search
from .models import Intervention, Offer, OfferCategory


def categories() -> QuerySet[OfferCategory]:
    return OfferCategory.objects.filter(is_active=True).order_by("order", "label")


def municipalities() -> list[str]:
    """The municipalities named by active offers, for the filter."""
    names: set[str] = set()
    for value in (
        Offer.objects.filter(is_active=True)
        .exclude(municipalities="")
        .values_list("municipalities", flat=True)
        .distinct()
    ):
        names |= {n.strip() for n in value.split(",") if n.strip()}
    return sorted(names, key=str.lower)


@dataclass(frozen=True)
class Filters:
    q: str = ""
    category: OfferCategory | None = None
    ages: tuple[int, ...] = ()
    voluntary: bool | None = None
    max_waiting_weeks: int | None = None
    municipality: str = ""


def _fits_age(age: int) -> Q:
    return (Q(age_from__isnull=True) | Q(age_from__lte=age)) & (
        Q(age_to__isnull=True) | Q(age_to__gte=age)
    )


def _in_municipality(name: str) -> Q:
    """Offers for the whole region (no municipality named) or naming this one."""
    return (
        Q(municipalities="")
        | Q(municipalities__iexact=name)
        | Q(municipalities__istartswith=f"{name},")
        | Q(municipalities__iendswith=f", {name}")
        | Q(municipalities__icontains=f", {name},")
    )


def offers(filters: Filters) -> QuerySet[Offer]:
    """Active offers matching the search words and the filters, best first. An offer fits
    the ages when it fits at least one of them (someone in the family)."""
    queryset = (
        Offer.objects.filter(is_active=True)
        .select_related("organisation", "category", "intervention")
        .defer("search_vector", "search_stems")
    )
    if filters.category is not None:
        queryset = queryset.filter(category=filters.category)
    if filters.ages:
        fits = Q(pk__in=[])
        for age in filters.ages:
            fits |= _fits_age(age)
        queryset = queryset.filter(fits)
    if filters.voluntary is not None:
        queryset = queryset.filter(voluntary=filters.voluntary)
    if filters.max_waiting_weeks is not None:
        queryset = queryset.filter(waiting_weeks__lte=filters.max_waiting_weeks)
    if filters.municipality:
        queryset = queryset.filter(_in_municipality(filters.municipality))
    return search.search(queryset, filters.q)


def offers_for_export() -> QuerySet[Offer]:
    return (
        Offer.objects.filter(is_active=True)
        .select_related("organisation", "category", "intervention")
        .defer("search_vector", "search_stems")
        .order_by("organisation__name", "name")
    )


def interventions() -> QuerySet[Intervention]:
    return Intervention.objects.annotate(
        offer_count=Count("offers", filter=Q(offers__is_active=True))
    ).order_by("name")


def intervention_offers(intervention: Intervention) -> QuerySet[Offer]:
    return (
        intervention.offers.filter(is_active=True)
        .select_related("organisation", "category")
        .defer("search_vector", "search_stems")
        .order_by("organisation__name", "name")
    )


def family_ages(family: Any) -> list[int]:
    """The distinct ages of the living members of a family whose birth date is known.
    Read through the family object the access policy handed over (no import of families:
    directory lies below it)."""
    today = timezone.localdate()
    ages = set()
    for member in family.members.all():
        if getattr(member, "is_deceased", False):
            continue
        age = member.age_on(today)
        if age is not None and 0 <= age <= 120:
            ages.add(age)
    return sorted(ages)


def active_offers() -> QuerySet[Offer]:
    """The offers a plan step may point to (the step form's choice)."""
    return (
        Offer.objects.filter(is_active=True)
        .select_related("organisation")
        .defer("search_vector", "search_stems")
        .order_by("organisation__name", "name")
    )
