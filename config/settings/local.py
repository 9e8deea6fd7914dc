"""The demo and local development: embedded SQLite, console e-mail, 2FA optional.

DEBUG is off, like the real thing: Dutch error pages, no tracebacks or URL lists.
A developer who wants Django's debug pages sets SPIL_DEBUG=1.
"""

import os

from .base import *  # noqa: F403

SPIL_ENVIRONMENT = "local"
DEBUG = os.environ.get("SPIL_DEBUG", "").lower() in {"1", "true", "yes"}
SECRET_KEY = "local-only-not-secret-3c1f0b9e8d7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

# 2FA is optional in the demo and mail only goes to the console: setting it up needs no
# e-mailed link here. Production and the tests keep the link (base.py).
SPIL_2FA_SETUP_NEEDS_EMAIL_LINK = False

# runserver serves static files only under DEBUG; WhiteNoise serves them straight from
# the source folders here, so `make demo` needs no collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# A fixed, public demo key: the demo's audit trail is sealed, but not secretly.
SPIL_AUDIT_KEY = os.environ.get("SPIL_AUDIT_KEY") or "local-demo-audit-key-not-secret-6f1d2c3b4a5e"

# The demo has no task worker running beside `runserver`: tasks run right after the
# commit of the request that queued them, so an e-mail (a reset link, an invitation, a
# notice) shows on the console at once. Production and `SPIL_TASK_QUEUE=1` keep the
# database queue (base.py) and its worker, `python manage.py db_worker`.
if os.environ.get("SPIL_TASK_QUEUE", "").lower() not in {"1", "true", "yes"}:
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # Run at once, each task's "RUNNING" and "SUCCESSFUL" lines would fill the console
    # (some sixty while `seed_demo` runs): here only a task that fails is worth a line.
    LOGGING = {
        **LOGGING,  # noqa: F405
        "loggers": {
            **LOGGING["loggers"],  # noqa: F405
            "django_tasks": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        },
    }
