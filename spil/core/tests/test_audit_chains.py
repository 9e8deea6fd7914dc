"""One audit chain per family, sealed into the global chain (docs/adr/0030)."""

import importlib
import io
import itertools
import json
import threading
import uuid

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections, transaction

from spil.core import audit
from spil.core.models import AuditEvent
from spil.core.tasks import AuditTrailBroken, seal_audit_chains

TABLE = AuditEvent._meta.db_table


@pytest.fixture
def anchors(settings, tmp_path):
    settings.SPIL_AUDIT_ANCHOR_PATH = tmp_path / "anchors.jsonl"
    return settings.SPIL_AUDIT_ANCHOR_PATH


def _sql(statement, params):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


@pytest.mark.django_db
def test_each_family_has_its_own_chain_and_the_rest_goes_to_the_global_one(coach):
    a, b = uuid.uuid4(), uuid.uuid4()
    first_a = audit.record(actor=coach, action="test.a1", family=a)
    login = audit.record(actor=coach, action="auth.login")
    first_b = audit.record(actor=coach, action="test.b1", family=b)
    second_a = audit.record(actor=coach, action="test.a2", family=a)
    assert (first_a.chain, first_b.chain, login.chain) == (str(a), str(b), audit.GLOBAL_CHAIN)
    assert first_a.previous_hash == audit.GENESIS_HASH
    assert first_b.previous_hash == audit.GENESIS_HASH
    assert second_a.previous_hash == first_a.hash  # not the event written in between
    verdict = audit.verify(anchors=[])
    assert verdict.intact
    assert (verdict.events, verdict.chains) == (4, 3)


@pytest.mark.django_db
def test_record_many_links_each_family_into_its_own_chain_in_a_fixed_number_of_queries(coach):
    from django.test.utils import CaptureQueriesContext

    from spil.families.tests.factories import FamilyFactory

    families = FamilyFactory.create_batch(5)
    before = audit.record(actor=coach, action="family.viewed", family=families[0])
    counts = []
    for batch in (families[:2], families):
        with CaptureQueriesContext(connection) as queries:
            events = audit.record_many(actor=coach, action="caseload.viewed", families=batch)
        counts.append(len(queries))
    assert counts[0] == counts[1]  # not a query per family
    assert [e.chain for e in events] == [str(f.uuid) for f in families]
    assert AuditEvent.objects.filter(chain=str(families[0].uuid)).count() == 3
    assert events[2].previous_hash == audit.GENESIS_HASH
    assert before.chain == events[0].chain
    assert audit.verify(anchors=[]).intact


@pytest.mark.django_db
def test_tampering_in_a_family_chain_is_named(coach):
    family = uuid.uuid4()
    events = [audit.record(actor=coach, action=f"test.{n}", family=family) for n in range(3)]
    audit.record(actor=coach, action="test.elsewhere", family=uuid.uuid4())
    _sql(f"UPDATE {TABLE} SET detail = %s WHERE id = %s", ['{"code": "x"}', events[1].id])  # noqa: S608
    with pytest.raises(CommandError) as excinfo:
        call_command("audit_verify", "--no-anchor")
    assert str(events[1].uuid) in str(excinfo.value)
    assert "de inhoud is veranderd: het zegel klopt niet meer" in str(excinfo.value)
    (broken,) = audit.verify_chain()
    assert (broken.event_id, broken.reason) == (events[1].id, "hash")


@pytest.mark.django_db
def test_moving_an_event_into_another_chain_is_noticed(coach):
    family = uuid.uuid4()
    event = audit.record(actor=coach, action="test.one", family=family)
    _sql(f"UPDATE {TABLE} SET chain = %s WHERE id = %s", [str(uuid.uuid4()), event.id])  # noqa: S608
    assert [b.reason for b in audit.verify_chain()] == ["chain"]


@pytest.mark.django_db
def test_the_newest_events_of_a_sealed_family_chain_cannot_go_unnoticed(coach, anchors):
    family = uuid.uuid4()
    events = [audit.record(actor=coach, action=f"test.{n}", family=family) for n in range(3)]
    out = io.StringIO()
    call_command("audit_anchor", stdout=out)
    assert "Verzegeld: 1 gezinsketens" in out.getvalue()
    (seal,) = AuditEvent.objects.filter(action=audit.CHAINS_SEALED)
    assert seal.chain == audit.GLOBAL_CHAIN and seal.family_uuid is None
    assert seal.detail == {"heads": {str(family): [3, events[2].hash]}}
    _sql(f"DELETE FROM {TABLE} WHERE id = %s", [events[2].id])  # noqa: S608
    assert list(audit.verify_chain()) == []  # the links alone: a valid, shorter chain
    with pytest.raises(CommandError, match="korter dan de verzegeling"):
        call_command("audit_verify")


@pytest.mark.django_db
def test_a_sealed_tail_cut_off_stays_noticed_after_the_next_days_seal(coach, anchors):
    """A DBA deletes the last events of a sealed chain, the family's next event is written,
    and the daily job seals and verifies again: the earlier seal still tells. The new seal
    does not put the shorter chain on record."""
    family = uuid.uuid4()
    events = [audit.record(actor=coach, action=f"test.{n}", family=family) for n in range(4)]
    call_command("audit_anchor", stdout=io.StringIO())
    _sql(f"DELETE FROM {TABLE} WHERE id IN (%s, %s, %s)", [e.id for e in events[1:]])  # noqa: S608
    audit.record(actor=coach, action="test.after", family=family)  # a valid link on event 0
    with pytest.raises(CommandError, match="korter dan de verzegeling"):
        call_command("audit_anchor", stdout=io.StringIO())
    heads = [
        e.detail["heads"].get(str(family))
        for e in AuditEvent.objects.filter(action=audit.CHAINS_SEALED).order_by("id")
    ]
    assert heads == [[4, events[3].hash]]  # no second seal of two events
    with pytest.raises(AuditTrailBroken):
        seal_audit_chains.call()


@pytest.mark.django_db
def test_a_chain_that_differs_from_an_older_seal_is_noticed(coach, anchors):
    """Two seals of one chain; the events up to the first are replaced by a valid chain of
    the same length (as someone with the key could): the first seal names the change even
    though the newest one still matches its own event."""
    family = uuid.uuid4()
    first = [audit.record(actor=coach, action=f"test.{n}", family=family) for n in range(2)]
    audit.seal()
    audit.record(actor=coach, action="test.2", family=family)
    audit.seal(full=True)
    seals = audit._seals()[str(family)]
    assert [count for count, _head, _at in seals] == [2, 3]
    # The walk compares every seal: a forged first seal (the head it names is not the
    # event at that place) is reported though the newest seal holds.
    forged = {str(family): [(2, "0" * 64, seals[0][2]), seals[1]]}
    walk = audit._Walk(audit.audit_key(), frozenset(), forged).run()
    assert walk.breaks == []
    assert [p for p in walk.problems if "verschilt van de verzegeling" in p] != []
    # A later seal that counts fewer events than an earlier one (old code wrote those).
    shrunk = {str(family): [seals[1], (2, first[1].hash, seals[0][2])]}
    walk = audit._Walk(audit.audit_key(), frozenset(), shrunk).run()
    assert any("er zijn gebeurtenissen verdwenen" in p for p in walk.problems)
    call_command("audit_verify", "--no-anchor", stdout=io.StringIO())  # the real seals hold


@pytest.mark.django_db
def test_a_whole_family_chain_deleted_after_its_seal_is_noticed(coach, anchors):
    family = uuid.uuid4()
    for n in range(2):
        audit.record(actor=coach, action=f"test.{n}", family=family)
    call_command("audit_anchor", stdout=io.StringIO())
    _sql(f"DELETE FROM {TABLE} WHERE chain = %s", [str(family)])  # noqa: S608
    with pytest.raises(CommandError, match="ontbreekt helemaal"):
        call_command("audit_verify")


@pytest.mark.django_db
def test_a_seal_deleted_from_the_global_chain_is_noticed_by_the_anchor(coach, anchors):
    audit.record(actor=coach, action="test.one", family=uuid.uuid4())
    call_command("audit_anchor", stdout=io.StringIO())
    _sql(f"DELETE FROM {TABLE} WHERE action = %s", [audit.CHAINS_SEALED])  # noqa: S608
    with pytest.raises(CommandError, match="korter"):
        call_command("audit_verify")


@pytest.mark.django_db
def test_a_second_seal_names_only_what_changed_and_verify_keeps_passing(coach, anchors):
    quiet, busy = uuid.uuid4(), uuid.uuid4()
    audit.record(actor=coach, action="test.one", family=quiet)
    audit.record(actor=coach, action="test.one", family=busy)
    audit.seal()
    # Within the look-back both are named again; a full seal names every chain.
    assert len(audit.seal(full=True)[0].detail["heads"]) == 2
    audit.record(actor=coach, action="test.two", family=busy)
    call_command("audit_anchor", stdout=io.StringIO())
    call_command("audit_verify", "--no-anchor", stdout=io.StringIO())
    assert audit.seal()[0].detail["heads"][str(busy)][0] == 2


@pytest.mark.django_db
def test_a_family_removed_by_retention_leaves_its_chain_verifiable(coach, anchors):
    from spil.families.tests.factories import FamilyFactory

    family = FamilyFactory()
    audit.record(actor=coach, action="family.viewed", obj=family, family=family)
    audit.record(actor=coach, action="family.closed", obj=family, family=family)
    call_command("audit_anchor", stdout=io.StringIO())
    family_uuid = family.uuid
    family.delete()
    assert AuditEvent.objects.filter(chain=str(family_uuid)).count() == 2
    call_command("audit_verify", stdout=io.StringIO())


@pytest.mark.django_db
def test_the_task_seals_verifies_and_anchors(coach, anchors, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    audit.record(actor=coach, action="test.one", family=uuid.uuid4())
    result = seal_audit_chains.enqueue()
    assert result.return_value == {"sealed_chains": 1, "events": 2}
    assert json.loads(anchors.read_text())["count"] == 1  # the seal itself


@pytest.mark.django_db
def test_the_task_fails_and_anchors_nothing_on_a_broken_chain(coach, anchors):
    event = audit.record(actor=coach, action="test.one", family=uuid.uuid4())
    _sql(f"UPDATE {TABLE} SET action = 'x' WHERE id = %s", [event.id])  # noqa: S608
    with pytest.raises(AuditTrailBroken):
        seal_audit_chains.call()
    assert not anchors.exists()


# --- The migration: the single chain becomes the start of the global chain ----------------


def _migration():
    return importlib.import_module("spil.core.migrations.0004_audit_chain_per_family")


@pytest.mark.django_db
def test_the_split_keeps_the_old_single_chain_and_its_anchors_valid(coach, anchors):
    """Before the split every event, with a family or not, was one chain."""
    family = uuid.uuid4()
    old = [
        audit.record_single_lock(actor=coach, action="old.one", family=family),
        audit.record_single_lock(actor=coach, action="old.two"),
        audit.record_single_lock(actor=coach, action="old.three", family=family),
    ]
    assert {e.chain for e in old} == {audit.GLOBAL_CHAIN}
    call_command("audit_verify", stdout=io.StringIO())  # an anchor of the old chain
    _migration().mark_split(django_apps, None)
    marker = AuditEvent.objects.order_by("-id").first()
    assert marker.action == "audit.chains_split"
    assert marker.detail == {"events": 3, "head": old[-1].hash}
    assert marker.previous_hash == old[-1].hash
    new = audit.record(actor=coach, action="new.one", family=family)
    assert new.chain == str(family) and new.previous_hash == audit.GENESIS_HASH
    call_command("audit_anchor", stdout=io.StringIO())
    verdict = audit.verify()
    assert verdict.intact, (verdict.breaks, verdict.problems)
    first_anchor = json.loads(anchors.read_text().splitlines()[0])
    assert (first_anchor["count"], first_anchor["last_id"]) == (3, old[-1].id)


@pytest.mark.django_db
def test_an_old_event_tampered_before_the_split_still_fails(coach):
    old = [audit.record_single_lock(actor=coach, action=f"old.{n}") for n in range(3)]
    _migration().mark_split(django_apps, None)
    _sql(f"UPDATE {TABLE} SET action = 'x' WHERE id = %s", [old[0].id])  # noqa: S608
    assert [b.event_id for b in audit.verify_chain()] == [old[0].id]


@pytest.mark.django_db
def test_a_fresh_database_gets_no_marker():
    _migration().mark_split(django_apps, None)
    assert not AuditEvent.objects.exists()


# --- Writers at the same moment ----------------------------------------------------------


def _write(family, count, errors):
    try:
        for n in range(count):
            with transaction.atomic():
                audit.record(actor=None, action=f"test.concurrent.{n}", family=family)
    except Exception as error:  # pragma: no cover - shown in the assertion
        errors.append(repr(error))
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    # The chain's advisory lock exists only on PostgreSQL (CI's second pass runs this).
    # On SQLite whole write transactions take turns (IMMEDIATE); concurrent writers there are
    # checked against a real SQLite file by test_sqlite_concurrency.py, which verifies every
    # chain after eight clients wrote at once.
    reason="the per-chain advisory lock is PostgreSQL's; SQLite: test_sqlite_concurrency.py",
)
def test_concurrent_writers_on_one_family_still_make_one_chain():
    """Six threads, each with its own connection, write into the same family chain (and
    two into another): the chain's advisory lock makes them take turns."""
    family, other = uuid.uuid4(), uuid.uuid4()
    errors: list[str] = []
    threads = [threading.Thread(target=_write, args=(family, 5, errors)) for _ in range(6)]
    threads += [threading.Thread(target=_write, args=(other, 5, errors)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    chain = list(AuditEvent.objects.filter(chain=str(family)).order_by("id"))
    assert len(chain) == 30
    assert chain[0].previous_hash == audit.GENESIS_HASH
    assert all(b.previous_hash == a.hash for a, b in itertools.pairwise(chain))
    verdict = audit.verify(anchors=[])
    assert verdict.intact and verdict.events == 40


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_bench_audit_measures_on_postgresql_and_refuses_politely_elsewhere(settings):
    out = io.StringIO()
    flags = ["--writers", "3", "--writes", "2", "--rounds", "1", "--work-ms", "0"]
    if connection.vendor != "postgresql":
        with pytest.raises(CommandError, match="alleen op PostgreSQL"):
            call_command("bench_audit", *flags, stdout=out)
        return
    with transaction.atomic(), pytest.raises(CommandError, match="buiten een transactie"):
        call_command("bench_audit", *flags, stdout=out)  # its writers commit on their own
    call_command("bench_audit", *flags, stdout=out)
    assert "één slot (oud)" in out.getvalue() and "verhouding nu/oud" in out.getvalue()
    assert AuditEvent.objects.filter(action="bench.audit_write").count() == 12
    assert audit.verify(anchors=[]).intact  # both designs left a valid trail
    settings.SPIL_ENVIRONMENT = "production"
    with pytest.raises(CommandError, match="niet in productie"):
        call_command("bench_audit", *flags, stdout=out)
