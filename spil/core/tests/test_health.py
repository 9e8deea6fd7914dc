"""/healthz (alive) and /readyz (database, migrations, cache, static files): no login, no
data."""

import json

import pytest
from django.db import connection

from spil.core import views

pytestmark = pytest.mark.django_db


def test_readyz_answers_200_with_ok_per_check_only(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.content.decode() == "database: ok\nmigrations: ok\ncache: ok\nstatic: ok\n"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_readyz_is_503_when_the_cache_is_unreachable(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        }
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.content.decode() == "database: ok\nmigrations: ok\ncache: fail\nstatic: ok\n"


def test_readyz_is_503_while_a_migration_is_not_applied(client, monkeypatch):
    class Pending:
        def __init__(self, connection):
            self.loader = type("L", (), {"graph": type("G", (), {"leaf_nodes": list})()})()

        def migration_plan(self, targets):
            return [("core", "9999_later")]

    monkeypatch.setattr(views, "_migrations_applied", False)
    monkeypatch.setattr(views, "MigrationExecutor", Pending)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert "migrations: fail" in response.content.decode()


def test_readyz_is_503_when_the_database_does_not_answer(client, monkeypatch):
    def broken(*args, **kwargs):
        raise connection.Database.OperationalError("down")

    monkeypatch.setattr(views.connection, "cursor", broken)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.content.decode() == "database: fail\nmigrations: fail\ncache: ok\nstatic: ok\n"


MANIFEST_STORAGE = "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"


def test_readyz_is_503_until_the_static_files_are_collected(client, settings, tmp_path):
    """With production's manifest storage every page names its CSS by the manifest: without
    `collectstatic` they would all fail, so the process is not ready."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST_STORAGE}}
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.content.decode().endswith("cache: ok\nstatic: fail\n")

    manifest = {"version": "1.1", "paths": {views.STATIC_PROBE: "css/spil.0123abcd.css"}}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    settings.STORAGES = {**settings.STORAGES}  # a fresh storage reads the manifest
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.content.decode().endswith("static: ok\n")


def test_a_failing_readyz_logs_its_check_once_as_a_warning_not_as_an_error(
    client, settings, caplog
):
    """The orchestrator asks every 15 seconds: a cache that is down is one warning per probe,
    not an ERROR from Django's request logger on top."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        }
    }
    with caplog.at_level("WARNING"):
        assert client.get("/readyz").status_code == 503
    assert [(r.name, r.levelname) for r in caplog.records] == [("spil.core.views", "WARNING")]
