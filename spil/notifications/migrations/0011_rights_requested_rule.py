"""Issue 18: the coach and the back-up coach are told when a family member asks in the
portal about their own data (a full overview, erasure, restriction or objection)."""

from django.db import migrations

RULES = {"verzoek_eigen_gegevens": {"to_coach": True, "to_backup": True}}


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
    dependencies = [("notifications", "0010_rights_requested_choices")]

    operations = [migrations.RunPython(seed, unseed)]
