"""Measure the audit writers: the single lock of ADR 0008 against a chain per family
(ADR 0030), in the same run, on PostgreSQL.

    DATABASE_URL=postgres://… python manage.py bench_audit [--writers 20] [--writes 25]

Each writer is a process with its own database connection, writing for its own family, as
the application's processes write at once; every write is one transaction, as in a
service: the audit event, then `--work-ms` of further work inside the transaction (the rest
of a save), then the commit. The events are real, sealed events (action
`bench.audit_write`): run it on a copy or an empty database, never on production (it
refuses there).
"""

import multiprocessing
import time
import uuid
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, connections, transaction
from django.utils.translation import gettext as _

from spil.core import audit

ACTION = "bench.audit_write"


def _writer(write: Any, family: uuid.UUID, writes: int, work: float, start: Any) -> None:
    """One writer, in a process of its own (forked without a database connection)."""
    try:
        connection.ensure_connection()
        start.wait()
        for n in range(writes):
            with transaction.atomic():
                write(actor=None, action=ACTION, family=family, detail={"n": n})
                if work:
                    with connection.cursor() as cursor:
                        cursor.execute("SELECT pg_sleep(%s)", [work])
    finally:
        connections.close_all()


def run(write: Any, *, writers: int, writes: int, work_ms: float) -> float:
    """Seconds for `writers` processes to write `writes` events each with `write`, all at
    once (forked, so `write` is not pickled). Processes, not threads: threads of one
    process queue for Python's global lock, and the measurement then shows that lock
    instead of the audit trail's (in one process, 20 threads gave 31–52 % in three runs on
    the same host; stop 33)."""
    # A forked process must not share its parent's connection: close it first (it opens
    # again when next used).
    connections.close_all()
    context = multiprocessing.get_context("fork")
    start = context.Barrier(writers + 1)
    processes = [
        context.Process(target=_writer, args=(write, uuid.uuid4(), writes, work_ms / 1000, start))
        for _ in range(writers)
    ]
    for process in processes:
        process.start()
    start.wait()
    began = time.perf_counter()
    for process in processes:
        process.join()
    elapsed = time.perf_counter() - began
    if any(process.exitcode != 0 for process in processes):
        raise CommandError(_("Een schrijver van de meting liep vast; zie de fout hierboven."))
    return elapsed


class Command(BaseCommand):
    help = (
        "Meet de schrijvers van de audit-trail op PostgreSQL: één slot voor alles (oud) "
        "tegenover één keten per gezin (nu), in dezelfde run. Schrijft echte "
        "audit-gebeurtenissen: alleen op een kopie of een lege database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--writers", type=int, default=20, help="Gelijktijdige schrijvers.")
        parser.add_argument("--writes", type=int, default=25, help="Schrijfacties per schrijver.")
        parser.add_argument(
            "--work-ms",
            type=float,
            default=2.0,
            help="Ander werk in dezelfde transactie na de gebeurtenis (ms), zoals bij opslaan.",
        )
        parser.add_argument("--rounds", type=int, default=3, help="Rondes; de mediaan telt.")

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError(
                _(
                    "bench_audit meet alleen op PostgreSQL: zet DATABASE_URL op een "
                    "PostgreSQL-database (een kopie of een lege database)."
                )
            )
        if getattr(settings, "SPIL_ENVIRONMENT", "") == "production":
            raise CommandError(
                _(
                    "bench_audit draait niet in productie: de meting schrijft gebeurtenissen "
                    "in de audit-trail. Gebruik een kopie of een lege database."
                )
            )
        writers, writes, work = options["writers"], options["writes"], options["work_ms"]
        if writers < 1 or writes < 1 or options["rounds"] < 1 or work < 0:
            raise CommandError(_("Geef positieve aantallen op."))
        if connection.in_atomic_block:
            raise CommandError(_("bench_audit meet buiten een transactie (elke schrijver commit)."))
        single, per_family = [], []
        for _round in range(options["rounds"]):
            # Alternating, so neither design always runs on a warmer database.
            single.append(
                run(audit.record_single_lock, writers=writers, writes=writes, work_ms=work)
            )
            per_family.append(run(audit.record, writers=writers, writes=writes, work_ms=work))
        old, new = sorted(single)[len(single) // 2], sorted(per_family)[len(per_family) // 2]
        total = writers * writes
        self.stdout.write(
            _(
                "%(writers)s schrijvers × %(writes)s schrijfacties (%(work)s ms ander werk "
                "per transactie), mediaan van %(rounds)s rondes:"
            )
            % {"writers": writers, "writes": writes, "work": work, "rounds": options["rounds"]}
        )
        self.stdout.write(
            _("  één slot (oud):      %(s).2f s  (%(rate).0f gebeurtenissen/s)")
            % {"s": old, "rate": total / old}
        )
        self.stdout.write(
            _("  keten per gezin (nu): %(s).2f s  (%(rate).0f gebeurtenissen/s)")
            % {"s": new, "rate": total / new}
        )
        self.stdout.write(_("  verhouding nu/oud:   %(ratio).0f%%") % {"ratio": 100 * new / old})
