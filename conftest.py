"""Fixtures shared by every app's tests."""

import zlib
from typing import Any

import pytest
from axes.models import AccessAttempt

from spil.accounts.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from spil.core.roles import Role

# Modules whose tests are shared out in halves: each half goes to a worker with its own
# copy of the module's world (built once per worker), so one long module does not keep a
# single worker busy while the other waits.
SPLIT_IN_HALVES = ("spil/core/tests/test_authorization_walk.py",)
# The longest scopes start first (measured with `--durations`), so no worker is left with a
# two-minute tail while the other waits: xdist would order them by their number of tests.
# The demo's package holds the seed, the form fuzz and the phone crawl (a single test of
# two minutes, last in the package: see spil/demo/tests/conftest.py).
LONGEST_FIRST = (
    "spil/demo/tests",
    "spil/core/tests/test_authorization_walk.py#0",
    "spil/core/tests/test_authorization_walk.py#1",
)


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """How the suite is shared between xdist workers: as `--dist loadfile` (one module to
    one worker, so its module fixtures are built once), except that
    - every module under `spil/demo/tests/` goes to the same worker, so the demo is seeded
      once per run instead of once per demo module (`demo_seeded` is package-scoped), in
      the order of the collection (its transactional tests last);
    - the modules of `SPLIT_IN_HALVES` go out as two halves;
    - the scopes of `LONGEST_FIRST` are handed out first.
    xdist's own `loadgroup` cannot do this under pytest 9: it renames node ids through an
    attribute pytest no longer reads."""
    from xdist.scheduler import LoadFileScheduling

    class SpilScheduling(LoadFileScheduling):
        def _assign_work_unit(self, node: Any) -> None:
            if not getattr(self, "_longest_first", False):
                for scope in reversed(LONGEST_FIRST):
                    if scope in self.workqueue:
                        self.workqueue.move_to_end(scope, last=False)
                self._longest_first = True
            super()._assign_work_unit(node)

        def _split_scope(self, nodeid: str) -> str:
            if nodeid.startswith("spil/demo/tests/"):
                return "spil/demo/tests"
            module = super()._split_scope(nodeid)
            if module in SPLIT_IN_HALVES:
                return f"{module}#{zlib.crc32(nodeid.encode()) % 2}"
            return module

    return SpilScheduling(config, log)


@pytest.hookimpl(wrapper=True, trylast=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    """A transactional test (the browser tests, the reminder worker) ends with a flush,
    which also empties what the migrations wrote (the built-in instruments, the
    communication rules). Put it back right after, so a later test on the same worker
    finds the database as migrated, whatever the order the tests run in (pytest-randomly)."""
    result = yield
    marker = item.get_closest_marker("django_db")
    # Only after a serialized-rollback test: its flush leaves every table empty (Django
    # skips post_migrate then), so the rows go back as they were. After any other
    # transactional test post_migrate has made new content types, which would clash.
    # After the session's last test the test database is already gone (its teardown ran
    # inside this hook), and no later test needs the rows.
    if nextitem is None:
        return result
    if marker is not None and marker.kwargs.get("serialized_rollback"):
        from django.apps import apps
        from django.core.management.color import no_style
        from django.db import connection
        from pytest_django.plugin import blocking_manager_key

        serialized = getattr(connection, "_test_serialized_contents", None)
        if serialized:
            with item.config.stash[blocking_manager_key].unblock():
                connection.creation.deserialize_db_from_string(serialized)
                # The rows come back with their ids; the flush reset the sequences, so
                # move them past those ids (PostgreSQL) or the next insert collides.
                statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
                with connection.cursor() as cursor:
                    for statement in statements:
                        cursor.execute(statement)
    return result


@pytest.fixture(autouse=True)
def _fresh_lockouts(db: None) -> None:
    """Lockouts live in the database; every test starts with none."""
    AccessAttempt.objects.all().delete()


@pytest.fixture
def organisation():
    return OrganisationFactory()


def _member(role: Role):
    membership = MembershipFactory(role=role)
    return membership.user


@pytest.fixture
def coach():
    return _member(Role.COACH)


@pytest.fixture
def coordinator():
    return _member(Role.COORDINATOR)


@pytest.fixture
def team_lead():
    return _member(Role.TEAM_LEAD)


@pytest.fixture
def professional():
    return _member(Role.PROFESSIONAL)


@pytest.fixture
def policy_officer():
    return _member(Role.POLICY)


@pytest.fixture
def administrator():
    return _member(Role.ADMIN)


@pytest.fixture
def user_without_role():
    return UserFactory()


@pytest.fixture
def browser_page():
    """A headless page in Debian's Chromium. Skips only where no Chromium exists and
    SPIL_REQUIRE_BROWSER is unset (CI sets it, so there it fails instead)."""
    import os

    from spil.core import testing

    if testing.chromium_path() is None:
        if os.environ.get("SPIL_REQUIRE_BROWSER"):
            pytest.fail("SPIL_REQUIRE_BROWSER is set but no Chromium was found")
        pytest.skip("no Chromium on this machine")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls from
    # the test body are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with testing.browser_page() as page:
        yield page
