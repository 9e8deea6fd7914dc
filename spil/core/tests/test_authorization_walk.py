"""The authorization walk (issue 22): every URL pattern × every role × every kind of family.

`test_url_walk` proves that an anonymous visitor reaches nothing; this walk proves the same
for the logged-in. One world is built once for the module: six families, one per situation
of ADR 0003 (coached by coach A, coached by another team, in intake at the meldpunt, shared
with organisation X for some parts, with the sharing consent for X withdrawn or expired,
closed), each with one of every object a URL can name, and sixteen users, one per role.

Issue 18 widened the roles: besides the coach, back-up coach, both teamleiders and the
meldpunt coordinator, four professionals each hold a consent for one part only in
"shared_x" (they walk that family; elsewhere they are professional_y, who walks it all),
the consent for X in "consent_ended" was withdrawn yesterday and the other one expired
yesterday; and break-the-glass is in the world: team_lead_b opened "shared_x" an hour ago
(open), the coordinator opened "coached_a" 25 hours ago (expired). A teamleider or the
coordinator is offered noodtoegang where others get the plain 404 (also a 404).

Every URL pattern the resolver knows is filled with the real uuids of each family's objects
and requested by every user:

- GET (7,452 requests) never answers 500; a page of a family the user may not open, or of a
  part of it they may not see, is a 404 (or 403, 405 for a POST-only page, or the way to the
  login page) and writes nothing but the refusal in the audit trail; the pages the table
  opens to a user do open (200);
- POST (empty, no CSRF token needed; about 1,200 requests) to the write URLs of a family the
  user may not edit, and of trajectories, referrals and notices that are not theirs, is
  refused (403/404/405) and writes nothing at all but that refusal (see `_post_targets`).

Rows written are read off the SQL on its way to the database, so a write that skips the
audit trail is caught as well.

What each user may open is written down here from the ADR's table, not asked of the policy:
the walk checks the policy (`family_access`) against the table too, so a change of either
shows up here. Every request runs in a savepoint that is rolled back, so even a request that
wrongly writes leaves the world as it was for the next one.
"""

import datetime as dt
import importlib
import inspect
import logging
import re
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

import pytest
from django.conf import settings
from django.core.signals import got_request_exception
from django.db import connection, transaction
from django.http import HttpResponseNotFound
from django.test import Client
from django.urls import get_resolver, resolve, reverse
from django.utils import timezone

from spil.accounts import services as account_services
from spil.accounts.models import Organisation
from spil.accounts.tests.factories import OrganisationFactory, TeamFactory, UserFactory
from spil.assessments import services as assessment_services
from spil.assessments.models import Domain, Instrument
from spil.assessments.tests.factories import ensure_builtin_instruments
from spil.contacts import services as contact_services
from spil.core import access
from spil.core.access import ALL_PARTS, FamilyPart, family_access
from spil.core.audit import FAMILY_REFUSED
from spil.core.models import AuditEvent
from spil.core.roles import Role
from spil.core.testing import days_ago
from spil.core.tests.test_url_walk import walk
from spil.directory.models import Programme
from spil.documents import services as document_services
from spil.documents.tests.factories import pdf, uploaded
from spil.families import services as family_services
from spil.families.models import EmergencyAccess, Relation
from spil.families.tests.factories import make_family
from spil.intake import services as intake_services
from spil.intake.tests.factories import register, to_decision
from spil.meetings import services as meeting_services
from spil.notifications.models import Notification
from spil.plans import services as plan_services
from spil.plans.models import StepProposal
from spil.portal import invitations as portal_invitations
from spil.rights import services as rights_services
from spil.trajectories import services as trajectory_services
from spil.trajectories.models import Trajectory

# --- Who may open what: ADR 0003, written out ------------------------------------------------

SITUATIONS = ("coached_a", "other_team", "intake", "shared_x", "consent_ended", "closed")
ROLES = (
    "coach_a",
    "backup_a",
    "other_coach",
    "team_lead_a",
    "team_lead_b",
    "coordinator",
    "professional_x",
    "professional_y",
    # Issue 18: one professional per shareable part, each with a consent for that part only.
    "professional_plan",
    "professional_contacts",
    "professional_assessments",
    "professional_safety",
    "policy",
    "admin",
    "no_role",
    "inactive",
)

SHARED_WITH_X = frozenset({FamilyPart.BASICS, FamilyPart.PLAN, FamilyPart.CONTACTS})
# The professionals whose organisation has a consent in "shared_x" for one part only.
PART_ROLES = {
    "professional_plan": FamilyPart.PLAN,
    "professional_contacts": FamilyPart.CONTACTS,
    "professional_assessments": FamilyPart.ASSESSMENTS,
    "professional_safety": FamilyPart.SAFETY,
}

# (role, situation) → the parts that role sees; absent means nothing (a 404 everywhere).
EXPECTED_PARTS: dict[tuple[str, str], frozenset[FamilyPart]] = {
    ("coach_a", "coached_a"): ALL_PARTS,
    ("coach_a", "shared_x"): ALL_PARTS,
    ("backup_a", "coached_a"): ALL_PARTS,
    ("other_coach", "other_team"): ALL_PARTS,
    ("other_coach", "consent_ended"): ALL_PARTS,
    ("team_lead_a", "coached_a"): ALL_PARTS,
    ("team_lead_a", "shared_x"): ALL_PARTS,
    ("team_lead_b", "other_team"): ALL_PARTS,
    ("team_lead_b", "consent_ended"): ALL_PARTS,
    ("coordinator", "intake"): ALL_PARTS,
    ("professional_x", "shared_x"): SHARED_WITH_X,
    # Break-the-glass (issue 18): team_lead_b opened "shared_x" an hour ago (open); the
    # coordinator opened "coached_a" 25 hours ago (expired, so nothing).
    ("team_lead_b", "shared_x"): ALL_PARTS,
    **{
        (role, "shared_x"): frozenset({FamilyPart.BASICS, part})
        for role, part in PART_ROLES.items()
    },
}

# Trajectory pages: the coach and back-up (also of a closed trajectory) and the coach's
# teamleider. The inactive user is the back-up of "other_team" and is still refused.
TRAJECTORY_USERS = {
    "coached_a": {"coach_a", "backup_a", "team_lead_a"},
    "other_team": {"other_coach", "team_lead_b"},
    "shared_x": {"coach_a", "team_lead_a"},
    "consent_ended": {"other_coach", "team_lead_b"},
    "closed": {"coach_a", "team_lead_a"},
}
EXTENSION_DECIDERS = {"team_lead_a"}  # the extension asked in "coached_a"
REFERRAL_READERS = {"coordinator", "professional_y"}  # the meldpunt and the referrer
REFERRAL_WORKERS = {"coordinator"}
BREAK_GLASS = {"team_lead_a", "team_lead_b", "coordinator"}  # may ask for noodtoegang
NOTICE_RECIPIENTS = {"coach_a"}  # the notice about "coached_a"

# Family pages that only read, with the part each needs; every other page in the family's
# URL space keeps the file up to date and needs the whole file (can_edit).
READ_PART: dict[str, FamilyPart] = {
    "families:overview": FamilyPart.BASICS,
    "families:timeline": FamilyPart.BASICS,
    "contacts:list": FamilyPart.CONTACTS,
    "contacts:detail": FamilyPart.CONTACTS,
    "contacts:working_note": FamilyPart.CONTACTS,
    "contacts:appointments": FamilyPart.CONTACTS,
    "contacts:promises": FamilyPart.CONTACTS,
    "contacts:crises": FamilyPart.SAFETY,
    "meetings:list": FamilyPart.PLAN,
    "meetings:meeting": FamilyPart.PLAN,
    "assessments:overview": FamilyPart.ASSESSMENTS,
    "assessments:compare": FamilyPart.ASSESSMENTS,
    "assessments:safety": FamilyPart.SAFETY,
    "plans:plan": FamilyPart.PLAN,
    "plans:version": FamilyPart.PLAN,
    "plans:print": FamilyPart.PLAN,
    "plans:print_version": FamilyPart.PLAN,
    "plans:pdf": FamilyPart.PLAN,
    "plans:pdf_version": FamilyPart.PLAN,
    # The list shows the documents of the parts a user sees (any part opens the page); a
    # document opens to whom its part is open. The world's document is under safety, so a
    # professional who may see the plan and contacts is refused it.
    "documents:list": FamilyPart.BASICS,
    "documents:download": FamilyPart.SAFETY,
}
# Pages where a betrokken professional writes their own organisation's part of the plan
# (issue 20): open to whoever sees the plan without the whole file (the professional with
# the plan consent), refused to the whole file (the coach writes the plan itself).
OWN_PLAN_PART = {"plans:step_propose"}
# Read by the organisation that wrote it only: a shared part does not open it (a 404).
WRITERS_ORGANISATION_ONLY = {"contacts:working_note"}
# Pages whose family is named in the URL by the family's own uuid (kwarg `uuid`).
FAMILY_NAMESPACES = (
    "families",
    "contacts",
    "meetings",
    "assessments",
    "plans",
    "portal_staff",
    "documents",
    "rights",
)
FAMILY_NAMES = {"notifications:situation"}
# Namespaces whose objects belong to no family (a signal, a budget line, a survey): each app
# walks its own URLs × every role in the file named here (issue 15). This walk still GETs
# them with the sample uuid (never a 500) but does not ask for one object per family.
WALKED_ELSEWHERE = {
    "signals": "spil/signals/tests/test_signal_walk.py",
    "budgets": "spil/budgets/tests/test_budget_walk.py",
    "surveys": "spil/surveys/tests/test_survey_walk.py",
    "reports": "spil/reports/tests/test_report_walk.py",
    "directory": "spil/directory/tests/test_directory_walk.py",
    # The API for partner systems: bearer tokens by client and scope (issue 17).
    "api": "spil/api/tests/test_api_walk.py",
}
# Never requested: logging out would end the walk's session.
SKIPPED = {"accounts:logout"}

# 405: a page that only takes POST says so before it looks at the family (and the same
# for every uuid), so it tells a GET nothing.
REFUSED = {403, 404, 405}
WRITE_REFUSED = {403, 404, 405}
LOGIN = reverse(settings.LOGIN_URL)
WRITE_SQL = re.compile(r'^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)
UNKNOWN = uuid.UUID("6f1c2b7e-3d4a-4e5f-8a9b-0c1d2e3f4a5b")  # as test_url_walk fills it in


# --- The world ---------------------------------------------------------------------------------


def _user(role: Role, organisation: Organisation, team: Any = None) -> Any:
    user = UserFactory()
    account_services.membership_add(user=user, organisation=organisation, role=role, team=team)
    return user


def _hours(n: int) -> dt.datetime:
    return timezone.now() + dt.timedelta(hours=n)


@dataclass
class FamilyObjects:
    """A family and the uuid of one object of each kind a URL can name."""

    situation: str
    family: Any
    uuids: dict[str, Any] = field(default_factory=dict)  # URL kwarg → value
    referral: Any = None
    trajectory: Any = None
    extension: Any = None
    notice: Any = None


class AuthWorld:
    def __init__(self) -> None:
        ensure_builtin_instruments()
        coaching = OrganisationFactory(name="Gezinscoaching", kind=Organisation.Kind.YOUTH_CARE)
        team_a = TeamFactory(organisation=coaching, name="A")
        team_b = TeamFactory(organisation=coaching, name="B")
        self.meldpunt = OrganisationFactory(name="Meldpunt", kind=Organisation.Kind.MELDPUNT)
        self.org_x = OrganisationFactory(name="GGZ", kind=Organisation.Kind.MENTAL_HEALTH)
        self.school = school = OrganisationFactory(name="School", kind=Organisation.Kind.EDUCATION)
        gemeente = OrganisationFactory(name="Gemeente", kind=Organisation.Kind.MUNICIPALITY)
        u = self.users = {
            "coach_a": _user(Role.COACH, coaching, team_a),
            "backup_a": _user(Role.COACH, coaching, team_a),
            "other_coach": _user(Role.COACH, coaching, team_b),
            "team_lead_a": _user(Role.TEAM_LEAD, coaching, team_a),
            "team_lead_b": _user(Role.TEAM_LEAD, coaching, team_b),
            "coordinator": _user(Role.COORDINATOR, self.meldpunt),
            "professional_x": _user(Role.PROFESSIONAL, self.org_x),
            "professional_y": _user(Role.PROFESSIONAL, school),
            **{
                role: _user(
                    Role.PROFESSIONAL,
                    OrganisationFactory(name=role, kind=Organisation.Kind.MENTAL_HEALTH),
                )
                for role in PART_ROLES
            },
            "policy": _user(Role.POLICY, gemeente),
            "admin": _user(Role.ADMIN, gemeente),
            "no_role": UserFactory(),
            "inactive": _user(Role.COACH, coaching, team_b),
        }
        self.programme = Programme.objects.create(
            name="Gezinscoaching 6+6",
            provider=coaching,
            frame="vrijwillig",
            duration="vast",
            duration_months=6,
            max_months=12,
        )
        self.families: dict[str, FamilyObjects] = {}

        self._coached("coached_a", coach=u["coach_a"], backup=u["backup_a"])
        a = self.families["coached_a"]
        a.extension = trajectory_services.extension_request(
            actor=u["coach_a"],
            trajectory=a.trajectory,
            months=3,
            reason="Meer tijd nodig voor de schulden.",
            requested_on=days_ago(1),
        )
        a.notice = Notification.objects.create(
            recipient=u["coach_a"],
            event=Notification._meta.get_field("event").choices[0][0],  # type: ignore[index]
            family=a.family,
            title="Bericht",
            body="Er is iets veranderd.",
            key="walk",
        )

        self._coached("other_team", coach=u["other_coach"], backup=u["inactive"])
        self._intake()

        self._coached("shared_x", coach=u["coach_a"])
        d = self.families["shared_x"]
        self._share(d, parts=["plan", "contacten"])
        for role, part in PART_ROLES.items():
            organisation = access.acting_organisation(u[role])
            self._share(d, parts=[str(part)], organisation=organisation)
        family_services.emergency_access_open(
            actor=u["team_lead_b"], family=d.family, reason="crisis", explanation="Crisis thuis."
        )
        expired = family_services.emergency_access_open(
            actor=u["coordinator"],
            family=self.families["coached_a"].family,
            reason="coach_afwezig",
            explanation="Coach ziek, vraag van school.",
        )
        EmergencyAccess.objects.filter(pk=expired.pk).update(opened_at=_hours(-25))

        self._coached("consent_ended", coach=u["other_coach"])
        e = self.families["consent_ended"]
        withdrawn = self._share(e, parts=["plan", "contacten", "metingen", "veiligheid"])
        # Withdrawn yesterday, and the other consent expired yesterday: neither opens anything.
        family_services.consent_withdraw(actor=u["other_coach"], consent=withdrawn, on=days_ago(1))
        self._share(e, parts=["plan"], valid_until=days_ago(1))

        self._coached("closed", coach=u["coach_a"])
        f = self.families["closed"]
        trajectory_services.trajectory_close(
            actor=u["coach_a"],
            trajectory=f.trajectory,
            closed_on=days_ago(1),
            reason="doelen_bereikt",
            reached="Rust in huis.",
            aftercare_dates=[timezone.localdate() + dt.timedelta(days=30)],
        )
        f.trajectory.refresh_from_db()
        trajectory_services.aftercare_end(
            actor=u["coach_a"], trajectory=f.trajectory, on=timezone.localdate()
        )
        checkin = f.trajectory.checkins.first()
        assert checkin is not None and f.trajectory.closed_on is not None
        f.uuids["checkin_uuid"] = checkin.uuid

        u["inactive"].is_active = False
        u["inactive"].save(update_fields=["is_active"])

    def _coached(self, situation: str, *, coach: Any, backup: Any = None) -> None:
        family = make_family(coach, name=situation.replace("_", " ").title())
        trajectory = Trajectory.objects.create(
            family=family,
            kind="gezinscoach",
            coach=coach,
            backup_coach=backup,
            started_on=days_ago(60),
            programme=self.programme,
        )
        objects = FamilyObjects(situation, family, trajectory=trajectory)
        self.families[situation] = objects
        self._fill(objects, actor=coach)

    def _intake(self) -> None:
        coordinator, referrer = self.users["coordinator"], self.users["professional_y"]
        referral = register(
            coordinator,
            self.meldpunt,
            referrer=intake_services.ReferrerData(
                user=referrer,
                name="Ans de Wit",
                organisation=self.school,
                organisation_name="School",
                organisation_kind=Organisation.Kind.EDUCATION,
            ),
        )
        to_decision(coordinator, referral)
        referral.refresh_from_db()
        proposal = intake_services.coach_propose(
            actor=coordinator,
            referral=referral,
            coach=self.users["coach_a"],
            category="onbekende_professional",
            proposed_on=days_ago(1),
        )
        referral.refresh_from_db()
        assert referral.status in access.INTAKE_STATUSES
        objects = FamilyObjects("intake", referral.family, referral=referral)
        objects.uuids["proposal_uuid"] = proposal.uuid
        self.families["intake"] = objects
        self._fill(objects, actor=coordinator)

    def _share(
        self, objects: FamilyObjects, parts: list[str], organisation: Any = None, **extra: Any
    ) -> Any:
        family = objects.family
        coach = family.trajectories.running().get().coach
        return family_services.consent_record(
            access=family_access(coach, family),
            kind="delen",
            given_by=family.members.get(first_name="Karin"),
            given_on=days_ago(10),
            organisation=organisation or self.org_x,
            purpose="Afstemming van de hulp",
            parts=parts,
            **extra,
        )

    def _fill(self, objects: FamilyObjects, *, actor: Any) -> None:
        """One of each: the family's own objects, made as its coach (or the meldpunt) would."""
        family, ids = objects.family, objects.uuids
        parent = family.members.get(first_name="Karin")
        child = family.members.get(first_name="Daan")
        ids["member_uuid"] = child.uuid
        ids["instrument"] = Instrument.objects.get(code="leefgebieden").uuid
        ids["relation_uuid"] = family_services.relation_add(
            access=family_access(actor, family),
            from_member=parent,
            to_member=child,
            kind=Relation.Kind.PARENT_OF,
            parentage=Relation.Parentage.BIOLOGICAL,
        ).uuid
        ids["network_contact_uuid"] = family_services.network_contact_save(
            access=family_access(actor, family), name="tante Ria", relation="zus", sector="familie"
        ).uuid
        involvement = family_services.involvement_add(
            access=family_access(actor, family),
            role="ggz",
            organisation=self.org_x,
            worker=self.users["professional_x"],  # involved, but no consent: no access
            since=days_ago(50),
        )
        ids["involvement_uuid"] = involvement.uuid
        ids["consent_uuid"] = family_services.consent_record(
            access=family_access(actor, family),
            kind="hulp",
            given_by=parent,
            given_on=days_ago(40),
            purpose="Instemming met de hulp",
        ).uuid

        plan = plan_services.plan_start(
            access=family_access(actor, family), started_on=days_ago(50)
        )
        domain = Domain.objects.get(instrument__code="leefgebieden", code="financien_schulden")
        goal = plan_services.goal_add(
            actor=actor, plan=plan, title="Wij hebben rust in huis", domain=domain
        )
        ids["goal_uuid"] = goal.uuid
        ids["step_uuid"] = plan_services.step_add(
            actor=actor, goal=goal, what="Een weekrooster maken", owner=parent
        ).uuid
        plan_services.contribution_save(
            actor=actor, goal=goal, involvement=involvement, part="Gesprekken met moeder"
        )
        ids["contribution_uuid"] = goal.contributions.get().uuid
        ids["step_proposal_uuid"] = StepProposal.objects.create(
            plan=plan,
            goal_key=goal.key,
            goal_title=goal.title,
            involvement=involvement,
            what="Gesprekken met moeder over de post",
            proposed_by=self.users["professional_x"],
        ).uuid
        plan_services.plan_agree(
            actor=actor,
            plan=plan,
            agreed_on=days_ago(1),
            agreed_how="in_gesprek",
            agreed_by=[parent],
        )
        ids["number"] = 1

        granted = access.family_access(actor, family)
        assert granted.can_edit, objects.situation
        ids["contact_uuid"] = contact_services.contact_log(
            access=granted,
            occurred_at=_hours(-30),
            summary="Huisbezoek.",
            working_note="Alleen voor de coach.",
        ).uuid
        ids["appointment_uuid"] = contact_services.appointment_plan(
            access=granted, starts_at=_hours(30), purpose="Huisbezoek"
        ).uuid
        ids["promise_uuid"] = contact_services.promise_record(
            access=granted,
            direction="coach_gezin",
            what="Een brief naar de school sturen",
            due_on=timezone.localdate() + dt.timedelta(days=7),
            by_user=actor,
        ).uuid
        crisis = contact_services.crisis_record(
            access=granted, occurred_at=_hours(-5), what_happened="Ruzie thuis."
        )
        ids["crisis_uuid"] = crisis.uuid
        ids["agreement_uuid"] = contact_services.what_if_agree(
            access=granted,
            situation="Als het weer escaleert",
            who_does_what="Moeder belt tante Ria",
            who_tells_whom="Tante Ria belt de coach",
        ).uuid

        ids["meeting_uuid"] = meeting_services.meeting_plan(
            access=family_access(actor, family),
            kind="afstemgesprek",
            starts_at=_hours(48),
            chair=parent,
            members=[parent],
            coaches=[actor] if objects.trajectory else [],
        ).uuid
        concern = assessment_services.concern_record(
            access=family_access(actor, family), noticed_on=days_ago(5), signals="Blauwe plekken."
        )
        ids["concern_uuid"] = concern.uuid
        ids["escalation_uuid"] = assessment_services.escalation_raise(
            access=family_access(actor, family),
            raised_on=days_ago(1),
            target="teamleider",
            reason="stagnatie",
            arguments="Het plan loopt vast.",
        ).uuid
        document_file = uploaded(pdf("Beschikking"))
        ids["document_uuid"] = document_services.document_upload(
            access=family_access(actor, family),
            file=document_file,
            size=document_file.size,
            title="Beschikking ondertoezichtstelling",
            kind="beschikking",
            part=str(FamilyPart.SAFETY),
        ).uuid
        ids["invitation"] = portal_invitations.invitation_create(
            access=family_access(actor, family),
            member=parent,
            email=f"{objects.situation}@gezin.test",
        ).invitation.uuid
        ids["request_uuid"] = rights_services.request_record(
            access=family_access(actor, family),
            member=parent,
            kind="wissing",
            request="Vernietig mijn gegevens.",
        ).uuid


@dataclass(frozen=True)
class Target:
    """One concrete URL with who may read it and who may write through it."""

    name: str
    url: str
    situation: str  # "" for a URL that names no family's object
    readers: frozenset[str] | None  # None: no family's page (only "never a 500")
    writers: frozenset[str]
    part: str = ""
    takes_post: bool = True
    family_space: bool = False  # under /gezinnen/<uuid>/: the family_view decorator's space


def _roles_with(predicate: Any) -> frozenset[str]:
    return frozenset(role for role in ROLES if predicate(role))


def _kwarg_value(name: str, kwarg: str, objects: FamilyObjects) -> Any:
    ids = objects.uuids
    if kwarg == "uuid":
        namespace = name.split(":")[0]
        if namespace in FAMILY_NAMESPACES or name in FAMILY_NAMES:
            return objects.family.uuid
        if namespace == "intake":
            return objects.referral.uuid if objects.referral else None
        if name == "trajectories:decide_extension":
            return objects.extension.uuid if objects.extension else None
        if namespace == "trajectories":
            return objects.trajectory.uuid if objects.trajectory else None
        if namespace == "notifications":
            return objects.notice.uuid if objects.notice else None
        return None
    if kwarg == "contact_uuid" and name.startswith("families:"):
        return ids.get("network_contact_uuid")
    if kwarg == "proposal_uuid" and name.startswith("plans:"):
        return ids.get("step_proposal_uuid")  # a professional's proposed step (issue 20)
    return ids.get(kwarg)


def _family_target(name: str, url: str, objects: FamilyObjects) -> Target:
    situation = objects.situation
    namespace = name.split(":")[0]
    if name == "families:emergency_access":
        # Offered to whoever may break the glass (a family they already open redirects to
        # it); a 404 for everyone else.
        breakers = frozenset(BREAK_GLASS)
        return Target(name, url, situation, breakers, breakers, "noodtoegang")
    if namespace in FAMILY_NAMESPACES or name in FAMILY_NAMES:
        parts = {role: EXPECTED_PARTS.get((role, situation), frozenset()) for role in ROLES}
        editors = _roles_with(lambda role: parts[role] == ALL_PARTS)
        if name in OWN_PLAN_PART:
            own = _roles_with(
                lambda role: FamilyPart.PLAN in parts[role] and parts[role] != ALL_PARTS
            )
            return Target(name, url, situation, own, own, "own plan part", family_space=True)
        part = READ_PART.get(name)
        if part is None:
            return Target(name, url, situation, editors, editors, "edit", family_space=True)
        readers = _roles_with(lambda role: part in parts[role])
        return Target(name, url, situation, readers, editors, str(part), family_space=True)
    if namespace == "intake":
        workers = frozenset(REFERRAL_WORKERS)
        readers = frozenset(REFERRAL_READERS) if name == "intake:detail" else workers
        return Target(name, url, situation, readers, workers, "referral")
    if name == "trajectories:decide_extension":
        deciders = frozenset(EXTENSION_DECIDERS)
        return Target(name, url, situation, deciders, deciders, "extension")
    if namespace == "trajectories":
        users = frozenset(TRAJECTORY_USERS.get(situation, ()))
        return Target(name, url, situation, users, users, "trajectory")
    if namespace == "notifications":
        recipients = frozenset(NOTICE_RECIPIENTS)
        return Target(name, url, situation, recipients, recipients, "notice")
    if namespace == "portal":
        # The family's own portal (issue 14): family accounts only, no staff role reaches
        # it, whatever family's object is in the URL.
        return Target(name, url, situation, frozenset(), frozenset(), "portal")
    raise AssertionError(f"{name}: a family's object in a URL the walk does not know")


def _takes_post(view: Any) -> bool:
    """False only for a view whose `require_http_methods` list leaves POST out (such a view
    answers 405 before it looks at anything); unknown: True, so it is walked."""
    function = view
    while function is not None:
        methods = inspect.getclosurevars(function).nonlocals.get("request_method_list")
        if methods is not None:
            return "POST" in methods
        function = getattr(function, "__wrapped__", None)
    return True


def build_targets(world: AuthWorld) -> list[Target]:
    """Every URL pattern, once with the sample values of test_url_walk, and once per family
    with the uuids of that family's objects wherever the pattern names one."""
    targets: dict[str, Target] = {}
    for name, sample in sorted(set(walk(get_resolver().url_patterns))):
        if name in SKIPPED:
            continue
        kwargs = resolve(sample).kwargs
        object_kwargs = [k for k, v in kwargs.items() if isinstance(v, uuid.UUID) or k == "number"]
        elsewhere = name.split(":")[0] in WALKED_ELSEWHERE
        if not object_kwargs or name.startswith("admin:") or elsewhere:
            targets.setdefault(sample, Target(name, sample, "", None, frozenset()))
            continue
        for objects in world.families.values():
            filled = dict(kwargs)
            for kwarg in object_kwargs:
                value = _kwarg_value(name, kwarg, objects)
                filled[kwarg] = UNKNOWN if value is None else value
            url = reverse(name, kwargs=filled)
            if url == sample:  # nothing of this family in it: as test_url_walk fills it in
                targets.setdefault(url, Target(name, url, "", None, frozenset()))
                continue
            if url not in targets:
                target = _family_target(name, url, objects)
                targets[url] = replace(target, takes_post=_takes_post(resolve(url).func))
    return list(targets.values())


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[AuthWorld]:
    """Built once for the module in an outer transaction that is rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield AuthWorld()
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def quiet_logs() -> Iterator[None]:
    """Thousands of refusals are expected here: no warning per 404, no PDF progress lines."""
    loggers = [logging.getLogger(name) for name in ("django.request", "weasyprint")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    yield
    for logger, level in zip(loggers, levels, strict=True):
        logger.setLevel(level)


@pytest.fixture(scope="module")
def targets(world: AuthWorld) -> list[Target]:
    return build_targets(world)


# --- The walk ----------------------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    location: str
    writes: list[str]  # tables written, other than the audit trail and the session
    audit_actions: list[str]


_AUDIT_TABLE = AuditEvent._meta.db_table
_QUIET_TABLES = {_AUDIT_TABLE, "django_session"}


class WalkClient(Client):
    """The test client without its record of every rendered template's context (a copy of
    the context per template: most of a refused request's time). A view's exception is not
    re-raised: the handler answers 500, and `_request` reads the exception from the signal."""

    def request(self, **request: Any) -> Any:
        response = self.handler(self._base_environ(**request))
        if response.cookies:
            self.cookies.update(response.cookies)
        return response


def _last_audit_pk() -> int:
    """The newest audit event before the walk; every request is rolled back, so it stays
    the newest one, and what a request adds comes after it."""
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _request(client: Client, method: str, url: str, last: int) -> Answer:
    """One request in a savepoint that is rolled back: what it wrote is seen, then undone.
    Writes are read off the SQL as it goes to the database (a wrapper, not the debug
    cursor, which on SQLite costs a query per query)."""
    cookies = client.cookies
    errors: list[str] = []
    tables: set[str] = set()
    audited = False

    def on_exception(sender: Any, request: Any = None, **kwargs: Any) -> None:
        error = sys.exc_info()[1]
        errors.append(f"{type(error).__name__}: {error}")

    def watch(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal audited
        match = WRITE_SQL.match(sql)
        if match:
            if match.group(2) == _AUDIT_TABLE:
                audited = True
            elif match.group(2) not in _QUIET_TABLES:
                tables.add(f"{match.group(1).split()[0].upper()} {match.group(2)}")
        return execute(sql, params, many, context)

    got_request_exception.connect(on_exception, dispatch_uid="authorization-walk")
    try:
        with transaction.atomic():
            with connection.execute_wrapper(watch):
                response = getattr(client, method)(url)
            actions: list[str] = []
            # After a 500 the transaction may be broken (PostgreSQL): ask it nothing more.
            if audited and response.status_code < 500:
                actions = list(
                    AuditEvent.objects.filter(pk__gt=last)
                    .order_by("pk")
                    .values_list("action", flat=True)
                )
            transaction.set_rollback(True)
    finally:
        got_request_exception.disconnect(dispatch_uid="authorization-walk")
    client.cookies = cookies
    location = "; ".join(errors) or response.get("Location", "")
    return Answer(response.status_code, location, sorted(tables), actions)


def _refused(answer: Answer, allowed: set[int]) -> bool:
    if answer.status in allowed:
        return True
    return answer.status == 302 and answer.location.startswith(LOGIN)


def _wrote(answer: Answer) -> str:
    """What a refused request wrote besides the record of its refusal."""
    stray = [a for a in answer.audit_actions if a != FAMILY_REFUSED]
    return ", ".join(answer.writes + [f"audit {a}" for a in stray])


@pytest.fixture(autouse=True)
def cookie_sessions(settings: Any) -> None:
    """Sessions in a signed cookie: two queries less per request, thousands of requests;
    who may see what does not depend on where the session is kept."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"


@pytest.fixture(autouse=True)
def plain_not_found(monkeypatch: Any) -> None:
    """A bare 404 instead of the full error page: the walk reads the status, and thousands
    of 404s rendering the whole layout would be a quarter of its time. The error pages
    themselves are tested in test_error_pages."""
    urls = importlib.import_module(settings.ROOT_URLCONF)
    monkeypatch.setattr(urls, "handler404", lambda request, exception: HttpResponseNotFound())
    # The same for the noodtoegang offer a teamleider gets instead of the plain 404 (also a
    # 404; the page itself is tested in spil/families/tests/test_emergency_access.py).
    monkeypatch.setattr(access, "emergency_offer", lambda request, family: HttpResponseNotFound())


def _client(world: AuthWorld, role: str) -> Client:
    client = WalkClient()
    client.force_login(world.users[role])
    return client


def _label(target: Target) -> str:
    where = f" [{target.situation}, {target.part}]" if target.situation else ""
    return f"{target.name} {target.url}{where}"


def test_the_policy_agrees_with_the_table(world):
    """The ADR's table, as this walk writes it down, is what the policy answers."""
    wrong = []
    for role in ROLES:
        for situation, objects in world.families.items():
            granted = access.family_access(world.users[role], objects.family)
            expected = EXPECTED_PARTS.get((role, situation), frozenset())
            if granted.parts != expected or granted.can_edit != (expected == ALL_PARTS):
                wrong.append(f"{role} in {situation}: {sorted(granted.parts)}")
    assert not wrong, "\n".join(wrong)


def test_the_walk_covers_every_family_url(world, targets):
    named = {t.name for t in targets if t.situation}
    family_patterns = {
        name
        for name, sample in walk(get_resolver().url_patterns)
        if not name.startswith("admin:")
        and name.split(":")[0] not in WALKED_ELSEWHERE
        and any(isinstance(v, uuid.UUID) for v in resolve(sample).kwargs.values())
    }
    # Every pattern that names an object is walked with a real one of some family.
    assert family_patterns <= named, sorted(family_patterns - named)
    assert set(READ_PART) <= named
    assert {t.situation for t in targets if t.situation} == set(SITUATIONS)


def test_every_namespace_walked_elsewhere_has_its_walk():
    """Leaving a namespace out of this walk is only honest when its own walk exists."""
    namespaces = {name.split(":")[0] for name, _sample in walk(get_resolver().url_patterns)}
    missing = [
        path
        for namespace, path in WALKED_ELSEWHERE.items()
        if namespace in namespaces and not (settings.BASE_DIR / path).is_file()
    ]
    assert not missing, missing


def test_the_walk_sees_a_write(world, targets):
    """The write detector itself: the recipient marking their notice read is a write."""
    notice = world.families["coached_a"].notice
    url = reverse("notifications:mark_read", kwargs={"uuid": notice.uuid})
    answer = _request(_client(world, "coach_a"), "post", url, _last_audit_pk())
    assert answer.status == 302, answer
    assert answer.writes == [f"UPDATE {Notification._meta.db_table}"], answer
    notice.refresh_from_db()
    assert notice.read_at is None  # and the savepoint undid it


@pytest.mark.parametrize("role", ROLES)
def test_get_every_url(world, targets, role):
    """GET every URL as `role`: never a 500; refused wherever the table refuses, writing
    nothing but the refusal; and the pages the table opens do open."""
    client = _client(world, role)
    last = _last_audit_pk()
    failures: list[str] = []
    opened = 0
    for target in _walked(targets, role):
        answer = _request(client, "get", target.url, last)
        label = _label(target)
        if answer.status >= 500:
            failures.append(f"{answer.status} on GET {label}: {answer.location}")
            continue
        if target.readers is None:
            continue
        if role not in target.readers:
            if not _refused(answer, REFUSED):
                failures.append(f"LEAK: GET {label} answered {answer.status}")
            elif _wrote(answer):
                failures.append(f"refused GET {label} wrote {_wrote(answer)}")
        elif answer.status == 200:
            opened += 1
        elif (
            target.name in READ_PART
            and answer.status != 200
            and (role in target.writers or target.name not in WRITERS_ORGANISATION_ONLY)
        ):
            failures.append(f"GET {label} answered {answer.status} to a reader")
    assert not failures, f"{role}: {len(failures)} problems\n" + "\n".join(failures)
    if any(role in (t.readers or ()) for t in targets):
        assert opened, f"{role} opened none of the pages the table opens to them"


def _walked(targets: list[Target], role: str) -> list[Target]:
    """What `role` requests. A professional with a consent for one part walks the family
    that consent is in ("shared_x"): everywhere else they are a professional without any
    consent, which professional_y already walks URL by URL."""
    if role in PART_ROLES:
        return [t for t in targets if t.situation == "shared_x"]
    return targets


def _post_targets(targets: list[Target], role: str) -> list[Target]:
    """The URLs `role` may not write through, each taking POST: every one of a family the
    role opens without the right to edit it (a shared part is read-only), of a trajectory,
    a referral or a notice; of the families it cannot open at all, every pattern once, the
    family taking turns between patterns (and roles) so that each kind of family is hit.
    Each of those is already refused on GET for every family; the POST proves the write
    path is refused too without going through the same decorator six times over."""
    closed = [s for s in SITUATIONS if not EXPECTED_PARTS.get((role, s))]
    patterns = sorted({t.name for t in targets if t.family_space})
    turn = {name: (i + ROLES.index(role)) % len(closed) for i, name in enumerate(patterns)}
    chosen = []
    for target in _walked(targets, role):
        if target.readers is None or role in target.writers or not target.takes_post:
            continue
        if (
            target.family_space
            and target.situation in closed
            and closed[turn[target.name]] != target.situation
        ):
            continue
        chosen.append(target)
    return chosen


@pytest.mark.parametrize("role", ROLES)
def test_post_to_every_url_the_role_may_not_change(world, targets, role):
    """POST (empty) to the URLs `role` may not write through (see `_post_targets`):
    refused, and nothing written but the record of the refusal."""
    client = _client(world, role)
    client.handler.enforce_csrf_checks = False
    last = _last_audit_pk()
    failures: list[str] = []
    chosen = _post_targets(targets, role)
    for target in chosen:
        answer = _request(client, "post", target.url, last)
        label = _label(target)
        if answer.status >= 500:
            failures.append(f"{answer.status} on POST {label}: {answer.location}")
        elif not _refused(answer, WRITE_REFUSED):
            failures.append(f"LEAK: POST {label} answered {answer.status}")
        if _wrote(answer):
            failures.append(f"WRITE: POST {label} wrote {_wrote(answer)}")
    # Every write pattern is tried, and every kind of family is among those tried.
    assert {t.name for t in chosen} >= {
        t.name
        for t in _walked(targets, role)
        if t.family_space and t.takes_post and role not in t.writers
    }
    not_editable = {s for s in SITUATIONS if EXPECTED_PARTS.get((role, s)) != ALL_PARTS}
    if role in PART_ROLES:
        not_editable = {"shared_x"}
    # (The professional's own-part pages are refused to the whole file too: left out here.)
    tried = {t.situation for t in chosen if t.family_space and t.name not in OWN_PLAN_PART}
    assert tried == not_editable
    assert not failures, f"{role}: {len(failures)} problems\n" + "\n".join(failures)
