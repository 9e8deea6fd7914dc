"""Issue 22, finding B: the embedded database under eight clients at once.

Every page view writes (an audit event, the session). With SQLite's defaults two users
were enough for "database is locked" and a 500. The settings now turn on WAL, a busy
timeout and IMMEDIATE transactions; this test runs eight clients for a few seconds
against a real SQLite *file* (never the in-memory test database, and whatever
DATABASE_URL the suite runs with) and expects not one error.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = Path(__file__).with_name("sqlite_load.py")


def test_the_sqlite_settings_are_wal_busy_timeout_and_immediate():
    from config.settings import base

    options = base.DATABASES["default"].get("OPTIONS", {})
    if base.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        # The suite runs on PostgreSQL: SQLite's options must not leak into its settings.
        assert "transaction_mode" not in settings.DATABASES["default"].get("OPTIONS", {})
        return
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
    assert "journal_mode=WAL" in options["init_command"]


def test_eight_clients_at_once_get_no_database_errors(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        # Its own file database, also when the suite itself runs on PostgreSQL.
        DATABASE_URL=f"sqlite:///{tmp_path / 'load.sqlite3'}",
    )
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "3.0", "8"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["journal_mode"] == "wal"
    assert report["errors"] == {}, result.stderr[-3000:]
    assert report["ok"] >= 8  # every client got through, at least once
    assert report["family_viewed_events"] == report["ok"]  # every view was recorded
    assert report["chain_breaks"] == []  # and the chain stayed one chain
