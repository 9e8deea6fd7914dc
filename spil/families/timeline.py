"""The family's timeline: the coach as the family's memory (seed 001).

One list, newest first, of what happened with the family — contacts, appointments,
meetings, crises, promises and the trajectory's milestones. Every source is read through
its own selector, which starts from what the user may see: a professional whose consent
covers only the plan sees the meetings and the plan's milestones, never the contacts.
Working notes never appear here: the timeline shows summaries only.
"""

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .models import Family


@dataclass(frozen=True)
class TimelineItem:
    at: datetime
    kind: str  # a short code for styling and tests: contact, afspraak, overleg, …
    label: str  # what kind of event, in words
    title: str  # one line: what happened
    detail: str = ""  # the shareable summary, if any
    url: str = ""
    flag: str = ""  # something that went wrong: "crisis", "niet verschenen", "te laat"
    status: str = ""  # a neutral state: "nagekomen", "open"
    upcoming: bool = False


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(0, 0)))


def _contacts(family: Family, contacts: list[Any]) -> list[TimelineItem]:
    url = reverse("contacts:list", kwargs={"uuid": family.uuid})
    items = []
    for contact in contacts:
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


def _appointments(user: Any, family: Family) -> list[TimelineItem]:
    from spil.contacts.models import Appointment
    from spil.contacts.selectors import appointments_for_family

    url = reverse("contacts:appointments", kwargs={"uuid": family.uuid})
    items = []
    for appointment in appointments_for_family(user=user, family=family):
        if appointment.contact_id:  # kept and logged: the contact tells the story
            continue
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


def _promises(user: Any, family: Family) -> list[TimelineItem]:
    """A promise stands on the day it was settled, or while open on the day it is due:
    that is when it mattered to the family. Broken or overdue is flagged."""
    from spil.contacts.models import Promise
    from spil.contacts.selectors import promises_for_family

    url = reverse("contacts:promises", kwargs={"uuid": family.uuid})
    items = []
    for promise in promises_for_family(user=user, family=family):
        wrong = promise.is_overdue or promise.status == Promise.Status.BROKEN
        shown = _("te laat") if promise.is_overdue else promise.get_status_display()
        items.append(
            TimelineItem(
                at=_start_of(promise.status_on or promise.due_on),
                kind="toezegging",
                label=_("Toezegging"),
                title=_("%(direction)s: %(what)s (uiterlijk %(due)s)")
                % {
                    "direction": promise.get_direction_display(),
                    "what": promise.what,
                    "due": formats.date_format(promise.due_on, "j F Y"),
                },
                url=url,
                flag=shown if wrong else "",
                status="" if wrong else shown,
            )
        )
    return items


def _crises(user: Any, family: Family, shown_contacts: set[int]) -> list[TimelineItem]:
    """Crisis-log entries. One that only records a crisis contact already on the timeline
    (flagged there) is not shown twice; once it tells more, it is."""
    from spil.contacts.selectors import crises_for_family

    url = reverse("contacts:crises", kwargs={"uuid": family.uuid})
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
        for crisis in crises_for_family(user=user, family=family)
        if not (
            crisis.contact_id in shown_contacts
            and not crisis.what_happened
            and not crisis.what_was_done
        )
    ]


def _meetings(user: Any, family: Family) -> list[TimelineItem]:
    from spil.meetings.selectors import meetings_for_family

    return [
        TimelineItem(
            at=meeting.starts_at,
            kind="overleg",
            label=_("Overleg"),
            title=meeting.one_line,
            url=reverse(
                "meetings:meeting", kwargs={"uuid": family.uuid, "meeting_uuid": meeting.uuid}
            ),
        )
        for meeting in meetings_for_family(user=user, family=family)
    ]


def _trajectory(family: Family) -> list[TimelineItem]:
    """Start, phase changes and closing: part of "who is who", so everyone with access."""
    items = []
    for trajectory in family.trajectories.prefetch_related("phase_changes").order_by("started_on"):
        items.append(
            TimelineItem(
                at=_start_of(trajectory.started_on),
                kind="traject",
                label=_("Traject"),
                title=_("Het traject begon (%(kind)s)") % {"kind": trajectory.get_kind_display()},
            )
        )
        for change in trajectory.phase_changes.all():
            items.append(
                TimelineItem(
                    at=_start_of(change.on),
                    kind="traject",
                    label=_("Traject"),
                    title=_("Nieuwe fase: %(phase)s") % {"phase": change.get_to_phase_display()},
                )
            )
        if trajectory.closed_on:
            items.append(
                TimelineItem(
                    at=_start_of(trajectory.closed_on),
                    kind="traject",
                    label=_("Traject"),
                    title=_("Het traject is afgesloten"),
                )
            )
    return items


def family_timeline(*, user: Any, family: Family) -> list[TimelineItem]:
    """Everything the user may see about the family's days, newest first."""
    from spil.contacts.selectors import contacts_for_family

    contacts = contacts_for_family(user=user, family=family)
    items = _trajectory(family)
    items += _contacts(family, contacts)
    items += _appointments(user, family)
    items += _promises(user, family)
    items += _crises(user, family, shown_contacts={c.pk for c in contacts})
    items += _meetings(user, family)
    now = timezone.now()
    items = [TimelineItem(**{**item.__dict__, "upcoming": item.at > now}) for item in items]
    return sorted(items, key=lambda item: item.at, reverse=True)
