"""The demo and local development: embedded SQLite, console e-mail, 2FA optional."""

from .base import *  # noqa: F403

SPIL_ENVIRONMENT = "local"
DEBUG = True
SECRET_KEY = "local-only-not-secret-3c1f0b9e8d7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

# 2FA is optional in the demo and mail only goes to the console: setting it up needs no
# e-mailed link here. Production and the tests keep the link (base.py).
SPIL_2FA_SETUP_NEEDS_EMAIL_LINK = False
