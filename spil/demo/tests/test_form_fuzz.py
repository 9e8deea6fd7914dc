"""Fuzzing every form the demo's coach and coordinator reach: whatever is posted into
whichever field — huge and negative numbers, 20-digit ids, the years 1 and 9999, endless
and exotic text, markup — the answer is never a 500 (issue 22: bad input never reaches a
500; ARCHITECTURE.md: "fuzz tests over every form keep it so").

The forms are found, not listed: every URL name that takes one uuid is reversed for a few
of the user's families, trajectories and (for the coordinator) referrals, and the links on
those pages are followed two levels further. Each distinct form (by action and fields) is
then posted:

- as the page offers it, and with every text as long as the form allows (a column shorter
  than its form field fails on PostgreSQL only);
- with every date at 0001-01-01 and then at 9999-12-31, the other fields as offered (the
  500s of issue 22 came after the form had accepted such a date), empty ones left empty
  and then filled in;
- with a 20-digit id in every choice, number and hidden field;
- and a few hypothesis examples: one or two fields nasty or random, the rest as offered.

Everything a post changes is rolled back at once, so each post starts from the seeded demo.
Runs on SQLite and PostgreSQL.
"""

import re
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.db import models, transaction
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models.signals import pre_save
from django.test import Client
from django.urls import NoReverseMatch, Resolver404, get_resolver, resolve, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spil.accounts.models import User
from spil.core import access
from spil.demo import region
from spil.trajectories.models import Trajectory

pytestmark = pytest.mark.django_db

HANDLES = ["coach1", "coordinator1"]
LEVELS = 3  # the reversed pages and two levels of links beyond
PER_SHAPE = 1  # linked pages of one shape (path with the uuids left out) that are read
EXAMPLES = 3  # hypothesis examples per form, on top of the fixed posts
# Forms left out of the fuzzing (none: every form of the project is a SpilForm).
PENDING: set[str] = set()
SKIP = re.compile(r"^/(static|media|beheer|api)/|/uitloggen/|/cijfers/|/pdf/|\.(pdf|csv|svg)$")
ACTIVE = [p for p in Trajectory.Phase if p not in {"nazorg", "gesloten"}]  # in their order
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
HUGE_ID = "9" * 20  # beyond SQLite's and PostgreSQL's integers


def _shape(url: str) -> str:
    parts = urlsplit(url)
    keys = ",".join(sorted(re.findall(r"(\w+)=", parts.query)))
    return f"{UUID.sub('{id}', parts.path)}?{keys}"


# --- Reading pages ---------------------------------------------------------------------------


@dataclass
class Field:
    kind: str  # date, datetime-local, number, text, textarea, hidden, choice, …
    multiple: bool = False
    options: list[str] = field(default_factory=list)  # every value the page offers
    initial: list[str] = field(default_factory=list)  # what the browser would send
    max_length: int | None = None


@dataclass
class Form:
    action: str
    user: User | None = None
    fields: dict[str, Field] = field(default_factory=dict)

    def shape(self) -> tuple[str, tuple[str, ...]]:
        return _shape(self.action), tuple(sorted(self.fields))

    def as_offered(self, typed: bool = False) -> dict[str, Any]:
        """What a user would send: the values filled in, else the first real option; with
        `typed` also something typed into an empty text, number or date (a required field
        left empty stops the form before the interesting part, but so may a filled one)."""
        data: dict[str, Any] = {}
        for name, f in self.fields.items():
            if f.multiple or f.kind == "checkbox":
                data[name] = f.initial if f.multiple else (f.initial or [""])[0]
                continue
            value = next((v for v in f.initial if v.strip()), "")
            value = value or next((o for o in f.options if o), "")
            data[name] = value or (TYPED.get(f.kind, "") if typed else "")
        return data


TYPED = {
    "text": "Een tekst",
    "textarea": "Een tekst",
    "email": "iemand@example.org",
    "number": "1",
    "date": "2026-01-05",
    "datetime-local": "2026-01-05T10:00",
}


class _Page(HTMLParser):
    """The links and the POST forms (also those posted with htmx) of one page."""

    def __init__(self, url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.url = url
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._field: Field | None = None  # the open select or textarea

    def _add(self, name: str | None, kind: str, a: dict[str, str]) -> Field | None:
        if self._form is None or not name or name == "csrfmiddlewaretoken":
            return None
        f = self._form.fields.setdefault(name, Field(kind))
        if a.get("maxlength", "").isdigit():
            f.max_length = int(a["maxlength"])
        return f

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        name = a.get("name")
        if tag == "a" and a.get("href", "").startswith("/"):
            self.links.append(a["href"].split("#")[0])
        elif tag == "form":
            post = a.get("method", "").lower() == "post" or "hx-post" in a
            action = urljoin(self.url, a.get("hx-post") or a.get("action") or self.url)
            self._form = Form(action) if post else None
        elif tag == "input" and (f := self._add(name, a.get("type", "text").lower(), a)):
            value = a.get("value", "on" if f.kind in {"checkbox", "radio"} else "")
            if f.kind in {"submit", "button", "image", "reset", "file"}:
                return
            f.options.append(value)
            f.multiple = f.multiple or (f.kind == "checkbox" and len(f.options) > 1)
            if f.kind not in {"checkbox", "radio"} or "checked" in a:
                f.initial.append(value)
        elif tag == "button" and (f := self._add(name, "button", a)):
            f.options.append(a.get("value", ""))
        elif tag == "textarea":
            self._field = self._add(name, "textarea", a)
        elif tag == "select" and (f := self._add(name, "choice", a)):
            f.multiple = "multiple" in a
            self._field = f
        elif tag == "option" and self._field is not None:
            self._field.options.append(a.get("value", ""))
            if "selected" in a:
                self._field.initial.append(a.get("value", ""))

    def handle_data(self, data: str) -> None:
        if self._field is not None and self._field.kind == "textarea":
            self._field.initial = ["".join(self._field.initial) + data]

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None
        elif tag in {"select", "textarea"}:
            self._field = None


def _pending(form: Form) -> bool:
    try:
        return resolve(urlsplit(form.action).path).view_name in PENDING
    except Resolver404:
        return False


def _roots(user: User) -> list[str]:
    """Every page whose URL takes no or one uuid: for one of the user's families (the one
    furthest along), a trajectory in each phase, and a referral in each status."""
    visible = access.visible_families(user)
    trajectories: dict[str, Trajectory] = {}
    for trajectory in Trajectory.objects.filter(family__in=visible).order_by("created_at"):
        trajectories.setdefault(trajectory.phase, trajectory)
    running = [trajectories[p] for p in reversed(ACTIVE) if p in trajectories]
    families = [running[0].family] if running else list(visible.order_by("created_at")[:1])
    referrals: dict[str, Any] = {}
    for referral in access.visible_referrals(user).order_by("created_at"):
        referrals.setdefault(referral.status, referral)
    objects = {"intake": list(referrals.values()), "trajectories": list(trajectories.values())}
    urls = ["/"]
    for namespace, (_prefix, resolver) in sorted(get_resolver().namespace_dict.items()):
        for name in sorted(n for n in resolver.reverse_dict if isinstance(n, str)):
            try:
                urls.append(reverse(f"{namespace}:{name}"))
                continue
            except NoReverseMatch:
                pass
            for obj in objects.get(namespace, families):
                try:
                    urls.append(reverse(f"{namespace}:{name}", kwargs={"uuid": obj.uuid}))
                except NoReverseMatch:
                    break
    return urls


def _collect(user: User) -> list[Form]:
    """The distinct POST forms on the user's pages."""
    client = Client(raise_request_exception=False)
    client.force_login(user)
    seen: set[str] = set()
    per_shape: dict[str, int] = {}
    forms: list[Form] = []
    level = _roots(user)
    for _depth in range(LEVELS):
        following: list[str] = []
        for url in level:
            shape = _shape(url)
            known = per_shape.get(shape, 0) >= PER_SHAPE and _depth > 0  # the roots: all
            if url in seen or SKIP.search(url) or known:
                continue
            seen.add(url)
            per_shape[shape] = per_shape.get(shape, 0) + 1
            response = client.get(url)
            assert response.status_code < 500, url
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue  # a 404 for a part this user may not open, a redirect, a file
            page = _Page(url)
            page.feed(response.content.decode())
            forms += [f for f in page.forms if not SKIP.search(f.action) and not _pending(f)]
            following += page.links
        level = following
    for form in forms:
        form.user = user
    return forms


# --- Posting -----------------------------------------------------------------------------

NASTY = [
    "",
    " ",
    "-1",
    HUGE_ID,
    "-" + HUGE_ID,
    str(2**63),
    str(2**31),
    "1e309",
    "NaN",
    "0001-01-01",
    "9999-12-31",
    "0001-01-01T00:00",
    "9999-12-31T23:59",
    "2026-02-31",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7|add:7 }}{% now 'Y' %}",
    "'; DROP TABLE families_family; --",
    "x" * 10_001,
    "Zoë ß 中文 🙂 \u202e \ufeff",
    "\x00",
    "lid:" + HUGE_ID,
    "coach:geen-uuid",
    str(uuid.UUID(int=0)),
]
CHOICES = {"choice", "checkbox", "radio", "hidden", "button", "number"}
DATES = {
    "date": ("0001-01-01", "9999-12-31"),
    "datetime-local": ("0001-01-01T00:00", "9999-12-31T23:59"),
}


def _fixed_posts(form: Form) -> list[dict[str, Any]]:
    offered, typed = form.as_offered(), form.as_offered(typed=True)
    longest = {
        name: "x" * (f.max_length or 5000)
        for name, f in form.fields.items()
        if f.kind in {"text", "textarea", "email", "search", "tel"}
    }
    posts = [offered, {**typed, **longest}]
    dates = {name: DATES[f.kind] for name, f in form.fields.items() if f.kind in DATES}
    for base in (offered, typed) if dates else ():
        posts += [{**base, **{name: pair[end] for name, pair in dates.items()}} for end in (0, 1)]
    ids = {
        name: [HUGE_ID] if f.multiple else HUGE_ID
        for name, f in form.fields.items()
        if f.kind in CHOICES
    }
    if ids:
        posts.append({**typed, **ids})
    return posts


def _nasty_or_any(f: Field) -> st.SearchStrategy[Any]:
    one = st.one_of(
        st.sampled_from(NASTY),
        st.text(max_size=20),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
        *([st.sampled_from([o for o in f.options if o])] if any(f.options) else []),
    )
    return st.lists(one, max_size=3) if f.multiple else one


def _examples(form: Form) -> st.SearchStrategy[dict[str, Any]]:
    """One or two fields nasty or random, the rest as offered."""
    names = sorted(form.fields)
    targets = st.lists(st.sampled_from(names), min_size=1, max_size=2, unique=True)

    def fill(chosen: list[str]) -> st.SearchStrategy[dict[str, Any]]:
        changes = st.fixed_dictionaries({n: _nasty_or_any(form.fields[n]) for n in chosen})
        return changes.map(lambda c: {**form.as_offered(typed=True), **c})

    return targets.flatmap(fill)


def _beyond_postgresql(sender: Any, instance: Any) -> list[str]:
    """What PostgreSQL would refuse in this save (SQLite stores a text longer than its
    column and any whole number)."""
    problems = []
    for f in sender._meta.concrete_fields:
        value = getattr(instance, f.attname)
        if isinstance(f, models.CharField) and f.max_length and isinstance(value, str):
            if len(value) > f.max_length:
                problems.append(f"{f} takes {f.max_length} characters, got {len(value)}")
        elif isinstance(value, int) and not isinstance(value, bool):
            low, high = INTEGER_RANGES.get(f.get_internal_type(), (None, None))
            if low is not None and high is not None and not low <= value <= high:
                problems.append(f"{f} takes {low}…{high}, got {value}")
    return problems


INTEGER_RANGES = BaseDatabaseOperations.integer_field_ranges


class Fuzzer:
    """Posts to the forms and writes down every 500 — and every save PostgreSQL would
    refuse, so a run on SQLite finds those too (saves that bypass save(), such as
    bulk_create, are not seen)."""

    def __init__(self) -> None:
        self.failures: list[str] = []
        self.clients: dict[int, Client] = {}

    def post(self, form: Form, data: dict[str, Any]) -> None:
        assert form.user is not None
        if form.user.pk not in self.clients:
            self.clients[form.user.pk] = Client()  # a server error raises here
            self.clients[form.user.pk].force_login(form.user)
        problems: list[str] = []

        def check(sender: Any, instance: Any, **kwargs: Any) -> None:
            problems.extend(_beyond_postgresql(sender, instance))

        pre_save.connect(check, dispatch_uid="form-fuzz")
        with transaction.atomic():  # whatever the post changed is undone at once
            try:
                status = self.clients[form.user.pk].post(form.action, data).status_code
                problems += [f"status {status}"] if status >= 500 else []
            except Exception as error:
                problems.append(f"{type(error).__name__}: {error}")
            finally:
                pre_save.disconnect(dispatch_uid="form-fuzz")
            transaction.set_rollback(True)
        self.failures += [f"{_shape(form.action)} {p} ← {data!r:.300}" for p in problems]

    def fuzz(self, form: Form) -> None:
        for data in _fixed_posts(form):
            self.post(form, data)
        if not form.fields:
            return

        @settings(
            max_examples=EXAMPLES,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(data=_examples(form))
        def example(data: dict[str, Any]) -> None:
            self.post(form, data)  # written down, not raised: no shrinking needed

        example()


def test_no_form_answers_bad_input_with_a_500(demo_seeded):
    forms: dict[tuple[str, tuple[str, ...]], Form] = {}
    for handle in HANDLES:
        user = User.objects.get(email=f"{handle}@{region.DEMO_DOMAIN}")
        for form in _collect(user):
            forms.setdefault(form.shape(), form)  # a form both reach is posted once
    assert len(forms) >= 40, sorted(forms)  # the crawl found the daily work
    fuzzer = Fuzzer()
    for form in forms.values():
        fuzzer.fuzz(form)
    assert not fuzzer.failures, "\n".join(fuzzer.failures)
