import io

import pytest
from django.core.management import call_command
from django.db import connection, transaction


@pytest.fixture(scope="package")
def demo_seeded(django_db_setup, django_db_blocker):
    """The demo, seeded once for all demo tests instead of once per test (it takes seconds).

    The seed runs in an outer transaction; each test runs in a savepoint inside it (the
    `django_db` mark nests), and the whole seed is rolled back when the last demo test is done,
    so the tests after this package start from the migrated, empty database.
    """
    out = io.StringIO()
    with django_db_blocker.unblock(), transaction.atomic():
        # A transactional test that ran earlier on this worker ends with a flush, which
        # also takes what the migrations wrote (the built-in instruments, the rules); put
        # that back first, as the next transactional test itself would.
        serialized = getattr(connection, "_test_serialized_contents", None)
        if serialized:
            connection.creation.deserialize_db_from_string(serialized)
        call_command("seed_demo", stdout=out)
        yield out.getvalue()  # what the command printed, for the tests that read it
        transaction.set_rollback(True)
