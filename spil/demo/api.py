"""The API in the demo (issue 17): a client for the demo school's pupil-administration
system, scope `referrals:write`, so a tester can fetch a token and send a referral with curl.

The client id is fixed (`DEMO_CLIENT_ID`) and its secret is derived from it
(`demo_secret()`: the first 32 hex characters of SHA-256 over "spil-demo-api:" + the client
id), so the README's curl commands work after every `make demo`. Only for the demo: a real
client gets a random secret from `manage.py api_client create`, shown once and stored
hashed (the demo's secret is stored hashed too)."""

import hashlib

from django.conf import settings
from django.utils import timezone

from spil.accounts.models import Organisation, User
from spil.api import services as api_services
from spil.api.models import ApiClient
from spil.api.scopes import Scope

DEMO_SCHOOL = "Openbare Basisschool De Regenboog"
DEMO_MELDPUNT = "Meldpunt Zorg om Gezinnen Lindeveen"
DEMO_CLIENT_ID = "demo-regenboog-leerlingsysteem"


def demo_secret(client_id: str = DEMO_CLIENT_ID) -> str:
    return hashlib.sha256(f"spil-demo-api:{client_id}".encode()).hexdigest()[:32]


def build_api_clients(users: dict[str, User]) -> ApiClient:
    """Idempotent: a second seed finds the client and changes nothing."""
    existing = ApiClient.objects.filter(application__client_id=DEMO_CLIENT_ID).first()
    if existing is not None:
        return existing
    client, _secret = api_services.api_client_create(
        actor=None,
        organisation=Organisation.objects.get(name=DEMO_SCHOOL),
        name="Leerlingadministratie De Regenboog (demo)",
        scopes=[Scope.REFERRALS_WRITE],
        client_id=DEMO_CLIENT_ID,
        client_secret=demo_secret(),
    )
    return client


def summary() -> str:
    meldpunt = Organisation.objects.get(name=DEMO_MELDPUNT)
    base = settings.SPIL_BASE_URL.rstrip("/")
    today = f"{timezone.localdate():%Y-%m-%d}"
    return (
        f"API: koppeling {DEMO_CLIENT_ID} van {DEMO_SCHOOL} (scope referrals:write); "
        f"docs op {base}/api/v1/docs/.\n"
        f"  TOKEN=$(curl -s -u {DEMO_CLIENT_ID}:{demo_secret()} "
        f"-d grant_type=client_credentials {base}/api/v1/oauth/token/ "
        "| python3 -c 'import json,sys; print(json.load(sys.stdin)[\"access_token\"])')\n"
        f'  curl -s -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" '
        f'-d \'{{"meldpunt": "{meldpunt.uuid}", "received_on": "{today}", '
        '"concerns": "Zorgen van de school", "members": [{"role": "kind", '
        '"first_name": "Joris", "surname": "de Vries"}]}\' '
        f"{base}/api/v1/referrals/"
    )
