"""The production stack in deploy/ cannot be started here (no Docker engine on this
machine, docs/deployment.md); what can break in it without Docker is checked here: the
compose file's shape, the commands it runs, and that the settings start from the
variables `env.example` lists — and only from those."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import get_commands

DEPLOY = Path(settings.BASE_DIR) / "deploy"


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))


def _example_env() -> dict[str, str]:
    env = {}
    for line in (DEPLOY / "env.example").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            env[key.strip()] = value.strip()
    return env


def test_the_stack_has_the_app_the_worker_the_scheduler_the_database_redis_and_a_proxy(
    compose,
):
    services = compose["services"]
    assert {"migrate", "app", "worker", "scheduler", "db", "redis", "proxy"} <= set(services)
    assert services["app"]["command"][:3] == ["gunicorn", "-c", "deploy/gunicorn.conf.py"]
    assert services["db"]["image"].startswith("postgres:")
    assert services["redis"]["image"].startswith("redis:")
    # The app, the worker and the scheduler start only on a healthy database and cache,
    # once the migrations ran; the app checks itself on /readyz.
    for name in ("app", "worker", "scheduler"):
        assert services[name]["depends_on"] == {
            "db": {"condition": "service_healthy"},
            "redis": {"condition": "service_healthy"},
            "migrate": {"condition": "service_completed_successfully"},
        }
    assert set(services["migrate"]["depends_on"]) == {"db", "redis"}
    # A deploy stops the worker with time to finish its batch of e-mails (a claim of one
    # that is killed anyway expires: spil.notifications.services.EMAIL_CLAIM_MINUTES).
    assert services["worker"]["stop_grace_period"] == "60s"
    assert "/readyz" in " ".join(services["app"]["healthcheck"]["test"])
    for name in ("app", "worker", "scheduler", "migrate"):
        environment = services[name]["environment"]
        assert environment["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
        assert environment["DATABASE_URL"].startswith("postgres://")
        assert environment["REDIS_URL"].startswith("redis://")


def test_documents_and_audit_anchors_outlive_a_container_and_stay_out_of_the_image(compose):
    """The families' documents and the audit seals are on volumes every app process and
    the worker share; a developer's virtualenv, demo database and documents never go into
    the image (the build context is the repository)."""
    for name in ("app", "worker", "scheduler", "migrate"):
        volumes = compose["services"][name]["volumes"]
        assert "documents:/app/var/documents" in volumes
        assert "anchors:/anchors" in volumes
    assert {"documents", "anchors"} <= set(compose["volumes"])
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    assert "mkdir -p /app/var/documents /anchors" in dockerfile  # owned by the app's user
    ignored = (Path(settings.BASE_DIR) / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".venv", "var", ".git", "deploy/.env"} <= set(ignored)


def test_every_manage_py_command_in_the_stack_exists(compose):
    commands = get_commands()
    used = [
        service["command"][2]
        for service in compose["services"].values()
        if service.get("command", [])[:2] == ["python", "manage.py"]
    ]
    assert {"migrate", "db_worker", "run_scheduled"} <= set(used)
    assert [name for name in used if name not in commands] == []


def test_gunicorn_runs_two_processes_or_more_by_default():
    source = (DEPLOY / "gunicorn.conf.py").read_text(encoding="utf-8")
    assert re.search(r'workers = int\(os\.environ\.get\("WEB_CONCURRENCY", "(\d+)"\)\)', source)
    default = int(re.search(r'"WEB_CONCURRENCY", "(\d+)"', source).group(1))
    assert default >= 2
    assert int(_example_env()["WEB_CONCURRENCY"]) >= 2


READ = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "hosts": settings.ALLOWED_HOSTS,
    "engine": settings.DATABASES["default"]["ENGINE"],
    "cache": settings.CACHES["default"]["BACKEND"],
    "sessions": settings.SESSION_ENGINE,
    "email_timeout": settings.EMAIL_TIMEOUT,
    "debug": settings.DEBUG,
}))
"""


def test_the_production_settings_start_from_env_example_alone():
    """What an operator fills in `.env` (the secrets given a value) plus what compose sets
    is all the production settings need; nothing read from elsewhere."""
    filled = {
        key: value or f"filled-in-by-the-operator-{key.lower()}-0123456789abcdefghijklmnop"
        for key, value in _example_env().items()
    }
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SPIL_", "DJANGO_", "EMAIL_")) and k not in {"DATABASE_URL"}
    }
    done = subprocess.run(
        [sys.executable, "-c", READ],
        env={
            **clean,
            **filled,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DATABASE_URL": "postgres://spil:secret@db:5432/spil",
            "REDIS_URL": "redis://redis:6379/0",
        },
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["hosts"] == ["spil.gemeente.nl"]
    assert seen["engine"] == "django.db.backends.postgresql"
    assert "redis" in seen["cache"].lower()
    assert seen["sessions"] == "django.contrib.sessions.backends.cached_db"
    assert seen["email_timeout"] == 10
    assert seen["debug"] is False


def _task_backend(module: str, **env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SPIL_", "DJANGO_"))}
    clean.pop("DATABASE_URL", None)
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; from django.conf import settings; django.setup(); "
            "print(settings.TASKS['default']['BACKEND'])",
        ],
        env={**clean, **PRODUCTION_LIKE, "DJANGO_SETTINGS_MODULE": module, **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip().splitlines()[-1]


PRODUCTION_LIKE = {
    "DJANGO_SECRET_KEY": "filled-in-by-the-operator-0123456789abcdefghijklmnopqrstuvwxyz",
    "SPIL_AUDIT_KEY": "filled-in-by-the-operator-audit-0123456789abcdefghijklmnop",
    "ALLOWED_HOSTS": "spil.gemeente.nl",
}


def test_the_demo_runs_tasks_at_once_and_production_queues_them():
    """`make demo` has no worker beside runserver: its e-mails show on the console at
    once. Production (and the demo with SPIL_TASK_QUEUE=1) queue them for `db_worker`."""
    immediate = "django_tasks.backends.immediate.ImmediateBackend"
    queue = "django_tasks_db.DatabaseBackend"
    assert _task_backend("config.settings.local") == immediate
    assert _task_backend("config.settings.local", SPIL_TASK_QUEUE="1") == queue
    assert (
        _task_backend("config.settings.production", DATABASE_URL="postgres://spil@db/spil") == queue
    )
