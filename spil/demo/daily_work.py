"""Demo daily work (issue 8): months of contacts, appointments kept and missed, promises
and the crisis log of the demo families with a running trajectory.

For every running trajectory of a demo coach, from its start (at most a year back) until
yesterday — so the oldest family's lists hold most of a page of 50, as those of a family
followed for months do (and `make bench` compares lists of about the same length at 1×
and at 10×):

- a weekly appointment, mostly a home visit with the coach (now and then the back-up
  coach): about four in five kept, with the contact logged in the same action; the rest
  cancelled by the family, cancelled by the coach or a no-show, with a reason. In some
  families the last one is still "gepland" (the coach has to record how it went);
- between the appointments, phone calls, messages and contacts with helpers — a few with
  a working note;
- appointments for the coming three weeks; in the oldest family one tomorrow (the
  reminder the day before);
- about one promise a week (what was agreed at a visit), in every direction (coach to
  family, workers to family, family to coach) and every status: kept (some late), broken,
  renegotiated with a follow-up, open, and a few overdue;
- in two families a crisis log: a crisis phoned in (a contact with the crisis flag) and
  one written straight into the log, with wat-als-afspraken, one of them ended.

Everything goes through the contacts services as the coach would enter it (validated and
audited); nothing lies in the future except planned appointments and due dates.
Deterministic: every choice comes from a random generator seeded with the family's name.
Idempotent: a family that already has an appointment is skipped, and each family is
built whole or not at all.
"""

import hashlib
import random
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from spil.accounts.models import User
from spil.contacts import services
from spil.contacts.models import Appointment, Contact, Crisis, Promise
from spil.core.access import family_access
from spil.demo.region import DEMO_DOMAIN
from spil.families.models import Family, FamilyRole, Involvement, Member
from spil.meetings.models import Decision, Meeting
from spil.trajectories.models import Trajectory

A = Appointment.Status
P = Promise.Status
D = Promise.Direction
COACH_ROLES = ("gezinscoach", "casemanager")
MAX_WEEKS = 52  # how far back the weekly appointments go
AHEAD_WEEKS = 3
CRISIS_FAMILIES = (1, 3)  # positions (oldest first) of the families with a crisis log

PURPOSES = (
    "De week doornemen",
    "Samen de post openen",
    "Gesprek over school",
    "Voorbereiden gesprek met de schuldhulp",
    "Terugkijken op de stappen uit het plan",
    "Het netwerk in beeld brengen",
    "Samen boodschappen doen en het budget bijhouden",
)
KEPT_SUMMARIES = (
    "Samen de post doorgenomen; twee rekeningen betaald.",
    "Gesproken over het ochtendritme; de kinderen waren op tijd op school.",
    "Het weekrooster bijgewerkt en op de koelkast gehangen.",
    "Moeder vertelde over het gesprek bij de huisarts; ze slaapt beter.",
    "Met de kinderen gekookt; rustige sfeer in huis.",
    "De brief van de woningcorporatie samen beantwoord.",
    "Teruggekeken op de afspraken uit het plan; het meeste is gelukt.",
)
WORKING_NOTES = (
    "Let op: vader lijkt weer te drinken; volgende keer naar vragen.",
    "Twijfel of oma echt kan oppassen; nagaan bij moeder.",
)
CANCEL_FAMILY = ("Kind ziek", "Moeder moest onverwacht werken", "Vergeten; nieuwe afspraak gemaakt")
CANCEL_WORKER = ("Coach ziek", "Spoedoverleg in een ander gezin")
NO_SHOW = ("Niemand thuis; later gebeld", "Deur niet opengedaan")
BETWEEN = (
    (Contact.Kind.PHONE, "Gebeld over de afspraak met school."),
    (Contact.Kind.MESSAGE, "Appje: de aanvraag is verstuurd."),
    (Contact.Kind.PHONE, "Moeder belde met een vraag over de toeslag."),
    (Contact.Kind.HELPER, "Afgestemd met de betrokken hulpverlener over de voortgang."),
    (Contact.Kind.OUTREACH, "Vader kort gesproken bij het schoolplein."),
)
COACH_PROMISES = (
    "Ik bel de woningcorporatie over de reparatie",
    "Ik zoek uit of jullie recht hebben op bijzondere bijstand",
    "Ik regel een afspraak bij de schuldhulp",
    "Ik neem de aanvraag voor het jeugdfonds mee",
    "Ik vraag bij school na hoe het met het verzuim staat",
)
WORKER_PROMISES = (
    "Stuurt het verslag van het gesprek op",
    "Plant een gesprek met beide ouders",
    "Geeft door wanneer de wachtlijst voorbij is",
)
FAMILY_PROMISES = (
    "Ik open elke vrijdag de post",
    "Ik bel zelf de huisarts voor een afspraak",
    "Ik lever de loonstroken in",
    "Ik meld me aan bij de sportclub",
)


def _number(*parts: str) -> int:
    return int(hashlib.sha256("|".join(parts).encode()).hexdigest()[:12], 16)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _weekday(day: date) -> date:
    """Saturday and Sunday move to the Friday before."""
    return day - timedelta(days=max(0, day.weekday() - 4))


def _monday_if_weekend(day: date) -> date:
    return day + timedelta(days=max(0, 7 - day.weekday()) if day.weekday() >= 5 else 0)


def _trajectories() -> list[Trajectory]:
    return list(
        Trajectory.objects.running()
        .filter(coach__email__endswith=f"@{DEMO_DOMAIN}")
        .select_related("family", "coach", "backup_coach")
        .order_by("started_on", "id")
    )


def build_daily_work(users: dict[str, User]) -> None:
    today = timezone.localdate()
    for index, trajectory in enumerate(_trajectories()):
        _build(trajectory, today=today, index=index)


class _Family:
    """The family's people, looked up once, and the family's own random generator."""

    def __init__(self, trajectory: Trajectory) -> None:
        family: Family = trajectory.family
        self.family = family
        self.coach: User = trajectory.coach
        self.backup: User | None = trajectory.backup_coach
        self.rng = random.Random(_number(family.name, "dagelijks werk"))  # noqa: S311 (demo)
        members = list(family.members.filter(is_deceased=False).order_by("birth_date", "id"))
        parents = [
            m
            for m in members
            if m.role in (FamilyRole.PARENT, FamilyRole.STEP_PARENT) and m.lives_in_household
        ]
        self.parents: list[Member] = parents[:2] or members[:1]
        self.members = members
        self.workers: list[Involvement] = [
            i
            for i in family.involvements.filter(until__isnull=True)
            .select_related("organisation", "worker")
            .order_by("role", "id")
            if i.role not in COACH_ROLES
        ]

    def pick(self, items: Any) -> Any:
        return items[self.rng.randrange(len(items))]

    def with_whom(self) -> list[Member]:
        return self.parents[:1] if self.rng.random() < 0.6 else self.parents


@transaction.atomic
def _build(trajectory: Trajectory, *, today: date, index: int) -> None:
    family = trajectory.family
    if Appointment.objects.filter(family=family).exists():
        return
    people = _Family(trajectory)
    start = max(trajectory.started_on + timedelta(days=2), today - timedelta(weeks=MAX_WEEKS))
    _appointments(people, start=start, today=today, tomorrow=index == 0)
    _contacts_between(people, start=start, today=today)
    if (today - start).days >= 7:
        _promises(people, start=start, today=today, overdue=index % 3 == 0)
    if index in CRISIS_FAMILIES and (today - trajectory.started_on).days >= 40:
        _crisis_log(people, start=start, today=today, ended=index == CRISIS_FAMILIES[0])


def _appointments(people: _Family, *, start: date, today: date, tomorrow: bool) -> None:
    rng = people.rng
    leave_open = rng.random() < 0.35  # the last one still to be updated
    days = []
    day = start
    while day < today:
        days.append(_weekday(day))
        day += timedelta(weeks=1)
    days = [d for d in days if d < today]
    outcomes = _outcomes(rng, len(days))
    for n, day in enumerate(days):
        worker = people.backup if people.backup and rng.random() < 0.1 else people.coach
        starts_at = _at(day, rng.choice((9, 10, 11, 13, 14, 15)), rng.choice((0, 30)))
        appointment = services.appointment_plan(
            access=family_access(people.coach, people.family),
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=rng.choice((45, 60, 60, 90))),
            place="Thuis" if rng.random() < 0.8 else "Op kantoor",
            purpose=people.pick(PURPOSES),
            members=people.with_whom(),
            worker=worker,
        )
        if leave_open and n == len(days) - 1:
            continue
        status = outcomes[n]
        if status == A.KEPT:
            services.appointment_set_status(
                access=family_access(worker, people.family),
                appointment=appointment,
                status=A.KEPT,
                log_contact=True,
                summary=people.pick(KEPT_SUMMARIES),
                working_note=people.pick(WORKING_NOTES) if rng.random() < 0.1 else "",
            )
        else:
            notes: tuple[str, ...] = {
                str(A.CANCELLED_BY_FAMILY): CANCEL_FAMILY,
                str(A.CANCELLED_BY_WORKER): CANCEL_WORKER,
                str(A.NO_SHOW): NO_SHOW,
            }[status]
            services.appointment_set_status(
                access=family_access(worker, people.family),
                appointment=appointment,
                status=status,
                note=people.pick(notes),
            )
    first = today + timedelta(days=1 if tomorrow else 2 + rng.randrange(5))
    for week in range(AHEAD_WEEKS):
        day = first + timedelta(weeks=week)
        starts_at = _at(day if week == 0 and tomorrow else _monday_if_weekend(day), 10)
        services.appointment_plan(
            access=family_access(people.coach, people.family),
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=1),
            place="Thuis",
            purpose=people.pick(PURPOSES),
            members=people.with_whom(),
        )


def _outcomes(rng: random.Random, count: int) -> list[str]:
    """Seven in nine kept (78%), in shuffled blocks of nine: one cancelled by the family,
    and in turn one cancelled by the coach or a no-show."""
    outcomes: list[str] = []
    block = 0
    while len(outcomes) < count:
        miss = A.CANCELLED_BY_WORKER if block % 2 else A.NO_SHOW
        chunk = [A.KEPT] * 7 + [A.CANCELLED_BY_FAMILY, miss]
        rng.shuffle(chunk)
        outcomes += chunk
        block += 1
    return outcomes[:count]


def _contacts_between(people: _Family, *, start: date, today: date) -> None:
    """About one contact a week besides the appointments."""
    rng = people.rng
    day = start + timedelta(days=3)
    while day < today:
        if rng.random() < 0.8:
            kind, summary = people.pick(BETWEEN)
            helpers = people.workers[:1] if kind == Contact.Kind.HELPER else []
            services.contact_log(
                access=family_access(people.coach, people.family),
                occurred_at=_at(_weekday(day), rng.choice((8, 12, 16, 19)), 15),
                kind=kind,
                members=[] if helpers else people.parents[:1],
                involvements=helpers,
                duration_minutes=rng.choice((5, 10, 15, 30)),
                summary=summary,
                working_note=people.pick(WORKING_NOTES) if rng.random() < 0.05 else "",
            )
        day += timedelta(days=rng.choice((5, 7, 9)))


def _promises(people: _Family, *, start: date, today: date, overdue: bool) -> None:
    """About one promise a week over the trajectory (at least five), in every direction and
    status."""
    rng = people.rng
    span = max((today - start).days, 1)
    kinds: list[tuple[str, Any, tuple[str, ...]]] = [
        (D.COACH_TO_FAMILY, people.coach, COACH_PROMISES),
        (D.FAMILY_TO_COACH, people.parents[0] if people.parents else None, FAMILY_PROMISES),
    ]
    if people.workers:
        kinds.append((D.WORKER_TO_FAMILY, people.workers[0], WORKER_PROMISES))
    kinds = [k for k in kinds if k[1] is not None]
    count = max(5, span // 7) + rng.randrange(3)
    for n in range(count):
        direction, who, texts = kinds[n % len(kinds)]
        by: dict[str, Any] = {
            str(D.COACH_TO_FAMILY): {"by_user": who},
            str(D.WORKER_TO_FAMILY): {"by_involvement": who},
            str(D.FAMILY_TO_COACH): {"by_member": who},
        }[direction]
        last = n == count - 1
        # The last promise is open (overdue in some families); the others fall due in the
        # course of the trajectory and were closed.
        if last:
            due_on = today - timedelta(days=3) if overdue else today + timedelta(days=10)
        else:
            due_on = start + timedelta(days=span * (n + 1) // count)
        promise = services.promise_record(
            access=family_access(people.coach, people.family),
            direction=direction,
            what=texts[(n + rng.randrange(len(texts))) % len(texts)],
            due_on=due_on,
            **by,
        )
        if last or due_on >= today:
            continue
        roll = rng.random()
        yesterday = today - timedelta(days=1)
        if roll < 0.6:
            late = rng.random() < 0.25
            on = due_on + timedelta(days=rng.randrange(2, 8) if late else -rng.randrange(0, 4))
            services.promise_close(
                actor=people.coach,
                promise=promise,
                status=P.KEPT,
                on=min(max(on, start), yesterday),
            )
        elif roll < 0.8:
            services.promise_close(
                actor=people.coach,
                promise=promise,
                status=P.BROKEN,
                on=min(due_on + timedelta(days=3), yesterday),
                note="Het lukte niet; besproken wat er nodig is.",
            )
        else:
            on = min(due_on + timedelta(days=1), yesterday)
            follow_up = services.promise_renegotiate(
                actor=people.coach,
                promise=promise,
                due_on=on + timedelta(days=14),
                note="Meer tijd nodig; samen een nieuwe datum gekozen.",
                on=on,
            )
            if follow_up.due_on < today and rng.random() < 0.7:
                services.promise_close(
                    actor=people.coach,
                    promise=follow_up,
                    status=P.KEPT,
                    on=min(follow_up.due_on, yesterday),
                )


def _crisis_log(people: _Family, *, start: date, today: date, ended: bool) -> None:
    """Two crises: one written in the log, one phoned in as a contact with the crisis
    flag, each with a wat-als-afspraak."""
    coach = people.coach
    family = people.family
    first_day = _weekday(start + timedelta(days=(today - start).days // 3))
    first = services.crisis_record(
        access=family_access(coach, family),
        occurred_at=_at(first_day, 21, 30),
        what_happened="Harde ruzie tussen de ouders; de buren belden de politie.",
        what_was_done=(
            "De coach kwam dezelfde avond langs; de kinderen sliepen bij oma. "
            "De volgende ochtend samen met beide ouders gesproken."
        ),
    )
    agreement = services.what_if_agree(
        access=family_access(coach, family),
        situation="de ruzie tussen de ouders weer oploopt",
        who_does_what=("Vader gaat een uur wandelen. Moeder belt oma, die de kinderen ophaalt."),
        who_tells_whom="Moeder belt of appt de coach dezelfde avond; de coach informeert school.",
        agreed_on=first_day + timedelta(days=1),
        crisis=first,
    )
    if ended:
        services.what_if_end(
            actor=coach,
            agreement=agreement,
            ended_on=min(first_day + timedelta(days=45), today - timedelta(days=1)),
            reason="Vader woont niet meer thuis; een nieuwe afspraak vervangt deze.",
        )
    second_day = _weekday(start + timedelta(days=2 * (today - start).days // 3))
    contact = services.contact_log(
        access=family_access(coach, family),
        occurred_at=_at(second_day, 20, 15),
        kind=Contact.Kind.PHONE,
        members=people.parents[:1],
        duration_minutes=40,
        summary="Moeder belde in paniek: de oudste was na een ruzie weggelopen.",
        working_note="Vermoeden dat de oudste blowt; nagaan bij school.",
        is_crisis=True,
    )
    crisis = Crisis.objects.get(contact=contact)
    services.crisis_update(
        actor=coach,
        crisis=crisis,
        what_happened="",
        what_was_done="Telefonisch gekalmeerd; de oudste kwam om 23 uur zelf thuis.",
    )
    services.what_if_agree(
        access=family_access(coach, family),
        situation="een van de kinderen wegloopt",
        who_does_what="Moeder belt eerst de vrienden uit de lijst, na een uur de politie.",
        who_tells_whom="Moeder informeert de coach; de coach informeert de mentor op school.",
        agreed_on=second_day + timedelta(days=1),
        crisis=crisis,
    )


def summary() -> str:
    """One line for seed_demo's output: counts only."""

    appointments = Appointment.objects.exclude(status=Appointment.Status.PLANNED)
    kept = appointments.filter(status=Appointment.Status.KEPT).count()
    return (
        f"{Contact.objects.count()} contacten, {appointments.count()} afspraken afgehandeld, "
        f"waarvan {kept} nagekomen, {Promise.objects.count()} toezeggingen, "
        f"{Crisis.objects.count()} crises in de crisislog, {Meeting.objects.count()} overleggen "
        f"met {Decision.objects.count()} besluiten in het plan."
    )
