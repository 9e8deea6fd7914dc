from typing import Any

from spil.accounts.models import Organisation
from spil.accounts.tests.factories import OrganisationFactory
from spil.directory import services
from spil.directory.models import Intervention, Offer, OfferCategory


def category(code: str) -> OfferCategory:
    return OfferCategory.objects.get(code=code)


def make_offer(
    name: str,
    *,
    organisation: Organisation | None = None,
    kind: str = "anders",
    description: str = "",
    intervention: Intervention | None = None,
    **fields: Any,
) -> Offer:
    """An offer, written as the services write it: with its search index."""
    if organisation is None:
        organisation = Organisation.objects.filter(
            name="Welzijn Testdorp"
        ).first() or OrganisationFactory(name="Welzijn Testdorp", kind=Organisation.Kind.WELFARE)
    offer = Offer.objects.create(
        organisation=organisation,
        name=name,
        description=description,
        category=category(kind),
        intervention=intervention,
        **fields,
    )
    services.offers_reindex(offers=[offer])
    return offer
