"""The OIDC seam (DigiD/eHerkenning-style, docs/adr/0013): off by default; when on, the
identity maps to an existing family account by e-mail, never to staff, never a new one.
No identity provider runs here: the backend's mapping is tested directly, and the "on"
wiring up to the redirect to the provider (which needs no network)."""

import contextlib
import importlib
import os
import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.test import override_settings
from django.urls import NoReverseMatch, Resolver404, clear_url_caches, resolve, reverse

from spil.portal.oidc import FamilyAccountOIDCBackend, family_accounts_with_email
from spil.portal.oidc import urlpatterns as oidc_urlpatterns

pytestmark = pytest.mark.django_db

BACKEND = "spil.portal.oidc.FamilyAccountOIDCBackend"
PROVIDER = {
    "OIDC_RP_CLIENT_ID": "spil-test",
    "OIDC_RP_CLIENT_SECRET": "niet-geheim",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://idp.example/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": "https://idp.example/token",
    "OIDC_OP_USER_ENDPOINT": "https://idp.example/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": "https://idp.example/jwks",
    "OIDC_RP_SIGN_ALGO": "RS256",
    "OIDC_CREATE_USER": False,
    "OIDC_USE_PKCE": True,
}


# --- Off by default -------------------------------------------------------------------------


def test_off_by_default_no_app_no_backend_no_urls(client):
    assert settings.SPIL_OIDC_ENABLED is False
    assert BACKEND not in settings.AUTHENTICATION_BACKENDS
    assert "mozilla_django_oidc" not in settings.INSTALLED_APPS
    for path in ("/oidc/authenticate/", "/oidc/callback/", "/oidc/logout/"):
        with pytest.raises(Resolver404):
            resolve(path)
        assert client.get(path).status_code == 404
    with pytest.raises(NoReverseMatch):
        reverse("oidc_authentication_init")


def test_the_login_page_offers_no_oidc_when_off(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert "/oidc/" not in page
    assert settings.SPIL_OIDC_LOGIN_LABEL not in page


def test_the_environment_switches_it_on(tmp_path):
    """The settings read SPIL_OIDC_ENABLED and the OIDC_* values from the environment."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "SPIL_OIDC_ENABLED": "1",
        **{k: str(v) for k, v in PROVIDER.items() if isinstance(v, str)},
    }
    code = (
        "import django; django.setup();"
        "from django.conf import settings as s; from django.urls import reverse;"
        "print(s.SPIL_OIDC_ENABLED, 'mozilla_django_oidc' in s.INSTALLED_APPS,"
        f" '{BACKEND}' in s.AUTHENTICATION_BACKENDS, s.OIDC_CREATE_USER,"
        " s.OIDC_OP_TOKEN_ENDPOINT, reverse('oidc_authentication_callback'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert result.stdout.split() == [
        "True",
        "True",
        "True",
        "False",
        "https://idp.example/token",
        "/oidc/callback/",
    ]


# --- When on: the wiring up to the provider ---------------------------------------------------


@pytest.fixture
def oidc_on(settings):
    import config.urls

    settings.SPIL_OIDC_ENABLED = True
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, BACKEND]
    for name, value in PROVIDER.items():
        setattr(settings, name, value)
    importlib.reload(config.urls)
    clear_url_caches()
    yield
    with override_settings(SPIL_OIDC_ENABLED=False):
        importlib.reload(config.urls)
    clear_url_caches()


def test_when_on_the_login_page_leads_to_the_provider(client, oidc_on):
    page = client.get(reverse("accounts:login")).content.decode()
    assert 'href="/oidc/authenticate/"' in page
    assert "Inloggen met DigiD" in page
    response = client.get("/oidc/authenticate/")  # reachable without a login
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert f"{target.scheme}://{target.netloc}{target.path}" == "https://idp.example/authorize"
    query = parse_qs(target.query)
    assert query["client_id"] == ["spil-test"]
    assert query["redirect_uri"] == ["http://testserver/oidc/callback/"]
    assert query["code_challenge_method"] == ["S256"]
    assert "state" in query and "nonce" in query


def test_when_on_a_callback_without_a_valid_state_logs_no_one_in(client, oidc_on):
    response = client.get("/oidc/callback/?code=abc&state=onbekend")
    assert response.status_code in (302, 400)
    assert "_auth_user_id" not in client.session


def test_the_oidc_views_need_no_login():
    assert {p.name for p in oidc_urlpatterns} == {
        "oidc_authentication_init",
        "oidc_authentication_callback",
        "oidc_logout",
    }
    assert all(p.callback.login_required is False for p in oidc_urlpatterns)


# --- The backend's mapping (no provider needed) -------------------------------------------------


@pytest.fixture
def backend(settings):
    for name, value in PROVIDER.items():
        setattr(settings, name, value)
    return FamilyAccountOIDCBackend()


def test_an_identity_maps_to_the_family_account_with_that_address(backend, parent_account):
    email = parent_account.user.email
    found = backend.filter_users_by_claims({"email": f"  {email.upper()} "})
    assert list(found) == [parent_account.user]


def test_an_identity_never_maps_to_staff(backend, world):
    assert not backend.filter_users_by_claims({"email": world.coach.email}).exists()
    admin = get_user_model().objects.create_superuser(email="beheer@spil.test", password="x" * 20)
    assert not backend.filter_users_by_claims({"email": admin.email}).exists()


def test_an_identity_never_maps_to_a_switched_off_account(backend, parent_account):
    parent_account.user.is_active = False
    parent_account.user.save()
    assert not backend.filter_users_by_claims({"email": parent_account.user.email}).exists()


@pytest.mark.parametrize("claims", [{}, {"email": ""}, {"email": None}, {"email": ["a@b.c"]}])
def test_no_address_maps_to_no_one(backend, parent_account, claims):
    assert not backend.filter_users_by_claims(claims).exists()
    assert not family_accounts_with_email(claims.get("email")).exists()


def test_the_backend_never_creates_an_account(backend, world):
    users = get_user_model().objects.count()
    with pytest.raises(SuspiciousOperation):
        backend.create_user({"email": "nieuw@gezin.test"})
    assert get_user_model().objects.count() == users


class _KnownClaims(FamilyAccountOIDCBackend):
    """The provider's answer given directly: the step after the (network) userinfo call."""

    claims: dict = {}

    def get_userinfo(self, access_token, id_token, payload):
        return self.claims


@pytest.mark.parametrize("create_user_setting", [False, True])
def test_an_unknown_identity_is_refused_even_if_creating_is_switched_on(
    settings, world, create_user_setting
):
    for name, value in PROVIDER.items():
        setattr(settings, name, value)
    settings.OIDC_CREATE_USER = create_user_setting
    backend = _KnownClaims()
    backend.claims = {"email": world.coach.email, "email_verified": True}
    users = get_user_model().objects.count()
    result = None
    with contextlib.suppress(SuspiciousOperation):  # refused, or None: either way no one
        result = backend.get_or_create_user("token", "id-token", {})
    assert result is None  # the coach's address: staff never logs in this way
    assert get_user_model().objects.count() == users


def test_a_known_identity_gets_its_family_account(settings, parent_account):
    for name, value in PROVIDER.items():
        setattr(settings, name, value)
    backend = _KnownClaims()
    backend.claims = {"email": parent_account.user.email, "email_verified": True}
    assert backend.get_or_create_user("token", "id-token", {}) == parent_account.user


def test_an_unverified_address_is_refused(settings, parent_account):
    for name, value in PROVIDER.items():
        setattr(settings, name, value)
    backend = _KnownClaims()
    backend.claims = {"email": parent_account.user.email, "email_verified": False}
    with pytest.raises(SuspiciousOperation):
        backend.get_or_create_user("token", "id-token", {})


def test_a_session_of_this_backend_restores_only_a_family_account(backend, world, parent_account):
    assert backend.get_user(parent_account.user.pk) == parent_account.user
    assert backend.get_user(world.coach.pk) is None
