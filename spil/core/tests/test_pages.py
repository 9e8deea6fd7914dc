"""Health check, error pages and the production settings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import path

from config.urls import urlpatterns as project_urls

ROOT = Path(__file__).resolve().parents[3]


def _boom(request):
    raise RuntimeError("geheime details die niemand mag zien")


urlpatterns = [*project_urls, path("ontplof/", _boom)]


@pytest.mark.django_db
def test_healthz_answers_200_without_data(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b""


@pytest.mark.django_db
def test_unknown_page_shows_the_dutch_404(client, coach):
    client.force_login(coach)
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Deze pagina bestaat niet of is niet voor u" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.urls("spil.core.tests.test_pages")
def test_a_crash_shows_no_technical_detail(coach):
    client = Client(raise_request_exception=False)
    client.force_login(coach)
    response = client.get("/ontplof/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "Er ging iets mis" in body
    assert "geheime details" not in body
    assert "Traceback" not in body and "RuntimeError" not in body


def _production_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SPIL_SECRET_KEY="p" * 20 + "-Z9x!q7#Lm2@vK4$tR8&wB1^nC6*hJ3%",
        SPIL_ALLOWED_HOSTS="spil.example.nl",
        SPIL_AUDIT_KEY="a" * 16 + "-audit-Q3w!e5R7t9Y2u4I6o8P0",
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
    )
    return env


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    env = _production_env(tmp_path)
    del env["SPIL_SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SPIL_SECRET_KEY" in result.stderr


@pytest.mark.parametrize("key", [None, "", "too-short-for-an-audit-key"])
def test_production_settings_refuse_to_start_without_a_proper_audit_key(tmp_path, key):
    env = _production_env(tmp_path)
    if key is None:
        del env["SPIL_AUDIT_KEY"]
    else:
        env["SPIL_AUDIT_KEY"] = key
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SPIL_AUDIT_KEY" in result.stderr


def test_production_requires_two_factor_for_everyone(tmp_path):
    code = "from django.conf import settings; print(settings.SPIL_REQUIRE_2FA, settings.DEBUG)"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split() == ["True", "False"], result.stderr
