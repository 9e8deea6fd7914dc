"""Every signals URL × every role (the authorization walk leaves this namespace to us).

GET: the users the table names get the page (200); everyone else a 404 (anonymous: the way
to the login page); never a 500. POST (empty) by a refused user: refused the same way, and
nothing written — no row of this app, no revision raised, no audit event."""

from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import get_resolver, reverse

from spil.core.models import AuditEvent
from spil.signals.models import Answer, Breakthrough, Bundle, Signal

from .factories import make_breakthrough, make_bundle, make_signal

ROLES = [
    "anonymous",
    "coach",
    "backup",
    "other_coach",
    "team_lead",
    "other_team_lead",
    "coordinator",
    "ggz_worker",
    "policy",
    "admin",
]
COACHES = {"coach", "backup", "other_coach", "team_lead", "other_team_lead"}
LEADS = {"team_lead", "other_team_lead"}
AGGREGATES = {"team_lead", "other_team_lead", "coordinator", "policy"}


def _objects(world: Any) -> dict[str, Any]:
    open_signal = make_signal(world.coach)
    bundled = make_signal(world.coach)
    passed = make_signal(world.coach)
    return {
        "open": open_signal,
        "bundled": bundled,
        "passed": passed,
        "bundle": make_bundle(world.team_lead, [bundled]),
        "passed_bundle": make_bundle(world.team_lead, [passed], passed=True),
        "breakthrough": make_breakthrough(world.coach),
    }


def _table(o: dict[str, Any]) -> list[tuple[str, dict[str, Any], set[str]]]:
    """(url name, kwargs, who may open it)."""
    rows: list[tuple[str, dict[str, Any], set[str]]] = [
        ("signals:list", {}, COACHES | AGGREGATES),
        ("signals:new", {}, COACHES),
        ("signals:bundle_new", {}, LEADS),
        ("signals:breakthroughs", {}, COACHES | AGGREGATES),
        ("signals:breakthrough_new", {}, COACHES),
        ("signals:breakthrough_edit", {"uuid": o["breakthrough"].uuid}, {"coach"}),
        ("signals:bundle_detail", {"uuid": o["bundle"].uuid}, {"team_lead"}),
        ("signals:bundle_edit", {"uuid": o["bundle"].uuid}, {"team_lead"}),
        ("signals:bundle_pass", {"uuid": o["bundle"].uuid}, {"team_lead"}),
        ("signals:bundle_answer", {"uuid": o["bundle"].uuid}, set()),
        ("signals:bundle_detail", {"uuid": o["passed_bundle"].uuid}, AGGREGATES),
        ("signals:bundle_edit", {"uuid": o["passed_bundle"].uuid}, set()),
        ("signals:bundle_pass", {"uuid": o["passed_bundle"].uuid}, set()),
        ("signals:bundle_answer", {"uuid": o["passed_bundle"].uuid}, {"policy"}),
    ]
    for key in ("open", "bundled"):
        uuid = o[key].uuid
        rows += [
            ("signals:detail", {"uuid": uuid}, {"coach", "team_lead"}),
            ("signals:edit", {"uuid": uuid}, {"coach"}),
            ("signals:answer", {"uuid": uuid}, set()),
        ]
    uuid = o["passed"].uuid
    rows += [
        ("signals:detail", {"uuid": uuid}, {"coach"} | AGGREGATES),
        ("signals:edit", {"uuid": uuid}, set()),
        ("signals:answer", {"uuid": uuid}, {"policy"}),
    ]
    # An unknown uuid: nobody.
    unknown = "00000000-0000-4000-8000-000000000000"
    for name in ("signals:detail", "signals:bundle_detail", "signals:breakthrough_edit"):
        rows.append((name, {"uuid": unknown}, set()))
    return rows


def _state() -> tuple[Any, ...]:
    """What a refused request must leave as it was."""
    return (
        [(s.pk, s.revision, s.bundle_id, s.status) for s in Signal.objects.order_by("pk")],
        [(b.pk, b.revision, b.passed_at, b.status) for b in Bundle.objects.order_by("pk")],
        Answer.objects.count(),
        [(b.pk, b.revision) for b in Breakthrough.objects.order_by("pk")],
        AuditEvent.objects.count(),
    )


def _request(client: Any, method: str, url: str) -> tuple[int, str, bool]:
    """One request in a savepoint that is rolled back; whether it changed anything."""
    with transaction.atomic():
        before = _state()
        response = getattr(client, method)(url)
        changed = _state() != before
        transaction.set_rollback(True)
    return response.status_code, response.get("Location", ""), changed


def test_the_table_names_every_signals_url(world):
    names = {
        f"signals:{p.name}"
        for p in get_resolver().url_patterns
        if getattr(p, "namespace", None) == "signals"
        for p in p.url_patterns
    }
    walked = {name for name, _kwargs, _who in _table(_objects(world))}
    assert names == walked


@pytest.mark.parametrize("role", ROLES)
def test_every_url_for(client, world, role):
    rows = _table(_objects(world))
    if role != "anonymous":
        client.force_login(getattr(world, role))
    client.raise_request_exception = False
    login = reverse(settings.LOGIN_URL)
    failures = []
    opened = 0
    for name, kwargs, who in rows:
        url = reverse(name, kwargs=kwargs)
        status, location, changed = _request(client, "get", url)
        allowed = role in who
        if status >= 500:
            failures.append(f"{status} on GET {name} {url}")
        elif allowed and status != 200:
            failures.append(f"GET {name} {url} answered {status} to {role}")
        elif not allowed:
            refused = status == 404 or (status == 302 and location.startswith(login))
            if not refused or changed:
                failures.append(f"LEAK: GET {name} {url} answered {status}, changed={changed}")
        opened += allowed
        status, location, changed = _request(client, "post", url)
        if status >= 500:
            failures.append(f"{status} on POST {name} {url}")
        elif not allowed:
            refused = status in (404, 405) or (status == 302 and location.startswith(login))
            if not refused or changed:
                failures.append(f"LEAK: POST {name} {url} answered {status}, changed={changed}")
    assert not failures, "\n".join(failures)
    if role in COACHES | AGGREGATES:
        assert opened
