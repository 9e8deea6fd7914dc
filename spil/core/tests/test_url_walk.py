"""Deny by default: every URL pattern is walked from the resolver; an anonymous request
must be sent to login (401 for API paths) unless the pattern is on the allow-list."""

import re
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern, RoutePattern

# The only names an anonymous visitor may reach.
ALLOW_LIST = {
    "healthz",
    "readyz",
    "set_language",
    "accounts:login",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    # The portal invitation link: the member has no password yet (issue 14).
    "portal:welcome",
    # The samenwerkingsmonitor's single-use link: partner professionals answer without
    # logging in (issue 15, ADR 0018).
    "surveys:answer",
    # The API's token endpoint (a partner system has no login, only its client id and
    # secret), and its schema and docs page, which hold no data (issue 17, ADR 0022).
    "api:token",
    "api:schema",
    "api:docs",
}

# A fixed UUID: test ids must be the same in every run (and every xdist worker).
_SAMPLE_BY_CONVERTER = {
    "uuid": "6f1c2b7e-3d4a-4e5f-8a9b-0c1d2e3f4a5b",
    "int": "1",
    "path": "x",
    "slug": "x",
    "str": "x",
}


def _route_sample(route: str) -> str:
    def replace(match: re.Match[str]) -> str:
        converter = match.group(1) or "str"
        return _SAMPLE_BY_CONVERTER.get(converter, "x")

    return re.sub(r"<(?:(\w+):)?\w+>", replace, route)


def _regex_sample(regex: str) -> str:
    text = regex.lstrip("^").rstrip("$").replace("\\Z", "")
    # A named group with alternatives takes its first alternative, otherwise "x".
    text = re.sub(
        r"\(\?P<\w+>([^)]*)\)",
        lambda m: m.group(1).split("|")[0] if re.fullmatch(r"[\w|.-]+", m.group(1)) else "x",
        text,
    )
    return text.replace("\\", "")


def _sample(pattern: RoutePattern | RegexPattern) -> str:
    if isinstance(pattern, RoutePattern):
        return _route_sample(str(pattern._route))
    return _regex_sample(pattern._regex)


def walk(
    patterns: list[URLPattern | URLResolver], prefix: str = "/", namespace: str = ""
) -> Iterator[tuple[str, str]]:
    for entry in patterns:
        part = _sample(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from walk(entry.url_patterns, prefix + part, full_ns)
        else:
            name = f"{namespace}:{entry.name}" if namespace and entry.name else (entry.name or "")
            yield name, prefix + part


ALL_URLS = sorted(set(walk(get_resolver().url_patterns)))
GUARDED_URLS = [(name, url) for name, url in ALL_URLS if name not in ALLOW_LIST]


def test_walk_finds_the_application_urls():
    names = {name for name, _ in ALL_URLS}
    assert {"accounts:start", "healthz", "admin:index"} <= names
    assert len(ALL_URLS) > 20
    # The allow-list names only patterns that exist: no stale exceptions.
    assert names >= ALLOW_LIST


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "url"), GUARDED_URLS, ids=[f"{n or '?'} {u}" for n, u in GUARDED_URLS]
)
def test_anonymous_is_sent_to_login(client, name, url):
    response = client.get(url)
    if url.startswith("/api/"):
        assert response.status_code == 401, url
        return
    assert response.status_code == 302, f"{url} answered {response.status_code}"
    assert response["Location"].startswith(reverse(settings.LOGIN_URL)), url


@pytest.mark.django_db
def test_allow_listed_pages_answer_without_login(client):
    assert client.get(reverse("healthz")).status_code == 200
    assert client.get(reverse("readyz")).status_code == 200
    assert client.get(reverse("accounts:login")).status_code == 200
    assert client.get(reverse("accounts:password_reset")).status_code == 200
