"""Issue 22, finding C: no Django debug pages in the demo; Dutch error pages in the
site layout, without details, that never become a 500 themselves."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.test import Client, RequestFactory
from django.urls import get_resolver, path

from config.urls import urlpatterns as project_urls

ROOT = Path(__file__).resolve().parents[3]
LAYOUT = "Spil — één gezin, één plan, één regisseur."
DEBUG_MARKERS = ["Traceback", "URLconf", "Page not found", "Request Method", "Django"]


def _boom(request):
    raise RuntimeError("geheime details die niemand mag zien")


urlpatterns = [*project_urls, path("ontplof/", _boom)]


def _no_details(body: str) -> None:
    for marker in DEBUG_MARKERS:
        assert marker not in body, marker


def _local_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SPIL_DEBUG"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DATABASE_URL=f"sqlite:///{tmp_path / 'local.sqlite3'}",
        **extra,
    )
    return env


def _local_setting(tmp_path: Path, code: str, **extra: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=_local_env(tmp_path, **extra),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_demo_runs_without_debug_unless_a_developer_asks(tmp_path):
    code = "from django.conf import settings; print(settings.DEBUG)"
    assert _local_setting(tmp_path, code) == "False"
    assert _local_setting(tmp_path, code, SPIL_DEBUG="1") == "True"


@pytest.mark.django_db
def test_a_closed_family_shows_the_dutch_404_in_the_layout(client, coach):
    client.force_login(coach)
    response = client.get(f"/gezinnen/{uuid.uuid4()}/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "Deze pagina bestaat niet of is niet voor u" in body
    assert LAYOUT in body
    assert 'class="site-header"' in body
    _no_details(body)
    assert "gezinnen/" not in body.split("<main", 1)[1]  # no URL list, no path echoed


def _request(user=None):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().post("/iets/", {"bsn": "111222333"})
    request.user = user or AnonymousUser()
    return request


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "exception", "text"),
    [
        (400, SuspiciousOperation("geheime details"), "Dit verzoek kunnen we niet verwerken"),
        (403, PermissionDenied("geheime details"), "Dit mag niet"),
        (404, Http404("geheime details"), "Deze pagina bestaat niet of is niet voor u"),
    ],
)
def test_the_error_handlers_answer_in_dutch_in_the_layout(coach, status, exception, text):
    handler = get_resolver().resolve_error_handler(status)
    response = handler(_request(coach), exception)
    body = response.content.decode()
    assert response.status_code == status
    assert text in body
    assert LAYOUT in body
    assert "geheime details" not in body and "111222333" not in body
    _no_details(body)


@pytest.mark.django_db
def test_an_error_page_whose_context_fails_still_answers_with_its_own_status(coach, monkeypatch):
    from spil.core import context_processors

    def broken(request):
        raise RuntimeError("database weg")

    monkeypatch.setattr(context_processors.access, "capabilities", broken)
    response = get_resolver().resolve_error_handler(404)(_request(coach), Http404())
    assert response.status_code == 404
    assert "Deze pagina bestaat niet of is niet voor u" in response.content.decode()


@pytest.mark.django_db
def test_the_500_handler_answers_in_dutch_without_the_database(coach, django_assert_num_queries):
    handler = get_resolver().resolve_error_handler(500)
    with django_assert_num_queries(0):
        response = handler(_request(coach))
    body = response.content.decode()
    assert response.status_code == 500
    assert "Er ging iets mis" in body
    assert LAYOUT in body
    _no_details(body)


@pytest.mark.django_db
@pytest.mark.urls("spil.core.tests.test_error_pages")
def test_a_crash_after_a_post_shows_neither_traceback_nor_posted_data(coach):
    client = Client(raise_request_exception=False)
    client.force_login(coach)
    response = client.post("/ontplof/", {"bsn": "111222333", "notitie": "vertrouwelijk"})
    body = response.content.decode()
    assert response.status_code == 500
    assert "Er ging iets mis" in body
    for secret in ["geheime details", "111222333", "vertrouwelijk", "RuntimeError"]:
        assert secret not in body
    _no_details(body)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
            return (
                response.status,
                response.headers.get("Content-Type", ""),
                response.read().decode(),
            )
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read().decode()


def test_runserver_with_the_demo_settings_serves_css_and_the_dutch_404(tmp_path):
    """What `make demo` runs: runserver, local settings, DEBUG off."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=_local_env(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, kind, body = _get(f"{base}/static/css/spil.css")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        assert status == 200
        assert kind.startswith("text/css")
        assert body.strip()
        status, _kind, page = _get(f"{base}/bestaat-niet/")
        assert status == 404
        assert "Deze pagina bestaat niet of is niet voor u" in page
        assert "/static/css/spil.css" in page
        _no_details(page)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
