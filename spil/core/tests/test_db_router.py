from django.test.utils import override_settings

from spil.core import db_router
from spil.core.models import AuditEvent
from spil.families.models import Family


def test_without_the_router_nothing_goes_to_the_replica():
    # The test settings have a replica alias; the router is not switched on there.
    with db_router.read_from_replica():
        assert db_router.alias_for_reads("families") == "default"
        assert db_router.ReplicaForReportsRouter().db_for_read(Family) is None


@override_settings(DATABASE_ROUTERS=["spil.core.db_router.ReplicaForReportsRouter"])
def test_only_reads_inside_the_block_go_to_the_replica_and_never_the_audit_trail():
    router = db_router.ReplicaForReportsRouter()
    assert router.db_for_read(Family) is None
    with db_router.read_from_replica():
        assert router.db_for_read(Family) == "replica"
        assert db_router.alias_for_reads("reports") == "replica"
        assert router.db_for_read(AuditEvent) is None  # chain heads: the primary
        assert db_router.alias_for_reads("core") == "default"
        assert router.db_for_write(Family) == "default"
    assert router.db_for_read(Family) is None
    assert router.allow_migrate("replica", "families") is False


def test_a_router_given_as_an_instance_counts_too(settings):
    settings.DATABASE_ROUTERS = [db_router.ReplicaForReportsRouter()]
    with db_router.read_from_replica():
        assert db_router.alias_for_reads("reports") == "replica"
