"""Goal attainment per programme: the VIG pilot of seed 000 (24 families, 62% of goals
reached, 20% still being worked on) through the loader, the report and the command."""

import copy
import json
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from spil.core.testing import days_ago
from spil.directory.models import Programme
from spil.families.models import Family
from spil.plans import services
from spil.plans.importing import load_goal_history
from spil.plans.models import Goal, Plan
from spil.plans.reporting import goal_report

from .factories import PlanWorld

pytestmark = pytest.mark.django_db

VIG_PILOT = Path(__file__).resolve().parents[1] / "fixtures" / "vig_pilot.csv"


def _json(*args):
    out = StringIO()
    call_command("report_goals", *args, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture(scope="class")
def vig_loaded(django_db_setup, django_db_blocker):
    """The VIG pilot loaded once for the tests of `TestTheVigPilot` (seconds on PostgreSQL),
    in a transaction that is rolled back after the class's last test."""
    with django_db_blocker.unblock(), transaction.atomic():
        world = PlanWorld()
        programme = Programme.objects.create(
            name="VIG FlexusJeugdplein",
            provider=world.coaching,
            frame="drang",
            duration="vast",
            duration_months=6,
            max_months=12,
            reachable_24_7=True,
        )
        load_goal_history(path=VIG_PILOT, actor=world.coach, programme=programme)
        yield world, programme
        transaction.set_rollback(True)


class TestTheVigPilot:
    """The tests that read the VIG pilot share one load of it (`vig_loaded`); each runs in a
    savepoint of its own, rolled back after it, and gets its own copy of the world's
    objects, so what one test writes or changes is gone for the next. (The tests below the
    class need a database without the pilot: the class's transaction ends before them.)"""

    @pytest.fixture
    def world(self, vig_loaded, db):
        return copy.deepcopy(vig_loaded[0])

    @pytest.fixture
    def vig(self, vig_loaded, db):
        return copy.deepcopy(vig_loaded[1])

    def test_the_fixture_is_shaped_like_the_vig_pilot(self, vig):
        plans = Plan.objects.filter(trajectory__programme=vig)
        assert plans.count() == 24
        assert Family.objects.filter(plans__in=plans).distinct().count() == 24
        assert Goal.objects.filter(version__plan__in=plans).count() == 50
        assert not plans.filter(versions__status="concept").exists()  # every plan agreed

    def test_report_goals_on_the_vig_fixture_gives_62_and_20_percent(self, vig):
        report = _json("--from", "2011-01-01", "--to", "2011-12-31")
        assert report["period"] == {"from": "2011-01-01", "to": "2011-12-31"}
        [programme] = report["programmes"]
        assert programme["programme"] == "VIG FlexusJeugdplein" and programme["goals"] == 50
        assert programme["reached"] == {
            "code": "bereikt",
            "label": "Bereikt",
            "count": 31,
            "percentage": 62.0,
        }
        assert programme["still_working"]["count"] == 10
        assert programme["still_working"]["percentage"] == 20.0
        assert programme["other"]["count"] == 9 and programme["other"]["percentage"] == 18.0
        by_status = {s["code"]: s["count"] for s in programme["by_status"]}
        assert by_status == {
            "open": 0,
            "bereikt": 31,
            "deels_bereikt": 4,
            "niet_bereikt": 3,
            "gestopt": 2,
            "nog_mee_bezig": 10,
        }
        assert report["total"]["reached"]["percentage"] == 62.0

    def test_the_text_report_shows_the_percentages(self, vig):
        out = StringIO()
        call_command("report_goals", "--from", "2011-01-01", "--to", "2011-12-31", stdout=out)
        text = out.getvalue()
        assert "Doelen bereikt per programma" in text
        assert "Periode: 1 januari 2011 t/m 31 december 2011" in text
        line = next(row for row in text.splitlines() if row.startswith("VIG FlexusJeugdplein"))
        assert line.split()[2:] == ["50", "31", "62%", "10", "20%", "9", "18%"]

    def test_the_period_counts_goals_by_status_date_or_open_target_date(self, world, vig):
        # Half a year: only the goals whose status date falls in July–September 2011.
        summer = _json("--from", "2011-07-01", "--to", "2011-09-30")["total"]
        in_summer = Goal.objects.filter(status_on__range=(date(2011, 7, 1), date(2011, 9, 30)))
        assert summer["goals"] == in_summer.count() > 0
        assert _json("--from", "2012-01-01", "--to", "2012-12-31")["total"]["goals"] == 0
        # An open goal counts by its target date; a version superseded by a new draft never counts.
        plan = world.start_plan()
        world.goal(plan, title="Open doel", target_on=days_ago(5))
        world.agree(plan)
        world.goal(plan, title="In het concept")
        today = _json("--from", days_ago(10).isoformat(), "--to", days_ago(0).isoformat())
        assert today["total"]["goals"] == 1
        assert [p["programme"] for p in today["programmes"]] == ["VIG"]
        assert today["total"]["other"]["count"] == 1

    def test_report_goals_for_one_programme(self, vig, world):
        assert (
            _json("--from", "2011-01-01", "--to", "2011-12-31", "--programme", "VIG")["total"][
                "goals"
            ]
            == 0
        )
        with pytest.raises(CommandError, match="niet gevonden"):
            _json("--from", "2011-01-01", "--to", "2011-12-31", "--programme", "Onbekend")


def test_goals_without_a_programme_are_counted_apart(world):
    world.trajectory.programme = None
    world.trajectory.save()
    plan = world.start_plan()
    goal = world.goal(plan)
    services.goal_set_status(actor=world.coach, goal=goal, status="bereikt", on=days_ago(1))
    report = goal_report(goals=Goal.objects.all(), date_from=days_ago(5), date_to=days_ago(0))
    [row] = report.programmes
    assert row.programme == "" and row.label == "Zonder programma" and row.reached.percent == 100


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "Geef --from op"),
        (["--from", "2011-01-01"], "Geef --to op"),
        (["--from", "1-1-2011", "--to", "2011-12-31"], "geen geldige datum"),
        (["--from", "2011-12-31", "--to", "2011-01-01"], "De periode klopt niet"),
        (["--from", "2011-01-01", "--to", "2011-12-31", "--format", "xml"], "Onbekend formaat"),
    ],
)
def test_report_goals_refuses_bad_arguments_in_dutch(db, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("report_goals", *args, stdout=StringIO())


def test_a_bad_fixture_row_refuses_the_whole_file(world, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "family;started_on;goal;domain;target_on;status;status_on\n"
        "X-1;2011-01-03;Rust;gezinssituatie_opvoeding;;bereikt;2011-07-01\n"
        "X-2;2011-01-03;Rust;maanreizen;;bereikt;2011-07-01\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationError, match="Regel 3: onbekend leefgebied"):
        load_goal_history(path=bad, actor=world.coach, programme=None)
    assert not Plan.objects.exists()
