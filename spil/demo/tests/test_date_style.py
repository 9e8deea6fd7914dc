"""Dates, times and numbers are written one way (ADR 0010): the demo's pages, read by a
coach, a team lead and a coordinator, show no date, time or number in another style.

Only what a person reads is checked: the text of the page and the `aria-label`, `title` and
`alt` attributes. Machine values (`value="2026-12-05"` of a date input, `datetime=` of a
<time>, data attributes, URLs) keep the ISO form the standards ask for."""

import re
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.urls import reverse

from spil.accounts.models import User
from spil.contacts.models import Contact
from spil.demo import region
from spil.intake.models import Referral
from spil.meetings.models import Meeting
from spil.trajectories.models import Trajectory

pytestmark = pytest.mark.django_db

_MONTHS_NL = (
    "Januari|Februari|Maart|April|Mei|Juni|Juli|Augustus|September|Oktober|November|December"
    "|Jan|Feb|Mrt|Apr|Jun|Jul|Aug|Sep|Sept|Okt|Nov|Dec"
)
# Any of these in what a person reads is a date, time or number in another style.
_COMMON = {
    "numeric date with dashes": r"\b\d{1,2}-\d{1,2}-\d{2,4}\b",
    "numeric date with slashes": r"\b\d{1,2}/\d{1,2}/\d{2,4}\b",
    "ISO date": r"\b\d{4}-\d{2}-\d{2}\b",
    "12-hour time": r"\b\d{1,2}:\d{2} ?(?:AM|PM|am|pm|a\.m\.|p\.m\.)",
    "time with seconds": r"\b\d{1,2}:\d{2}:\d{2}\b",
}
FORBIDDEN = {
    "nl": {
        **_COMMON,
        "capitalised month": rf"\b\d{{1,2}} (?:{_MONTHS_NL})\b",
        # A decimal point, a time written 14.30, a date written 5.12.2026 or a thousands
        # dot: Dutch numbers have a decimal comma and no thousands separator.
        "number with a point": r"(?<![\w.])\d+\.\d+\b",
        "English month": r"\b\d{1,2} (?:January|March|May|June|July|October)\b",
    },
    "en": {
        **_COMMON,
        # Stored Dutch messages (a notification's text) may hold Dutch month names; a
        # date the page writes has an English, capitalised month.
        "lower-case month": r"\b\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\b",
        "number with a comma": r"\b\d+,\d+\b",
    },
}
_READ_ATTRIBUTES = {"aria-label", "title", "alt"}


class _Reader(HTMLParser):
    """The text a person reads: text nodes outside script/style, and labels."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self._hidden += 1
        self.parts.extend(value for name, value in attrs if name in _READ_ATTRIBUTES and value)

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"}:
            self._hidden = max(0, self._hidden - 1)

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    reader = _Reader()
    reader.feed(html)
    return " ".join(" ".join(reader.parts).split())


def offences(text: str, language: str) -> list[str]:
    found = []
    for name, pattern in FORBIDDEN[language].items():
        for match in re.finditer(pattern, text):
            around = text[max(0, match.start() - 40) : match.end() + 40]
            found.append(f"{name}: {match.group(0)!r} in …{around}…")
    return found


def _user(handle: str) -> User:
    return User.objects.get(email=f"{handle}@{region.DEMO_DOMAIN}")


def _family_pages(trajectory: Trajectory) -> Iterator[str]:
    family = trajectory.family
    kw = {"uuid": family.uuid}
    for name in (
        "families:overview",
        "families:timeline",
        "families:who_looked",
        "plans:plan",
        "plans:print",
        "contacts:list",
        "contacts:new",
        "contacts:appointments",
        "contacts:promises",
        "contacts:crises",
        "meetings:list",
        "assessments:overview",
        "assessments:compare",
        "assessments:safety",
    ):
        yield reverse(name, kwargs=kw)
    yield reverse("trajectories:detail", kwargs={"uuid": trajectory.uuid})
    for meeting in Meeting.objects.filter(family=family).order_by("starts_at")[:3]:
        yield reverse("meetings:meeting", kwargs={**kw, "meeting_uuid": meeting.uuid})
    for contact in Contact.objects.filter(family=family).order_by("-occurred_at")[:2]:
        yield reverse("contacts:detail", kwargs={**kw, "contact_uuid": contact.uuid})


def _pages(handle: str) -> Iterator[str]:
    user = _user(handle)
    yield reverse("accounts:start")
    yield reverse("notifications:inbox")
    if handle == "coordinator1":
        yield reverse("intake:worklist")
        yield reverse("intake:report")
        for referral in Referral.objects.order_by("received_on", "id")[:6]:
            yield reverse("intake:detail", kwargs={"uuid": referral.uuid})
            yield reverse("intake:family", kwargs={"uuid": referral.uuid})
        return
    yield reverse("families:list")
    yield reverse("trajectories:caseload")
    yield reverse("contacts:agenda")
    yield reverse("contacts:figures")
    running = Trajectory.objects.running().select_related("family").order_by("started_on", "id")
    if handle == "teamlead1":
        yield reverse("trajectories:team")
        yield reverse("plans:overdue")
        yield reverse("plans:goal_report")
        chosen = list(running[:2])
    else:
        chosen = list(running.filter(coach=user))
    closed = Trajectory.objects.filter(coach=user, closed_on__isnull=False).first()
    for trajectory in chosen + ([closed] if closed else []):
        yield from _family_pages(trajectory)


def _read(client, handle: str, language: str) -> tuple[int, list[str]]:
    client.force_login(_user(handle))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    read, found = 0, []
    for url in dict.fromkeys(_pages(handle)):
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        read += 1
        found += [
            f"{handle} {url}: {o}"
            for o in offences(visible_text(response.content.decode()), language)
        ]
    return read, found


@pytest.mark.parametrize("handle", ["coach1", "teamlead1", "coordinator1"])
def test_the_demo_pages_write_dates_times_and_numbers_one_way(demo_seeded, client, handle):
    read, found = _read(client, handle, "nl")
    assert read >= 6, f"{handle} read only {read} pages"
    assert not found, "\n".join(found)


def test_the_english_pages_write_them_the_english_way(demo_seeded, client):
    read, found = _read(client, "coach1", "en")
    assert read >= 10
    assert not found, "\n".join(found)


def test_the_reader_sees_text_and_labels_but_not_machine_values():
    html = (
        '<p>Op <time datetime="2026-12-05">5 december 2026</time></p>'
        '<input type="date" value="2026-12-05"><a href="/x/2026-12-05/" aria-label="7-6-26">x</a>'
        "<script>var d = '2026-12-05';</script>"
    )
    text = visible_text(html)
    assert text == "Op 5 december 2026 7-6-26 x"
    assert [o.split(":")[0] for o in offences(text, "nl")] == ["numeric date with dashes"]
    assert offences("15 Mei 2026, 7.5 uur, 3:15 PM", "nl") and not offences(
        "15 mei 2026 14:30, 7,5 uur, versie 2", "nl"
    )
