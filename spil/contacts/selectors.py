"""Every read of daily work starts from what the user may see (`core.access`).

Contacts, appointments and promises are the part "contacten" of the family's file; the
crisis log, the wat-als-afspraken and the contacts flagged as a crisis the part
"veiligheid". The family-scoped selectors take the request's `FamilyAccess` (the policy's
one answer; they never ask it again), return [] when the access lacks the part, and load
what their templates need in a fixed number of queries. Working notes never leave the
author's organisation: they are blanked on every contact read here for anyone else.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from spil.accounts.models import User
from spil.core import access as policy
from spil.core import paging
from spil.core.access import Audience, Capability, FamilyAccess, FamilyPart
from spil.core.sql import day_bounds, within_days
from spil.families.models import Family, Involvement, Member

from . import figures
from .models import (
    Appointment,
    Contact,
    Crisis,
    Promise,
    WhatIfAgreement,
    remember_with_whom,
    with_whom_text,
)

# --- Contacts -------------------------------------------------------------------------
# A contact flagged as a crisis belongs to the safety part as much as to the contacts: it
# is shown only to those who may see both (issue 22 #6). Someone whose consent covers the
# contacts but not the safety part does not see that a crisis happened, nor when.


def _own_organisations(user: Any) -> set[int]:
    return set(policy.organisations_of(user))


def _hide_foreign_notes(user: Any, contacts: list[Contact]) -> None:
    own = _own_organisations(user)
    for contact in contacts:
        if contact.author_organisation_id not in own and contact.author_id != user.pk:
            contact.working_note = ""


def visible_contacts(access: FamilyAccess) -> QuerySet[Contact]:
    """The family's contacts the access opens, unordered and unloaded: none without the
    part "contacten"; the crisis contacts only with the part "veiligheid" too."""
    if not access.sees(FamilyPart.CONTACTS):
        return Contact.objects.none()
    contacts = Contact.objects.filter(family=access.family)
    if not access.sees(FamilyPart.SAFETY):
        contacts = contacts.filter(is_crisis=False)
    return contacts


def _listed(contacts: QuerySet[Contact]) -> QuerySet[Contact]:
    # A list's "met wie" comes from `_with_whom_read`, not from prefetched objects.
    return contacts.select_related("author", "author_organisation", "appointment", "crisis")


def _loaded(contacts: QuerySet[Contact]) -> QuerySet[Contact]:
    return _listed(contacts).prefetch_related("members", _involvements("involvements"))


@dataclass(frozen=True)
class ContactFilter:
    """What the contacts list is narrowed to; every part optional, all applied in the query."""

    kind: str = ""
    member: Member | None = None
    date_from: date | None = None
    date_to: date | None = None  # up to and including this day (Europe/Amsterdam)


def _filtered(contacts: QuerySet[Contact], where: ContactFilter) -> QuerySet[Contact]:
    if where.kind:
        contacts = contacts.filter(kind=where.kind)
    if where.member is not None:
        # A subquery, not a join: the page's order stays an index scan and no row doubles.
        contacts = contacts.filter(
            pk__in=Contact.members.through.objects.filter(member=where.member).values("contact_id")
        )
    if where.date_from is not None:
        contacts = contacts.filter(occurred_at__gte=day_bounds(where.date_from, where.date_from)[0])
    if where.date_to is not None:
        contacts = contacts.filter(occurred_at__lt=day_bounds(where.date_to, where.date_to)[1])
    return contacts


def contacts_for_family(
    *,
    access: FamilyAccess,
    cursor: str | None = None,
    where: ContactFilter | None = None,
    size: int = paging.PAGE_SIZE,
) -> paging.Page[Contact]:
    """One page of the family's contacts the access may read, newest first, after the
    contact `cursor` (a uuid), narrowed by `where` — in the database, so a family with
    years of contacts costs one page. Working notes of other organisations are blanked
    (they never leave the author's organisation)."""
    rows = _filtered(visible_contacts(access), where or ContactFilter())
    page = paging.keyset_page(_listed(rows), moment="occurred_at", cursor=cursor, size=size)
    _hide_foreign_notes(access.user, page.items)
    _with_whom_read(Contact, page.items)
    return page


def contact_count(*, access: FamilyAccess, where: ContactFilter | None = None) -> int:
    """How many contacts the list holds, over all its pages (one COUNT)."""
    return _filtered(visible_contacts(access), where or ContactFilter()).count()


def contact_in_family(*, access: FamilyAccess, uuid: UUID) -> Contact:
    """One contact of the family, for those with the part "contacten" (and "veiligheid"
    for a crisis contact); 404 otherwise. A working note of another organisation is
    blanked."""
    access.require(FamilyPart.CONTACTS)
    contact = _loaded(visible_contacts(access).filter(uuid=uuid)).first()
    if contact is None:
        raise Http404
    _hide_foreign_notes(access.user, [contact])
    return contact


def working_note_of(*, access: FamilyAccess, contact: Contact) -> str:
    """The working note, only for its author and the author's organisation: anyone else
    asking for it gets a 404, as if there were none."""
    if contact.family_id != access.family.pk:
        raise Http404
    user = access.user
    own = _own_organisations(user)
    if contact.author_organisation_id not in own and contact.author_id != user.pk:
        raise Http404
    return contact.working_note


def last_contacts(*, family_ids: list[int]) -> dict[int, datetime]:
    """The latest contact per family, in one query: one step down the contacts'
    (family, moment) index per family (grouping the contacts read every one of them, which
    grew with a family's history: 6 ms for a team at 100x the demo against <1 ms)."""
    latest = Contact.objects.filter(family=OuterRef("pk")).order_by("-occurred_at")
    rows = (
        Family.objects.filter(pk__in=family_ids)
        .annotate(last=Subquery(latest.values("occurred_at")[:1]))
        .filter(last__isnull=False)
        .values_list("pk", "last")
        .order_by()
    )
    return dict(rows)


def _involvements(name: str) -> Prefetch:
    return Prefetch(name, queryset=Involvement.objects.select_related("worker"))


def _with_whom_read(model: type[Contact] | type[Appointment], rows: Sequence[Any]) -> None:
    """Gives each row of a list its "met wie" (`with_whom`) from two queries of plain
    values — the members' first names and the helpers — in the order a prefetch gives
    them. Prefetching both as objects made some 100 related managers and 150 objects on a
    page of 50 rows for one line of text each: a third of the ORM's time on the page
    (`make bench`)."""
    if not rows:
        return
    owner = f"{model._meta.model_name}_id"
    ids = [row.pk for row in rows]
    first_names: dict[int, list[str]] = defaultdict(list)
    members = model.members.through.objects.filter(**{f"{owner}__in": ids})
    for row_id, first_name in members.order_by(
        "member__birth_date", "member__first_name", "member_id"
    ).values_list(owner, "member__first_name"):
        first_names[row_id].append(first_name)
    helpers: dict[int, list[str]] = defaultdict(list)
    involvements = model.involvements.through.objects.filter(**{f"{owner}__in": ids})
    for row_id, role, worker_id, full_name, worker_name, organisation_name in involvements.order_by(
        "-involvement__is_coordinator", "involvement__role", "involvement_id"
    ).values_list(
        owner,
        "involvement__role",
        "involvement__worker_id",
        "involvement__worker__full_name",
        "involvement__worker_name",
        "involvement__organisation_name",
    ):
        who = full_name if worker_id is not None else worker_name
        helpers[row_id].append(Involvement.label(role, who, organisation_name))
    for row in rows:
        remember_with_whom(row, with_whom_text(first_names[row.pk], helpers[row.pk]))


# --- Appointments ---------------------------------------------------------------------


def workers_for_family(*, access: FamilyAccess) -> list[User]:
    """Who may hold an appointment or make a promise as the coach: the user and the
    coach and back-up coach of the family's running trajectory."""
    ids = {access.user.pk}
    for pair in access.family.trajectories.running().values_list("coach_id", "backup_coach_id"):
        ids |= {i for i in pair if i is not None}
    return list(User.objects.workers().filter(pk__in=ids).order_by("full_name", "id"))


def _appointment_rows() -> QuerySet[Appointment]:
    # A list's "met wie" comes from `_with_whom_read`, not from prefetched objects.
    return Appointment.objects.select_related("worker", "contact", "answered_by_member")


def _appointments() -> QuerySet[Appointment]:
    return (
        _appointment_rows()
        .select_related("family")
        .prefetch_related("members", _involvements("involvements"))
    )


def visible_appointments(access: FamilyAccess) -> QuerySet[Appointment]:
    """The family's appointments the access opens, loaded, unordered: none without the
    part "contacten"."""
    if not access.sees(FamilyPart.CONTACTS):
        return Appointment.objects.none()
    return _appointments().filter(family=access.family)


def appointments_for_family(*, access: FamilyAccess) -> list[Appointment]:
    """The family's appointments, oldest first, for those with the part "contacten"."""
    return list(visible_appointments(access).order_by("starts_at", "id"))


def appointment_in_family(*, access: FamilyAccess, uuid: UUID) -> Appointment:
    """One appointment of this family, for those with the part "contacten"; 404 if not."""
    access.require(FamilyPart.CONTACTS)
    appointment = _appointments().filter(family=access.family, uuid=uuid).first()
    if appointment is None:
        raise Http404
    return appointment


@dataclass(frozen=True)
class FamilyAppointments:
    upcoming: paging.Page[Appointment]  # soonest first, one page
    past: paging.Page[Appointment]  # latest first, one page
    figures: figures.AppointmentFigures


def appointment_figures_for_family(
    *, access: FamilyAccess, now: datetime | None = None
) -> figures.AppointmentFigures:
    """The kept-appointment figures of all the family's appointments (see `figures` for the
    definition), counted in the database: one grouped query, however many there are."""
    now = now or timezone.now()
    if not access.sees(FamilyPart.CONTACTS):
        return figures.AppointmentFigures()
    rows = (
        Appointment.objects.filter(family=access.family)
        .order_by()
        .values("status")
        .annotate(
            begun=Count("id", filter=Q(starts_at__lte=now)),
            upcoming=Count("id", filter=Q(starts_at__gt=now)),
        )
    )
    begun = {row["status"]: row["begun"] for row in rows}
    upcoming = sum(row["upcoming"] for row in rows)
    A = Appointment.Status
    return figures.AppointmentFigures(
        kept=begun.get(A.KEPT, 0),
        cancelled_by_family=begun.get(A.CANCELLED_BY_FAMILY, 0),
        cancelled_by_worker=begun.get(A.CANCELLED_BY_WORKER, 0),
        no_show=begun.get(A.NO_SHOW, 0),
        to_update=begun.get(A.PLANNED, 0),
        upcoming=upcoming,
    )


def family_appointments(
    *,
    access: FamilyAccess,
    now: datetime | None = None,
    upcoming_after: str | None = None,
    past_after: str | None = None,
    size: int = paging.PAGE_SIZE,
) -> FamilyAppointments:
    """The family's appointments split at `now`, each side one page read in the database
    (the upcoming soonest first after `upcoming_after`, the past latest first after
    `past_after`; both cursors are uuids), with the kept-appointment figures of all of them."""
    now = now or timezone.now()
    family = access.family
    if access.sees(FamilyPart.CONTACTS):
        rows = _appointment_rows().filter(family=family)
    else:
        rows = Appointment.objects.none()
    upcoming = paging.keyset_page(
        rows.filter(starts_at__gte=now),
        moment="starts_at",
        cursor=upcoming_after,
        descending=False,
        size=size,
    )
    past = paging.keyset_page(
        rows.filter(starts_at__lt=now), moment="starts_at", cursor=past_after, size=size
    )
    both = [*upcoming.items, *past.items]
    for appointment in both:  # every row is of this family: no need to read it 100 times
        appointment.family = family
    _with_whom_read(Appointment, both)
    return FamilyAppointments(
        upcoming=upcoming,
        past=past,
        figures=appointment_figures_for_family(access=access, now=now),
    )


@dataclass(frozen=True)
class Agenda:
    upcoming: list[Appointment]  # soonest first
    to_update: list[Appointment]  # begun, still "gepland": latest first
    recent: list[Appointment]  # with an outcome, the last RECENT_DAYS: latest first

    @property
    def families(self) -> list[Family]:
        seen: dict[int, Family] = {}
        for appointment in [*self.upcoming, *self.to_update, *self.recent]:
            seen.setdefault(appointment.family_id, appointment.family)
        return list(seen.values())


RECENT_DAYS = 14


def agenda_for_user(*, user: Any, now: datetime | None = None) -> Agenda:
    """The user's own appointments across the families they may open: upcoming first,
    then the ones whose outcome is still to be recorded, then the last two weeks'. One
    query plus two prefetches, however many families and appointments."""
    now = now or timezone.now()
    if not policy.can(user, Capability.COACH_FAMILIES):
        return Agenda([], [], [])
    appointments = list(
        _appointment_rows()
        .select_related("family")
        .filter(worker=user, family__in=policy.visible_families(user).values("pk"))
        .filter(
            Q(starts_at__gte=now - timedelta(days=RECENT_DAYS))
            | Q(status=Appointment.Status.PLANNED)
        )
        .order_by("starts_at", "id")
    )
    _with_whom_read(Appointment, appointments)
    past = [a for a in reversed(appointments) if a.starts_at < now]
    return Agenda(
        upcoming=[a for a in appointments if a.starts_at >= now],
        to_update=[a for a in past if a.status == Appointment.Status.PLANNED],
        recent=[a for a in past if a.status != Appointment.Status.PLANNED],
    )


# --- Promises -------------------------------------------------------------------------


def _promises() -> QuerySet[Promise]:
    # The members in their own small query: with them in the join (eight tables) PostgreSQL
    # spent ~20 ms planning each page of promises, more than reading it (`make bench`).
    return Promise.objects.select_related(
        "by_user", "by_involvement__worker", "organisation", "follows"
    ).prefetch_related("by_member", "to_member")


def promises_for_family(*, access: FamilyAccess) -> list[Promise]:
    """The family's promises by due date, for those with the part "contacten"."""
    if not access.sees(FamilyPart.CONTACTS):
        return []
    return list(_promises().filter(family=access.family).order_by("due_on", "id"))


def promise_in_family(*, access: FamilyAccess, uuid: UUID) -> Promise:
    """One promise of this family, for those with the part "contacten"; 404 if not."""
    access.require(FamilyPart.CONTACTS)
    promise = _promises().filter(family=access.family, uuid=uuid).first()
    if promise is None:
        raise Http404
    return promise


@dataclass(frozen=True)
class FamilyPromises:
    open: list[Promise]  # by due date; overdue ones first by nature
    closed: paging.Page[Promise]  # latest closed first, one page
    overdue: int


def family_promises(
    *, access: FamilyAccess, closed_after: str | None = None, size: int = paging.PAGE_SIZE
) -> FamilyPromises:
    """The open promises (the live work, all of them) and one page of the closed ones,
    latest closed first, after the promise `closed_after` (a uuid) — read in the database,
    so years of kept promises cost one page."""
    if access.sees(FamilyPart.CONTACTS):
        rows = _promises().filter(family=access.family)
    else:
        rows = Promise.objects.none()
    open_ = list(rows.filter(status=Promise.Status.OPEN).order_by("due_on", "id"))
    closed = paging.keyset_page(
        rows.exclude(status=Promise.Status.OPEN),  # closed: status_on is set (a constraint)
        moment="status_on",
        cursor=closed_after,
        size=size,
    )
    return FamilyPromises(open=open_, closed=closed, overdue=sum(p.is_overdue for p in open_))


# --- Crisis log -----------------------------------------------------------------------


def crises_for_family(*, access: FamilyAccess) -> list[Crisis]:
    """The crisis log, newest first, for those with the part "veiligheid". An entry that
    began as a contact carries it (`crisis.contact`); its summary only for those who may
    also read the contacts, its working note never."""
    if not access.sees(FamilyPart.SAFETY):
        return []
    crises = list(
        Crisis.objects.filter(family=access.family)
        .select_related("contact", "recorded_by", "organisation")
        .prefetch_related("agreements")
        .order_by("-occurred_at", "-id")
    )
    for crisis in crises:
        if crisis.contact is not None:
            crisis.contact.working_note = ""
            if not access.sees(FamilyPart.CONTACTS):
                crisis.contact.summary = ""
    return crises


def crisis_in_family(*, access: FamilyAccess, uuid: UUID) -> Crisis:
    """One entry of the crisis log, for those with the part "veiligheid"; 404 if not."""
    access.require(FamilyPart.SAFETY)
    crisis = (
        Crisis.objects.filter(family=access.family, uuid=uuid).select_related("contact").first()
    )
    if crisis is None:
        raise Http404
    if crisis.contact is not None:
        crisis.contact.working_note = ""  # the crisis log never shows working notes
        if not access.sees(FamilyPart.CONTACTS):
            crisis.contact.summary = ""
    return crisis


def what_if_agreements_for_family(*, access: FamilyAccess) -> list[WhatIfAgreement]:
    """The wat-als-afspraken, those that hold first, for the part "veiligheid"."""
    if not access.sees(FamilyPart.SAFETY):
        return []
    agreements = list(
        WhatIfAgreement.objects.filter(family=access.family).select_related("crisis", "created_by")
    )
    return sorted(agreements, key=lambda a: (a.ended_on is not None, -a.agreed_on.toordinal()))


def what_if_in_family(*, access: FamilyAccess, uuid: UUID) -> WhatIfAgreement:
    """One wat-als-afspraak, for those with the part "veiligheid"; 404 if not."""
    access.require(FamilyPart.SAFETY)
    agreement = WhatIfAgreement.objects.filter(family=access.family, uuid=uuid).first()
    if agreement is None:
        raise Http404
    return agreement


@dataclass(frozen=True)
class MonthCount:
    month: date  # the first day of the month
    count: int


def crises_per_month(crises: list[Crisis], *, today: date | None = None) -> list[MonthCount]:
    """Crises per month (Europe/Amsterdam), from the month of the first one to this
    month, months without a crisis included as 0; [] without crises."""
    if not crises:
        return []
    today = today or timezone.localdate()
    months = [timezone.localtime(c.occurred_at).date().replace(day=1) for c in crises]
    month, last = min(months), max(max(months), today.replace(day=1))
    rows = []
    while month <= last:
        rows.append(MonthCount(month=month, count=months.count(month)))
        month = (month + timedelta(days=32)).replace(day=1)
    return rows


# --- Figures per coach and per organisation -------------------------------------------


def coaches_for_figures(user: Any) -> list[int]:
    """Whose figures the user may see: their own as a coach, and those of the coaches of
    the teams they lead."""
    ids: set[int] = set()
    if policy.can(user, Capability.COACH_FAMILIES):
        ids.add(user.pk)
    if policy.can(user, Capability.LEAD_TEAM):
        ids |= set(policy.team_coach_ids(user))
    return sorted(ids)


@dataclass(frozen=True)
class CoachFigures:
    coach: User
    appointments: figures.AppointmentFigures
    promises: figures.PromiseFigures


def coach_figures(
    *,
    user: Any,
    date_from: date,
    date_to: date,
    now: datetime | None = None,
) -> list[CoachFigures]:
    """Kept appointments (those that began in the period) and kept promises (closed in
    the period; open and overdue as of today) per coach the user may see. Three queries,
    however many coaches and records."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    ids = coaches_for_figures(user)
    if not ids:
        return []
    appointments = figures.group_rows(
        list(
            Appointment.objects.filter(worker_id__in=ids)
            .filter(within_days("starts_at", date_from, date_to))
            .order_by()
            .values_list("worker_id", "status", "starts_at")
        )
    )
    promises = figures.group_rows(
        list(
            Promise.objects.filter(by_user_id__in=ids)
            .filter(
                Q(status=Promise.Status.OPEN) | Q(status_on__gte=date_from, status_on__lte=date_to)
            )
            .order_by()
            .values_list("by_user_id", "status", "due_on", "status_on")
        )
    )
    return [
        CoachFigures(
            coach=coach,
            appointments=figures.appointment_figures(
                appointments.get(coach.pk, []),
                now=now,
            ),
            promises=figures.promise_figures(
                promises.get(coach.pk, []),
                date_from=date_from,
                date_to=date_to,
                today=today,
            ),
        )
        for coach in User.objects.filter(pk__in=ids).order_by("full_name", "id")
    ]


def promises_for_aggregates(user: Any) -> QuerySet[Promise]:
    """Promises counted for those who see aggregates; the report shows counts per
    organisation only, never a promise, a person or a family."""
    if not policy.can(user, Capability.VIEW_AGGREGATES):
        return Promise.objects.none()
    return Promise.objects.all()


@dataclass(frozen=True)
class OrganisationFigures:
    organisation: str  # "" for workers of organisations outside Spil
    promises: figures.PromiseFigures


@dataclass(frozen=True)
class PromiseReport:
    date_from: date
    date_to: date
    rows: list[OrganisationFigures]
    total: figures.PromiseFigures


def promise_report(
    *, promises: QuerySet[Promise], date_from: date, date_to: date, today: date
) -> PromiseReport:
    """ "Promises kept" per organisation in one query (see `figures` for the definition):
    the promises of coaches and workers; a family's promises to the coach are not an
    organisation's."""
    rows = list(
        promises.exclude(direction=Promise.Direction.FAMILY_TO_COACH)
        .filter(Q(status=Promise.Status.OPEN) | Q(status_on__gte=date_from, status_on__lte=date_to))
        .order_by()
        .values_list("organisation__name", "status", "due_on", "status_on")
    )
    grouped = figures.group_rows([(name or "", *rest) for name, *rest in rows])

    def count(items: list[Any]) -> figures.PromiseFigures:
        return figures.promise_figures(items, date_from=date_from, date_to=date_to, today=today)

    return PromiseReport(
        date_from=date_from,
        date_to=date_to,
        rows=[
            OrganisationFigures(organisation=name, promises=count(items))
            for name, items in sorted(grouped.items(), key=lambda i: (i[0] == "", i[0]))
        ],
        total=count([tuple(rest) for _name, *rest in rows]),
    )


# --- Facts about many families at once (the caseload and the team screen) ---


def overdue_promise_counts(family_ids: list[int], today: date) -> dict[int, int]:
    """Open promises past their date, per family (the same
    rule as Promise.is_overdue)."""
    rows = (
        Promise.objects.filter(
            family_id__in=family_ids, status=Promise.Status.OPEN, due_on__lt=today
        )
        .order_by()
        .values("family_id")
        .annotate(n=Count("id"))
    )
    return {r["family_id"]: r["n"] for r in rows}


# --- The family's answer to an appointment (the portal, issue 14) ---------------------


@dataclass(frozen=True)
class FamilyAnswerRights:
    """What the member behind `access` may do with one appointment in the portal."""

    confirm: bool
    cancel: bool

    @property
    def any(self) -> bool:
        return self.confirm or self.cancel


def member_sees_appointment(access: FamilyAccess, appointment: Appointment) -> bool:
    """An appointment with no members named is the whole family's; otherwise a member sees
    it when it is about someone whose data they see (a young person: only their own).
    The same rule as the portal's list (`portal.selectors._with_me`); reads the prefetched
    `members`."""
    members = list(appointment.members.all())
    return not members or any(access.sees_member_data(m.pk) for m in members)


def family_answer_rights(
    access: FamilyAccess, appointment: Appointment, *, now: datetime | None = None
) -> FamilyAnswerRights:
    """A member may confirm or cancel a planned appointment of their own family that has
    not begun and that they see; never in a coach's preview. A young person cancels only
    an appointment that names them: one with the whole family is a parent's to cancel."""
    now = now or timezone.now()
    if (
        not access.may_act()
        or not access.sees(FamilyPart.CONTACTS)
        or appointment.family_id != access.family.pk
        or appointment.status != Appointment.Status.PLANNED
        or appointment.starts_at <= now
        or not member_sees_appointment(access, appointment)
    ):
        return FamilyAnswerRights(confirm=False, cancel=False)
    if access.audience == Audience.YOUNG:
        may_cancel = any(m.pk == access.member.pk for m in appointment.members.all())
    else:
        may_cancel = True
    return FamilyAnswerRights(confirm=appointment.confirmed_at is None, cancel=may_cancel)


def appointment_for_member(*, access: FamilyAccess, uuid: UUID) -> Appointment:
    """One appointment of the member's own family that they see (also one in the past:
    the answer to it is refused with a reason); 404 for any other."""
    access.require(FamilyPart.CONTACTS)
    appointment = (
        Appointment.objects.select_related("worker")
        .prefetch_related("members")
        .filter(family=access.family, uuid=uuid)
        .first()
    )
    if appointment is None or not member_sees_appointment(access, appointment):
        raise Http404
    return appointment
