"""Background tasks of core (django-tasks; `python manage.py db_worker` runs them).

`seal_audit_chains` is the daily seal and anchor of the audit trail (docs/adr/0030): the
same as `manage.py audit_anchor`, enqueued by `manage.py run_scheduled`.
"""

import logging

from django_tasks import task

from . import audit

logger = logging.getLogger(__name__)


class AuditTrailBroken(Exception):
    """The trail did not verify: nothing was anchored (the task shows as failed)."""


@task()
def seal_audit_chains() -> dict[str, int]:
    """Seal the changed family chains into the global chain, verify every chain and append
    the global head to the anchor store. Raises (a failed task) when a chain is broken."""
    sealed = audit.seal()
    verdict = audit.verify()
    if not verdict.intact:
        # Ids and codes only; the command `audit_verify` names the events.
        logger.error(
            "audit: trail broken (%d breaks, %d problems); nothing anchored",
            len(verdict.breaks),
            len(verdict.problems),
        )
        raise AuditTrailBroken(f"{len(verdict.breaks)} breaks, {len(verdict.problems)} problems")
    audit.append_anchor(verdict.head)
    return {"sealed_chains": sum(len(e.detail["heads"]) for e in sealed), "events": verdict.events}
