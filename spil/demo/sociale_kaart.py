"""The demo's sociale kaart (issue 16): about thirty offers of Lindeveen and its region,
imported from `data/offers.csv` as a beheerder would (`manage.py import_offers
--create-organisations`), the interventions they apply with a description and target group,
and the demo plans' step "Aanmelden bij de schuldhulp" pointing to the debt-help offer.
Building it again changes nothing."""

import csv
import io
from pathlib import Path

from django.db import transaction

from spil.accounts.models import User
from spil.demo import region
from spil.directory import importing, services
from spil.directory.models import Intervention, Offer
from spil.plans.models import Step

SHEET = Path(__file__).parent / "data" / "offers.csv"
DEBT_HELP = ("Schuldhulp & Bewind Lindeveen", "Schuldhulpverlening voor gezinnen")
DEBT_STEP = "Aanmelden bij de schuldhulp"
# The area of the sheet's offers (the sheet has no column for it; a beheerder sets it in
# the admin): the regional organisations work in the three municipalities of Rivierenland,
# the others in Lindeveen only — so the municipality filter has something to choose.
REGION = "Rivierenland"
REGION_MUNICIPALITIES = "Lindeveen, Oosterwijk, Rivierdal"

# (name, target group, description): what the sheet does not say about an intervention.
INTERVENTIONS: list[tuple[str, str, str]] = [
    (
        "Signs of Safety",
        "Gezinnen waar zorgen zijn over de veiligheid van kinderen.",
        "Een werkwijze die met het gezin en zijn netwerk in kaart brengt wat er goed gaat, "
        "waar zorgen over zijn en wat er moet gebeuren voor een veilige situatie.",
    ),
    (
        "Eigen Kracht-conferentie",
        "Gezinnen die met hun familie en netwerk een plan willen maken.",
        "Het gezin maakt samen met familie, vrienden en buren een plan. Een onafhankelijke "
        "coördinator bereidt de bijeenkomst voor; de professionals zijn er alleen om uit "
        "te leggen.",
    ),
    (
        "Triple P",
        "Ouders van kinderen van 0–16 jaar.",
        "Positief Pedagogisch Programma: steun bij de opvoeding in vijf niveaus, van "
        "voorlichting tot intensieve gezinsbegeleiding.",
    ),
    (
        "MST",
        "Jongeren van 12–18 jaar met ernstig antisociaal gedrag en hun ouders.",
        "Multisysteemtherapie: een intensieve behandeling thuis, gericht op het gezin, de "
        "school, vrienden en de buurt. De therapeut is dag en nacht bereikbaar.",
    ),
    (
        "Home-Start",
        "Gezinnen met ten minste één kind tot 7 jaar.",
        "Een getrainde vrijwilliger, zelf ouder, komt een dagdeel per week thuis voor "
        "praktische en emotionele steun.",
    ),
    (
        "Stevig Ouderschap",
        "Ouders met een verhoogd risico, van de zwangerschap tot 18 maanden.",
        "Extra huisbezoeken door een jeugdverpleegkundige, gericht op het vertrouwen van "
        "de ouders in zichzelf en het kind.",
    ),
    (
        "Video-hometraining",
        "Ouders die vastlopen in het contact met hun kinderen.",
        "Korte video-opnames van alledaagse momenten, die de ouder en de begeleider samen "
        "bekijken: wat gaat er goed, en hoe doet u daar meer van.",
    ),
]


@transaction.atomic
def build_sociale_kaart(users: dict[str, User]) -> None:
    result = services.offers_import(
        actor=None, text=importing.decode(SHEET.read_bytes()), create_organisations=True
    )
    if result.errors:  # the shipped sheet is always good: a mistake in it must show
        raise ValueError("\n".join(result.errors))
    for name, target_group, description in INTERVENTIONS:
        Intervention.objects.filter(name=name, description="").update(
            description=description, target_group=target_group
        )
    rows = list(csv.reader(io.StringIO(SHEET.read_text("utf-8-sig")), delimiter=";"))[1:]
    sheet = Offer.objects.filter(
        name__in={row[1] for row in rows if len(row) > 1}, municipalities=""
    )  # not yet set: a second build, or an area a beheerder chose, is left alone
    sheet.filter(organisation__name__contains=REGION).update(municipalities=REGION_MUNICIPALITIES)
    sheet.exclude(organisation__name__contains=REGION).update(municipalities=region.MUNICIPALITY)
    offer = Offer.objects.get(organisation__name=DEBT_HELP[0], name=DEBT_HELP[1])
    # Every version of the step, as if the coach had chosen the offer from the start.
    Step.objects.filter(what=DEBT_STEP, offer__isnull=True).update(offer=offer)


def summary() -> str:
    return (
        f"Sociale kaart: {Offer.objects.filter(is_active=True).count()} aanbod, "
        f"{Intervention.objects.count()} interventies; "
        f"{Step.objects.filter(offer__isnull=False).values('key').distinct().count()} "
        "stappen in plannen verwijzen naar aanbod."
    )
