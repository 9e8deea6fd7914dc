"""Production: everything from the environment, 2FA required, HTTPS only.

Required: DJANGO_SECRET_KEY (or SPIL_SECRET_KEY), ALLOWED_HOSTS (or SPIL_ALLOWED_HOSTS),
DATABASE_URL, SPIL_AUDIT_KEY.
Optional: REDIS_URL (cache and sessions shared by every app process), DATABASE_REPLICA_URL
(reports may read there), the e-mail settings below (EMAIL_HOST, EMAIL_PORT, …; the older
SPIL_EMAIL_* names still work), SPIL_CSRF_TRUSTED_ORIGINS. See docs/deployment.md.
"""

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403


def _env(*names: str, default: str | None = None) -> str:
    """The first of these variables that is set; required when there is no default."""
    for name in names:
        value = os.environ.get(name)
        if value:
            return value
    if default is None:
        raise ImproperlyConfigured(
            f"Environment variable {' or '.join(names)} is required in production."
        )
    return default


SPIL_ENVIRONMENT = "production"
DEBUG = False
SECRET_KEY = _env("DJANGO_SECRET_KEY", "SPIL_SECRET_KEY")
ALLOWED_HOSTS = [
    h.strip() for h in _env("ALLOWED_HOSTS", "SPIL_ALLOWED_HOSTS").split(",") if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("SPIL_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]
if not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured("Environment variable DATABASE_URL is required in production.")
# Persistent connections, checked before reuse (a restarted PostgreSQL is no 500).
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "60"))  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405
if os.environ.get("DATABASE_REPLICA_URL"):
    # A read replica for the heavy reads of reports (spil.core.db_router); every write,
    # the audit trail and the sessions stay on the primary.
    DATABASES["replica"] = dj_database_url.parse(  # noqa: F405
        os.environ["DATABASE_REPLICA_URL"], conn_max_age=60, conn_health_checks=True
    )
    DATABASE_ROUTERS = ["spil.core.db_router.ReplicaForReportsRouter"]

SPIL_AUDIT_KEY = _env("SPIL_AUDIT_KEY")
if len(SPIL_AUDIT_KEY) < 32:
    raise ImproperlyConfigured("SPIL_AUDIT_KEY must be at least 32 characters in production.")
if SPIL_AUDIT_KEY == SECRET_KEY:
    raise ImproperlyConfigured("SPIL_AUDIT_KEY must differ from SPIL_SECRET_KEY.")

SPIL_REQUIRE_2FA = True

SECURE_SSL_REDIRECT = os.environ.get("SPIL_SSL_REDIRECT", "true").lower() != "false"
# The probes answer over plain http inside the network (the orchestrator, the proxy's
# health check); they carry no data (docs/deployment.md).
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    "documents": documents_storage(),  # noqa: F405
}

if os.environ.get("REDIS_URL"):
    # One cache for every app process: sessions (read from Redis, written through to the
    # database, so a Redis restart logs nobody out), the API's throttle, the 2FA codes.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "spil",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Without Redis the sessions stay in the database (base.py): shared by every process too.

EMAIL_BACKEND = _env(
    "EMAIL_BACKEND",
    "SPIL_EMAIL_BACKEND",
    default="django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = _env("EMAIL_HOST", "SPIL_EMAIL_HOST", default="localhost")
EMAIL_PORT = int(_env("EMAIL_PORT", "SPIL_EMAIL_PORT", default="25"))
EMAIL_HOST_USER = _env("EMAIL_HOST_USER", "SPIL_EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = _env("EMAIL_HOST_PASSWORD", "SPIL_EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = _env("EMAIL_USE_TLS", "SPIL_EMAIL_USE_TLS", default="false").lower() == "true"
EMAIL_TIMEOUT = int(_env("EMAIL_TIMEOUT", default="10"))
DEFAULT_FROM_EMAIL = _env(
    "DEFAULT_FROM_EMAIL",
    "SPIL_DEFAULT_FROM_EMAIL",
    default=DEFAULT_FROM_EMAIL,  # noqa: F405
)
SPIL_BASE_URL = _env("SPIL_BASE_URL", default=SPIL_BASE_URL)  # noqa: F405
