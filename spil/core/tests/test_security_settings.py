"""Security regression (issue 18): the lockout holds by account and by address, and the
production settings enforce two-factor login.

The production settings are evaluated in a fresh interpreter with the variables they
require, so what is checked is the file as a server would load it, not the test settings."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from spil.accounts.tests.factories import PASSWORD, UserFactory
from spil.core.models import AuditEvent

LOGIN = "/inloggen/"


def _login(client, email, password, address):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=address)


def test_the_lockout_counts_by_account_and_by_address_separately():
    # Two separate entries: either one reaching the limit locks (a combined
    # ["username", "ip_address"] entry would only lock that pair).
    parameters = django_settings.AXES_LOCKOUT_PARAMETERS
    assert "username" in parameters and "ip_address" in parameters
    assert django_settings.AXES_FAILURE_LIMIT == 5


@pytest.mark.django_db
def test_five_failures_from_one_address_lock_that_address(client):
    """Trying five accounts from one address locks the address, also for a sixth account
    with its right password; another address is not locked."""
    victims = [UserFactory() for _ in range(5)]
    other = UserFactory()
    statuses = [
        _login(client, u.email, "fout-wachtwoord", "198.51.100.7").status_code for u in victims
    ]
    assert statuses == [200, 200, 200, 200, 429]  # the fifth failure locks the address
    locked = _login(client, other.email, PASSWORD, "198.51.100.7")
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    assert _login(client, other.email, PASSWORD, "203.0.113.9").status_code == 302


@pytest.mark.django_db
def test_five_failures_on_one_account_from_five_addresses_lock_the_account(client):
    user = UserFactory()
    for n in range(5):
        _login(client, user.email, "verkeerd-wachtwoord", f"192.0.2.{n + 10}")
    locked = _login(client, user.email, PASSWORD, "192.0.2.99")
    assert locked.status_code == 429
    assert "Account tijdelijk geblokkeerd" in locked.content.decode()
    assert AuditEvent.objects.filter(action="auth.locked_out", object_uuid=user.uuid).exists()


@pytest.mark.django_db
def test_four_failures_from_one_address_lock_nothing(client):
    for _ in range(4):
        _login(client, UserFactory().email, "verkeerd-wachtwoord", "198.51.100.8")
    assert _login(client, UserFactory().email, PASSWORD, "198.51.100.8").status_code == 302


PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SPIL_SECRET_KEY": "production-test-secret-key-0123456789abcdefghijklmnopqrstuv",
    "SPIL_ALLOWED_HOSTS": "spil.example.nl",
    "DATABASE_URL": "postgres://spil@db.example.nl:5432/spil",
    "SPIL_AUDIT_KEY": "production-test-audit-key-0123456789abcdefghijklmnop",
}
READ_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "require_2fa": settings.SPIL_REQUIRE_2FA,
    "link": settings.SPIL_2FA_SETUP_NEEDS_EMAIL_LINK,
    "middleware": settings.MIDDLEWARE,
    "debug": settings.DEBUG,
    "lockout": settings.AXES_LOCKOUT_PARAMETERS,
    "limit": settings.AXES_FAILURE_LIMIT,
    "session_secure": settings.SESSION_COOKIE_SECURE,
}))
"""


def _production(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SPIL_", "DJANGO_"))}
    clean.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-c", READ_SETTINGS],
        env={**clean, **env},
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.fixture(scope="module")
def production() -> dict:
    done = _production(PRODUCTION_ENV)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_production_requires_two_factor_for_every_user(production):
    assert production["require_2fa"] is True
    assert production["link"] is True  # enrolling needs the mailed link, not the password
    middleware = production["middleware"]
    otp = middleware.index("django_otp.middleware.OTPMiddleware")
    required = middleware.index("spil.accounts.middleware.TwoFactorRequiredMiddleware")
    assert middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware") < otp
    assert otp < required
    assert production["debug"] is False and production["session_secure"] is True
    assert production["lockout"] == django_settings.AXES_LOCKOUT_PARAMETERS
    assert production["limit"] == 5


@pytest.mark.parametrize("missing", ["SPIL_SECRET_KEY", "SPIL_AUDIT_KEY", "DATABASE_URL"])
def test_production_refuses_to_start_without_its_variables(missing):
    done = _production({k: v for k, v in PRODUCTION_ENV.items() if k != missing})
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr and missing in done.stderr


@pytest.mark.django_db
def test_with_the_production_value_a_password_alone_opens_nothing(client, settings, production):
    """Every role: logged in with only a password, each page sends to the second step."""
    from spil.accounts import services as account_services
    from spil.accounts.tests.factories import OrganisationFactory
    from spil.core.roles import Role

    settings.SPIL_REQUIRE_2FA = production["require_2fa"]
    organisation = OrganisationFactory()
    for role in Role:
        user = UserFactory()
        account_services.membership_add(user=user, organisation=organisation, role=role)
        client.post(LOGIN, {"username": user.email, "password": PASSWORD})
        for page in (reverse("accounts:start"), reverse("families:list")):
            response = client.get(page)
            assert response.status_code == 302, (role, page)
            assert response["Location"] == reverse("accounts:otp_setup"), (role, page)
        client.post(reverse("accounts:logout"))
