"""Break-the-glass (issue 18): the coach and the back-up coach are told when a teamleider
or the meldpunt opens the family by noodtoegang."""

from django.db import migrations

RULES = {"noodtoegang": {"to_coach": True, "to_backup": True}}


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
    dependencies = [("notifications", "0008_emergency_access_choices")]

    operations = [migrations.RunPython(seed, unseed)]
