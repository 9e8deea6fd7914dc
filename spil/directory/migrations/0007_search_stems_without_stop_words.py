"""The SQLite search index (`search_stems`) no longer holds stop words, as PostgreSQL's
tsvector does not: rewrite it for the offers that are there (the same texts as
`services._texts`)."""

from django.db import migrations


def restem(apps, schema_editor):
    from spil.directory.search import stems_of

    Offer = apps.get_model("directory", "Offer")
    for offer in Offer.objects.select_related("organisation", "category", "intervention").only(
        "pk",
        "name",
        "description",
        "organisation__name",
        "category__label",
        "category__code",
        "intervention__name",
    ):
        intervention = offer.intervention.name if offer.intervention_id else ""
        text = (
            f"{offer.name} "
            f"{offer.category.label} {offer.category.code.replace('_', ' ')} {intervention} "
            f"{offer.description} {offer.organisation.name}"
        )
        Offer.objects.filter(pk=offer.pk).update(search_stems=stems_of(text))


class Migration(migrations.Migration):
    dependencies = [("directory", "0006_glossary")]

    operations = [migrations.RunPython(restem, migrations.RunPython.noop, elidable=True)]
