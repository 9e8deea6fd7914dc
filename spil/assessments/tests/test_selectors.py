"""Reads: change per domain, start and end, staleness, comparing, the monitoring figures."""

import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from spil.assessments import charts, selectors
from spil.assessments.models import Domain, Instrument, Measurement
from spil.core import access
from spil.core.access import family_access
from spil.core.testing import days_ago
from spil.families.tests.factories import make_family
from spil.trajectories.models import Trajectory

from .factories import measure

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


def _access(world, parts=None):
    """The coach's access; `parts` narrows it to what a sharing consent would open."""
    granted = access.family_access(world.coach, world.family)
    return granted if parts is None else replace(granted, parts=parts, can_edit=False)


def _by_code(changes):
    return {c.domain.code: (c.start, c.end, c.change, c.direction) for c in changes}


def test_changes_per_domain_from_start_to_end(world, leefgebieden):
    measure(
        world, leefgebieden, on=days_ago(50), moment="start", values=[1, 2, 3, 4, 5, 3, 2, 2, 1]
    )
    measure(world, leefgebieden, on=days_ago(30), moment="halverwege", values=[5] * 9)
    measure(
        world,
        leefgebieden,
        on=days_ago(10),
        moment="einde",
        values={"politie_justitie": 3, "financien_schulden": 2, "werk_ouders": 1, "gezondheid": 5},
    )
    file = selectors.assessments_file(access=_access(world), today=days_ago(0))
    [change] = file.changes
    assert change.start.moment == "start" and change.end.moment == "einde"
    found = _by_code(change.domains)
    assert found["politie_justitie"] == (1, 3, 2, "beter")
    assert found["financien_schulden"] == (2, 2, 0, "gelijk")
    assert found["werk_ouders"] == (3, 1, -2, "slechter")
    assert found["gezondheid"] == (5, 5, 0, "gelijk")
    assert found["huisvesting"] == (2, None, None, "")  # not scored at the end
    assert [c.domain.code for c in change.domains] == [d.code for d in leefgebieden.domains.all()]


def test_higher_is_worse_on_the_ernsttaxatie(world, ernsttaxatie):
    measure(world, ernsttaxatie, on=days_ago(40), moment="start", values=[4])
    measure(world, ernsttaxatie, on=days_ago(5), values=[2])
    [change] = selectors.assessments_file(access=_access(world), today=days_ago(0)).changes
    assert _by_code(change.domains) == {"ernst": (4, 2, -2, "beter")}


def test_start_and_end_are_chosen_by_moment_then_by_time(world, leefgebieden):
    early = measure(world, leefgebieden, on=days_ago(60), values=[1])
    start = measure(world, leefgebieden, on=days_ago(50), moment="start", values=[2])
    end = measure(world, leefgebieden, on=days_ago(20), moment="einde", values=[4])
    later = measure(world, leefgebieden, on=days_ago(5), values=[5])
    ordered = [early, start, end, later]
    assert selectors.start_and_end(ordered) == (start, end)
    assert selectors.start_and_end([early, later]) == (early, later)
    assert selectors.start_and_end([early, start]) is None  # nothing after the start
    assert selectors.start_and_end([start]) is None
    assert selectors.start_and_end([]) is None


def test_a_members_own_measurement_is_another_subject(world, leefgebieden):
    daan = world.family.members.get(first_name="Daan")
    measure(world, leefgebieden, on=days_ago(40), moment="start", values=[1])
    measure(world, leefgebieden, on=days_ago(20), values=[5], member=daan)
    file = selectors.assessments_file(access=_access(world), today=days_ago(0))
    assert file.changes == []  # one family-level measurement only
    assert [(s.member, len(s.measurements)) for s in file.series] == [(None, 1), (daan, 1)]


def test_a_measurement_older_than_30_days_is_stale(world, leefgebieden):
    m = measure(world, leefgebieden, on=days_ago(31), values=[3])
    assert m.is_stale(days_ago(0))
    assert not m.is_stale(days_ago(1))  # exactly 30 days old on that day
    file = selectors.assessments_file(access=_access(world), today=days_ago(0))
    assert file.series[0].stale
    summary = selectors.family_summary(access=_access(world), today=days_ago(1))
    assert summary.latest == m and not summary.latest_stale


def test_monitoring_counts_better_same_and_worse_per_domain(world, leefgebieden):
    measure(world, leefgebieden, on=days_ago(50), moment="start", values=[1, 3])
    measure(world, leefgebieden, on=days_ago(10), moment="einde", values=[3, 3])
    other = make_family(world.coach, name="Anders")
    Trajectory.objects.create(
        family=other, kind="gezinscoach", coach=world.coach, started_on=days_ago(80)
    )
    for on, values in ((70, [4, 4]), (60, [3, 5])):
        world.family, saved = other, world.family
        measure(world, leefgebieden, on=days_ago(on), values=values)
        world.family = saved
    changes = selectors.monitoring_domain_changes(user=world.policy, instrument=leefgebieden)
    assert len(changes) == 2
    summary = {s.domain.code: s for s in selectors.domain_change_summary(changes)}
    police = summary["politie_justitie"]
    assert (police.trajectories, police.mean_change, police.better, police.worse) == (2, 0.5, 1, 1)
    money = summary["financien_schulden"]
    assert (money.trajectories, money.mean_change, money.same, money.better) == (2, 0.5, 1, 1)
    assert summary["huisvesting"].trajectories == 0 and summary["huisvesting"].mean_change is None
    # A coach counts only their own trajectories; someone without access counts nothing.
    assert len(selectors.monitoring_domain_changes(user=world.coach, instrument=leefgebieden)) == 2
    assert (
        selectors.monitoring_domain_changes(user=world.other_coach, instrument=leefgebieden) == []
    )


def test_monitoring_queries_do_not_grow(world, leefgebieden, django_assert_num_queries):
    for n in range(6):
        measure(world, leefgebieden, on=days_ago(60 - n), values=[1 + n % 5] * 9)
    trajectories = Trajectory.objects.all()
    with django_assert_num_queries(4):
        selectors.trajectory_domain_changes(trajectories=trajectories, instrument=leefgebieden)


def test_compare_puts_the_older_first_and_needs_one_instrument(world, leefgebieden, ernsttaxatie):
    a = measure(world, leefgebieden, on=days_ago(40), values={"huisvesting": 2, "gezondheid": 4})
    b = measure(world, leefgebieden, on=days_ago(2), values={"huisvesting": 4})
    comparison = selectors.compare(first=b, second=a, today=days_ago(0))
    assert (comparison.first, comparison.second) == (a, b)
    rows = {r.domain.code: (r.first, r.second, r.change) for r in comparison.rows}
    assert rows["huisvesting"] == (2, 4, 2)
    assert rows["gezondheid"] == (4, None, None)
    assert not comparison.second_stale
    c = measure(world, ernsttaxatie, on=days_ago(1), values=[3])
    with pytest.raises(ValidationError, match="hetzelfde instrument"):
        selectors.compare(first=a, second=c, today=days_ago(0))
    with pytest.raises(ValidationError, match="verschillende"):
        selectors.compare(first=a, second=a, today=days_ago(0))


def test_the_chart_draws_a_panel_per_domain_and_a_point_per_score(world, leefgebieden):
    measure(world, leefgebieden, on=days_ago(40), values=[1, 2, 3, 4, 5, 1, 2, 3, 4])
    measure(world, leefgebieden, on=days_ago(20), values={"huisvesting": 5})
    [series] = selectors.assessments_file(access=_access(world), today=days_ago(0)).series
    root = ET.fromstring(series.chart)
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Leefgebieden van het hele gezin door de tijd"
    assert "2 metingen" in root.find(f"{SVG}desc").text
    panels = [g for g in root.iter(f"{SVG}g") if g.get("class") == "panel"]
    assert [p.get("data-key") for p in panels] == [d.code for d in leefgebieden.domains.all()]
    points = [c for c in root.iter(f"{SVG}circle") if c.get("class") == "point"]
    assert len(points) == 10
    house = next(p for p in panels if p.get("data-key") == "huisvesting")
    values = [(c.get("data-column"), c.get("data-value")) for c in house.iter(f"{SVG}circle")]
    assert values == [("0", "2"), ("1", "5")]
    # The later point of huisvesting (5) sits higher than the earlier one (2).
    ys = [float(c.get("cy")) for c in house.iter(f"{SVG}circle")]
    assert ys[1] < ys[0]


def test_the_chart_escapes_what_the_beheerder_typed():
    svg = charts.small_multiples(
        ident="x",
        title='Gezin "<Vos>" & zo',
        desc="d",
        low=0,
        high=10,
        columns=[charts.Column(on=date(2026, 1, 1), label="<b>start</b>")],
        panels=[charts.Panel(key="a", label="<script>alert(1)</script>", values=[7])],
    )
    assert "<script>" not in svg and "<b>" not in svg
    root = ET.fromstring(svg)
    assert root.find(f"{SVG}title").text == 'Gezin "<Vos>" & zo'
    assert root.get("aria-labelledby") == "x-title"


def test_the_family_summary_shows_only_what_the_parts_allow(world, leefgebieden):
    measure(world, leefgebieden, on=days_ago(3), values=[3])
    from spil.assessments import services

    services.concern_record(
        access=family_access(world.coach, world.family), noticed_on=days_ago(2), signals="x"
    )
    full = selectors.family_summary(access=_access(world), today=days_ago(0))
    assert full.safety_flag and full.latest is not None
    parts = frozenset({access.FamilyPart.BASICS, access.FamilyPart.ASSESSMENTS})
    only_measurements = selectors.family_summary(access=_access(world, parts), today=days_ago(0))
    assert not only_measurements.safety_flag and only_measurements.open_concerns == 0
    parts = frozenset({access.FamilyPart.BASICS, access.FamilyPart.SAFETY})
    only_safety = selectors.family_summary(access=_access(world, parts), today=days_ago(0))
    assert only_safety.safety_flag and only_safety.latest is None
    plan = frozenset({access.FamilyPart.BASICS, access.FamilyPart.PLAN})
    assert selectors.family_summary(access=_access(world, plan), today=days_ago(0)) is None


def test_the_built_in_instruments_are_there(leefgebieden):
    assert leefgebieden.domains.count() == 9
    assert (leefgebieden.scale_min, leefgebieden.scale_max) == (1, 5)
    zrm = Instrument.objects.get(code="zrm-2017")
    assert list(zrm.domains.values_list("label", flat=True)) == [
        "Financiën",
        "Werk & Opleiding",
        "Tijdsbesteding",
        "Huisvesting",
        "Huiselijke relaties",
        "Geestelijke gezondheid",
        "Lichamelijke gezondheid",
        "Middelengebruik",
        "Basale ADL",
        "Instrumentele ADL",
        "Sociaal netwerk",
        "Maatschappelijke participatie",
        "Justitie",
    ]
    labels = dict(zrm.scale_labels.values_list("value", "label"))
    assert labels[1] == "acute problematiek" and labels[5] == "volledig zelfredzaam"
    ernst = Instrument.objects.get(code="ernsttaxatie")
    assert not ernst.higher_is_better and ernst.domains.count() == 1
    assert Domain.objects.count() == 9 + 13 + 1
    assert Measurement.objects.count() == 0
