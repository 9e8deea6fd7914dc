"""The family's timeline: one list, newest first, of what happened with the family.

Each domain app owns its kinds of item (contacts, appointments, promises, crises,
meetings, trajectory milestones) and registers a *source* for them in its
`AppConfig.ready()`. A source reads its own rows in the database — already filtered to
what the access object opens, ordered newest first, before the cursor and limited to one
page — and returns typed `TimelineItem`s. The workspace merges the sources once
(`page()`), so a family followed for years costs one page of rows per source, never its
whole history.

A source whose rows are many and costly to make into items (contacts with whom, say) also
registers its *moments*: the same rows' times only, one small query. The page first reads
the moments of those sources and finds the moment the page ends at; each such source then
makes items only of its rows from that moment on — and one whose newest moment lies
before it is not read at all. So those sources together make about a page of items, not a
page each; the sources that stay small (crises, meetings, milestones, documents) give a
page each as before.
"""

import inspect
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from .sql import day_bounds

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
# A source registered with moments is also called with `since=`: only items at or after it.
Source = Callable[..., list[TimelineItem]]
# Moments: (access, before, limit) -> the times of the items the source would give for the
# same arguments, newest first (one query, no items made).
Moments = Callable[["FamilyAccess", datetime | None, int], list[datetime]]


@dataclass(frozen=True)
class _Registered:
    items: Source
    moments: Moments | None


_sources: dict[str, _Registered] = {}


def register(name: str, source: Source, *, moments: Moments | None = None) -> None:
    """Register (or replace, when ready() runs again) the source called `name`; with
    `moments`, the source takes `since=` too (see the module's docstring)."""
    if moments is not None and "since" not in inspect.signature(source).parameters:
        raise TypeError(f"timeline source {name!r} has moments but takes no since=")
    _sources[name] = _Registered(source, moments)


def sources() -> dict[str, Source]:
    return {name: registered.items for name, registered in _sources.items()}


def start_of(day: date) -> datetime:
    """An event that has a date but no time stands at the start of its day (Amsterdam)."""
    return day_bounds(day, day)[0]


# One moment that fills a page is shown whole, up to this many items (more at one moment
# is no family's history: an import gone wrong).
WHOLE_MOMENT = 20 * PAGE_SIZE


def _all_at(
    access: "FamilyAccess", moment: datetime, given: dict[str, list[TimelineItem]], full: int
) -> list[TimelineItem]:
    """Every item at `moment`. A source that gave fewer than `full` items gave all of its
    items at that moment already; one that gave `full` may have more, and is read again."""
    after = moment + timedelta(microseconds=1)
    found: list[TimelineItem] = []
    for name, registered in _sources.items():
        items = given.get(name, [])
        if len(items) >= full:
            if registered.moments is None:
                items = registered.items(access, after, WHOLE_MOMENT)
            else:
                items = registered.items(access, after, WHOLE_MOMENT, since=moment)
        found.extend(item for item in items if item.at == moment)
    return found


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
    given: dict[str, list[TimelineItem]] = {}
    moments: dict[str, list[datetime]] = {}
    for name, registered in _sources.items():
        if registered.moments is None:
            given[name] = registered.items(access, before, limit + 1)
        else:
            moments[name] = registered.moments(access, before, limit + 1)
    # The (limit + 1)-th newest moment of all: every item the page shows, and the one that
    # tells there is more, lies at or after it. Fewer moments than that: all are shown.
    newest = sorted(
        [item.at for items in given.values() for item in items]
        + [moment for times in moments.values() for moment in times],
        reverse=True,
    )
    since = newest[limit] if len(newest) > limit else None
    for name, times in moments.items():
        if times and (since is None or times[0] >= since):
            given[name] = _sources[name].items(access, before, limit + 1, since=since)
    # In the order the sources were registered: equal moments keep that order.
    found = [item for name in _sources for item in given.get(name, [])]
    found.sort(key=lambda item: item.at, reverse=True)
    # More than a page: the items say so, or the moments do (should a row go between the
    # two reads, the page still ends at a moment and the next goes on from there).
    more = len(found) > limit or len(newest) > limit
    shown = found[:limit]
    if more and shown:
        last = shown[-1].at
        # Cut before the last moment; when one moment fills the page, show it whole.
        shown = [item for item in shown if item.at != last] or _all_at(
            access, last, given, limit + 1
        )
    now = timezone.now()
    shown = [replace(item, upcoming=item.at > now) for item in shown]
    next_before = shown[-1].at if more and shown else None
    return TimelinePage(items=shown, next_before=next_before)
