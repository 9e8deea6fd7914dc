"""A family account is never a staff user (issue 14): every URL of Spil outside the portal
answers 404 to it — with its own family's key filled in, as an attacker would try — and
nothing is written but the audit of its own reads."""

import re

import pytest
from django.urls import get_resolver

from spil.core.tests.test_url_walk import ALLOW_LIST, walk

# Reachable for a family account: its portal (with the member's own rights, the rights
# app's pages under /mijn-gezin/gegevens/), what every logged-in user needs, and `/`
# (which leads it home; tested below).
OPEN_TO_FAMILY = re.compile(
    r"^(portal:|portal_rights:|accounts:(logout|login|otp_|start$)|set_language|healthz)"
)


def _staff_urls(family_uuid):
    sample = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
    for name, url in sorted(set(walk(get_resolver().url_patterns))):
        if OPEN_TO_FAMILY.match(name) or name in ALLOW_LIST:
            continue
        yield name, sample.sub(str(family_uuid), url, count=1)


def test_every_staff_url_answers_404_to_a_family_account(parent_client, world):
    refused, checked = [], 0
    for name, url in _staff_urls(world.family.uuid):
        checked += 1
        for method in ("get", "post"):
            response = getattr(parent_client, method)(url)
            if response.status_code != 404:
                refused.append((method, name, url, response.status_code))
    assert checked > 100  # the walk found the application, not an empty list
    assert refused == []


@pytest.mark.parametrize("name", ["admin:index", "accounts:start"])
def test_the_admin_and_the_staff_start_page_are_closed(parent_client, name):
    from django.urls import reverse

    response = parent_client.get(reverse(name))
    # The start page `/` leads home to the portal; the admin does not exist for it.
    assert response.status_code in (302, 404)
    if response.status_code == 302:
        assert response["Location"] == "/mijn-gezin/"
