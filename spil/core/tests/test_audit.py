import uuid

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from spil.core import audit
from spil.core.models import AuditEvent, AuditTrailIsAppendOnly

pytestmark = pytest.mark.django_db


def _three_events(actor):
    family = uuid.uuid4()
    return [
        audit.record(actor=actor, action="test.one"),
        audit.record(actor=actor, action="test.two", family=family, detail={"code": "a"}),
        audit.record(actor=None, action="test.three", obj=actor),
    ]


def test_each_event_stores_the_hash_of_the_one_before(coach):
    first, second, third = _three_events(coach)
    assert first.previous_hash == audit.GENESIS_HASH
    assert second.previous_hash == first.hash
    assert third.previous_hash == second.hash
    assert len({first.hash, second.hash, third.hash}) == 3


def test_record_fills_who_for_which_organisation_and_family(coach):
    family = uuid.uuid4()
    event = audit.record(actor=coach, action="goal.reached", obj=coach, family=family)
    event.refresh_from_db()
    assert event.actor == coach
    assert event.organisation == coach.memberships.get().organisation
    assert event.family_uuid == family
    assert event.object_type == "accounts.user"
    assert event.object_uuid == coach.uuid


def test_audit_verify_passes_on_an_intact_chain(coach, capsys):
    _three_events(coach)
    call_command("audit_verify")
    assert "intact" in capsys.readouterr().out


def test_audit_verify_names_the_first_event_altered_in_sql(coach):
    _, second, _ = _three_events(coach)
    table = AuditEvent._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET action = %s WHERE id = %s", ["tampered", second.id])  # noqa: S608
    with pytest.raises(CommandError) as excinfo:
        call_command("audit_verify")
    assert str(second.uuid) in str(excinfo.value)


def test_audit_verify_notices_a_row_deleted_in_sql(coach):
    _, second, third = _three_events(coach)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", [second.id])  # noqa: S608
    breaks = list(audit.verify_chain())
    assert [b.event_uuid for b in breaks] == [str(third.uuid)]


def test_audit_verify_exits_non_zero_from_the_command_line(coach):
    _three_events(coach)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {AuditEvent._meta.db_table} SET ip_address = '10.0.0.1'")  # noqa: S608
    with pytest.raises(CommandError):
        call_command("audit_verify")


def test_updating_an_event_through_the_orm_raises(coach):
    event, *_ = _three_events(coach)
    event.action = "changed"
    with pytest.raises(AuditTrailIsAppendOnly):
        event.save()
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEvent.objects.filter(id=event.id).update(action="changed")
    assert AuditEvent.objects.get(id=event.id).action == "test.one"


def test_deleting_an_event_through_the_orm_raises(coach):
    event, *_ = _three_events(coach)
    with pytest.raises(AuditTrailIsAppendOnly):
        event.delete()
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.filter(id=event.id).exists()


def test_an_event_names_the_organisation_the_user_works_for_not_the_oldest_membership():
    from spil.accounts import services as account_services
    from spil.accounts.tests.factories import OrganisationFactory, UserFactory
    from spil.core.roles import Role

    ggz, coaching = OrganisationFactory(name="GGZ"), OrganisationFactory(name="Coaching")
    user = UserFactory()
    account_services.membership_add(user=user, organisation=ggz, role=Role.PROFESSIONAL)
    account_services.membership_add(user=user, organisation=coaching, role=Role.COACH)
    assert audit.record(actor=user, action="family.viewed").organisation == coaching
