"""Production: everything from the environment, 2FA required, HTTPS only.

Required: SPIL_SECRET_KEY, SPIL_ALLOWED_HOSTS, DATABASE_URL, SPIL_AUDIT_KEY.
Optional: REDIS_URL, EMAIL_URL-style settings below, SPIL_CSRF_TRUSTED_ORIGINS.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403


def _env(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None or value == "":
        raise ImproperlyConfigured(f"Environment variable {name} is required in production.")
    return value


SPIL_ENVIRONMENT = "production"
DEBUG = False
SECRET_KEY = _env("SPIL_SECRET_KEY")
ALLOWED_HOSTS = [h.strip() for h in _env("SPIL_ALLOWED_HOSTS").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("SPIL_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]
if not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured("Environment variable DATABASE_URL is required in production.")

SPIL_AUDIT_KEY = _env("SPIL_AUDIT_KEY")
if len(SPIL_AUDIT_KEY) < 32:
    raise ImproperlyConfigured("SPIL_AUDIT_KEY must be at least 32 characters in production.")
if SPIL_AUDIT_KEY == SECRET_KEY:
    raise ImproperlyConfigured("SPIL_AUDIT_KEY must differ from SPIL_SECRET_KEY.")

SPIL_REQUIRE_2FA = True

SECURE_SSL_REDIRECT = os.environ.get("SPIL_SSL_REDIRECT", "true").lower() != "false"
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
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

EMAIL_BACKEND = os.environ.get("SPIL_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("SPIL_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("SPIL_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("SPIL_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("SPIL_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("SPIL_EMAIL_USE_TLS", "false").lower() == "true"
DEFAULT_FROM_EMAIL = os.environ.get("SPIL_DEFAULT_FROM_EMAIL", DEFAULT_FROM_EMAIL)  # noqa: F405
