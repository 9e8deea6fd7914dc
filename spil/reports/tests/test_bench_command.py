"""bench_monitoring: PostgreSQL only, and it leaves nothing behind."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from spil.directory.models import Programme
from spil.reports.models import TrajectoryRecord

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the refusal is for SQLite")
def test_refuses_politely_on_sqlite():
    with pytest.raises(CommandError, match="alleen op PostgreSQL"):
        call_command("bench_monitoring")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the benchmark needs PostgreSQL")
def test_measures_and_rolls_back():
    out = io.StringIO()
    call_command(
        "bench_monitoring", "--rows", "2000", "--repeat", "1", "--max-ratio", "1000", stdout=out
    )
    text = out.getvalue()
    assert "2000 trajecten in de feitentabel" in text
    assert "verhouding:" in text and "mediaan" in text
    assert TrajectoryRecord.objects.count() == 0
    assert not Programme.objects.filter(name__startswith="Benchmark").exists()
