from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from spil.core import access, audit, audit_labels
from spil.core.models import AuditEvent
from spil.trajectories.models import Trajectory

from .models import Consent, Family, Involvement, InvolvementRole, NetworkContact, Relation


@dataclass
class DuplicateCandidate:
    family: Family
    reasons: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PersonKey:
    surname: str
    birth_date: date | None
    bsn: str = ""


def duplicate_candidates(
    *, people: list[PersonKey], postcode: str, house_number: str
) -> list[DuplicateCandidate]:
    """Families that look like the one described: same BSN of a member, same surname and
    birth date, or same postcode and house number. Reasons are shown to the coordinator."""
    found: dict[int, DuplicateCandidate] = {}

    def add(families: QuerySet[Family], reason: str) -> None:
        for family in families:
            candidate = found.setdefault(family.id, DuplicateCandidate(family=family))
            if reason not in candidate.reasons:
                candidate.reasons.append(reason)

    bsns = [p.bsn for p in people if p.bsn]
    if bsns:
        add(Family.objects.filter(members__bsn__in=bsns).distinct(), _("zelfde BSN"))
    name_dates = Q()
    for person in people:
        if person.surname and person.birth_date:
            name_dates |= Q(
                members__surname__iexact=person.surname, members__birth_date=person.birth_date
            )
    if name_dates:
        add(
            Family.objects.filter(name_dates).distinct(),
            _("zelfde achternaam en geboortedatum"),
        )
    if postcode and house_number:
        add(
            Family.objects.filter(postcode=postcode, house_number__iexact=house_number),
            _("zelfde postcode en huisnummer"),
        )
    return sorted(found.values(), key=lambda c: (-len(c.reasons), c.family.name))


def gezinsvoogd_user_ids(*, family: Family, on: date) -> set[Any]:
    """Spil users who are this family's gezinsvoogd (guardian with legal power) on a date."""
    return set(
        Involvement.objects.filter(
            family=family, role=InvolvementRole.GEZINSVOOGD, worker__isnull=False
        )
        .filter(Q(until__isnull=True) | Q(until__gte=on))
        .values_list("worker_id", flat=True)
    )


def valid_consent(*, family: Family, kind: str, on: date) -> Any:
    """The most recent consent of `kind` that holds on `on`, or None."""
    for consent in family.consents.filter(kind=kind).order_by("-given_on"):
        if consent.is_valid_on(on):
            return consent
    return None


# --- The family file ------------------------------------------------------------------


def families_for_user(*, user: Any) -> QuerySet[Family]:
    """The families this user may open, with their active trajectory's coach."""
    active = Trajectory.objects.filter(closed_on__isnull=True).select_related(
        "coach", "backup_coach"
    )
    return (
        access.visible_families(user)
        .prefetch_related(Prefetch("trajectories", queryset=active, to_attr="active_trajectories"))
        .annotate(member_count=Count("members", distinct=True))
        .order_by("name")
    )


@dataclass
class FamilyFile:
    """Everything the overview shows, loaded in a fixed number of queries."""

    family: Family
    parts: frozenset[access.FamilyPart]
    members: list[Any]
    relations: list[Relation]
    network: list[NetworkContact]
    team: list[Involvement]
    team_history: list[Involvement]
    consents: list[Consent]
    trajectory: Trajectory | None

    @property
    def can_edit(self) -> bool:
        return access.can_edit_family(self.parts)

    @property
    def shows_story(self) -> bool:
        return access.FamilyPart.FAMILY_STORY in self.parts

    @property
    def coordinator(self) -> Involvement | None:
        return next((i for i in self.team if i.is_coordinator), None)

    @property
    def team_too_large(self) -> bool:
        return len(self.team) > settings.SPIL_TEAM_WARNING_THRESHOLD

    @cached_property
    def assessments(self) -> Any:
        """Life domains and safety on the overview (the safety flag), or None when the
        user sees neither part. Imported here: assessments builds on the family file."""
        from spil.assessments.selectors import family_summary

        return family_summary(family=self.family, parts=self.parts, today=timezone.localdate())

    @cached_property
    def plan(self) -> Any:
        """The plan section of the overview, or None without the part "plan". Imported
        here: the plan builds on the family file."""
        from spil.plans.selectors import plan_summary

        return plan_summary(family=self.family, parts=self.parts, today=timezone.localdate())


def family_for_user(*, user: Any, uuid: UUID) -> tuple[Family, frozenset[access.FamilyPart]]:
    """The family and the parts this user may see; 404 when none."""
    family = Family.objects.filter(uuid=uuid).first()
    if family is None:
        audit.record_refusal(actor=user, family_uuid=uuid, reason="unknown")
        raise Http404
    parts = access.family_parts(user, family)
    if not parts:
        audit.record_refusal(actor=user, family_uuid=uuid, reason="no_access")
        raise Http404
    return family, parts


def family_file(*, user: Any, uuid: UUID) -> FamilyFile:
    family, parts = family_for_user(user=user, uuid=uuid)
    story = access.FamilyPart.FAMILY_STORY in parts
    involvements = list(
        family.involvements.select_related("organisation", "worker", "succeeded").order_by(
            "-is_coordinator", "role", "since"
        )
    )
    return FamilyFile(
        family=family,
        parts=parts,
        members=list(family.members.all()),
        relations=list(family.relations.select_related("from_member", "to_member"))
        if story
        else [],
        network=list(family.network.all()) if story else [],
        team=[i for i in involvements if i.until is None],
        team_history=[i for i in involvements if i.until is not None],
        consents=list(family.consents.select_related("given_by", "organisation", "concerns_member"))
        if story
        else [],
        trajectory=family.trajectories.filter(closed_on__isnull=True)
        .select_related("coach", "backup_coach", "programme")
        .first(),
    )


@dataclass(frozen=True)
class Look:
    event: AuditEvent
    label: str


def who_looked(*, family: Family, limit: int = 500) -> list[Look]:
    """Every read and write of this family's file, newest first (from the audit trail)."""
    events = (
        AuditEvent.objects.filter(family_uuid=family.uuid)
        .select_related("actor", "organisation")
        .order_by("-occurred_at", "-id")[:limit]
    )
    return [Look(event=e, label=audit_labels.label(e.action)) for e in events]
