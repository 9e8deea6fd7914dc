"""Which life domains a goal is chosen from: the family's instrument (issue 7, point 2).

The family's instrument is the one of its latest family-level measurement on a set of
life domains (more than one domain, so not the ernsttaxatie); a family not measured yet
uses the built-in Leefgebieden (the nine domains of seed 003).
"""

from django.db.models import Count, QuerySet

from spil.assessments.models import Domain, Instrument, Measurement
from spil.families.models import Family

DEFAULT_INSTRUMENT = "leefgebieden"


def family_instrument(family: Family) -> Instrument:
    latest = (
        Measurement.objects.filter(family=family, member__isnull=True, instrument__is_active=True)
        .annotate(domain_count=Count("instrument__domains"))
        .filter(domain_count__gt=1)
        .select_related("instrument")
        .order_by("-measured_on", "-created_at")
        .first()
    )
    if latest is not None:
        return latest.instrument
    found = Instrument.objects.filter(code=DEFAULT_INSTRUMENT).first()
    if found is None:  # a beheerder removed it: any instrument in use
        found = Instrument.objects.filter(is_active=True).order_by("name").first()
    if found is None:
        raise Instrument.DoesNotExist("no instrument in use")
    return found


def domains_of(instrument: Instrument) -> QuerySet[Domain]:
    return instrument.domains.order_by("order", "id")
