"""The four weighing criteria of seed 001 H4 become the default set of configurable
criteria, and every weighing made before gets its answers as rows, with these labels — so an
old weighing reads as it did (issue 20, point 4)."""

import uuid

from django.db import migrations

DEFAULT_CRITERIA = (
    (
        "minderjarig_kind",
        "Minstens één minderjarig kind",
        "Berekend uit de geboortedata in de melding; de coördinator kan het corrigeren.",
    ),
    (
        "hulp_onvoldoende_effectief",
        "Bestaande hulp is onvoldoende effectief",
        "Is de hulp die er al is niet effectief genoeg?",
    ),
    (
        "bredere_problematiek",
        "De problemen zijn breder dan de hulp van de melder",
        "Gaat het om meer dan waar de melder zelf bij helpt (multiprobleem)?",
    ),
    (
        "geen_eigen_regie",
        "Het gezin kan de regie niet zelf voeren",
        "Lukt het het gezin niet om zelf de hulp te regelen?",
    ),
)
# The first half's answer columns, in the order of the criteria after the first.
LEGACY_FIELDS = ("help_not_effective", "broader_problems", "no_own_regie")


def forwards(apps, schema_editor):
    criterion_model = apps.get_model("intake", "WeighingCriterion")
    answer_model = apps.get_model("intake", "WeighingAnswer")
    weighing_model = apps.get_model("intake", "Weighing")
    criteria = {}
    for order, (code, label, help_text) in enumerate(DEFAULT_CRITERIA, start=1):
        criterion, _created = criterion_model.objects.get_or_create(
            meldpunt=None,
            code=code,
            defaults={
                "uuid": uuid.uuid4(),
                "label": label,
                "help_text": help_text,
                "mode": "verplicht",
                "order": order,
            },
        )
        criteria[code] = criterion
    rows = []
    for weighing in weighing_model.objects.filter(answers__isnull=True).iterator():
        values = [("ja" if weighing.has_minor_child else "nee", "")]
        values += [
            (getattr(weighing, name), getattr(weighing, f"{name}_note")) for name in LEGACY_FIELDS
        ]
        for (code, _label, _help), (answer, note) in zip(DEFAULT_CRITERIA, values, strict=True):
            criterion = criteria[code]
            rows.append(
                answer_model(
                    uuid=uuid.uuid4(),
                    weighing=weighing,
                    criterion=criterion,
                    code=code,
                    label=criterion.label,
                    mode=criterion.mode,
                    order=criterion.order,
                    answer=answer,
                    note=note,
                )
            )
    answer_model.objects.bulk_create(rows, batch_size=500)


def backwards(apps, schema_editor):
    apps.get_model("intake", "WeighingAnswer").objects.all().delete()
    apps.get_model("intake", "WeighingCriterion").objects.filter(meldpunt=None).delete()


class Migration(migrations.Migration):
    dependencies = [("intake", "0005_weighing_criteria_return_reason_lay_coach")]

    operations = [migrations.RunPython(forwards, backwards)]
