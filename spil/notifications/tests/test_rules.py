"""The registry, the stored rules seeded from it, the page that shows them, and the
beheerder who edits them in the admin."""

import importlib

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from spil.notifications import rules
from spil.notifications.models import CommunicationRule
from spil.notifications.rules import RULES, Audience, Event, Trigger

seed = importlib.import_module("spil.notifications.migrations.0002_seed_rules")
portal_seed = importlib.import_module("spil.notifications.migrations.0007_portal_event_rules")
emergency_seed = importlib.import_module("spil.notifications.migrations.0009_emergency_access_rule")
rights_seed = importlib.import_module("spil.notifications.migrations.0011_rights_requested_rule")


def test_the_registry_names_every_event_of_the_issue():
    assert set(RULES) == set(Event)
    assert {e for e, s in RULES.items() if s.trigger == Trigger.TIME} == {
        Event.PLAN_DUE,
        Event.TRAJECTORY_ENDING,
        Event.APPOINTMENT_TOMORROW,
        Event.PROMISE_OVERDUE,
    }
    # "betrokkene" only where an event has one.
    for spec in RULES.values():
        if Audience.CONCERNED in spec.audiences:
            assert spec.has_concerned, spec.event


@pytest.mark.django_db
def test_the_migration_seeded_one_rule_per_event_with_the_registrys_defaults():
    stored = {Event(r.event): r for r in CommunicationRule.objects.all()}
    assert set(stored) == set(Event)
    for event, rule in stored.items():
        assert rule.audiences() == RULES[event].audiences, event
        assert rule.is_active and rule.by_email
    # 0002 seeded the first nine; each later event comes with a migration of its own.
    assert set(seed.DEFAULTS) | {"gezin_toegewezen"} | set(portal_seed.RULES) | set(
        emergency_seed.RULES
    ) | set(rights_seed.RULES) == {e.value for e in Event}


@pytest.mark.django_db
def test_without_a_stored_rule_the_default_applies():
    CommunicationRule.objects.filter(event=Event.ESCALATION).delete()
    assert rules.setting_for(Event.ESCALATION) == rules.default_setting(Event.ESCALATION)


@pytest.mark.django_db
def test_a_concerned_person_is_refused_for_an_event_without_one():
    rule = CommunicationRule.objects.get(event=Event.GOAL_REACHED)
    rule.to_concerned = True
    with pytest.raises(ValidationError):
        rule.full_clean()


def test_the_rules_page_shows_who_is_told(client, world):
    client.force_login(world.ggz_worker)
    page = client.get(reverse("notifications:rules")).content.decode()
    for spec in RULES.values():
        assert str(spec.label) in page
    assert "de hulpverlener van de afspraak" in page
    assert "teamleider van de coach" in page
    assert "Regels aanpassen" not in page


def test_the_beheerder_edits_the_audiences_in_the_admin(client, world):
    rule = CommunicationRule.objects.get(event=Event.GOAL_REACHED)
    client.force_login(world.admin)
    assert "Regels aanpassen" in client.get(reverse("notifications:rules")).content.decode()
    url = reverse("admin:notifications_communicationrule_change", args=[rule.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "to_coach": "on",
            "to_backup": "on",
            "to_team_lead": "on",
            "by_email": "on",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.audiences() == {Audience.COACH, Audience.BACKUP, Audience.TEAM_LEAD}
    # Events come from the code: none is added or deleted in the admin.
    assert client.get(reverse("admin:notifications_communicationrule_add")).status_code == 403
    changelist = client.get(reverse("admin:notifications_communicationrule_changelist"))
    assert changelist.status_code == 200


@pytest.mark.parametrize("who", ["coach", "team_lead", "ggz_worker"])
def test_nobody_else_reaches_the_rules_in_the_admin(client, world, who):
    client.force_login(getattr(world, who))
    url = reverse("admin:notifications_communicationrule_changelist")
    assert client.get(url).status_code == 404


def test_the_inbox_is_not_in_the_admin(client, world):
    client.force_login(world.admin)
    assert "notification/" not in client.get(reverse("admin:index")).content.decode()
