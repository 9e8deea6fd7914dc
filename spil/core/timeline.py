"""The family's timeline: one list, newest first, of what happened with the family.

Each domain app owns its kinds of item (contacts, appointments, promises, crises,
meetings, trajectory milestones) and registers a *source* for them in its
`AppConfig.ready()`. A source reads its own rows in the database — already filtered to
what the access object opens, ordered newest first, before the cursor and limited to one
page — and returns typed `TimelineItem`s. The workspace merges the sources once
(`page()`), so a family followed for years costs one page of rows per source, never its
whole history.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from django.utils import timezone

if TYPE_CHECKING:
    from .access import FamilyAccess

PAGE_SIZE = 50


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


# A source: (access, before, limit) -> at most `limit` items strictly before `before`
# (all when None), newest first. It returns nothing for a part the access does not open.
Source = Callable[["FamilyAccess", datetime | None, int], list[TimelineItem]]

_sources: dict[str, Source] = {}


def register(name: str, source: Source) -> None:
    """Register (or replace, when ready() runs again) the source called `name`."""
    _sources[name] = source


def sources() -> dict[str, Source]:
    return dict(_sources)


def start_of(day: date) -> datetime:
    """An event that has a date but no time stands at the start of its day (Amsterdam)."""
    return timezone.make_aware(datetime.combine(day, time(0, 0)))


@dataclass(frozen=True)
class TimelinePage:
    items: list[TimelineItem]
    next_before: datetime | None  # the cursor of the next page; None on the last page


def page(
    access: "FamilyAccess", *, before: datetime | None = None, limit: int = PAGE_SIZE
) -> TimelinePage:
    """One page of the timeline: every source asked once for one page, merged newest
    first. The page ends at a change of time, so items sharing the cut-off moment are
    never split over two pages (the next page asks strictly before it)."""
    found: list[TimelineItem] = []
    for source in _sources.values():
        found.extend(source(access, before, limit + 1))
    found.sort(key=lambda item: item.at, reverse=True)
    more = len(found) > limit
    shown = found[:limit]
    if more and shown:
        last = shown[-1].at
        # Cut before the last moment; when one moment fills the page, show it whole.
        shown = [item for item in shown if item.at != last] or [
            item for item in found if item.at == last
        ]
    now = timezone.now()
    shown = [replace(item, upcoming=item.at > now) for item in shown]
    next_before = shown[-1].at if more and shown else None
    return TimelinePage(items=shown, next_before=next_before)
