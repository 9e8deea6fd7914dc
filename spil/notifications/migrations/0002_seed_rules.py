"""Seed one communication rule per event with the defaults of `rules.py` at the time of
writing (frozen here, as a migration must not follow later code). The beheerder changes
them in the admin."""

from django.db import migrations

# event: (coach, back-up, teamleider, team within consent, concerned person)
DEFAULTS = {
    "doel_bereikt": (True, True, False, True, False),
    "wisseling_hulpverlener": (True, True, True, True, False),
    "situatie_veranderd": (True, True, True, True, False),
    "informatie_gedeeld": (True, True, False, True, False),
    "opschaling": (True, True, True, False, False),
    "plan_termijn": (True, True, False, False, False),
    "einde_traject": (True, True, True, False, False),
    "afspraak_morgen": (False, False, False, False, True),
    "toezegging_verlopen": (True, False, False, False, True),
}


def seed(apps, schema_editor):
    rule_model = apps.get_model("notifications", "CommunicationRule")
    for event, (coach, backup, lead, team, concerned) in DEFAULTS.items():
        rule_model.objects.get_or_create(
            event=event,
            defaults={
                "to_coach": coach,
                "to_backup": backup,
                "to_team_lead": lead,
                "to_team": team,
                "to_concerned": concerned,
                "by_email": True,
                "is_active": True,
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("notifications", "CommunicationRule").objects.filter(
        event__in=list(DEFAULTS)
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
