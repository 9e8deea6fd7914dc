"""`core.timeline.page`: a source that gives its moments first is read only from the
moment the page ends at, and the pages are exactly those of reading every source whole
(checked against a plain reading of them, `_read_whole`)."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spil.core import timeline
from spil.core.timeline import TimelineItem

START = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


class FakeSource:
    """A source over fixed moments (hours after START; equal hours are ties)."""

    def __init__(self, name, hours):
        self.name = name
        self.moments_at = sorted((START + dt.timedelta(hours=h) for h in hours), reverse=True)
        self.item_calls = []

    def _at(self, before, since=None):
        return [
            at
            for at in self.moments_at
            if (before is None or at < before) and (since is None or at >= since)
        ]

    def items(self, access, before, limit, since=None):
        self.item_calls.append(since)
        found = self._at(before, since)[:limit]
        return [
            TimelineItem(at=at, kind=self.name, label=self.name, title=f"{self.name} {i}")
            for i, at in enumerate(found)
        ]

    def moments(self, access, before, limit):
        return self._at(before)[:limit]


def _walk(monkeypatch, sources, with_moments, limit):
    registry = {}
    monkeypatch.setattr(timeline, "_sources", registry)
    for source in sources:
        moments = source.moments if with_moments(source) else None
        timeline.register(source.name, source.items, moments=moments)
    pages, before = [], None
    while True:
        page = timeline.page(None, before=before, limit=limit)  # type: ignore[arg-type]
        pages.append(([(i.at, i.kind) for i in page.items], page.next_before))
        if page.next_before is None:
            return pages
        # Each page goes back in time: a cursor that stood still would never end.
        assert before is None or page.next_before < before
        before = page.next_before


def _read_whole(sources, limit):
    """The pages as the timeline means them, from every source read whole: newest first
    (sources in their order at equal moments), a page ends before its last moment, and a
    moment that fills a page is shown whole."""
    rest = sorted(
        ((at, s.name) for s in sources for at in s.moments_at), key=lambda x: x[0], reverse=True
    )
    pages = []
    while True:
        more = len(rest) > limit
        shown = rest[:limit]
        if more and shown:
            last = shown[-1][0]
            shown = [i for i in shown if i[0] != last] or [i for i in rest if i[0] == last]
        next_before = shown[-1][0] if more and shown else None
        pages.append((shown, next_before))
        if next_before is None:
            return pages
        rest = [i for i in rest if i[0] < next_before]


hours = st.lists(st.integers(min_value=0, max_value=40), max_size=30)


@settings(max_examples=150, deadline=None)
@given(
    a=hours,
    b=hours,
    c=hours,
    limit=st.integers(min_value=1, max_value=8),
    with_moments=st.sets(st.sampled_from("abc")),
)
def test_the_pages_are_those_of_reading_every_source_whole(a, b, c, limit, with_moments):
    def sources():
        return [FakeSource("a", a), FakeSource("b", b), FakeSource("c", c)]

    with pytest.MonkeyPatch.context() as monkeypatch:
        pages = _walk(monkeypatch, sources(), lambda s: s.name in with_moments, limit)
    assert pages == _read_whole(sources(), limit)
    # Every item once, newest first over the pages.
    shown = [at for items, _next in pages for at, _kind in items]
    assert sorted(shown, reverse=True) == shown
    assert len(shown) == len(a) + len(b) + len(c)


def test_a_source_older_than_the_page_is_not_read(monkeypatch):
    recent = FakeSource("recent", range(100, 200))
    old = FakeSource("old", range(0, 50))
    monkeypatch.setattr(timeline, "_sources", {})
    timeline.register("recent", recent.items, moments=recent.moments)
    timeline.register("old", old.items, moments=old.moments)
    page = timeline.page(None, limit=10)  # type: ignore[arg-type]
    assert [i.kind for i in page.items] == ["recent"] * 9  # the page ends before its 10th moment
    assert old.item_calls == []
    # The recent source was read from the page's end on: 11 items, not its whole page.
    assert recent.item_calls == [START + dt.timedelta(hours=189)]


def test_a_source_with_moments_must_take_since(monkeypatch):
    monkeypatch.setattr(timeline, "_sources", {})
    with pytest.raises(TypeError, match="since"):
        timeline.register("x", lambda access, before, limit: [], moments=lambda *a: [])
