import io

import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="package")
def demo_seeded(django_db_setup, django_db_blocker):
    """The demo, seeded once for all demo tests instead of once per test (it takes seconds).

    The seed runs in an outer transaction; each test runs in a savepoint inside it (the
    `django_db` mark nests), and the whole seed is rolled back when the last demo test is done,
    so the tests after this package start from the migrated, empty database.
    """
    out = io.StringIO()
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=out)
        yield out.getvalue()  # what the command printed, for the tests that read it
        transaction.set_rollback(True)
