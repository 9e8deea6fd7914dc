"""The test suite: SQLite in memory unless DATABASE_URL points elsewhere."""

import tempfile

from .base import *  # noqa: F403

SPIL_ENVIRONMENT = "test"
DEBUG = False
SECRET_KEY = "test-only-not-secret-8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # A directory of this test run's own; tests that look at the stored files point the
    # alias at their own tmp_path (spil/documents/tests/conftest.py).
    "documents": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": tempfile.mkdtemp(prefix="spil-test-documents-")},
    },
}
CLAMD_SOCKET = ""
WHITENOISE_AUTOREFRESH = True

# No persistent connections: the live-server thread must not keep the test database busy.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405

SPIL_AUDIT_KEY = "test-only-audit-key-not-secret-9e8d7c6b5a4f3e2d1c0b"
# No shared anchor file: tests roll the database back, a shared anchor would outlive it.
# Tests of anchoring point this at their own tmp_path.
SPIL_AUDIT_ANCHOR_PATH = None

# The tests check what is sent: the task queue runs each task as it is enqueued (after the
# commit, as in production). The queue itself — database backend, worker, retries — is
# tested with the database backend in spil/notifications/tests/test_tasks.py.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# A read replica as production may have one (DATABASE_REPLICA_URL): here a mirror of the
# test database, unused unless a test switches the router on (spil/core/tests/
# test_db_router.py checks that the monitoring's reads really go to it).
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405

# Every request renews the session, as every request did before the once-a-minute renewal:
# a test that compares the queries of two requests must not depend on how many seconds
# lay between them. The renewal's own tests set the minute back.
SPIL_SESSION_RENEWAL_SECONDS = 0
