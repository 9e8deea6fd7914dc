"""The CI smoke test of the production shape, without Docker (docs/deployment.md): two
gunicorn processes on different ports and the same PostgreSQL. Log in on one, go on on
the other (the session is shared through the database), write on both at once, and the
audit trail still verifies. Runs in the PostgreSQL pass of .ci/run (`make test` with
DATABASE_URL); SQLite has no second process to share a database with."""

import datetime as dt
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from spil.core import audit
from spil.core.models import AuditEvent

ROOT = Path(__file__).resolve().parents[3]
PASSWORD = "twee-processen-rook-2026"

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="two processes on one database need PostgreSQL (DATABASE_URL)",
    ),
]


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database_url():
    s = connection.settings_dict
    auth = urllib.parse.quote(s["USER"] or "")
    if s["PASSWORD"]:
        auth += ":" + urllib.parse.quote(s["PASSWORD"])
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


class Process:
    """One gunicorn app process (its own Python, its own connections)."""

    def __init__(self, tmp_path: Path) -> None:
        self.port = _free_port()
        self.log = (tmp_path / f"gunicorn-{self.port}.log").open("w")
        env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
        env.update(DJANGO_SETTINGS_MODULE="config.settings.test", DATABASE_URL=_database_url())
        self.popen = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--workers=1",
                "--threads=4",
                f"--bind=127.0.0.1:{self.port}",
                "config.wsgi",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def wait_ready(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            assert self.popen.poll() is None, "gunicorn stopped"
            try:
                with urllib.request.urlopen(self.url("/readyz"), timeout=20) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except OSError:  # not listening yet (URLError), or a slow first answer
                time.sleep(0.3)
        raise AssertionError(f"port {self.port} not ready")

    def stop(self) -> None:
        self.popen.terminate()
        try:
            self.popen.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait()
        self.log.close()


class Browser:
    """Cookies shared across both ports, as one browser behind one proxy would."""

    def __init__(self) -> None:
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def csrf(self) -> str:
        return next(c.value for c in self.cookies if c.name == "csrftoken")

    def get(self, url: str) -> tuple[int, str, str]:
        with self.opener.open(url, timeout=30) as response:
            return response.status, response.geturl(), response.read().decode()

    def post(self, url: str, data: dict[str, str]) -> tuple[int, str, str]:
        body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(  # noqa: S310 - http://127.0.0.1 only
            url, data=body, headers={"X-CSRFToken": self.csrf()}
        )
        with self.opener.open(request, timeout=30) as response:
            return response.status, response.geturl(), response.read().decode()


@pytest.fixture
def processes(tmp_path):
    started = [Process(tmp_path), Process(tmp_path)]
    try:
        deadline = time.monotonic() + 90
        for process in started:
            process.wait_ready(deadline)
        yield started
    finally:
        for process in started:
            process.stop()


@pytest.fixture
def world():
    from spil.notifications.tests.factories import NotifyWorld

    world = NotifyWorld()
    world.coach.set_password(PASSWORD)
    world.coach.save()
    return world


def test_two_app_processes_share_sessions_and_write_at_once(world, processes):
    first, second = processes
    browser = Browser()
    status, _url, page = browser.get(first.url(reverse("accounts:login")))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    login = {"username": world.coach.email, "password": PASSWORD, "csrfmiddlewaretoken": token}
    status, landed, _page = browser.post(first.url(reverse("accounts:login")), login)
    assert status == 200 and reverse("accounts:login") not in landed  # logged in on one…

    overview = reverse("families:overview", kwargs={"uuid": world.family.uuid})
    status, landed, _page = browser.get(second.url(overview))
    assert (status, urllib.parse.urlsplit(landed).path) == (200, overview)  # …on the other

    situation = reverse("notifications:situation", kwargs={"uuid": world.family.uuid})
    day = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    before = AuditEvent.objects.count()
    answers: list[object] = []

    def work(process):
        try:
            for _ in range(3):
                answers.append(browser.get(process.url(overview))[0])
                form = {"category": "wonen", "noticed_on": day}
                answers.append(browser.post(process.url(situation), form)[0])
        except Exception as error:  # pragma: no cover - shown in the assertion
            answers.append(repr(error))

    threads = [threading.Thread(target=work, args=(p,)) for p in processes for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [200] * 24
    written = AuditEvent.objects.filter(id__gt=0).count() - before
    assert written >= 24  # every view and every save was recorded
    assert AuditEvent.objects.filter(chain=str(world.family.uuid)).count() >= 24
    verdict = audit.verify(anchors=[])
    assert verdict.intact, (verdict.breaks, verdict.problems)
