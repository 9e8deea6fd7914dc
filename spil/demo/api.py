"""The API in the demo (issue 17): a client for the demo school's pupil-administration
system, scope `referrals:write`, so a tester can fetch a token and send a referral with curl;
and a client for GGZ De Linde's record system (`families:read plans:write`): the Veenstra
family shares its plan with GGZ De Linde, and the agreed plan has a step of GGZ De Linde,
which the client reads and marks done with If-Match.

The client id is fixed (`DEMO_CLIENT_ID`) and its secret is derived from it
(`demo_secret()`: the first 32 hex characters of SHA-256 over "spil-demo-api:" + the client
id), so the README's curl commands work after every `make demo`. Only for the demo: a real
client gets a random secret from `manage.py api_client create`, shown once and stored
hashed (the demo's secret is stored hashed too)."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from spil.accounts.models import Organisation, User
from spil.api import services as api_services
from spil.api.models import ApiClient
from spil.api.scopes import Scope
from spil.core.access import family_access
from spil.families import services as family_services
from spil.families.models import Family
from spil.plans import selectors as plan_selectors
from spil.plans import services as plan_services
from spil.plans.models import PlanVersion, Step

DEMO_SCHOOL = "Openbare Basisschool De Regenboog"
DEMO_MELDPUNT = "Meldpunt Zorg om Gezinnen Lindeveen"
DEMO_CLIENT_ID = "demo-regenboog-leerlingsysteem"
PARTNER = "GGZ De Linde"
PARTNER_FAMILY = "Veenstra"
PARTNER_CLIENT_ID = "demo-ggz-de-linde-epd"
PARTNER_STEP = "Intake bij GGZ De Linde plannen en het gezin de datum laten weten"


def demo_secret(client_id: str = DEMO_CLIENT_ID) -> str:
    return hashlib.sha256(f"spil-demo-api:{client_id}".encode()).hexdigest()[:32]


def build_api_clients(users: dict[str, User]) -> ApiClient:
    """Idempotent: a second seed finds the clients and changes nothing."""
    build_partner_client()
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


def _partner_step() -> Step | None:
    """GGZ De Linde's step in the newest agreed version of the Veenstra plan."""
    version = (
        PlanVersion.objects.agreed()
        .filter(plan__family__name=PARTNER_FAMILY, plan__status="actief")
        .order_by("-number")
        .first()
    )
    if version is None:
        return None
    return (
        Step.objects.filter(goal__version=version, owner_involvement__organisation__name=PARTNER)
        .order_by("id")
        .first()
    )


def build_partner_client() -> ApiClient:
    """The coach adds a step for GGZ De Linde (an involvement of that organisation in the
    team around the family) and the parents agree to the new version; then the client."""
    existing = ApiClient.objects.filter(application__client_id=PARTNER_CLIENT_ID).first()
    if existing is not None:
        return existing
    organisation = Organisation.objects.get(name=PARTNER)
    family = Family.objects.get(name=PARTNER_FAMILY)
    coach = family.trajectories.running().get().coach
    today = timezone.localdate()
    if _partner_step() is None:
        access = family_access(coach, family)
        involvement = family.involvements.filter(
            organisation=organisation, until__isnull=True
        ).first() or family_services.involvement_add(
            access=access,
            role="ggz",
            organisation=organisation,
            worker_name="Intaketeam",
            since=today - timedelta(days=7),
        )
        plan = plan_selectors.active_plan(family=family)
        assert plan is not None, "the demo's Veenstra family has an active plan"
        goal = plan.versions.get(is_current=True).goals.order_by("order", "id").first()
        assert goal is not None
        plan_services.step_add(
            actor=coach,
            goal=goal,
            what=PARTNER_STEP,
            owner=involvement,
            due_on=today + timedelta(days=14),
        )
        plan_services.plan_agree(
            actor=coach,
            plan=plan,
            agreed_on=today,
            agreed_how="in_gesprek",
            agreed_by=list(family.members.filter(has_parental_authority=True)),
        )
    client, _secret = api_services.api_client_create(
        actor=None,
        organisation=organisation,
        name="Cliëntdossier GGZ De Linde (demo)",
        scopes=[Scope.FAMILIES_READ, Scope.PLANS_WRITE],
        client_id=PARTNER_CLIENT_ID,
        client_secret=demo_secret(PARTNER_CLIENT_ID),
    )
    return client


def _token_command(base: str, client_id: str) -> str:
    return (
        f"  TOKEN=$(curl -s -u {client_id}:{demo_secret(client_id)} "
        f"-d grant_type=client_credentials {base}/api/v1/oauth/token/ "
        "| python3 -c 'import json,sys; print(json.load(sys.stdin)[\"access_token\"])')\n"
    )


def partner_summary(base: str) -> str:
    step = _partner_step()
    family = Family.objects.filter(name=PARTNER_FAMILY).first()
    if step is None or family is None:
        return ""
    url = f"{base}/api/v1/families/{family.uuid}"
    step_url = f"{url}/plan/steps/{step.uuid}/"
    return (
        f"API: koppeling {PARTNER_CLIENT_ID} van {PARTNER} (families:read plans:write), "
        f"gezin {family.uuid} deelt het plan:\n"
        + _token_command(base, PARTNER_CLIENT_ID)
        + f'  curl -s -H "Authorization: Bearer $TOKEN" {url}/plan/\n'
        f'  ETAG=$(curl -si -H "Authorization: Bearer $TOKEN" {step_url} '
        "| grep -i '^etag:' | cut -d' ' -f2 | tr -d '\\r')\n"
        f'  curl -s -X PATCH -H "Authorization: Bearer $TOKEN" -H "If-Match: $ETAG" '
        f'-H "Content-Type: application/json" -d \'{{"status": "gedaan"}}\' {step_url}\n'
    )


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
        f"{base}/api/v1/referrals/\n" + partner_summary(base)
    )
