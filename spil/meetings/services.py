"""Every write of the family's meetings: keyword-only, in one transaction, audited with the
family's UUID (codes and numbers only, never names, minutes or decision text). Refusals
are Dutch ValidationErrors and store nothing.

Rules:
- the family is preferably present (seeds 001 H7, 002 §3B); without the family, why
  not is written down (also a database constraint);
- a chair is always named; who decides without consensus is one participant or a
  stated role, not both;
- the agenda is a snapshot of the plan when the meeting is prepared (open goals,
  overdue steps), plus for a systeembijeenkomst the five steps of seed 002 §3B; it can
  be drawn again until the meeting is held, then it stays what was discussed;
- a decision becomes a plan step in the same transaction (`plans.services.step_add`):
  without an owner it is refused and nothing is stored, neither decision nor step;
- a decision is recorded only once the meeting has begun, in a family with an active
  plan, on one of its open goals.
"""

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from spil.accounts.models import User
from spil.core import audit
from spil.core.access import FamilyAccess
from spil.core.validators import not_in_future
from spil.core.versioning import check_current, save_if_current
from spil.families.models import Family, Involvement, Member, NetworkContact
from spil.plans import services as plan_services
from spil.plans.models import Goal
from spil.plans.selectors import active_plan, running_trajectory
from spil.trajectories.models import Trajectory

from . import selectors
from .models import (
    AGENDA_TEMPLATES,
    RHYTHM_MAX_WEEKS,
    RHYTHM_MIN_WEEKS,
    AgendaItem,
    Decision,
    Meeting,
    MeetingRhythm,
    Participant,
)

Person = Member | User | Involvement | NetworkContact

MAX_GUESTS = 30

# What the meeting form changes on the meeting itself (its participants are rows of their own).
MEETING_DETAIL_FIELDS = (
    "kind",
    "starts_at",
    "place",
    "family_present",
    "family_absent_reason",
    "tie_breaker_role",
)

NO_OWNER = gettext_lazy(
    "Kies wie dit besluit uitvoert: een gezinslid, de coach, een betrokken hulpverlener of "
    "iemand uit het netwerk. Een besluit zonder eigenaar kan niet; er is niets opgeslagen."
)
ABSENT_NEEDS_REASON = gettext_lazy(
    "Schrijf op waarom het gezin er niet bij is. Het gezin is bij voorkeur aanwezig, zodat "
    "het gesprek niet over het hoofd van het gezin heen gaat."
)
NOT_YET = gettext_lazy(
    "Dit overleg is nog niet geweest. Het verslag en de besluiten legt u vast tijdens of "
    "na het overleg."
)


def _record(actor: Any, action: str, family: Family, obj: Any, **detail: Any) -> None:
    audit.record(actor=actor, action=action, obj=obj, family=family, detail=detail or None)


def _text(value: str | None) -> str:
    return (value or "").strip()


# --- People ---------------------------------------------------------------------------------

_KIND_FIELDS = {
    Participant.Kind.MEMBER: ("owner_member", "member"),
    Participant.Kind.COACH: ("owner_user", "user"),
    Participant.Kind.WORKER: ("owner_involvement", "involvement"),
    Participant.Kind.NETWORK: ("owner_network", "network"),
}


def _participant(family: Family, person: Person, field: str) -> Participant:
    """A participant row for a person of this family: a member, the coach or back-up
    coach, a worker still in the team around the family, or a network contact. The checks
    are the plan's owner checks (`plans.services.owner_fields`), reported on `field`."""
    try:
        owner = plan_services.owner_fields(family, person)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error
    kind = owner["owner_kind"]
    source, target = _KIND_FIELDS[kind]
    return Participant(kind=kind, name=owner["owner_name"][:200], **{target: owner[source]})


def _person_key(row: Participant) -> tuple[str, int | str]:
    """One row per person: by kind and id, a guest by name."""
    pk = row.member_id or row.user_id or row.involvement_id or row.network_id
    return (row.kind, pk or row.name.lower())


def _guest_names(guests: Sequence[str]) -> list[str]:
    names: list[str] = []
    for raw in guests:
        name = _text(raw)
        if not name:
            continue
        if len(name) > 200:
            raise ValidationError({"guests": _("Een naam van een gast is hoogstens 200 tekens.")})
        if name.lower() not in {n.lower() for n in names}:
            names.append(name)
    if len(names) > MAX_GUESTS:
        raise ValidationError(
            {"guests": _("Hoogstens %(max)d gasten per overleg.") % {"max": MAX_GUESTS}}
        )
    return names


def _people(
    family: Family,
    *,
    chair: Person | None,
    members: Sequence[Member],
    coaches: Sequence[User],
    involvements: Sequence[Involvement],
    network: Sequence[NetworkContact],
    guests: Sequence[str],
    tie_breaker: Person | None,
    tie_breaker_role: str,
    family_present: bool,
    family_absent_reason: str,
) -> list[Participant]:
    """The participants, checked; the chair and the tie-breaker take part too."""
    if chair is None:
        raise ValidationError(
            {"chair": _("Kies wie het overleg voorzit. In principe is dat de gezinscoach.")}
        )
    if tie_breaker is not None and tie_breaker_role:
        raise ValidationError(
            {
                "tie_breaker_role": _(
                    "Kies wie beslist als er geen overeenstemming is: één deelnemer óf een rol, "
                    "niet allebei."
                )
            }
        )
    rows: dict[tuple[str, int | str], Participant] = {}

    def add(person: Person, field: str) -> Participant:
        row = _participant(family, person, field)
        return rows.setdefault(_person_key(row), row)

    for field, people in (
        ("members", members),
        ("coaches", coaches),
        ("involvements", involvements),
        ("network", network),
    ):
        for person in people:
            add(person, field)
    for name in _guest_names(guests):
        row = Participant(kind=Participant.Kind.GUEST, name=name)
        rows.setdefault(_person_key(row), row)
    add(chair, "chair").is_chair = True
    if tie_breaker is not None:
        add(tie_breaker, "tie_breaker").is_tie_breaker = True
    if not family_present and not family_absent_reason:
        raise ValidationError({"family_absent_reason": str(ABSENT_NEEDS_REASON)})
    if family_present and not any(r.kind == Participant.Kind.MEMBER for r in rows.values()):
        raise ValidationError(
            {
                "members": _(
                    "Kies wie van het gezin erbij is, of geef aan dat het gezin er niet bij is "
                    "en waarom."
                )
            }
        )
    return list(rows.values())


def _check_meeting(kind: str, starts_at: datetime | None) -> None:
    if kind not in Meeting.Kind.values:
        raise ValidationError({"kind": _("Kies de soort overleg.")})
    if starts_at is None:
        raise ValidationError({"starts_at": _("Vul de datum en de tijd van het overleg in.")})


# --- The agenda -----------------------------------------------------------------------------


def _agenda_day(meeting: Meeting) -> date:
    """The plan is read as it stands on the day of the meeting, or today if that is
    still to come."""
    return min(timezone.localdate(meeting.starts_at), timezone.localdate())


def _system_items(kind: str) -> list[AgendaItem]:
    """The usual agenda of this kind of meeting (`AGENDA_TEMPLATES`), if it has one."""
    return [
        AgendaItem(kind=AgendaItem.Kind.SYSTEM_STEP, title=str(title), note=str(note))
        for title, note in AGENDA_TEMPLATES.get(kind, ())
    ]


def _plan_items(meeting: Meeting) -> list[AgendaItem]:
    return [
        AgendaItem(
            kind=draft.kind,
            title=draft.title[:300],
            note=draft.note,
            goal_key=draft.goal_key,
            step_key=draft.step_key,
            owner_name=draft.owner_name[:200],
            due_on=draft.due_on,
        )
        for draft in selectors.plan_agenda(family=meeting.family, on=_agenda_day(meeting))
    ]


def _own_items(lines: Sequence[str]) -> list[AgendaItem]:
    titles = [_text(line) for line in lines]
    return [AgendaItem(kind=AgendaItem.Kind.OWN, title=t[:300]) for t in titles if t]


def _save_agenda(meeting: Meeting, items: list[AgendaItem]) -> list[AgendaItem]:
    """Number the items in this order: new ones are created, kept ones renumbered."""
    new: list[AgendaItem] = []
    kept: list[AgendaItem] = []
    for order, item in enumerate(items, start=1):
        item.meeting = meeting
        item.order = order
        item.full_clean()
        (kept if item.pk else new).append(item)
    AgendaItem.objects.bulk_create(new)
    AgendaItem.objects.bulk_update(kept, ["order"])
    return items


def _redraw_agenda(meeting: Meeting, *, from_plan: bool) -> list[AgendaItem]:
    """The agenda again: the usual steps of its kind (`AGENDA_TEMPLATES`), then the plan's
    items (drawn again when `from_plan`, otherwise as they were), then the own points."""
    current = list(meeting.agenda.order_by("order", "id"))
    plan = _plan_items(meeting) if from_plan else [i for i in current if i.from_plan]
    own = [i for i in current if i.kind == AgendaItem.Kind.OWN]
    system = _system_items(meeting.kind)
    meeting.agenda.exclude(pk__in=[i.pk for i in plan + own if i.pk]).delete()
    return _save_agenda(meeting, system + plan + own)


# --- Planning a meeting ---------------------------------------------------------------------


def meeting_plan(
    *,
    access: FamilyAccess,
    kind: str,
    starts_at: datetime | None,
    chair: Person | None,
    members: Sequence[Member] = (),
    coaches: Sequence[User] = (),
    involvements: Sequence[Involvement] = (),
    network: Sequence[NetworkContact] = (),
    guests: Sequence[str] = (),
    place: str = "",
    family_present: bool = True,
    family_absent_reason: str = "",
    tie_breaker: Person | None = None,
    tie_breaker_role: str = "",
    agenda_from_plan: bool = True,
    own_agenda: Sequence[str] = (),
    previous: Meeting | None = None,
) -> Meeting:
    """Plan (or record afterwards) a meeting with its participants and its agenda: the
    five steps for a systeembijeenkomst, the open goals and overdue steps of the plan
    (unless `agenda_from_plan` is off, e.g. a startgesprek before there is a plan), and
    the own points. A meeting in the past stays planned until its minutes are recorded."""
    access.require_edit()
    return _meeting_plan(
        actor=access.user,
        family=access.family,
        kind=kind,
        starts_at=starts_at,
        chair=chair,
        members=members,
        coaches=coaches,
        involvements=involvements,
        network=network,
        guests=guests,
        place=place,
        family_present=family_present,
        family_absent_reason=family_absent_reason,
        tie_breaker=tie_breaker,
        tie_breaker_role=tie_breaker_role,
        agenda_from_plan=agenda_from_plan,
        own_agenda=own_agenda,
        previous=previous,
    )


@transaction.atomic
def _meeting_plan(
    *,
    actor: Any,
    family: Family,
    kind: str,
    starts_at: datetime | None,
    chair: Person | None,
    members: Sequence[Member] = (),
    coaches: Sequence[User] = (),
    involvements: Sequence[Involvement] = (),
    network: Sequence[NetworkContact] = (),
    guests: Sequence[str] = (),
    place: str = "",
    family_present: bool = True,
    family_absent_reason: str = "",
    tie_breaker: Person | None = None,
    tie_breaker_role: str = "",
    agenda_from_plan: bool = True,
    own_agenda: Sequence[str] = (),
    previous: Meeting | None = None,
) -> Meeting:
    """`meeting_plan`'s work, actor-based: shared by the family page (which comes with its
    access) and the follow-up meeting `minutes_record` plans for a meeting it was handed
    (a service about one existing object, as all of them here but planning)."""
    _check_meeting(kind, starts_at)
    assert starts_at is not None  # checked above
    family_absent_reason = "" if family_present else _text(family_absent_reason)
    tie_breaker_role = _text(tie_breaker_role)
    rows = _people(
        family,
        chair=chair,
        members=members,
        coaches=coaches,
        involvements=involvements,
        network=network,
        guests=guests,
        tie_breaker=tie_breaker,
        tie_breaker_role=tie_breaker_role,
        family_present=family_present,
        family_absent_reason=family_absent_reason,
    )
    meeting = Meeting(
        family=family,
        trajectory=running_trajectory(family),
        kind=kind,
        starts_at=starts_at,
        place=_text(place),
        family_present=family_present,
        family_absent_reason=family_absent_reason,
        tie_breaker_role=tie_breaker_role,
        previous=previous,
        created_by=actor,
    )
    meeting.full_clean()
    meeting.save()
    for row in rows:
        row.meeting = meeting
        row.full_clean()
    Participant.objects.bulk_create(rows)
    agenda = _save_agenda(
        meeting,
        _system_items(kind)
        + (_plan_items(meeting) if agenda_from_plan else [])
        + _own_items(own_agenda),
    )
    _record(
        actor,
        "meeting.planned",
        family,
        meeting,
        kind=kind,
        family_present=family_present,
        participants=len(rows),
        agenda_items=len(agenda),
        follows=str(previous.uuid) if previous else None,
    )
    return meeting


def _planned(meeting: Meeting) -> None:
    if meeting.is_cancelled:
        raise ValidationError(_("Dit overleg is afgelast."))
    if meeting.is_held:
        raise ValidationError(
            _("Dit overleg is al gehouden; wat er besproken is, blijft zoals het was.")
        )


@transaction.atomic
def meeting_update(
    *,
    actor: Any,
    meeting: Meeting,
    kind: str,
    starts_at: datetime | None,
    chair: Person | None,
    members: Sequence[Member] = (),
    coaches: Sequence[User] = (),
    involvements: Sequence[Involvement] = (),
    network: Sequence[NetworkContact] = (),
    guests: Sequence[str] = (),
    place: str = "",
    family_present: bool = True,
    family_absent_reason: str = "",
    tie_breaker: Person | None = None,
    tie_breaker_role: str = "",
    revision: int | None = None,
) -> Meeting:
    """Change a planned meeting: when, where, who. A meeting that became a
    systeembijeenkomst gets the five steps on its agenda (and loses them otherwise).
    `revision`: the meeting's revision the form showed; a stale one is refused (StaleEdit)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _planned(meeting)
    _check_meeting(kind, starts_at)
    assert starts_at is not None
    family = meeting.family
    family_absent_reason = "" if family_present else _text(family_absent_reason)
    tie_breaker_role = _text(tie_breaker_role)
    rows = _people(
        family,
        chair=chair,
        members=members,
        coaches=coaches,
        involvements=involvements,
        network=network,
        guests=guests,
        tie_breaker=tie_breaker,
        tie_breaker_role=tie_breaker_role,
        family_present=family_present,
        family_absent_reason=family_absent_reason,
    )
    was_kind = meeting.kind
    meeting.kind = kind
    meeting.starts_at = starts_at
    meeting.place = _text(place)
    meeting.family_present = family_present
    meeting.family_absent_reason = family_absent_reason
    meeting.tie_breaker_role = tie_breaker_role
    meeting.full_clean()
    # The participants belong to the meeting: a change of them also raises its revision.
    save_if_current(meeting, revision, fields=MEETING_DETAIL_FIELDS)
    meeting.participants.all().delete()
    for row in rows:
        row.meeting = meeting
        row.full_clean()
    Participant.objects.bulk_create(rows)
    if AGENDA_TEMPLATES.get(was_kind) != AGENDA_TEMPLATES.get(kind):
        _redraw_agenda(meeting, from_plan=False)
    _record(
        actor,
        "meeting.changed",
        family,
        meeting,
        kind=kind,
        family_present=family_present,
        participants=len(rows),
    )
    return meeting


@transaction.atomic
def agenda_refresh(*, actor: Any, meeting: Meeting) -> list[AgendaItem]:
    """Draw the plan's items on the agenda again (open goals, overdue steps as they stand
    now), until the meeting is held."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _planned(meeting)
    items = _redraw_agenda(meeting, from_plan=True)
    _record(
        actor,
        "meeting.agenda_refreshed",
        meeting.family,
        meeting,
        agenda_items=len(items),
        from_plan=sum(1 for i in items if i.from_plan),
    )
    return items


@transaction.atomic
def meeting_cancel(*, actor: Any, meeting: Meeting) -> Meeting:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _planned(meeting)
    meeting.status = Meeting.Status.CANCELLED
    meeting.full_clean()
    meeting.save(update_fields=["status", "updated_at"])
    _record(actor, "meeting.cancelled", meeting.family, meeting, kind=meeting.kind)
    return meeting


# --- After the meeting: the minutes and the next meeting ------------------------------------


def _next_participants(meeting: Meeting) -> dict[str, Any]:
    """The people of this meeting for the next one; workers who left the team and removed
    network contacts are left out, and a chair or tie-breaker who left is not carried."""
    found: dict[str, Any] = {
        "members": [],
        "coaches": [],
        "involvements": [],
        "network": [],
        "guests": [],
        "chair": None,
        "tie_breaker": None,
    }
    coaches = plan_services.coaches_of(meeting.family)
    coach_ids = {u.pk for u in coaches}
    for row in meeting.participants.select_related("member", "user", "involvement", "network"):
        if row.kind == Participant.Kind.GUEST:
            found["guests"].append(row.name)
            continue
        person: Any = None
        bucket = ""
        if row.kind == Participant.Kind.MEMBER:
            person, bucket = row.member, "members"
        elif row.kind == Participant.Kind.COACH and row.user_id in coach_ids:
            person, bucket = row.user, "coaches"
        elif (
            row.kind == Participant.Kind.WORKER
            and row.involvement is not None
            and row.involvement.until is None
        ):
            person, bucket = row.involvement, "involvements"
        elif row.kind == Participant.Kind.NETWORK and row.network is not None:
            person, bucket = row.network, "network"
        if person is None:
            continue
        found[bucket].append(person)
        if row.is_chair:
            found["chair"] = person
        if row.is_tie_breaker:
            found["tie_breaker"] = person
    if found["chair"] is None:
        found["chair"] = coaches[0] if coaches else None
    return found


@transaction.atomic
def minutes_record(
    *,
    actor: Any,
    meeting: Meeting,
    minutes: str,
    family_present: bool,
    family_absent_reason: str = "",
    shared_on: date | None = None,
    next_on: date | None = None,
    plan_next: bool = False,
) -> Meeting:
    """The minutes of a meeting that took place: whether the family was there (and if
    not, why not), the date the minutes were shared with the family, and the next
    meeting — with `plan_next`, planned at once with the same people at the same hour.
    The meeting is then held; the minutes may be written again later (e.g. to record that
    they were shared)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    family = meeting.family
    if meeting.is_cancelled:
        raise ValidationError(_("Dit overleg is afgelast."))
    if not meeting.has_started:
        raise ValidationError(str(NOT_YET))
    minutes = _text(minutes)
    if not minutes:
        raise ValidationError({"minutes": _("Schrijf het verslag op: wat is er besproken?")})
    family_absent_reason = "" if family_present else _text(family_absent_reason)
    if not family_present and not family_absent_reason:
        raise ValidationError({"family_absent_reason": str(ABSENT_NEEDS_REASON)})
    held_on = timezone.localdate(meeting.starts_at)
    if shared_on is not None:
        not_in_future(shared_on, "shared_on")
        if shared_on < held_on:
            raise ValidationError(
                {"shared_on": _("Het verslag kan niet gedeeld zijn vóór het overleg.")}
            )
    if next_on is not None and next_on <= held_on:
        raise ValidationError({"next_on": _("Het volgende overleg ligt na dit overleg.")})
    if plan_next:
        if next_on is None:
            raise ValidationError(
                {"next_on": _("Vul de datum van het volgende overleg in om het te plannen.")}
            )
        planned = meeting.follow_ups.exclude(status=Meeting.Status.CANCELLED).first()
        if planned is not None:
            raise ValidationError(
                {
                    "plan_next": _("Het volgende overleg is al gepland op %(date)s.")
                    % {"date": date_format(timezone.localdate(planned.starts_at), "DATE_FORMAT")}
                }
            )
    meeting.minutes = minutes
    meeting.family_present = family_present
    meeting.family_absent_reason = family_absent_reason
    meeting.minutes_shared_on = shared_on
    meeting.next_on = next_on
    meeting.status = Meeting.Status.HELD
    meeting.full_clean()
    meeting.save()
    follow_up = None
    if plan_next and next_on is not None:
        local = timezone.localtime(meeting.starts_at)
        starts_at = timezone.make_aware(datetime.combine(next_on, local.time()))
        follow_up = _meeting_plan(
            actor=actor,
            family=family,
            kind=meeting.kind,
            starts_at=starts_at,
            place=meeting.place,
            family_present=meeting.family_present,
            family_absent_reason=meeting.family_absent_reason,
            tie_breaker_role=meeting.tie_breaker_role,
            previous=meeting,
            **_next_participants(meeting),
        )
    _record(
        actor,
        "meeting.minutes_recorded",
        family,
        meeting,
        family_present=family_present,
        shared=shared_on is not None,
        next_planned=str(follow_up.uuid) if follow_up else None,
    )
    return meeting


# --- Decisions that become plan steps -------------------------------------------------------


@transaction.atomic
def decision_record(
    *,
    actor: Any,
    meeting: Meeting,
    goal: Goal | None,
    what: str,
    owner: Person | None,
    due_on: date | None,
    offer: Any = None,
) -> Decision:
    """A decision of the meeting, in one action: it becomes a step in the family's plan
    under `goal` with its owner and date (`plans.services.step_add`) — and the offer of the
    sociale kaart it points to, if any ("aanmelden bij …") — and the decision
    points to that step. Refused — nothing stored — without an owner, without a date,
    before the meeting, without an active plan or on a goal that is no longer open."""
    family = meeting.family
    if owner is None:
        raise ValidationError({"owner": str(NO_OWNER)})
    what = _text(what)
    if not what:
        raise ValidationError({"what": _("Schrijf op wat er besloten is.")})
    if due_on is None:
        raise ValidationError({"due_on": _("Vul in wanneer het klaar moet zijn.")})
    if meeting.is_cancelled:
        raise ValidationError(_("Dit overleg is afgelast."))
    if not meeting.has_started:
        raise ValidationError(str(NOT_YET))
    plan = active_plan(family=family)
    if plan is None:
        raise ValidationError(
            _(
                "Dit gezin heeft geen actief plan. Begin eerst het plan; dan wordt een besluit "
                "een stap."
            )
        )
    if goal is None:
        raise ValidationError({"goal": _("Kies het doel waar dit besluit bij hoort.")})
    if goal.version.plan_id != plan.pk:
        raise ValidationError({"goal": _("Dit doel hoort niet bij het plan van dit gezin.")})
    working = next((g for g in selectors.open_goals(plan=plan) if g.key == goal.key), None)
    if working is None:
        raise ValidationError(
            {"goal": _("Dit doel is niet meer open. Kies een doel waar nog aan gewerkt wordt.")}
        )
    step = plan_services.step_add(
        actor=actor, goal=working, what=what, owner=owner, due_on=due_on, offer=offer
    )
    if meeting.kind == Meeting.Kind.FAMILY_GROUP_CONFERENCE:
        # The plan of an Eigen Kracht-conferentie is the family's own (issue 20 point 6).
        plan_services.version_mark_family_authored(actor=actor, version=step.goal.version)
    decision = Decision(
        meeting=meeting,
        what=step.what,
        goal=step.goal,
        goal_key=step.goal.key,
        goal_title=step.goal.title,
        step=step,
        step_key=step.key,
        owner_kind=step.owner_kind,
        owner_name=step.owner_name,
        due_on=due_on,
        recorded_by=actor,
    )
    decision.full_clean()
    decision.save()
    _record(
        actor,
        "meeting.decision_recorded",
        family,
        decision,
        meeting=str(meeting.uuid),
        step=str(step.key),
        owner_kind=step.owner_kind,
    )
    return decision


# --- The rhythm of the afstemgesprekken -----------------------------------------------------


@transaction.atomic
def rhythm_set(
    *, actor: Any, trajectory: Trajectory, every_weeks: int | None, revision: int | None = None
) -> MeetingRhythm | None:
    """Hold an afstemgesprek every `every_weeks` weeks in this trajectory; None for no
    fixed rhythm (seed 001: "van nooit tot … maandelijks"). `revision`: the rhythm's
    revision the form showed; a stale one is refused (StaleEdit), also for a removal."""
    if trajectory.closed_on is not None:
        raise ValidationError(_("Dit traject is afgesloten."))
    family = trajectory.family
    current = MeetingRhythm.objects.select_for_update().filter(trajectory=trajectory).first()
    if every_weeks is None:
        if current is not None:
            check_current(current, revision, fields=["every_weeks"])
            current.delete()
            _record(actor, "meeting.rhythm_removed", family, trajectory)
        return None
    if not RHYTHM_MIN_WEEKS <= every_weeks <= RHYTHM_MAX_WEEKS:
        raise ValidationError(
            {
                "every_weeks": _("Kies een ritme van %(min)d tot %(max)d weken.")
                % {"min": RHYTHM_MIN_WEEKS, "max": RHYTHM_MAX_WEEKS}
            }
        )
    if current is not None and current.every_weeks == every_weeks:
        return current
    rhythm = current or MeetingRhythm(trajectory=trajectory)
    rhythm.every_weeks = every_weeks
    rhythm.set_by = actor
    rhythm.full_clean()
    if current is None:
        rhythm.save()
    else:
        save_if_current(rhythm, revision, fields=["every_weeks", "set_by"])
    _record(actor, "meeting.rhythm_set", family, rhythm, every_weeks=every_weeks)
    return rhythm
