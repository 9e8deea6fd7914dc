"""Every sociale-kaart URL × every role (the authorization walk leaves this namespace to us).

The offers are no family data: every staff role reads every page (200), anonymous visitors
go to the login page, nobody gets a 500, and a GET writes nothing. Opened from a family
(`?gezin=`), only those who may see that family get the page (and it is audited); everyone
else a 404 that writes nothing but the refusal. POST is refused everywhere (405)."""

from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import get_resolver, reverse

from spil.core.audit import FAMILY_REFUSED
from spil.core.models import AuditEvent
from spil.directory.models import Intervention, Offer

from .factories import make_offer

ROLES = [
    "anonymous",
    "coach",
    "backup",
    "other_coach",
    "team_lead",
    "other_team_lead",
    "coordinator",
    "ggz_worker",
    "teacher",
    "policy",
    "admin",
]
STAFF = set(ROLES) - {"anonymous"}
FAMILY_READERS = {"coach", "backup", "team_lead"}
UNKNOWN = "00000000-0000-4000-8000-000000000000"


def _table(world: Any) -> list[tuple[str, dict[str, Any], dict[str, str], set[str]]]:
    """(url name, kwargs, query, who may open it)."""
    mst = Intervention.objects.create(name="MST", recognition="sterke_aanwijzingen")
    make_offer("MST-behandeling", kind="jeugdhulp", intervention=mst)
    family = {"gezin": str(world.family.uuid)}
    return [
        ("directory:search", {}, {}, STAFF),
        ("directory:search", {}, {"q": "mst", "leeftijd": "12"}, STAFF),
        ("directory:search", {}, family, FAMILY_READERS),
        ("directory:search", {}, {"gezin": UNKNOWN}, set()),
        ("directory:export", {}, {}, STAFF),
        ("directory:interventions", {}, {}, STAFF),
        ("directory:intervention", {"uuid": mst.uuid}, {}, STAFF),
        ("directory:intervention", {"uuid": UNKNOWN}, {}, set()),
    ]


def _state() -> tuple[Any, ...]:
    return (
        [(o.pk, o.revision) for o in Offer.objects.order_by("pk")],
        [(i.pk, i.revision) for i in Intervention.objects.order_by("pk")],
        list(AuditEvent.objects.exclude(action=FAMILY_REFUSED).values_list("action", flat=True)),
    )


def _request(client: Any, method: str, url: str, query: dict[str, str]) -> tuple[int, str, Any]:
    with transaction.atomic():
        before = _state()
        response = getattr(client, method)(url, query)
        after = _state()
        transaction.set_rollback(True)
    new = after[2][len(before[2]) :]
    changed = (after[0], after[1]) != (before[0], before[1])
    return response.status_code, response.get("Location", ""), (changed, new)


def test_the_table_names_every_directory_url(world):
    names = {
        f"directory:{p.name}"
        for p in get_resolver().url_patterns
        if getattr(p, "namespace", None) == "directory"
        for p in p.url_patterns
    }
    assert names == {name for name, _k, _q, _who in _table(world)}


@pytest.mark.parametrize("role", ROLES)
def test_every_url_for(client, world, role):
    rows = _table(world)
    if role != "anonymous":
        client.force_login(getattr(world, role))
    client.raise_request_exception = False
    login = reverse(settings.LOGIN_URL)
    failures = []
    for name, kwargs, query, who in rows:
        url = reverse(name, kwargs=kwargs)
        status, location, (changed, audited) = _request(client, "get", url, query)
        allowed = role in who
        label = f"{name} {url} {query}"
        if status >= 500:
            failures.append(f"{status} on GET {label}")
        elif allowed and status != 200:
            failures.append(f"GET {label} answered {status} to {role}")
        elif not allowed:
            refused = status == 404 or (status == 302 and location.startswith(login))
            if not refused or changed or audited:
                failures.append(f"LEAK: GET {label} answered {status}, wrote {audited}")
        if changed or (audited and audited != ["directory.searched_for_family"]):
            failures.append(f"GET {label} wrote {audited}")
        status, location, (changed, audited) = _request(client, "post", url, {})
        refused = status == 405 or (status == 302 and location.startswith(login))
        if status >= 500 or not refused or changed or audited:
            failures.append(f"POST {label} answered {status}, wrote {audited}")
    assert not failures, "\n".join(failures)
