"""The demo region: a fictional municipality with its meldpunt, care and non-care
organisations, two coach teams and one account per role. Deterministic and idempotent:
every record is looked up by its natural key before it is made."""

from dataclasses import dataclass

from django.db import transaction

from spil.accounts import services as account_services
from spil.accounts.models import Membership, Organisation, Team, User
from spil.core.roles import Role

DEMO_PASSWORD = "spil-demo-2026"  # noqa: S105  (documented demo password)
DEMO_DOMAIN = "demo.spil.test"
MUNICIPALITY = "Lindeveen"

Kind = Organisation.Kind

ORGANISATIONS: list[tuple[str, str]] = [
    ("Gemeente Lindeveen", Kind.MUNICIPALITY),
    ("Meldpunt Zorg om Gezinnen Lindeveen", Kind.MELDPUNT),
    ("Gezinscoaching Lindeveen", Kind.YOUTH_CARE),
    ("GGZ De Linde", Kind.MENTAL_HEALTH),
    ("Openbare Basisschool De Regenboog", Kind.EDUCATION),
    ("Politie Basisteam Lindeveen", Kind.POLICE),
    ("Woonstichting Thuisbasis", Kind.HOUSING),
    ("Schuldhulp & Bewind Lindeveen", Kind.DEBT),
    ("Sociale Dienst Lindeveen", Kind.SOCIAL_SERVICES),
    ("Veilig Thuis Rivierenland", Kind.VEILIG_THUIS),
    ("Raad voor de Kinderbescherming, locatie Rivierenland", Kind.CHILD_PROTECTION),
    ("Welzijn Lindeveen", Kind.WELFARE),
]

TEAMS: list[tuple[str, str]] = [
    ("Gezinscoaching Lindeveen", "Team Noord"),
    ("Gezinscoaching Lindeveen", "Team Zuid"),
]


@dataclass(frozen=True)
class DemoAccount:
    handle: str  # coach1, coordinator1, …
    full_name: str
    organisation: str
    role: Role
    team: str | None = None

    @property
    def email(self) -> str:
        return f"{self.handle}@{DEMO_DOMAIN}"


ACCOUNTS: list[DemoAccount] = [
    DemoAccount("coach1", "Sanne de Vries", "Gezinscoaching Lindeveen", Role.COACH, "Team Noord"),
    DemoAccount("coach2", "Mehmet Yılmaz", "Gezinscoaching Lindeveen", Role.COACH, "Team Noord"),
    DemoAccount("coach3", "Anouk Bakker", "Gezinscoaching Lindeveen", Role.COACH, "Team Zuid"),
    DemoAccount(
        "coordinator1", "Fatima El Amrani", "Meldpunt Zorg om Gezinnen Lindeveen", Role.COORDINATOR
    ),
    DemoAccount(
        "teamlead1", "Jeroen Visser", "Gezinscoaching Lindeveen", Role.TEAM_LEAD, "Team Noord"
    ),
    DemoAccount("professional1", "Ruud Jansen", "GGZ De Linde", Role.PROFESSIONAL),
    DemoAccount(
        "professional2", "Ingrid Smit", "Openbare Basisschool De Regenboog", Role.PROFESSIONAL
    ),
    DemoAccount(
        "professional3", "Kees van Dam", "Schuldhulp & Bewind Lindeveen", Role.PROFESSIONAL
    ),
    DemoAccount("professional4", "Linda Mulder", "Politie Basisteam Lindeveen", Role.PROFESSIONAL),
    DemoAccount("policy1", "Pieter de Boer", "Gemeente Lindeveen", Role.POLICY),
    DemoAccount("admin1", "Marieke Hendriks", "Gemeente Lindeveen", Role.ADMIN),
    # A second beheerder: a role asked for by one is approved by the other (ADR 0007).
    DemoAccount("admin2", "Sander Kok", "Gemeente Lindeveen", Role.ADMIN),
]

# The teamleider leads both coach teams.
EXTRA_MEMBERSHIPS: list[tuple[str, str, Role, str | None]] = [
    ("teamlead1", "Gezinscoaching Lindeveen", Role.TEAM_LEAD, "Team Zuid"),
]


@transaction.atomic
def build_region() -> dict[str, User]:
    organisations: dict[str, Organisation] = {}
    for name, kind in ORGANISATIONS:
        organisations[name], _ = Organisation.objects.get_or_create(
            name=name, defaults={"kind": kind, "municipality": MUNICIPALITY}
        )
    teams: dict[tuple[str, str], Team] = {}
    for org_name, team_name in TEAMS:
        teams[(org_name, team_name)], _ = Team.objects.get_or_create(
            organisation=organisations[org_name], name=team_name
        )

    users: dict[str, User] = {}
    for account in ACCOUNTS:
        user = User.objects.filter(email=account.email).first()
        if user is None:
            user = account_services.user_create(
                email=account.email, full_name=account.full_name, password=DEMO_PASSWORD
            )
        users[account.handle] = user
        _ensure_membership(
            user,
            organisations[account.organisation],
            account.role,
            teams[(account.organisation, account.team)] if account.team else None,
        )
    for handle, org_name, role, extra_team in EXTRA_MEMBERSHIPS:
        _ensure_membership(
            users[handle],
            organisations[org_name],
            role,
            teams[(org_name, extra_team)] if extra_team else None,
        )
    return users


def _ensure_membership(
    user: User, organisation: Organisation, role: Role, team: Team | None
) -> None:
    exists = Membership.objects.filter(
        user=user, organisation=organisation, role=role, team=team
    ).exists()
    if not exists:
        account_services.membership_add(user=user, organisation=organisation, role=role, team=team)
