"""The one access policy. Every decision about who may see or do what is made here.

Deny by default: a capability not granted to one of the user's roles is refused, and a
refused page answers 404 so its existence is not revealed. Family-level visibility
(coach, back-up, consented professionals) joins this module with the family file.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from functools import wraps
from typing import Any, TypeVar

from django.apps import apps
from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .roles import Role


class Capability(StrEnum):
    """What a role may do. Labels are shown to the user on the start page."""

    REFER_FAMILY = "refer_family"
    RUN_MELDPUNT = "run_meldpunt"
    COACH_FAMILIES = "coach_families"
    LEAD_TEAM = "lead_team"
    WORK_WITH_FAMILIES = "work_with_families"
    VIEW_AGGREGATES = "view_aggregates"
    MANAGE_DIRECTORY = "manage_directory"
    EMERGENCY_ACCESS = "emergency_access"

    @property
    def label(self) -> str:
        return str(CAPABILITY_LABELS[self])


CAPABILITY_LABELS = {
    Capability.REFER_FAMILY: _("Een gezin aanmelden bij het meldpunt"),
    Capability.RUN_MELDPUNT: _("Meldingen wegen, beoordelen, besluiten en een coach koppelen"),
    Capability.COACH_FAMILIES: _("Gezinnen coachen: dossier, plan, contacten en afspraken"),
    Capability.LEAD_TEAM: _("Caseload, termijnen en escalaties van het team volgen"),
    Capability.WORK_WITH_FAMILIES: _(
        "Meewerken in gezinnen die toestemming gaven om met uw organisatie te delen"
    ),
    Capability.VIEW_AGGREGATES: _("Geanonimiseerde cijfers en signalen bekijken"),
    Capability.MANAGE_DIRECTORY: _(
        "Organisaties, teams, gebruikers, programma's en begrippen beheren (geen gezinsdossiers)"
    ),
    Capability.EMERGENCY_ACCESS: _(
        "In een noodgeval een gezin openen waar u geen toegang toe hebt (noodtoegang, met "
        "reden, 24 uur)"
    ),
}

# The role gates. A beleidsmedewerker gets aggregates only; a beheerder manages the
# directory but sees no family content.
ROLE_CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.COACH: frozenset(
        {Capability.COACH_FAMILIES, Capability.REFER_FAMILY, Capability.WORK_WITH_FAMILIES}
    ),
    Role.COORDINATOR: frozenset(
        {
            Capability.RUN_MELDPUNT,
            Capability.REFER_FAMILY,
            Capability.WORK_WITH_FAMILIES,
            Capability.VIEW_AGGREGATES,
            Capability.EMERGENCY_ACCESS,
        }
    ),
    Role.TEAM_LEAD: frozenset(
        {
            Capability.LEAD_TEAM,
            Capability.COACH_FAMILIES,
            Capability.WORK_WITH_FAMILIES,
            Capability.VIEW_AGGREGATES,
            Capability.EMERGENCY_ACCESS,
        }
    ),
    Role.PROFESSIONAL: frozenset({Capability.REFER_FAMILY, Capability.WORK_WITH_FAMILIES}),
    Role.POLICY: frozenset({Capability.VIEW_AGGREGATES}),
    Role.ADMIN: frozenset({Capability.MANAGE_DIRECTORY}),
}

# Capabilities that touch family content; used to tell roles apart in tests and docs.
FAMILY_CONTENT = frozenset(
    {
        Capability.RUN_MELDPUNT,
        Capability.COACH_FAMILIES,
        Capability.LEAD_TEAM,
        Capability.WORK_WITH_FAMILIES,
    }
)

_CACHE_ATTR = "_spil_roles"
_ORGANISATIONS_ATTR = "_spil_organisations"


def _load(user: Any) -> None:
    memberships = list(user.memberships.select_related("organisation"))
    setattr(user, _CACHE_ATTR, frozenset((Role(m.role), m.organisation_id) for m in memberships))
    setattr(user, _ORGANISATIONS_ATTR, {m.organisation_id: m.organisation for m in memberships})


def _memberships(user: Any) -> frozenset[tuple[Role, int]]:
    """(role, organisation id) of every membership of an active, logged-in user; read
    once per request (with the organisations) and kept on the user object."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    if getattr(user, _CACHE_ATTR, None) is None:
        _load(user)
    return getattr(user, _CACHE_ATTR)


def _organisations(user: Any) -> dict[int, Any]:
    if not _memberships(user):
        return {}
    return getattr(user, _ORGANISATIONS_ATTR)


def roles(user: Any) -> frozenset[Role]:
    """The roles of an active, logged-in user across all their memberships."""
    return frozenset(role for role, _org in _memberships(user))


def forget(user: Any) -> None:
    """Drop the cached roles after memberships change."""
    for attr in (_CACHE_ATTR, _ORGANISATIONS_ATTR):
        if hasattr(user, attr):
            delattr(user, attr)


def capabilities(user: Any) -> frozenset[Capability]:
    granted: set[Capability] = set()
    for role in roles(user):
        granted |= ROLE_CAPABILITIES.get(role, frozenset())
    if user is not None and user.is_authenticated and user.is_active and user.is_superuser:
        # A superuser is a technical beheerder: the directory, never family content.
        granted |= ROLE_CAPABILITIES[Role.ADMIN]
    return frozenset(granted)


def can(user: Any, capability: Capability) -> bool:
    return capability in capabilities(user)


def require(user: Any, capability: Capability) -> None:
    """Refuse with 404: a page you may not see is a page that does not exist for you."""
    if not can(user, capability):
        raise Http404


# Roles that open a whole family file; what such a user writes belongs to that organisation.
WHOLE_FILE_ROLES = (Role.COACH, Role.TEAM_LEAD, Role.COORDINATOR)


def acting_organisation(user: Any) -> Any:
    """The organisation a user writes family data for: the one where they hold a role that
    opens the whole file (coach, teamleider, meldpunt coordinator), else where they work as a
    betrokken professional — never merely their oldest membership. A coach who is also a
    professional elsewhere must not stamp their working notes with the other organisation,
    or that organisation would read them. Read once per request with the roles."""
    organisations = _organisations(user)
    for role in (*WHOLE_FILE_ROLES, Role.PROFESSIONAL, Role.POLICY, Role.ADMIN):
        ids = organisations_with_role(user, role)
        if ids:
            return organisations[ids[0]]
    return None


def organisations_of(user: Any) -> list[int]:
    """Ids of every organisation the user is a member of, whatever the role."""
    return sorted({org_id for _role, org_id in _memberships(user)})


def organisations_with_role(user: Any, role: Role) -> list[int]:
    """Ids of the organisations where the user holds `role`."""
    return sorted(org_id for held, org_id in _memberships(user) if held == role)


# --- Referrals (meldpunt) -------------------------------------------------------------
# A referrer sees only the referrals they made, with outcome and advice; the meldpunt's
# coordinators see and work all referrals of their meldpunt; nobody else sees any.


def visible_referrals(user: Any) -> QuerySet[Any]:
    referral_model = apps.get_model("intake", "Referral")
    if not (can(user, Capability.RUN_MELDPUNT) or can(user, Capability.REFER_FAMILY)):
        return referral_model.objects.none()
    meldpunten = organisations_with_role(user, Role.COORDINATOR)
    return referral_model.objects.filter(Q(meldpunt_id__in=meldpunten) | Q(referred_by=user))


def referrals_for_aggregates(user: Any) -> QuerySet[Any]:
    """What the meldpunt figures are computed over: a coordinator's own meldpunt, or the
    whole region for those who see aggregates (beleidsmedewerker, teamleider)."""
    referral_model = apps.get_model("intake", "Referral")
    if not can(user, Capability.VIEW_AGGREGATES):
        return referral_model.objects.none()
    if Role.POLICY in roles(user) or Role.TEAM_LEAD in roles(user):
        return referral_model.objects.all()
    return referral_model.objects.filter(
        meldpunt_id__in=organisations_with_role(user, Role.COORDINATOR)
    )


def can_work_referral(user: Any, referral: Any) -> bool:
    """Weigh, assess, decide and match: only a coordinator of the referral's meldpunt."""
    return referral.meldpunt_id in organisations_with_role(user, Role.COORDINATOR)


def require_work_referral(user: Any, referral: Any) -> None:
    if not can_work_referral(user, referral):
        raise Http404


# --- Families -------------------------------------------------------------------------
# Who may open a family's file (issue 4):
# - the coach and back-up coach of an active trajectory: everything (the coach is the
#   file holder of its kind: a staff coach, a professional coach of another organisation,
#   or the coordinator who holds the file for a network member or volunteer — issue 20);
# - the teamleider of that coach's team: everything;
# - a meldpunt coordinator while the family is in intake at their meldpunt: everything;
# - a betrokken professional only while a valid sharing consent names their organisation,
#   and only the parts it names (plus "wie is wie": members, team, coach);
# - a beleidsmedewerker never an individual family; a beheerder never family content;
# - break-the-glass (noodtoegang, issue 18): a teamleider or meldpunt coordinator who
#   opened the family in an emergency, with a reason: everything, for
#   SPIL_EMERGENCY_ACCESS_HOURS after opening (`emergency_open_since`). The opening is a
#   row of `families.EmergencyAccess`; this policy is the only place that reads it.
# Nothing is cached across requests, so a withdrawn consent takes effect at once.


class FamilyPart(StrEnum):
    BASICS = "basis"  # who is who: members, the team around the family, the coach
    FAMILY_STORY = "familieverhaal"  # genogram, relations, network (never shared)
    PLAN = "plan"
    CONTACTS = "contacten"
    ASSESSMENTS = "metingen"
    SAFETY = "veiligheid"


ALL_PARTS = frozenset(FamilyPart)
SHAREABLE_PARTS = frozenset(
    {FamilyPart.PLAN, FamilyPart.CONTACTS, FamilyPart.ASSESSMENTS, FamilyPart.SAFETY}
)
INTAKE_STATUSES = ("ontvangen", "in_beoordeling", "besloten")


def team_coach_ids(user: Any) -> list[int]:
    membership = apps.get_model("accounts", "Membership")
    team_ids = user.memberships.filter(role=Role.TEAM_LEAD, team__isnull=False).values("team_id")
    return list(
        membership.objects.filter(team_id__in=team_ids, role=Role.COACH).values_list(
            "user_id", flat=True
        )
    )


def _sharing_consent_q(prefix: str, organisation_ids: list[int], on: Any) -> Q:
    # A consent about one member's own data (a child from 12) does not open the family's
    # file: the parts are family-wide, so only a family-wide consent may open them.
    return Q(**{f"{prefix}concerns_member__isnull": True}) & (
        Q(
            **{
                f"{prefix}kind": "delen",
                f"{prefix}organisation_id__in": organisation_ids,
                f"{prefix}given_on__lte": on,
            }
        )
        & (Q(**{f"{prefix}withdrawn_on__isnull": True}) | Q(**{f"{prefix}withdrawn_on__gt": on}))
        & (Q(**{f"{prefix}valid_until__isnull": True}) | Q(**{f"{prefix}valid_until__gte": on}))
    )


# Who may hold a trajectory's file as its `coach`, by the kind of coach (issue 20, point 1;
# ADR 0024). The coach with an account holds their own file: a staff coach by the coach's
# role, a professional of another organisation by their professional's role. A coach
# without an account (a network member, a volunteer) is recorded by the meldpunt's
# coordinator, who is then the trajectory's `coach` and holds the file on their behalf.
# Values are trajectories' `coach_kind` codes (core names no domain app).
HOLDER_CAPABILITY = {
    "medewerker": Capability.COACH_FAMILIES,
    "professional": Capability.WORK_WITH_FAMILIES,
    "netwerklid": Capability.RUN_MELDPUNT,
    "vrijwilliger": Capability.RUN_MELDPUNT,
}


def holder_kinds(user: Any) -> list[str]:
    """The kinds of coach whose trajectory file this user may hold as its `coach`."""
    held = capabilities(user)
    return sorted(kind for kind, capability in HOLDER_CAPABILITY.items() if capability in held)


def _holder_q(user: Any, prefix: str = "") -> Q:
    """Trajectories this user holds as coach (by kind) or backs up (a staff coach)."""
    q = Q(pk__in=[])
    kinds = holder_kinds(user)
    if kinds:
        q |= Q(**{f"{prefix}coach": user, f"{prefix}coach_kind__in": kinds})
    if can(user, Capability.COACH_FAMILIES):
        q |= Q(**{f"{prefix}backup_coach": user})
    return q


def _full_access_q(user: Any) -> Q:
    """Families whose whole file this user may open (and edit)."""
    q = Q(pk__in=[])
    if holder_kinds(user) or can(user, Capability.COACH_FAMILIES):
        q |= Q(trajectories__closed_on__isnull=True) & _holder_q(user, "trajectories__")
    if can(user, Capability.LEAD_TEAM):
        q |= Q(
            trajectories__closed_on__isnull=True, trajectories__coach_id__in=team_coach_ids(user)
        )
    if can(user, Capability.RUN_MELDPUNT):
        q |= Q(
            referrals__meldpunt_id__in=organisations_with_role(user, Role.COORDINATOR),
            referrals__status__in=INTAKE_STATUSES,
        )
    if can(user, Capability.EMERGENCY_ACCESS):
        q |= Q(
            emergency_accesses__user=user,
            emergency_accesses__opened_at__gt=emergency_open_since(),
        )
    return q


# --- Break-the-glass (noodtoegang) --------------------------------------------------------


def emergency_hours() -> int:
    """How long a noodtoegang stays open (setting SPIL_EMERGENCY_ACCESS_HOURS)."""
    return int(getattr(settings, "SPIL_EMERGENCY_ACCESS_HOURS", 24))


def emergency_open_since(now: Any = None) -> Any:
    """An emergency access opened after this moment is still open."""
    return (now or timezone.now()) - timedelta(hours=emergency_hours())


def may_break_glass(user: Any) -> bool:
    """A teamleider or meldpunt coordinator may open a family by noodtoegang (with a
    reason); nobody else, whatever other roles they hold."""
    return can(user, Capability.EMERGENCY_ACCESS)


class EmergencyAccessOffered(Http404):
    """Raised instead of a bare 404 when the family exists, the user may not open it, and
    the user may break the glass: the family view offers noodtoegang (the family's name
    stays hidden until a reason is given)."""

    def __init__(self, family: Any) -> None:
        super().__init__()
        self.family = family


def visible_families(user: Any) -> QuerySet[Any]:
    """Every family the user may open, whatever the part. Deny by default."""
    family_model = apps.get_model("families", "Family")
    if not access_to_families_possible(user):
        return family_model.objects.none()
    q = _full_access_q(user)
    if can(user, Capability.WORK_WITH_FAMILIES):
        professional_orgs = organisations_with_role(user, Role.PROFESSIONAL)
        if professional_orgs:
            today = timezone.localdate()
            q |= _sharing_consent_q("consents__", professional_orgs, today)
    return family_model.objects.filter(q).distinct()


def access_to_families_possible(user: Any) -> bool:
    return bool(capabilities(user) & FAMILY_CONTENT)


def family_parts(user: Any, family: Any) -> frozenset[FamilyPart]:
    """The parts of this family's file the user may see; empty means no access (404).
    Pages do not call this: they get a `FamilyAccess` built once per request
    (`family_access`); this stays for the few places outside a family page (the inbox, a
    notice's recipients) that ask about one family for one user."""
    family_model = apps.get_model("families", "Family")
    if not access_to_families_possible(user):
        return frozenset()
    if family_model.objects.filter(_full_access_q(user), pk=family.pk).exists():
        return ALL_PARTS
    professional_orgs = organisations_with_role(user, Role.PROFESSIONAL)
    if not professional_orgs or not can(user, Capability.WORK_WITH_FAMILIES):
        return frozenset()
    consent_model = apps.get_model("families", "Consent")
    today = timezone.localdate()
    consents = consent_model.objects.filter(
        _sharing_consent_q("", professional_orgs, today), family=family
    ).values_list("parts", flat=True)
    parts: set[FamilyPart] = set()
    for named in consents:
        parts |= {FamilyPart(p) for p in named if p in SHAREABLE_PARTS}
        parts.add(FamilyPart.BASICS)
    return frozenset(parts)


def can_edit_family(parts: frozenset[FamilyPart]) -> bool:
    """Only those with the whole file keep it up to date; shared parts are read-only."""
    return parts == ALL_PARTS


def require_family_part(parts: frozenset[FamilyPart], part: FamilyPart) -> None:
    if part not in parts:
        raise Http404


# --- The access object ----------------------------------------------------------------
# One request about one family asks the policy once. The answer is a frozen value handed
# to every selector and service of the request, which never ask again.


@dataclass(frozen=True)
class Subject:
    """Who asks. Today a staff user; the family portal (issue 14) adds the family member
    an account stands for, so the same policy decides what a parent or young person sees."""

    user: Any
    member: Any = None

    @property
    def is_family_member(self) -> bool:
        return self.member is not None


class Audience(StrEnum):
    """Which family member reads the portal: it decides what they see and how we write
    to them ("u" for adults, "je" for young people; docs/adr/0012)."""

    PARENT = "ouder"  # a parent or carer, or another member of 18 or older
    YOUNG = "jongere"  # a young person of 12 to 17


@dataclass(frozen=True)
class FamilyAccess:
    """What this subject may do in this family's file, decided once by the policy."""

    family: Any
    subject: Subject
    parts: frozenset[FamilyPart]
    can_edit: bool
    acting_organisation: Any
    audience: Audience | None = None  # set only when the subject is a family member
    # Read-only even for what a family member may do: a coach's "bekijk als gezin".
    preview: bool = False
    # A betrokken professional's organisations whose valid sharing consent names the plan:
    # for those they write their own part of the plan (issue 20, point 5).
    plan_organisations: frozenset[int] = frozenset()

    @property
    def user(self) -> Any:
        return self.subject.user

    def sees(self, part: FamilyPart) -> bool:
        return part in self.parts

    def require(self, part: FamilyPart) -> None:
        """404 when the part is not open to the subject: as if it did not exist."""
        if part not in self.parts:
            raise Http404

    def require_edit(self) -> None:
        if not self.can_edit:
            raise Http404

    def writes_own_plan_part(self) -> bool:
        """A betrokken professional (not the whole file) with the plan part of consent for
        their organisation: they propose steps for it and mark its steps done."""
        return bool(self.plan_organisations) and not self.can_edit and self.sees(FamilyPart.PLAN)

    def writes_for(self, involvement: Any) -> bool:
        """This professional may write the plan part of this involvement of the family: an
        organisation their plan consent names, still involved (issue 20, point 5)."""
        return (
            self.writes_own_plan_part()
            and involvement is not None
            and involvement.family_id == self.family.pk
            and involvement.until is None
            and involvement.organisation_id in self.plan_organisations
        )

    # --- What a family member sees (the portal). Staff with the part see everything. ---

    @property
    def member(self) -> Any:
        return self.subject.member

    def sees_goal(self, goal: Any) -> bool:
        """A young person sees the goals of the whole family and their own goals, not a
        goal about another member (a parent's debts, a sibling's school). Reads the goal's
        prefetched `members`."""
        if not self.sees(FamilyPart.PLAN):
            return False
        if self.audience != Audience.YOUNG or goal.whole_family:
            return True
        return any(m.pk == self.member.pk for m in goal.members.all())

    def sees_member_data(self, member_id: int | None) -> bool:
        """Data about one member (a promise made to them, a measurement of them): a young
        person sees what is about the family or about themselves only."""
        if self.audience != Audience.YOUNG:
            return True
        return member_id is None or member_id == self.member.pk

    def may_act(self) -> bool:
        """A family member may act in the portal (agree, score, cancel, write); a coach
        previewing the portal may not."""
        return self.subject.is_family_member and not self.preview

    def may_change_consent(self, *, concerns_member: Any) -> bool:
        """Who decides about sharing (the seeds; Dutch law on minors' data):
        - a consent about the whole family: a parent with parental authority;
        - about a child under 12: a parent with parental authority;
        - about a young person of 12–15: a parent with authority (together with the young
          person, who can see it but not decide alone);
        - about a member of 16 or older: that member alone."""
        if not self.may_act():
            return False
        me = self.member
        today = timezone.localdate()
        if concerns_member is None:
            return bool(me.has_parental_authority) and self.audience == Audience.PARENT
        age = concerns_member.age_on(today)
        if age is not None and age >= 16:
            return bool(concerns_member.pk == me.pk)
        return bool(me.has_parental_authority) and self.audience == Audience.PARENT


PORTAL_MIN_AGE = 12
ADULT_AGE = 18
# A member with one of these roles counts as a parent or carer whatever their age is
# recorded as (a birth date may be unknown).
CARER_ROLES = frozenset({"ouder", "stiefouder", "pleegouder", "grootouder", "oom_tante"})
# What the portal shows is the family's own shared file: never the family story
# (genogram, network; made by the coach) and never safety (issue 14: nothing under safety
# unless the coach shared it; there is no such sharing yet).
MEMBER_PARTS = frozenset(
    {FamilyPart.BASICS, FamilyPart.PLAN, FamilyPart.CONTACTS, FamilyPart.ASSESSMENTS}
)


def portal_audience(member: Any, on: Any = None) -> Audience | None:
    """Who may have a portal account, and as whom: a parent or carer, a member of 18 or
    older, or a young person from 12. None: too young (or unknown age) for an account."""
    on = on or timezone.localdate()
    age = member.age_on(on)
    if member.role in CARER_ROLES and (age is None or age >= ADULT_AGE):
        return Audience.PARENT
    if age is None or age < PORTAL_MIN_AGE or member.is_deceased:
        return None
    return Audience.PARENT if age >= ADULT_AGE else Audience.YOUNG


def member_access(user: Any, member: Any, *, preview: bool = False) -> FamilyAccess:
    """The policy's answer for a family member (the portal's subject) in their own family.
    Parts empty means no access: an inactive account, a member too young, a family
    without any trajectory. `preview` is a coach looking through the member's eyes."""
    audience = portal_audience(member)
    parts: frozenset[FamilyPart] = frozenset()
    active = preview or (
        user is not None
        and user.is_authenticated
        and user.is_active
        and getattr(user, "is_family_account", False)
    )
    if active and audience is not None:
        parts = MEMBER_PARTS
    return FamilyAccess(
        family=member.family,
        subject=Subject(user=user, member=member),
        parts=parts,
        can_edit=False,  # a family member never edits the file itself
        acting_organisation=None,
        audience=audience,
        preview=preview,
    )


def family_access(user: Any, family: Any) -> FamilyAccess:
    """The policy's one answer for `user` in `family`; parts empty means no access.
    The only place a FamilyAccess is made (tests count the calls)."""
    parts = family_parts(user, family)
    plan_organisations: frozenset[int] = frozenset()
    if FamilyPart.PLAN in parts and not can_edit_family(parts):
        plan_organisations = _plan_organisations(user, family)
    return FamilyAccess(
        family=family,
        subject=Subject(user=user),
        parts=parts,
        can_edit=can_edit_family(parts),
        acting_organisation=acting_organisation(user) if parts else None,
        plan_organisations=plan_organisations,
    )


def _plan_organisations(user: Any, family: Any) -> frozenset[int]:
    """The professional's organisations a valid family-wide sharing consent names with the
    plan part: one query, only for a professional who sees the plan."""
    consent_model = apps.get_model("families", "Consent")
    rows = consent_model.objects.filter(
        _sharing_consent_q(
            "", organisations_with_role(user, Role.PROFESSIONAL), timezone.localdate()
        ),
        family=family,
    ).values_list("organisation_id", "parts")
    return frozenset(org for org, named in rows if FamilyPart.PLAN in named)


def family_access_for(request: HttpRequest, uuid: Any) -> FamilyAccess:
    """The request's access to the family in its URL, built once and kept on the request;
    404 for a family that does not exist or that this user may not open."""
    cached: FamilyAccess | None = getattr(request, "family_access", None)
    if cached is not None and cached.family.uuid == uuid:
        return cached
    from . import audit  # audit reads the acting organisation here; imported late

    family = apps.get_model("families", "Family").objects.filter(uuid=uuid).first()
    if family is None:
        audit.record_refusal(actor=request.user, family_uuid=uuid, reason="unknown")
        raise Http404
    granted = family_access(request.user, family)
    if not granted.parts:
        audit.record_refusal(actor=request.user, family_uuid=uuid, reason="no_access")
        if may_break_glass(request.user):
            raise EmergencyAccessOffered(family)
        raise Http404
    request.family_access = granted  # type: ignore[attr-defined]
    return granted


def emergency_offer(request: HttpRequest, family: Any) -> HttpResponse:
    """The page a teamleider or the meldpunt sees instead of a 404 for a family they may
    not open: it offers noodtoegang, without the family's name. The status stays 404: for
    everything but the person reading it, the family is as absent as before."""
    return render(
        request,
        "core/emergency_offer.html",
        {"family_uuid": family.uuid, "hours": emergency_hours()},
        status=404,
    )


F = TypeVar("F", bound=Callable[..., HttpResponse])


def family_view(*, edit: bool = False, part: FamilyPart | None = None) -> Callable[[F], F]:
    """View decorator for the family URL space (`<uuid:uuid>` in the URL): resolves the
    access object once and passes it as `access` instead of `uuid`. `edit` asks for the
    whole file, `part` for one part; either refused is a 404."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, uuid: Any, **kwargs: Any) -> HttpResponse:
            try:
                granted = family_access_for(request, uuid)
            except EmergencyAccessOffered as offer:
                return emergency_offer(request, offer.family)
            if edit:
                granted.require_edit()
            if part is not None:
                granted.require(part)
            return view(request, *args, access=granted, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


# --- Trajectories ---------------------------------------------------------------------
# The coach and back-up coach work their trajectories (also closed ones, to reopen them);
# the teamleider of the coach's team sees them and decides on extensions. The coach is the
# file holder of its kind (`HOLDER_CAPABILITY`): a professional coach of another
# organisation, or the coordinator for a network member or volunteer, work the trajectory
# like a staff coach.


def visible_trajectories(user: Any) -> QuerySet[Any]:
    trajectory_model = apps.get_model("trajectories", "Trajectory")
    q = _holder_q(user)
    if can(user, Capability.LEAD_TEAM):
        q |= Q(coach_id__in=team_coach_ids(user))
    return trajectory_model.objects.filter(q)


def leads_team_of(user: Any, coach_id: int) -> bool:
    return can(user, Capability.LEAD_TEAM) and coach_id in team_coach_ids(user)


def require_trajectory(user: Any, trajectory: Any) -> None:
    if not visible_trajectories(user).filter(pk=trajectory.pk).exists():
        raise Http404


V = TypeVar("V", bound=Callable[..., HttpResponse])


def capability_required(capability: Capability) -> Callable[[V], V]:
    """View decorator: the request's user must hold `capability`, else 404."""

    def decorator(view: V) -> V:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            require(request.user, capability)
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator
