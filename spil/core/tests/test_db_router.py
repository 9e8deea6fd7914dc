from spil.core import db_router
from spil.core.models import AuditEvent
from spil.families.models import Family


def test_only_reads_inside_the_block_go_to_the_replica_and_never_the_audit_trail():
    router = db_router.ReplicaForReportsRouter()
    assert router.db_for_read(Family) is None
    with db_router.read_from_replica():
        assert router.db_for_read(Family) == "replica"
        assert router.db_for_read(AuditEvent) is None  # chain heads: the primary
        assert router.db_for_write(Family) == "default"
    assert router.db_for_read(Family) is None
    assert router.allow_migrate("replica", "families") is False
