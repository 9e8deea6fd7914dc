"""Requests with a deadline on the coach's worklist, from apps above the workspace.

An app that holds such requests (the person's rights, say) registers a source in its
`AppConfig.ready()`; the workspace asks here for the coach's families and imports no app
above it. A source takes the family ids the caller may open and today, and returns items.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class WorkItem:
    family: Any
    kind: str  # plain words: what kind of request
    requested_on: date
    due_on: date
    url: str
    today: date

    @property
    def days_left(self) -> int:
        return (self.due_on - self.today).days

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def days_late(self) -> int:
        return max(0, -self.days_left)


Source = Callable[[list[int], date], list[WorkItem]]
_sources: list[Source] = []


def register(source: Source) -> None:
    if source not in _sources:
        _sources.append(source)


def items(*, family_ids: list[int], today: date) -> list[WorkItem]:
    """Every registered source's open items for these families, earliest deadline first."""
    found = [item for source in _sources for item in source(family_ids, today)]
    return sorted(found, key=lambda item: (item.due_on, item.requested_on))
