"""The built-in instruments, so every database has them (issue 6).

- Leefgebieden: the nine life domains of seed 003 (Bijlage 1) on 1–5.
- ZRM 2017: the thirteen domains and the scale labels — names and labels only; the
  licensed criteria texts are not shipped (an organisation may add its own level
  descriptions in the admin).
- Ernsttaxatie: the severity of the problems, 1–5 (seed 003 §2.1); higher means more
  concern.

Looked up by code, so running it on a database where a beheerder already made one of
these leaves their names alone and only adds what is missing.
"""

from django.db import migrations

INSTRUMENTS = [
    {
        "code": "leefgebieden",
        "name": "Leefgebieden",
        "description": "De negen leefgebieden uit het onderzoek van Verwey-Jonker (2014).",
        "scale": (1, 5),
        "higher_is_better": True,
        "labels": [
            (1, "ernstige problemen"),
            (2, "problemen"),
            (3, "wisselend"),
            (4, "voldoende"),
            (5, "goed"),
        ],
        "domains": [
            ("politie_justitie", "Politie/justitie"),
            ("financien_schulden", "Financiën/schulden"),
            ("werk_ouders", "Werk/scholing/dagbesteding ouders"),
            ("school_kinderen", "Scholing/dagbesteding kinderen"),
            ("gezondheid", "Gezondheid"),
            ("gezinssituatie_opvoeding", "Gezinssituatie/opvoeding"),
            ("huisvesting", "Huisvesting"),
            ("sociale_relaties", "Sociale relaties"),
            ("vrijetijdsbesteding", "Vrijetijdsbesteding"),
        ],
    },
    {
        "code": "zrm-2017",
        "name": "Zelfredzaamheid-Matrix 2017",
        "description": (
            "De domeinen en schaalwaarden van de ZRM 2017. De criteria per niveau zijn "
            "gelicenseerd en worden niet meegeleverd; een organisatie met licentie kan ze "
            "als eigen omschrijving toevoegen."
        ),
        "scale": (1, 5),
        "higher_is_better": True,
        "labels": [
            (1, "acute problematiek"),
            (2, "niet zelfredzaam"),
            (3, "beperkt zelfredzaam"),
            (4, "voldoende zelfredzaam"),
            (5, "volledig zelfredzaam"),
        ],
        "domains": [
            ("financien", "Financiën"),
            ("werk_opleiding", "Werk & Opleiding"),
            ("tijdsbesteding", "Tijdsbesteding"),
            ("huisvesting", "Huisvesting"),
            ("huiselijke_relaties", "Huiselijke relaties"),
            ("geestelijke_gezondheid", "Geestelijke gezondheid"),
            ("lichamelijke_gezondheid", "Lichamelijke gezondheid"),
            ("middelengebruik", "Middelengebruik"),
            ("basale_adl", "Basale ADL"),
            ("instrumentele_adl", "Instrumentele ADL"),
            ("sociaal_netwerk", "Sociaal netwerk"),
            ("maatschappelijke_participatie", "Maatschappelijke participatie"),
            ("justitie", "Justitie"),
        ],
    },
    {
        "code": "ernsttaxatie",
        "name": "Ernsttaxatie",
        "description": "De ernst van de problematiek zoals de hulpverlener die inschat.",
        "scale": (1, 5),
        "higher_is_better": False,
        "labels": [
            (1, "geen zorgen"),
            (2, "lichte zorgen"),
            (3, "verhoogde spanningen"),
            (4, "forse problemen op allerlei gebieden"),
            (5, "ernstige problemen"),
        ],
        "domains": [("ernst", "Ernst van de problematiek")],
    },
]


def add_instruments(apps, schema_editor):
    Instrument = apps.get_model("assessments", "Instrument")
    ScaleLabel = apps.get_model("assessments", "ScaleLabel")
    Domain = apps.get_model("assessments", "Domain")
    for spec in INSTRUMENTS:
        low, high = spec["scale"]
        instrument, _ = Instrument.objects.get_or_create(
            code=spec["code"],
            defaults={
                "name": spec["name"],
                "description": spec["description"],
                "scale_min": low,
                "scale_max": high,
                "higher_is_better": spec["higher_is_better"],
            },
        )
        for value, label in spec["labels"]:
            ScaleLabel.objects.get_or_create(
                instrument=instrument, value=value, defaults={"label": label}
            )
        for order, (code, label) in enumerate(spec["domains"], start=1):
            Domain.objects.get_or_create(
                instrument=instrument, code=code, defaults={"label": label, "order": order}
            )


def remove_instruments(apps, schema_editor):
    Instrument = apps.get_model("assessments", "Instrument")
    Instrument.objects.filter(
        code__in=[spec["code"] for spec in INSTRUMENTS], measurements__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]

    operations = [migrations.RunPython(add_instruments, remove_instruments)]
