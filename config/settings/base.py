"""Settings shared by every environment. Environment-specific files override."""

import os
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

# Which kind of environment this is; seed_demo refuses to run in "production".
SPIL_ENVIRONMENT = "base"

DEBUG = False
ALLOWED_HOSTS: list[str] = []

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_htmx",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "oauth2_provider",
    "spil.core",
    "spil.accounts",
    "spil.directory",
    "spil.families",
    "spil.trajectories",
    "spil.assessments",
    "spil.plans",
    "spil.intake",
    "spil.contacts",
    "spil.meetings",
    "spil.budgets",
    "spil.documents",
    "spil.signals",
    "spil.surveys",
    "spil.notifications",
    "spil.portal",
    "spil.workspace",
    "spil.reports",
    "spil.rights",
    "spil.api",
    "spil.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "spil.core.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "spil.core.middleware.SessionIdleTimerMiddleware",
    "spil.core.middleware.DutchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "spil.core.middleware.PrivatePagesNotStoredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "spil.accounts.middleware.TwoFactorRequiredMiddleware",
    "spil.accounts.middleware.FamilyAccountsStayInPortalMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "spil.core.middleware.LoginRequiredEverywhereMiddleware",
    # Axes last: it turns a lockout into its own response.
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy in every environment: only our own scripts and styles (HTMX is
# vendored), no inline script; the one inline style block (the printable plan, which is
# also the PDF's source) carries a nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "spil" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "spil.core.context_processors.navigation",
                "spil.notifications.context_processors.unread_notifications",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'spil.sqlite3'}",
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Every page view writes an audit event. WAL lets readers work beside the one writer;
    # IMMEDIATE takes the write lock at BEGIN, so a transaction that reads and then writes
    # waits its turn (up to `timeout` seconds) instead of failing "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out account before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    # Spil's own two: Dutch messages, and the user's own name (spil/accounts/passwords.py).
    {"NAME": "spil.accounts.passwords.UserAttributeSimilarityValidator"},
    {
        "NAME": "spil.accounts.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:start"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions end after 30 idle minutes: a request renews the 30-minute age, at most once a
# minute (spil.core.middleware.SessionIdleTimerMiddleware), not by a write on every page.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = False
SPIL_SESSION_RENEWAL_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# The team around a family: warn when more workers than this are active (seed 001 saw 16).
# The caseload warns when a family in active work had no contact for more days than this.
SPIL_NO_CONTACT_DAYS = int(os.environ.get("SPIL_NO_CONTACT_DAYS", "14"))
SPIL_TEAM_WARNING_THRESHOLD = int(os.environ.get("SPIL_TEAM_WARNING_THRESHOLD", "8"))

# The audit trail is sealed with HMAC-SHA256 under this key; it never lives in the
# database (docs/adr/0008). Empty here: each environment's settings file sets it.
SPIL_AUDIT_KEY = os.environ.get("SPIL_AUDIT_KEY", "")
# Append-only store outside the database for the chain head (`audit_anchor`, daily).
SPIL_AUDIT_ANCHOR_PATH: Path | None = Path(
    os.environ.get("SPIL_AUDIT_ANCHOR_PATH") or VAR_DIR / "audit-anchors" / "anchors.jsonl"
)

# Two-factor: TOTP. Required for every role when True (production); optional in the demo.
SPIL_REQUIRE_2FA = False
OTP_TOTP_ISSUER = "Spil"
# Setting up 2FA needs a single-use link mailed to the account's own address (valid 24
# hours), so a password alone cannot enrol an authenticator. Off only in the demo.
SPIL_2FA_SETUP_NEEDS_EMAIL_LINK = True
SPIL_2FA_LINK_VALID_HOURS = 24

# Lockout after 5 failed logins, counted by account and, separately, by address (issue 18;
# docs/adr/0028 replaces the account-only choice of docs/adr/0001): guessing one password
# from many addresses locks the account, trying many accounts from one address locks the
# address. Behind a proxy the real client address must reach Spil (AXES_IPWARE_*), or
# an office NAT counts as one address.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_FORM_FIELD = "username"
# Count failures per normalised address (stripped, lower case), i.e. per account: a
# different spelling of the same address must not get five fresh attempts.
AXES_USERNAME_CALLABLE = "spil.accounts.lockout.lockout_username"
AXES_RESET_ON_SUCCESS = True
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False  # axes would log e-mail addresses and IPs otherwise
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_SENSITIVE_PARAMETERS = ["password", "username"]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Amsterdam"
USE_TZ = True
# How dates, times and numbers are written, per language (ADR 0010).
FORMAT_MODULE_PATH = ["config.formats"]
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "spil" / "static"]

# --- Documents in the family file (issue 18; docs/adr/0026) -------------------------------
# Their own storage alias "documents", never the default one and never under a public media
# URL: downloads go through a view that checks access. On the file system under
# var/documents/ by default; S3-compatible object storage when SPIL_DOCUMENTS_STORAGE=s3
# (needs boto3, django-storages' "s3" extra). The stored names are random uuids.
SPIL_DOCUMENTS_DIR = Path(os.environ.get("SPIL_DOCUMENTS_DIR") or VAR_DIR / "documents")


def documents_storage() -> dict[str, object]:
    """The STORAGES entry for the documents, read from the environment."""
    if os.environ.get("SPIL_DOCUMENTS_STORAGE", "").lower() == "s3":
        return {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": os.environ.get("SPIL_S3_BUCKET", ""),
                "endpoint_url": os.environ.get("SPIL_S3_ENDPOINT_URL") or None,
                "region_name": os.environ.get("SPIL_S3_REGION") or None,
                "access_key": os.environ.get("SPIL_S3_ACCESS_KEY_ID") or None,
                "secret_key": os.environ.get("SPIL_S3_SECRET_ACCESS_KEY") or None,
                "location": os.environ.get("SPIL_S3_PREFIX", "documents"),
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
                "object_parameters": {"ServerSideEncryption": "AES256"},
            },
        }
    return {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": str(SPIL_DOCUMENTS_DIR),
            "base_url": "/niet-openbaar/",  # never served: no URL maps to it
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    }


STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "documents": documents_storage(),
}
# The largest document accepted (bytes); larger uploads are refused with a Dutch message.
SPIL_DOCUMENT_MAX_BYTES = int(os.environ.get("SPIL_DOCUMENT_MAX_BYTES") or 20 * 1024 * 1024)
# clamd's unix socket (e.g. /run/clamav/clamd.ctl): every upload is scanned there first and
# refused when a virus is found or clamd does not answer. Empty: no scan (docs/adr/0026).
CLAMD_SOCKET = os.environ.get("CLAMD_SOCKET", "")
CLAMD_TIMEOUT = float(os.environ.get("CLAMD_TIMEOUT") or 60)

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = "Spil <noreply@spil.test>"
# Seconds before a mail server that does not answer is given up on. Every e-mail is sent
# by the task worker (docs/adr/0031), which waits at most this long per attempt.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
# Where e-mails link to (they carry no personal data, only a link to log in).
SPIL_BASE_URL = os.environ.get("SPIL_BASE_URL", "http://localhost:8000")

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Logs carry ids and codes, never names, BSNs or note text.
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        # Axes logs the attempted username (an e-mail address) on every failure.
        "axes": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        # Request logging would put URLs with query strings in the log.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # The PDF maker reports every step of every page (plan, inzage): only problems.
        "weasyprint": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "fontTools": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}


# The family portal (issue 14): its path, which a family account never leaves.
SPIL_PORTAL_PATH = "/mijn-gezin/"

# Retention periods per category of spil.core.retention (issue 18, docs/adr/0027):
# `apply_retention` destroys a closed family file 20 years after its last trajectory closed
# (Jeugdwet art. 7.3.8) and the details of a referral that never became a trajectory a
# shorter time after its decision. The audit trail is kept (years: None).
SPIL_RETENTION = {
    "dossier": {"years": int(os.environ.get("SPIL_RETENTION_DOSSIER_YEARS", "20"))},
    "melding": {"years": int(os.environ.get("SPIL_RETENTION_MELDING_YEARS", "2"))},
    "audit": {"years": None},
}

# Background tasks (django-tasks, Django's tasks API) on the database backend: the
# notification e-mails, the appointment reminders, the daily jobs of `run_scheduled`.
# Run the worker with `python manage.py db_worker` (docs/adr/0031, docs/deployment.md).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Portal login through OIDC (DigiD/eHerkenning-style; docs/adr/0013) ------------------
# Off by default. When on, a family member may log in at the identity provider; the
# identity is mapped by e-mail to an existing family account (never staff, never a new
# account). All OIDC_* values come from the environment.
SPIL_OIDC_ENABLED = os.environ.get("SPIL_OIDC_ENABLED") == "1"
SPIL_OIDC_LOGIN_LABEL = os.environ.get("SPIL_OIDC_LOGIN_LABEL", "Inloggen met DigiD")
if SPIL_OIDC_ENABLED:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.append("spil.portal.oidc.FamilyAccountOIDCBackend")
    OIDC_RP_CLIENT_ID = os.environ["OIDC_RP_CLIENT_ID"]
    OIDC_RP_CLIENT_SECRET = os.environ["OIDC_RP_CLIENT_SECRET"]
    OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ["OIDC_OP_AUTHORIZATION_ENDPOINT"]
    OIDC_OP_TOKEN_ENDPOINT = os.environ["OIDC_OP_TOKEN_ENDPOINT"]
    OIDC_OP_USER_ENDPOINT = os.environ["OIDC_OP_USER_ENDPOINT"]
    OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT") or None
    OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email")
    OIDC_USE_PKCE = True
    # Never an account made by the provider: only a coach's invitation makes one.
    OIDC_CREATE_USER = False
    # After the provider: the start page (which sends a family account to its portal);
    # a refused identity goes back to the login page.
    LOGIN_REDIRECT_URL_FAILURE = "/inloggen/"
# --- End of portal login through OIDC ------------------------------------------------------

# --- The API for partner systems (issue 17, docs/adr/0022-api.md) ---------------------------
# OAuth2 client credentials: one client per partner system, bound to one organisation, with
# the scopes it was given (spil.api.scopes). Client secrets are stored hashed (the toolkit's
# default); tokens live an hour.
OAUTH2_PROVIDER = {
    "SCOPES": {
        "referrals:write": "Meldingen doen en hun status volgen",
        "families:read": "Gezinnen lezen waarvoor toestemming is gegeven",
        "plans:write": "De status van de eigen stappen in een plan bijwerken",
        "offers:read": "De sociale kaart lezen",
        "monitoring:read": "De geaggregeerde monitoringcijfers lezen",
    },
    "DEFAULT_SCOPES": [],
    "SCOPES_BACKEND_CLASS": "spil.api.scopes.ClientScopes",
    "ACCESS_TOKEN_EXPIRE_SECONDS": 60 * 60,
    "ALLOWED_GRANT_TYPES": ["client_credentials"],
    # The OAuth 2.0 Security BCP (RFC 9700) in full, now rather than when 4.0 makes it the
    # default: tokens stored hashed, never in a URL's query string, https redirects only.
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    "COMPLIANT_BCP_RFC9700_REFRESH_TOKEN": True,
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_SCHEME": True,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"],
}
# Named so a migration can depend on it (the toolkit's models are swappable).
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
REST_FRAMEWORK = {
    # A bearer token first, so an anonymous request gets 401 with `WWW-Authenticate: Bearer`;
    # a logged-in staff member's session only for reads (the docs page's "try it out").
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "spil.api.authentication.ClientTokenAuthentication",
        "spil.api.authentication.StaffSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["spil.api.permissions.HasScope"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["spil.api.parsers.LimitedJSONParser"],
    "DEFAULT_THROTTLE_CLASSES": ["spil.api.throttles.ClientRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api_client": os.environ.get("SPIL_API_RATE", "120/minute")},
    "EXCEPTION_HANDLER": "spil.api.problems.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
# The largest request body the API reads (bytes); larger answers 413.
SPIL_API_MAX_BODY = int(os.environ.get("SPIL_API_MAX_BODY", str(64 * 1024)))
# Token requests per address (the token endpoint; above it 429).
SPIL_API_TOKEN_RATE = os.environ.get("SPIL_API_TOKEN_RATE", "30/minute")
SPECTACULAR_SETTINGS = {
    "TITLE": "Spil API",
    "DESCRIPTION": (
        "API v1 voor systemen van partners: meldingen aan het meldpunt en hun status. "
        "Authenticatie met OAuth2 client credentials; fouten als application/problem+json."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "OAUTH2_FLOWS": ["clientCredentials"],
    "OAUTH2_TOKEN_URL": "/api/v1/oauth/token/",
    "COMPONENT_SPLIT_REQUEST": True,
}
# --- End of the API ---------------------------------------------------------------------------

# --- Issue 18: break-the-glass, backup ---------------------------------------------------------
# Noodtoegang: how long a family opened in an emergency stays open to the opener (hours).
SPIL_EMERGENCY_ACCESS_HOURS = int(os.environ.get("SPIL_EMERGENCY_ACCESS_HOURS", "24"))
# `manage.py backup` encrypts the archive with this Fernet key when set (docs/operations.md);
# `manage.py restore` needs the same key. Generate one with
# `python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"`.
SPIL_BACKUP_KEY = os.environ.get("SPIL_BACKUP_KEY", "")
