import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection

from spil.accounts.models import User


def _put_back_what_the_migrations_wrote() -> None:
    """A flush also takes what the migrations wrote (the built-in instruments, the
    communication rules); put it back, with the sequences moved past the restored ids
    (PostgreSQL), as the teardown hook in the root conftest does."""
    serialized = getattr(connection, "_test_serialized_contents", None)
    if serialized:
        connection.creation.deserialize_db_from_string(serialized)
        statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


@pytest.fixture(scope="package")
def demo_seeded(django_db_setup, django_db_blocker):
    """The demo, seeded once for the whole package instead of once per test (or per module):
    it takes most of a minute on PostgreSQL.

    The seed is committed, as `make demo` commits it, so the live server of the phone crawl
    (`test_phone_and_axe.py`, a transactional test) sees it too; every other test runs in a
    transaction of its own that is rolled back, so each starts from the seeded demo. The
    transactional tests of this package run last in it (`pytest_collection_modifyitems`
    below), because their flush ends the seed. When the package is done the database is
    flushed and what the migrations wrote is put back, so the tests after this package
    start from the migrated, empty database.
    """
    out = io.StringIO()
    with django_db_blocker.unblock():
        assert not connection.in_atomic_block
        # A transactional test that ran earlier on this worker ends with a flush; put back
        # what the migrations wrote first, as the next transactional test itself would.
        _put_back_what_the_migrations_wrote()
        call_command("seed_demo", stdout=out)
        yield out.getvalue()  # what the command printed, for the tests that read it
        # The phone crawl's own flush has already emptied the database when it ran last
        # (seconds on PostgreSQL); else flush here. As pytest-django does: no post_migrate,
        # or content types come back with new ids and the next serialized rollback collides.
        if User.objects.exists():
            call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
        _put_back_what_the_migrations_wrote()


def _transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    return marker is not None and bool(marker.kwargs.get("transaction"))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The transactional tests of this package (the phone crawl) run after its other tests:
    their flush at the end removes the committed demo the others read. They stay next to
    the package's other tests, so the package's seed is built once (and the xdist scheduler
    in the root conftest, which keeps the package on one worker, sends them last)."""
    here = "spil/demo/tests/"
    indices = [i for i, item in enumerate(items) if item.nodeid.startswith(here)]
    if not indices:
        return
    package = [items[i] for i in indices]
    ordered = [i for i in package if not _transactional(i)] + [
        i for i in package if _transactional(i)
    ]
    for index, item in zip(indices, ordered, strict=True):
        items[index] = item
