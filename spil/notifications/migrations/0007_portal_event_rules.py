"""The rules for what a family does in its portal (issue 14): the coach (and, where the
back-up should know too, the back-up coach) is told; the appointment's worker is told of
a cancellation."""

from django.db import migrations

RULES = {
    "gezin_reageerde_op_plan": {"to_coach": True, "to_backup": True},
    "afspraak_afgezegd_door_gezin": {"to_coach": True, "to_concerned": True},
    "toestemming_gewijzigd_door_gezin": {"to_coach": True, "to_backup": True},
    "bericht_van_gezin": {"to_coach": True},
    "correctieverzoek": {"to_coach": True, "to_backup": True},
    "gezin_over_afsluiten": {"to_coach": True, "to_backup": True},
}


def seed(apps, schema_editor):
    rule = apps.get_model("notifications", "CommunicationRule")
    for event, audiences in RULES.items():
        defaults = {
            "to_coach": False,
            "to_backup": False,
            "to_team_lead": False,
            "to_team": False,
            "to_concerned": False,
            "by_email": True,
            "is_active": True,
            **audiences,
        }
        rule.objects.get_or_create(event=event, defaults=defaults)


def unseed(apps, schema_editor):
    apps.get_model("notifications", "CommunicationRule").objects.filter(
        event__in=list(RULES)
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("notifications", "0006_portal_event_choices")]

    operations = [migrations.RunPython(seed, unseed)]
