from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from spil.core import access, audit_labels, audit_reads, paging
from spil.core.access import FamilyAccess, FamilyPart
from spil.core.models import AuditEvent
from spil.core.roles import Role

from . import drawing
from .models import (
    Consent,
    EmergencyAccess,
    Family,
    Involvement,
    InvolvementRole,
    NetworkContact,
    Relation,
)


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


def valid_consent(*, family: Family, kind: str, on: date) -> Consent | None:
    """The most recent consent of `kind` that holds on `on`, or None."""
    return (
        Consent.objects.valid_on(on).filter(family=family, kind=kind).order_by("-given_on").first()
    )


# --- The family file ------------------------------------------------------------------


def families_for_user(*, user: Any) -> QuerySet[Family]:
    """The families this user may open, with their number of members, by name. The
    workspace adds what other apps tell about them (the running trajectory's coach)."""
    return (
        access.visible_families(user)
        .annotate(member_count=Count("members", distinct=True))
        .order_by("name")
    )


@dataclass
class FamilyFile:
    """The family's own file (members, story, network, team, consent), loaded in a fixed
    number of queries, within what the access object opens."""

    access: FamilyAccess
    members: list[Any]
    relations: list[Relation]
    network: list[NetworkContact]
    team: list[Involvement]
    team_history: list[Involvement]
    consents: list[Consent]

    @property
    def family(self) -> Family:
        return self.access.family

    @property
    def parts(self) -> frozenset[FamilyPart]:
        return self.access.parts

    @property
    def can_edit(self) -> bool:
        return self.access.can_edit

    @property
    def shows_story(self) -> bool:
        return self.access.sees(FamilyPart.FAMILY_STORY)

    @property
    def coordinator(self) -> Involvement | None:
        return next((i for i in self.team if i.is_coordinator), None)

    @property
    def team_too_large(self) -> bool:
        return len(self.team) > settings.SPIL_TEAM_WARNING_THRESHOLD


def family_file(*, access: FamilyAccess) -> FamilyFile:
    family = access.family
    story = access.sees(FamilyPart.FAMILY_STORY)
    involvements = list(
        family.involvements.select_related("organisation", "worker", "succeeded").order_by(
            "-is_coordinator", "role", "since"
        )
    )
    return FamilyFile(
        access=access,
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
    )


def family_drawings(*, file: FamilyFile) -> dict[str, Any]:
    """The genogram and ecogram of the file, when the family story is open."""
    if not file.shows_story:
        return {}
    return {
        "genogram": drawing.genogram(members=file.members, relations=file.relations),
        "ecogram": drawing.ecogram(family_name=file.family.name, contacts=file.network),
    }


@dataclass(frozen=True)
class Look:
    event: AuditEvent
    label: str
    emergency: bool = False  # done under noodtoegang (issue 18)


def who_looked(
    *, family: Family, cursor: str | None = None, size: int = paging.PAGE_SIZE
) -> paging.Page[Look]:
    """Every read and write of this family's file, newest first (from the audit trail), one
    page at a time after the event `cursor` (a uuid). What someone did while a noodtoegang
    of theirs was open is marked as such (issue 18)."""
    page = audit_reads.family_events_page(
        audit_reads.family_events(family.uuid), cursor=cursor, size=size
    )
    hours = timedelta(hours=access.emergency_hours())
    windows = [
        (user_id, opened, opened + hours)
        for user_id, opened in family.emergency_accesses.values_list("user_id", "opened_at")
    ]

    def under_emergency(event: AuditEvent) -> bool:
        return any(
            event.actor_id == user_id and start <= event.occurred_at < end
            for user_id, start, end in windows
        )

    looks = [
        Look(event=e, label=audit_labels.label(e.action), emergency=under_emergency(e))
        for e in page.items
    ]
    return paging.Page(
        items=looks,
        next_cursor=page.next_cursor,
        is_later_page=page.is_later_page,
        refused=page.refused,
    )


@dataclass(frozen=True)
class EmergencyRow:
    opening: EmergencyAccess
    roles: str
    until: datetime
    actions: int  # what the opener did in the family while it was open


def emergency_accesses_for_review(*, user: Any, weeks: int = 1) -> list[EmergencyRow]:
    """Every noodtoegang of the last `weeks` weeks, for the beheerder's weekly review
    (issue 18). The beheerder manages the whole region's organisations and teams (ADR 0007),
    so they see every opening; the caller checks the capability. No family names."""
    since = timezone.now() - timedelta(weeks=weeks)
    openings = list(
        EmergencyAccess.objects.filter(opened_at__gte=since)
        .select_related("user", "organisation", "family")
        .prefetch_related("user__memberships")
        .order_by("-opened_at", "-id")
    )
    hours = timedelta(hours=access.emergency_hours())
    counts: dict[int, int] = {}
    if openings:
        q = Q(pk__in=[])
        for o in openings:
            q |= Q(
                actor_id=o.user_id,
                family_uuid=o.family.uuid,
                occurred_at__gte=o.opened_at,
                occurred_at__lt=o.opened_at + hours,
            )
        for o in openings:
            counts[o.pk] = 0
        events = AuditEvent.objects.filter(q).values_list("actor_id", "family_uuid", "occurred_at")
        for actor_id, family_uuid, at in events:
            for o in openings:
                if (
                    o.user_id == actor_id
                    and o.family.uuid == family_uuid
                    and o.opened_at <= at < o.opened_at + hours
                ):
                    counts[o.pk] += 1
    rows = []
    for o in openings:
        roles = sorted(
            {
                str(Role(m.role).label)
                for m in o.user.memberships.all()
                if m.organisation_id == o.organisation_id
                and m.role in (Role.TEAM_LEAD, Role.COORDINATOR)
            }
        )
        rows.append(EmergencyRow(o, ", ".join(roles), o.opened_at + hours, counts.get(o.pk, 0)))
    return rows
