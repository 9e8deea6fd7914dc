"""A read replica for heavy reads (docs/deployment.md, "Opschalen").

Only code that asks for it reads from the replica:

    with db_router.read_from_replica():
        figures = monitoring.figures(period)

Everything else — every write, every read outside such a block, and always the audit
trail, the sessions, the task queue and the lockouts — stays on the primary. A replica
lags a little; reports over a period do not mind, a chain head would, hence the list.
Active only when DATABASE_REPLICA_URL is set (config/settings/production.py).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings

REPLICA = "replica"
ROUTER_PATH = "spil.core.db_router.ReplicaForReportsRouter"
# Apps whose rows are never read from a lagging copy.
PRIMARY_ONLY = frozenset({"core", "sessions", "django_tasks_database", "axes", "otp_totp"})

_reading_from_replica: ContextVar[bool] = ContextVar("spil_read_from_replica", default=False)


@contextmanager
def read_from_replica() -> Iterator[None]:
    token = _reading_from_replica.set(True)
    try:
        yield
    finally:
        _reading_from_replica.reset(token)


def replica_in_use() -> bool:
    """Inside a `read_from_replica()` block, with a replica configured and routed."""
    return (
        _reading_from_replica.get()
        and REPLICA in settings.DATABASES
        and any(
            r == ROUTER_PATH or isinstance(r, ReplicaForReportsRouter)
            for r in settings.DATABASE_ROUTERS
        )
    )


def alias_for_reads(app_label: str) -> str:
    """The connection a raw SQL read of `app_label`'s tables goes to (the ORM asks the
    router; `connection.cursor()` would always be the primary)."""
    return REPLICA if replica_in_use() and app_label not in PRIMARY_ONLY else "default"


class ReplicaForReportsRouter:
    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        if alias_for_reads(model._meta.app_label) == REPLICA:
            return REPLICA
        return None

    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        return True  # the same data: the replica is a copy of the primary

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return db == "default"
