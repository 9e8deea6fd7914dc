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
