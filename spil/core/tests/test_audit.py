import hashlib
import hmac
import importlib
import io
import json
import uuid

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection

from spil.core import audit
from spil.core.models import AuditEvent, AuditTrailIsAppendOnly

pytestmark = pytest.mark.django_db


def _three_events(actor):
    """Three events in the global chain (no family)."""
    return [
        audit.record(actor=actor, action="test.one"),
        audit.record(actor=actor, action="test.two", detail={"code": "a"}),
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


# --- Issue 22: a keyed chain, anchored outside the database ------------------------------

TABLE = AuditEvent._meta.db_table


@pytest.fixture
def anchors(settings, tmp_path):
    """An anchor store of this test's own."""
    settings.SPIL_AUDIT_ANCHOR_PATH = tmp_path / "audit-anchors" / "anchors.jsonl"
    return settings.SPIL_AUDIT_ANCHOR_PATH


def _plain_sha256(event):
    return hashlib.sha256(audit.canonical(event).encode()).hexdigest()


def _wrong_key(event):
    return hmac.new(b"x" * 40, audit.canonical(event).encode(), hashlib.sha256).hexdigest()


def _rewrite_and_reseal(seal):
    """What someone with database write access but without the key can do: change an
    event, then recompute every link and seal after it."""
    with connection.cursor() as cursor:
        first = f"SELECT MIN(id) FROM {TABLE}"  # noqa: S608
        cursor.execute(f"UPDATE {TABLE} SET action = %s WHERE id = ({first})", ["rewritten"])  # noqa: S608
    previous = audit.GENESIS_HASH
    for event in AuditEvent.objects.order_by("id"):
        event.previous_hash = previous
        event.hash = seal(event)
        previous = event.hash
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {TABLE} SET previous_hash = %s, hash = %s WHERE id = %s",  # noqa: S608
                [event.previous_hash, event.hash, event.id],
            )


@pytest.mark.parametrize("seal", [_plain_sha256, _wrong_key], ids=["sha256", "wrong-key"])
def test_a_chain_rewritten_and_rehashed_without_the_key_fails(coach, seal):
    first, *_ = _three_events(coach)
    _rewrite_and_reseal(seal)
    with pytest.raises(CommandError) as excinfo:
        call_command("audit_verify", "--no-anchor")
    assert str(first.uuid) in str(excinfo.value)


def test_the_seal_is_an_hmac_under_the_configured_key(coach, settings):
    event = audit.record(actor=coach, action="test.one")
    expected = hmac.new(
        settings.SPIL_AUDIT_KEY.encode(), audit.canonical(event).encode(), hashlib.sha256
    ).hexdigest()
    assert event.hash == expected
    settings.SPIL_AUDIT_KEY = "another-key-of-enough-length-0123456789"
    assert list(audit.verify_chain()) != []


@pytest.mark.parametrize("key", ["", "too-short"])
def test_recording_without_a_proper_key_is_a_configuration_error(coach, settings, key):
    settings.SPIL_AUDIT_KEY = key
    with pytest.raises(ImproperlyConfigured):
        audit.record(actor=coach, action="test.one")


def test_a_passing_verify_appends_the_chain_head_to_the_anchor_store(coach, anchors):
    *_, third = _three_events(coach)
    call_command("audit_verify", stdout=io.StringIO())
    (line,) = anchors.read_text().splitlines()
    anchor = json.loads(line)
    assert anchor["last_id"] == third.id
    assert anchor["last_uuid"] == str(third.uuid)
    assert anchor["hash"] == third.hash
    assert anchor["count"] == 3
    assert anchor["anchored_at"]
    call_command("audit_verify", "--no-anchor", stdout=io.StringIO())
    assert len(anchors.read_text().splitlines()) == 1


def test_audit_anchor_appends_and_prints_the_anchor(coach, anchors):
    _three_events(coach)
    out = io.StringIO()
    call_command("audit_anchor", stdout=out)
    audit.record(actor=coach, action="test.four")
    call_command("audit_anchor", stdout=out)
    counts = [json.loads(line)["count"] for line in anchors.read_text().splitlines()]
    assert counts == [3, 4]
    assert '"count": 4' in out.getvalue()


def test_deleting_the_newest_events_after_an_anchor_fails_verify_naming_them(coach, anchors):
    _, second, third = _three_events(coach)
    call_command("audit_anchor", stdout=io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE id >= %s", [second.id])  # noqa: S608
    assert list(audit.verify_chain()) == []  # what is left is a valid, shorter chain
    with pytest.raises(CommandError) as excinfo:
        call_command("audit_verify")
    message = str(excinfo.value)
    assert "korter" in message
    assert "2 gebeurtenis(sen) ontbreken" in message
    assert str(third.uuid) in message
    assert len(anchors.read_text().splitlines()) == 1  # a failing verify anchors nothing


def test_events_replaced_after_an_anchor_fail_verify(coach, anchors):
    """Delete the newest events and record new ones in their place: the count matches
    again, but the anchored event is not the same."""
    _three_events(coach)
    call_command("audit_anchor", stdout=io.StringIO())
    last = AuditEvent.objects.order_by("-id").first()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE id = %s", [last.id])  # noqa: S608
    audit.record(actor=coach, action="test.replacement")
    with pytest.raises(CommandError) as excinfo:
        call_command("audit_anchor", stdout=io.StringIO())
    assert str(last.uuid) in str(excinfo.value)


def test_a_growing_chain_passes_its_earlier_anchors(coach, anchors):
    _three_events(coach)
    call_command("audit_anchor", stdout=io.StringIO())
    _three_events(coach)
    call_command("audit_verify", stdout=io.StringIO())
    assert [json.loads(x)["count"] for x in anchors.read_text().splitlines()] == [3, 6]


def test_an_unreadable_anchor_line_fails_verify(coach, anchors):
    _three_events(coach)
    anchors.parent.mkdir(parents=True)
    anchors.write_text("{niet te lezen\n")
    with pytest.raises(CommandError, match="onleesbaar"):
        call_command("audit_verify")


def test_the_anchor_store_lives_under_var_by_default_and_follows_the_setting():
    from config.settings import base

    assert base.SPIL_AUDIT_ANCHOR_PATH == base.VAR_DIR / "audit-anchors" / "anchors.jsonl"


# --- The migration that seals the old, unkeyed chain --------------------------------------


def _unkeyed_chain(actor, count=3):
    """Events as they were stored before the key: plain SHA-256 links."""
    events = [audit.record(actor=actor, action=f"old.{n}") for n in range(count)]
    previous = audit.GENESIS_HASH
    for event in events:
        event.previous_hash = previous
        event.hash = _plain_sha256(event)
        previous = event.hash
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {TABLE} SET previous_hash = %s, hash = %s WHERE id = %s",  # noqa: S608
                [event.previous_hash, event.hash, event.id],
            )
    return events, previous


def _migration():
    return importlib.import_module("spil.core.migrations.0003_seal_audit_chain_with_key")


def test_the_migration_seals_the_old_chain_with_the_key(coach):
    events, old_head = _unkeyed_chain(coach)
    assert list(audit.verify_chain()) != []  # unkeyed: not valid under the key
    _migration().seal_with_key(django_apps, None)
    assert list(audit.verify_chain()) == []
    marker = AuditEvent.objects.order_by("-id").first()
    assert marker.action == "audit.chain_resealed"
    assert marker.detail["events"] == 3
    assert marker.detail["old_head"] == old_head
    assert marker.detail["old_break_id"] is None
    assert [e.action for e in AuditEvent.objects.order_by("id")][:3] == [e.action for e in events]


def test_the_migration_keeps_an_old_break_visible_instead_of_laundering_it(coach):
    events, _ = _unkeyed_chain(coach)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET action = 'tampered' WHERE id = %s", [events[1].id])  # noqa: S608
    _migration().seal_with_key(django_apps, None)
    marker = AuditEvent.objects.order_by("-id").first()
    assert marker.detail["old_break_id"] == events[1].id
    assert marker.detail["old_break_uuid"] == str(events[1].uuid)


def test_the_migration_refuses_to_seal_existing_events_without_a_key(coach, settings):
    _unkeyed_chain(coach)
    settings.SPIL_AUDIT_KEY = ""
    with pytest.raises(ImproperlyConfigured):
        _migration().seal_with_key(django_apps, None)


def test_the_migration_can_be_reversed(coach):
    _unkeyed_chain(coach)
    module = _migration()
    module.seal_with_key(django_apps, None)
    module.unseal(django_apps, None)
    previous = audit.GENESIS_HASH
    for event in AuditEvent.objects.order_by("id"):
        assert event.previous_hash == previous
        assert event.hash == _plain_sha256(event)
        previous = event.hash


# --- Refused family lookups -----------------------------------------------------------


def test_a_refusal_is_a_security_event_with_the_family_in_detail_only(coach):
    family = uuid.uuid4()
    audit.record_refusal(actor=coach, family_uuid=family, reason="no_access")
    event = AuditEvent.objects.get(action=audit.FAMILY_REFUSED)
    assert event.actor == coach
    assert event.family_uuid is None
    assert event.detail == {"family": str(family), "reason": "no_access"}
    assert event.occurred_at is not None


def test_a_refusal_that_cannot_be_stored_does_not_raise(coach, monkeypatch, caplog):
    def broken(**kwargs):
        raise DatabaseError("database is locked")

    monkeypatch.setattr(audit, "record", broken)
    audit.record_refusal(actor=coach, family_uuid=uuid.uuid4(), reason="unknown")
    assert "not recorded" in caplog.text
