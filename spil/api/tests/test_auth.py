"""OAuth2 client credentials: clients per organisation with scopes; 401/403 as problems."""

import hashlib

import pytest
from django.contrib.auth.hashers import check_password
from django.core.management import CommandError, call_command
from oauth2_provider.models import AccessToken
from rest_framework.test import APIClient

from spil.api.models import ApiClient
from spil.core.models import AuditEvent

from .conftest import fetch_token

pytestmark = pytest.mark.django_db
REFERRALS = "/api/v1/referrals/"


def test_a_client_gets_a_token_with_its_own_scopes(make_client, school):
    client, secret = make_client(school, "referrals:write offers:read")
    response = fetch_token(client, secret)
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert set(body["scope"].split()) == {"referrals:write", "offers:read"}
    # Stored hashed (RFC 9700, settings): found by its checksum, the token itself not kept.
    checksum = hashlib.sha256(body["access_token"].encode()).hexdigest()
    stored = AccessToken.objects.get(token_checksum=checksum)
    assert stored.application == client.application
    assert stored.token != body["access_token"]
    assert not AccessToken.objects.filter(token=body["access_token"]).exists()


def test_the_secret_is_stored_hashed(make_client, school):
    client, secret = make_client(school)
    stored = client.application.client_secret
    assert stored != secret
    assert check_password(secret, stored)


def test_a_wrong_secret_or_a_scope_beyond_the_client_gets_no_token(make_client, school):
    client, secret = make_client(school, "referrals:write")
    assert fetch_token(client, "niet-het-geheim").status_code == 401
    response = fetch_token(client, secret, scope="families:read")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_scope"
    assert not AccessToken.objects.exists()


def test_the_client_acts_as_a_professional_of_its_organisation(make_client, school):
    client, _secret = make_client(school)
    assert client.user.memberships.get().organisation == school
    assert not client.user.has_usable_password()
    event = AuditEvent.objects.get(action="api.client_created")
    assert event.detail == {"client": client.client_id, "scopes": ["referrals:write"]}


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_gets_401_with_a_bearer_challenge(method):
    response = getattr(APIClient(), method)(REFERRALS, {}, format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 401 and body["title"] == "Authenticatie vereist"


def test_a_bad_token_gets_401():
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION="Bearer onzin")
    response = api.post(REFERRALS, {}, format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_token_without_the_scope_gets_403(api_for, school):
    api = api_for(school, "offers:read")
    response = api.post(REFERRALS, {}, format="json")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["title"] == "Geen toegang"


def test_a_revoked_client_is_refused_at_once(api_for, school):
    api = api_for(school)
    call_command("api_client", "revoke", api.api_client.client_id, stdout=_Sink())
    assert api.post(REFERRALS, {}, format="json").status_code == 401
    client = ApiClient.objects.get()
    assert client.revoked_at is not None
    assert not AccessToken.objects.exists()
    assert AuditEvent.objects.filter(action="api.client_revoked").exists()


class _Sink:
    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text

    def flush(self):
        pass


def test_the_command_creates_lists_and_revokes(school):
    out = _Sink()
    call_command(
        "api_client",
        "create",
        "--organisation",
        school.name,
        "--scopes",
        "referrals:write",
        stdout=out,
    )
    lines = dict(line.split(":", 1) for line in out.text.splitlines() if ":" in line)
    client_id, secret = lines["client_id"].strip(), lines["client_secret"].strip()
    client = ApiClient.objects.get(application__client_id=client_id)
    assert client.organisation == school and client.scopes == "referrals:write"
    assert fetch_token(client, secret).status_code == 200

    listed = _Sink()
    call_command("api_client", "list", stdout=listed)
    assert client_id in listed.text and "actief" in listed.text
    assert secret not in listed.text

    call_command("api_client", "revoke", client_id, stdout=_Sink())
    assert fetch_token(client, secret).status_code == 401


def test_the_command_refuses_unknown_scopes_and_organisations(school):
    with pytest.raises(CommandError, match="Onbekende scope"):
        call_command(
            "api_client",
            "create",
            "--organisation",
            school.name,
            "--scopes",
            "alles",
            stdout=_Sink(),
        )
    with pytest.raises(CommandError, match="Geen organisatie"):
        call_command(
            "api_client",
            "create",
            "--organisation",
            "Bestaat niet",
            "--scopes",
            "referrals:write",
            stdout=_Sink(),
        )
    assert not ApiClient.objects.exists()


def test_token_refusals_are_problems_that_keep_the_oauth2_error(make_client, school):
    client, secret = make_client(school, "referrals:write")
    wrong = fetch_token(client, "niet-het-geheim")
    assert wrong.status_code == 401
    assert wrong["Content-Type"] == "application/problem+json"
    body = wrong.json()
    assert body["error"] == "invalid_client"
    assert body["status"] == 401 and body["detail"] and body["title"]
    assert "niet-het-geheim" not in wrong.content.decode()
    scope = fetch_token(client, secret, scope="families:read")
    assert scope.status_code == 400
    assert scope.json()["error"] == "invalid_scope"
    assert scope["Content-Type"] == "application/problem+json"


def test_the_token_endpoint_is_throttled(make_client, school, settings):
    settings.SPIL_API_TOKEN_RATE = "3/minute"
    client, secret = make_client(school, "referrals:write")
    answers = [fetch_token(client, "fout").status_code for _ in range(3)]
    assert answers == [401, 401, 401]
    throttled = fetch_token(client, secret)
    assert throttled.status_code == 429
    assert throttled["Content-Type"] == "application/problem+json"
    assert int(throttled["Retry-After"]) >= 1


def test_client_accounts_are_never_picked_as_a_colleague(make_client, school):
    from spil.accounts.models import User
    from spil.accounts.tests.factories import UserFactory
    from spil.families.forms import ChangeWorkerForm, InvolvementForm
    from spil.intake.forms import ReferralHelperForm

    client, _secret = make_client(school)
    colleague = UserFactory()
    assert client.user.is_api_client
    assert client.user not in User.objects.workers()
    assert colleague in User.objects.workers()
    for form in (ReferralHelperForm, InvolvementForm, ChangeWorkerForm):
        queryset = form.base_fields["worker"].queryset
        assert not queryset.filter(pk=client.user.pk).exists(), form.__name__
        assert queryset.filter(pk=colleague.pk).exists(), form.__name__
