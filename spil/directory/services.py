"""Writes to the sociale kaart: importing offers and keeping the search index up to date."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from spil.core import audit

from . import search
from .importing import Parsed, organisation_model, parse
from .models import Intervention, Offer


def normalise_list(value: str) -> str:
    """ "Lindeveen ,Rivierdal" → "Lindeveen, Rivierdal": the form the filters match."""
    return ", ".join(n.strip() for n in value.split(",") if n.strip())


def _texts(offer: Offer) -> tuple[str, str, str]:
    """What is searched, by weight: name; category and intervention; the rest."""
    intervention = offer.intervention.name if offer.intervention else ""
    return (
        offer.name,
        f"{offer.category.label} {offer.category.code.replace('_', ' ')} {intervention}",
        f"{offer.description} {offer.organisation.name}",
    )


def offers_reindex(*, offers: Iterable[Offer] | None = None) -> int:
    """Write the search index of these offers (all when None) from their current texts.
    Called after every write of an offer, and of what its index reads (its category, its
    intervention); `manage.py reindex_offers` after renaming an organisation."""
    queryset = Offer.objects.select_related("organisation", "category", "intervention")
    if offers is not None:
        queryset = queryset.filter(pk__in=[o.pk for o in offers])
    count = 0
    for offer in queryset.defer("search_vector", "search_stems"):
        a, b, c = _texts(offer)
        values: dict[str, Any] = {"search_stems": search.stems_of(f"{a} {b} {c}")}
        if search.uses_postgres():
            values["search_vector"] = search.vector(a=a, b=b, c=c)
        Offer.objects.filter(pk=offer.pk).update(**values)
        count += 1
    return count


@dataclass
class ImportResult:
    parsed: Parsed
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    interventions_created: int = 0
    organisations_created: int = 0
    dry_run: bool = False

    @property
    def errors(self) -> list[str]:
        return self.parsed.errors


@transaction.atomic
def offers_import(
    *, actor: Any, text: str, create_organisations: bool = False, dry_run: bool = False
) -> ImportResult:
    """Import a sheet of offers: all lines or none. An offer is found again by
    (organisation, name), case-insensitively, and updated (an offer the sheet does not
    change is left as it is, its date of checking too); new interventions are added to
    the catalogue, a recognition on the sheet is set on the intervention. With `dry_run`
    nothing is written, but the counts are those of a real import."""
    parsed = parse(text, create_organisations=create_organisations)
    result = ImportResult(parsed=parsed, dry_run=dry_run)
    if parsed.errors:
        return result
    sid = transaction.savepoint()
    organisation = organisation_model()
    organisations = {o.key: o for o in organisation.objects.annotate(key=Lower("name"))}
    for name in parsed.new_organisations:
        organisations[name.lower()] = organisation.objects.create(
            name=name, kind="anders", municipality=""
        )
        result.organisations_created += 1
    interventions: dict[str, Intervention] = {i.name.lower(): i for i in Intervention.objects.all()}
    existing = {
        (o.organisation_id, o.name.lower()): o
        for o in Offer.objects.filter(
            organisation__in=[organisations[r.organisation_key] for r in parsed.rows]
        ).defer("search_vector")
    }
    today = timezone.localdate()
    touched: list[Offer] = []
    for row in parsed.rows:
        intervention: Intervention | None = None
        if row.intervention:
            intervention = interventions.get(row.intervention.lower())
            if intervention is None:
                intervention = Intervention.objects.create(
                    name=row.intervention, recognition=row.recognition or ""
                )
                interventions[row.intervention.lower()] = intervention
                result.interventions_created += 1
            elif row.recognition is not None and intervention.recognition != row.recognition:
                intervention.recognition = row.recognition
                intervention.save(update_fields=["recognition", "updated_at"])
        owner = organisations[row.organisation_key]
        offer = existing.get((owner.pk, row.name.lower()))
        values = {
            "name": row.name,
            "description": row.description,
            "category": row.category,
            "age_from": row.age_from,
            "age_to": row.age_to,
            "voluntary": row.voluntary,
            "duration_weeks": row.duration_weeks,
            "waiting_weeks": row.waiting_weeks,
            "request": row.request,
            "intervention": intervention,
            "checked_on": today,
        }
        if offer is None:
            offer = Offer(organisation=owner, **values)
            offer.full_clean(exclude=["search_vector", "search_stems"])
            offer.save()
            result.created += 1
        else:
            changed = [
                name
                for name, value in values.items()
                if name != "checked_on" and getattr(offer, name) != value
            ]
            if not changed:  # the same sheet again changes nothing
                result.unchanged += 1
                continue
            for name, value in values.items():
                setattr(offer, name, value)
            offer.full_clean(exclude=["search_vector", "search_stems"])
            offer.save(update_fields=[*values, "updated_at"])
            result.updated += 1
        touched.append(offer)
    offers_reindex(offers=touched)
    if dry_run:
        transaction.savepoint_rollback(sid)
        return result
    transaction.savepoint_commit(sid)
    if not (touched or result.interventions_created or result.organisations_created):
        return result
    audit.record(
        actor=actor,
        action="directory.offers_imported",
        detail={
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "interventions_created": result.interventions_created,
            "organisations_created": result.organisations_created,
        },
    )
    return result
