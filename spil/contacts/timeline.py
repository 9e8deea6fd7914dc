"""This app's sources for the family's timeline (`spil.core.timeline`): contacts,
appointments, promises and the crisis log.

Each source reads one page of its own rows in the database — filtered to the parts the
access object opens, newest first, strictly before the cursor, at most `limit` — and
never the family's whole history. Registered in `ContactsConfig.ready()`.

Parts: contacts, appointments and promises need "contacten"; the crisis log "veiligheid";
a contact flagged as a crisis needs both (issue 22 #6). Working notes never appear: the
timeline shows summaries only.
"""

from datetime import date, datetime

from django.db.models import DateField, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from spil.core.access import FamilyAccess, FamilyPart
from spil.core.timeline import TimelineItem, start_of
from spil.families.models import Involvement

from . import selectors
from .models import Appointment, Contact, Crisis, Promise

# The day a promise stands on: settled, else due.
PROMISE_DAY = Coalesce("status_on", "due_on", output_field=DateField())


def _url(name: str, access: FamilyAccess) -> str:
    return reverse(f"contacts:{name}", kwargs={"uuid": access.family.uuid})


def _contact_rows(
    access: FamilyAccess, before: datetime | None, since: datetime | None = None
) -> QuerySet[Contact]:
    rows = selectors.visible_contacts(access)
    if before is not None:
        rows = rows.filter(occurred_at__lt=before)
    if since is not None:
        rows = rows.filter(occurred_at__gte=since)
    return rows.order_by("-occurred_at", "-id")


def contact_moments(access: FamilyAccess, before: datetime | None, limit: int) -> list[datetime]:
    return list(_contact_rows(access, before).values_list("occurred_at", flat=True)[:limit])


def contacts(
    access: FamilyAccess, before: datetime | None, limit: int, since: datetime | None = None
) -> list[TimelineItem]:
    """Contacts with whom and their summary; a crisis contact flagged (and only shown to
    those who also see the safety part)."""
    rows = _contact_rows(access, before, since).prefetch_related(
        "members",
        Prefetch("involvements", queryset=Involvement.objects.select_related("worker")),
    )[:limit]
    url = _url("list", access)
    items = []
    for contact in rows:
        with_whom = [m.first_name for m in contact.members.all()] + [
            str(i) for i in contact.involvements.all()
        ]
        title = contact.get_kind_display()
        if with_whom:
            title = _("%(kind)s met %(who)s") % {"kind": title, "who": ", ".join(with_whom)}
        items.append(
            TimelineItem(
                at=contact.occurred_at,
                kind="contact",
                label=_("Contact"),
                title=title,
                detail=contact.summary,
                url=url,
                flag=_("crisis") if contact.is_crisis else "",
            )
        )
    return items


def _appointment_rows(
    access: FamilyAccess, before: datetime | None, since: datetime | None = None
) -> QuerySet[Appointment]:
    if not access.sees(FamilyPart.CONTACTS):
        return Appointment.objects.none()
    rows = Appointment.objects.filter(family=access.family, contact__isnull=True)
    if before is not None:
        rows = rows.filter(starts_at__lt=before)
    if since is not None:
        rows = rows.filter(starts_at__gte=since)
    return rows.order_by("-starts_at", "-id")


def appointment_moments(
    access: FamilyAccess, before: datetime | None, limit: int
) -> list[datetime]:
    return list(_appointment_rows(access, before).values_list("starts_at", flat=True)[:limit])


def appointments(
    access: FamilyAccess, before: datetime | None, limit: int, since: datetime | None = None
) -> list[TimelineItem]:
    """Appointments, planned or with their outcome. One kept and logged as a contact is
    left out: the contact tells the story."""
    if not access.sees(FamilyPart.CONTACTS):
        return []
    url = _url("appointments", access)
    items = []
    for appointment in _appointment_rows(access, before, since).select_related("worker")[:limit]:
        title = _("Afspraak met %(worker)s") % {"worker": appointment.worker.full_name}
        if appointment.place:
            title = f"{title}, {appointment.place}"
        planned = appointment.status == Appointment.Status.PLANNED
        kept = appointment.status == Appointment.Status.KEPT
        items.append(
            TimelineItem(
                at=appointment.starts_at,
                kind="afspraak",
                label=_("Afspraak"),
                title=title,
                detail=appointment.purpose,
                url=url,
                flag="" if planned or kept else appointment.get_status_display(),
                status=appointment.get_status_display() if kept else "",
            )
        )
    return items


def _day_is(lookup: str, day: date) -> Q:
    """Promises whose day (settled, else due) compares so with `day`."""
    return Q(status_on__isnull=False, **{f"status_on__{lookup}": day}) | Q(
        status_on__isnull=True, **{f"due_on__{lookup}": day}
    )


def _settled_or_due_before(before: datetime) -> Q:
    """Promises whose day starts strictly before `before` (a day starts at midnight,
    Europe/Amsterdam)."""
    day = timezone.localdate(before)
    return _day_is("lte" if start_of(day) < before else "lt", day)


def _settled_or_due_since(since: datetime) -> Q:
    """Promises whose day starts at or after `since`."""
    day = timezone.localdate(since)
    return _day_is("gte" if start_of(day) == since else "gt", day)


def _promise_rows(
    access: FamilyAccess, before: datetime | None, since: datetime | None = None
) -> QuerySet[Promise]:
    if not access.sees(FamilyPart.CONTACTS):
        return Promise.objects.none()
    rows = Promise.objects.filter(family=access.family)
    if before is not None:
        rows = rows.filter(_settled_or_due_before(before))
    if since is not None:
        rows = rows.filter(_settled_or_due_since(since))
    return rows.order_by(PROMISE_DAY.desc(), "-id")


def promise_moments(access: FamilyAccess, before: datetime | None, limit: int) -> list[datetime]:
    days = _promise_rows(access, before).values_list(PROMISE_DAY, flat=True)[:limit]
    return [start_of(day) for day in days]


def promises(
    access: FamilyAccess, before: datetime | None, limit: int, since: datetime | None = None
) -> list[TimelineItem]:
    """A promise stands at the start of the day it was settled, or while open of the day
    it is due: that is when it mattered to the family. Broken or overdue is flagged."""
    if not access.sees(FamilyPart.CONTACTS):
        return []
    url = _url("promises", access)
    items = []
    for promise in _promise_rows(access, before, since)[:limit]:
        wrong = promise.is_overdue or promise.status == Promise.Status.BROKEN
        shown = _("te laat") if promise.is_overdue else promise.get_status_display()
        items.append(
            TimelineItem(
                at=start_of(promise.status_on or promise.due_on),
                kind="toezegging",
                label=_("Toezegging"),
                title=_("%(direction)s: %(what)s (uiterlijk %(due)s)")
                % {
                    "direction": promise.get_direction_display(),
                    "what": promise.what,
                    "due": formats.date_format(promise.due_on, "DATE_FORMAT"),
                },
                url=url,
                flag=shown if wrong else "",
                status="" if wrong else shown,
            )
        )
    return items


def crises(access: FamilyAccess, before: datetime | None, limit: int) -> list[TimelineItem]:
    """Crisis-log entries, for the part "veiligheid". An entry that only records a crisis
    contact the timeline already shows (flagged there, to those who see the contacts) is
    not shown twice; once it tells more, it is."""
    if not access.sees(FamilyPart.SAFETY):
        return []
    rows = Crisis.objects.filter(family=access.family)
    if access.sees(FamilyPart.CONTACTS):
        rows = rows.exclude(Q(contact__isnull=False, what_happened="", what_was_done=""))
    if before is not None:
        rows = rows.filter(occurred_at__lt=before)
    url = _url("crises", access)
    return [
        TimelineItem(
            at=crisis.occurred_at,
            kind="crisis",
            label=_("Crisis"),
            title=_("Crisis vastgelegd in de crisislog"),
            detail=crisis.what_happened,
            url=url,
            flag=_("crisis"),
        )
        for crisis in rows.order_by("-occurred_at", "-id")[:limit]
    ]
