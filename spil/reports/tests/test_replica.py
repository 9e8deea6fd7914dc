"""The monitoring's figures are the heavy reads a read replica is for (issue 19,
docs/deployment.md): with the router on, every query of them goes to the replica."""

from datetime import date

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext, override_settings

from spil.reports.monitoring import monitoring
from spil.trajectories.models import Closure

from .test_monitoring import past

PERIOD = {"date_from": date(2025, 1, 1), "date_to": date(2025, 12, 31)}


@pytest.fixture
def replica():
    """The replica's own connection, closed afterwards: an open one would keep the test
    database from being dropped at the end of the run."""
    yield connections["replica"]
    connections["replica"].close()


# Committed rows (transaction=True): the replica is a second connection (a mirror of the
# test database) and sees only what is committed, as a real replica would. The serialized
# rollback puts back what the migrations wrote, as in every transactional test here
# (without it the flush re-creates the content types under new ids).
@pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=["default", "replica"])
def test_the_monitoring_reads_from_the_replica_and_gives_the_primary_figures(replica):
    past(8, started=date(2025, 2, 1), closed=date(2025, 9, 1), reason=Closure.Reason.GOALS_REACHED)
    past(6, started=date(2025, 3, 1))
    monitoring(**PERIOD)  # what is cached after the first call (labels, settings) is
    with CaptureQueriesContext(connections["default"]) as on_primary:
        expected = monitoring(**PERIOD)
    assert len(on_primary) > 5
    with (
        override_settings(DATABASE_ROUTERS=["spil.core.db_router.ReplicaForReportsRouter"]),
        CaptureQueriesContext(replica) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_default,
    ):
        routed = monitoring(**PERIOD)
    assert len(on_replica) == len(on_primary)  # every query, the raw SQL of the facts too
    assert len(on_default) == 0
    assert routed == expected
