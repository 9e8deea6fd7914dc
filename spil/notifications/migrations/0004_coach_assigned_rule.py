"""The rule "gezin toegewezen" (issue 22): the new coach or back-up coach is told."""

from django.db import migrations


def seed(apps, schema_editor):
    apps.get_model("notifications", "CommunicationRule").objects.get_or_create(
        event="gezin_toegewezen",
        defaults={
            "to_coach": False,
            "to_backup": False,
            "to_team_lead": False,
            "to_team": False,
            "to_concerned": True,
            "by_email": True,
            "is_active": True,
        },
    )


def unseed(apps, schema_editor):
    apps.get_model("notifications", "CommunicationRule").objects.filter(
        event="gezin_toegewezen"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("notifications", "0003_rule_event_choices")]

    operations = [migrations.RunPython(seed, unseed)]
