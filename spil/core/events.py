"""Domain events: what happened, told upwards without calling up.

A domain service records its audit entry inside its own transaction (the evidence must
never be lost) and then `emit()`s a small event. Apps higher in the house subscribe in
their `AppConfig.ready()`; `notifications` is the first listener. Subscribers run after
the transaction commits, so a rolled-back write tells nobody, and a failing subscriber
cannot undo the write that raised the event.

Events carry ids, never model instances: a subscriber reads what it needs afresh.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any, TypeVar

from django.db import transaction


@dataclass(frozen=True)
class Event:
    """Every event names the family it is about and who caused it."""

    family_id: int
    actor_id: int | None


@dataclass(frozen=True)
class GoalReached(Event):
    goal_id: int
    on: date


@dataclass(frozen=True)
class EscalationRaised(Event):
    escalation_id: int


@dataclass(frozen=True)
class WorkerChanged(Event):
    """Another professional took over a place in the team around the family."""

    involvement_id: int


@dataclass(frozen=True)
class InformationShared(Event):
    """A consent to share with an organisation was given."""

    consent_id: int


@dataclass(frozen=True)
class CoachAssigned(Event):
    """A trajectory got a coach or back-up coach: when it opens, or when one changes.
    `previous_id` is the user who held the place before (None for a first assignment)."""

    trajectory_id: int
    coach_id: int | None
    role: str  # "coach" or "backup"
    previous_id: int | None = None


@dataclass(frozen=True)
class EmergencyAccessOpened(Event):
    """A teamleider or the meldpunt opened the family by noodtoegang (issue 18); the coach
    is told (notifications)."""

    emergency_access_id: int


# --- What a family does in its portal (issue 14). `actor_id` is the family account;
# `member_id` the family member it stands for. The coach is told (notifications).


@dataclass(frozen=True)
class FamilyRespondedToPlan(Event):
    """A member agreed to a plan version, or said what they do not agree with."""

    member_id: int
    version_id: int
    agrees: bool


@dataclass(frozen=True)
class AppointmentAnswered(Event):
    """A member confirmed or cancelled an appointment."""

    member_id: int
    appointment_id: int
    cancelled: bool


@dataclass(frozen=True)
class ConsentChangedByFamily(Event):
    """A member gave or withdrew a consent to share."""

    member_id: int
    consent_id: int
    withdrawn: bool


@dataclass(frozen=True)
class FamilyMessageSent(Event):
    member_id: int
    message_id: int


@dataclass(frozen=True)
class CorrectionRequested(Event):
    member_id: int
    request_id: int


@dataclass(frozen=True)
class FamilyAnsweredClosing(Event):
    """A member agreed (or not) to closing the trajectory."""

    member_id: int
    trajectory_id: int
    agrees: bool


E = TypeVar("E", bound=Event)
Subscriber = Callable[[Any], None]

_subscribers: dict[type[Event], list[Subscriber]] = {}


def subscribe(event_type: type[E], handler: Callable[[E], None]) -> None:
    """Register `handler` for `event_type`; called from an AppConfig.ready(). Registering
    the same handler twice (ready() can run again in tests) keeps one."""
    handlers = _subscribers.setdefault(event_type, [])
    if handler not in handlers:
        handlers.append(handler)


def subscribers(event_type: type[Event]) -> list[Subscriber]:
    return list(_subscribers.get(event_type, ()))


def emit(event: Event) -> None:
    """Tell every subscriber of this event's type, after the current transaction commits
    (at once when there is none)."""
    for handler in subscribers(type(event)):
        transaction.on_commit(partial(handler, event))
