"""Eight clients at once against a file-based SQLite database (issue 22, finding B).

Run as a script by test_sqlite_concurrency.py in a fresh process, so it uses its own
database file whatever DATABASE_URL the suite runs with:

    DATABASE_URL=sqlite:////tmp/x.sqlite3 python spil/core/tests/sqlite_load.py 3.0 8

Prints one JSON line: requests, errors (with what they were) and whether the audit
chain is intact afterwards. Every request writes: the family overview records
`family.viewed`, and the session is saved on every request.
"""

import json
import os
import sys
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


class _NoMigrations:
    """Tables straight from the models (like pytest --nomigrations): a second, not a minute."""

    def __contains__(self, item: str) -> bool:
        return True

    def __getitem__(self, item: str) -> None:
        return None


def main(seconds: float, clients: int) -> dict:
    import django
    from django.conf import settings

    settings.MIGRATION_MODULES = _NoMigrations()
    django.setup()

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from spil.accounts import services as account_services
    from spil.accounts.tests.factories import OrganisationFactory, UserFactory
    from spil.core import audit
    from spil.core.models import AuditEvent
    from spil.core.roles import Role
    from spil.core.testing import days_ago
    from spil.families.tests.factories import make_family
    from spil.trajectories.models import Trajectory

    assert connection.vendor == "sqlite" and "memory" not in str(connection.settings_dict["NAME"])
    call_command("migrate", run_syncdb=True, verbosity=0)
    journal = connection.cursor().execute("PRAGMA journal_mode").fetchone()[0]

    organisation = OrganisationFactory()
    coaches = []
    for _n in range(clients):
        coach = UserFactory()
        account_services.membership_add(user=coach, organisation=organisation, role=Role.COACH)
        family = make_family(coach)
        Trajectory.objects.create(
            family=family, kind="gezinscoach", coach=coach, started_on=days_ago(30)
        )
        coaches.append((coach, family))
    connection.close()

    outcomes: Counter[str] = Counter()
    lock = threading.Lock()
    start = threading.Event()

    def work(coach, family) -> None:
        client = Client(raise_request_exception=False)
        mine: Counter[str] = Counter()
        try:
            start.wait(timeout=30)
            client.force_login(coach)
            url = reverse("families:overview", kwargs={"uuid": family.uuid})
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                status = client.get(url).status_code
                mine["ok" if status == 200 else f"status {status}"] += 1
        except Exception as error:  # counted, not hidden: the test asserts there are none
            mine[f"{type(error).__name__}: {error}"] += 1
        finally:
            connection.close()
            with lock:
                outcomes.update(mine)

    threads = [threading.Thread(target=work, args=pair) for pair in coaches]
    for thread in threads:
        thread.start()
    start.set()
    for thread in threads:
        thread.join()

    viewed = AuditEvent.objects.filter(action="family.viewed").count()
    return {
        "journal_mode": journal,
        "requests": sum(outcomes.values()),
        "ok": outcomes["ok"],
        "errors": {k: v for k, v in outcomes.items() if k != "ok"},
        "family_viewed_events": viewed,
        "chain_breaks": [b.reason for b in audit.verify_chain()],
    }


if __name__ == "__main__":
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
    clients = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    print(json.dumps(main(seconds, clients)))
