"""bench_monitoring: PostgreSQL only, and it leaves nothing behind."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from spil.directory.models import Programme
from spil.reports.models import TrajectoryRecord

pytestmark = pytest.mark.django_db


def test_measures_on_postgresql_and_refuses_politely_elsewhere():
    """The suite runs on both databases (CI): on PostgreSQL the benchmark measures and leaves
    nothing behind; on SQLite it refuses with a Dutch message instead of timing the wrong
    database."""
    if connection.vendor != "postgresql":
        with pytest.raises(CommandError, match="alleen op PostgreSQL"):
            call_command("bench_monitoring")
        return
    out = io.StringIO()
    call_command(
        "bench_monitoring", "--rows", "2000", "--repeat", "1", "--max-ratio", "1000", stdout=out
    )
    text = out.getvalue()
    assert "2000 trajecten in de feitentabel" in text
    assert "verhouding:" in text and "mediaan" in text
    assert TrajectoryRecord.objects.count() == 0
    assert not Programme.objects.filter(name__startswith="Benchmark").exists()
