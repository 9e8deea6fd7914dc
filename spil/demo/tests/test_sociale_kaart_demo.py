"""The demo's sociale kaart (issue 16): thirty-odd offers across the categories, found in
Dutch, interventions with their offers, a plan step pointing to an offer; a second build
changes nothing."""

import pytest
from django.urls import reverse

from spil.accounts.models import Organisation, User
from spil.demo import region, sociale_kaart
from spil.directory.models import Intervention, Offer
from spil.plans.models import Step

pytestmark = pytest.mark.django_db


def _state():
    return (
        sorted(Offer.objects.values_list("pk", "revision")),
        sorted(Intervention.objects.values_list("pk", "revision", "description")),
        Organisation.objects.count(),
        sorted(Step.objects.filter(offer__isnull=False).values_list("pk", "offer_id")),
    )


def test_the_demo_sociale_kaart(demo_seeded, client):
    assert Offer.objects.count() >= 30
    assert Offer.objects.values("category").distinct().count() >= 12
    for name in ("Signs of Safety", "Eigen Kracht-conferentie", "Triple P", "MST"):
        intervention = Intervention.objects.get(name=name)
        assert (
            intervention.recognition and intervention.description and intervention.offers.exists()
        )
    # Demo organisations were used, and new ones made as --create-organisations would.
    assert Offer.objects.filter(organisation__name="Schuldhulp & Bewind Lindeveen").count() == 3
    assert Organisation.objects.get(name="CJG Lindeveen").kind == "anders"
    step = Step.objects.filter(offer__isnull=False).select_related("offer").first()
    assert step is not None and step.offer.name == "Schuldhulpverlening voor gezinnen"
    assert "Sociale kaart: 31 aanbod" in demo_seeded

    coach = User.objects.get(email=f"coach1@{region.DEMO_DOMAIN}")
    client.force_login(coach)
    response = client.get(reverse("directory:search"), {"q": "schuld"})
    found = {o.name for o in response.context["page"]}
    assert {
        "Schuldhulpverlening voor gezinnen",
        "Traject Schuldsanering (Wsnp)",
        "Budgetcursus Rondkomen",
    } <= found
    assert "Schoolmaatschappelijk werk" not in found

    # The municipality filter has municipalities to choose: the regional offers work in
    # all three, the local ones in Lindeveen only.
    response = client.get(reverse("directory:search"), {"gemeente": "Rivierdal"})
    assert response.context["form"].is_valid()
    found = {o.name for o in response.context["page"].paginator.object_list}
    assert "Multisysteemtherapie (MST)" in found
    assert "Schuldhulpverlening voor gezinnen" not in found
    assert "Schuldhulpverlening voor gezinnen" in {
        o.name
        for o in client.get(reverse("directory:search"), {"gemeente": "Lindeveen"})
        .context["page"]
        .paginator.object_list
    }


def test_building_it_again_changes_nothing(demo_seeded):
    before = _state()
    sociale_kaart.build_sociale_kaart({})
    assert _state() == before
