"""monitoring(): every section, every figure with its definition, small numbers hidden."""

import statistics
from datetime import date

import pytest

from spil.core.figures import HIDDEN_SECONDARY, HIDDEN_SMALL
from spil.core.sql import quantiles
from spil.reports.models import TrajectoryRecord
from spil.reports.monitoring import SECTION_KEYS, monitoring
from spil.trajectories.tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db

YEAR = {"date_from": date(2025, 1, 1), "date_to": date(2025, 12, 31)}


def past(n=1, *, started, closed=None, reason="", programme=None, **extra):
    for i in range(n):
        TrajectoryRecord.objects.create(
            source=TrajectoryRecord.Source.IMPORT,
            external_id=f"{started.isoformat()}-{reason}-{TrajectoryRecord.objects.count()}-{i}",
            programme=programme,
            started_on=started,
            closed_on=closed,
            closure_reason=reason,
            duration_days=(closed - started).days if closed else None,
            **extra,
        )


def section(sections, key):
    return next(s for s in sections if s.key == key)


def figure(sections, section_key, key):
    return next(f for f in section(sections, section_key).figures if f.key == key)


def table(sections, section_key, key):
    return next(t for t in section(sections, section_key).tables if t.key == key)


def test_every_section_and_every_figure_has_a_dutch_label_and_definition():
    sections = monitoring(**YEAR)
    assert tuple(s.key for s in sections) == SECTION_KEYS
    for s in sections:
        assert s.title
        for f in s.figures:
            assert f.label and len(f.definition) > 20, f.key
        for t in s.tables:
            assert t.label and len(t.definition) > 20, t.key
            assert len(t.columns) == len(t.column_keys) + 1


def test_closure_reasons_hide_small_counts_and_the_cell_that_would_give_them_away():
    past(6, started=date(2024, 3, 1), closed=date(2025, 2, 1), reason="doelen_bereikt")
    past(5, started=date(2024, 3, 1), closed=date(2025, 3, 1), reason="verhuisd")
    past(2, started=date(2024, 3, 1), closed=date(2025, 4, 1), reason="gezin_stopt")
    sections = monitoring(**YEAR)
    reasons = {row.code: row for row in table(sections, "trajectories", "closed_by_reason").rows}
    assert reasons["gezin_stopt"].cells[0].text == "<5"
    assert reasons["gezin_stopt"].cells[0].hidden == HIDDEN_SMALL
    assert reasons["gezin_stopt"].cells[1].hidden == HIDDEN_SMALL  # its percentage too
    # total 13 − 6 − 2 would give "verhuisd" away otherwise: the smallest shown row goes too
    assert reasons["verhuisd"].cells[0].hidden == HIDDEN_SECONDARY
    assert reasons["verhuisd"].cells[0].text == "×"
    assert reasons["doelen_bereikt"].cells[0].text == "6"
    assert reasons["doelen_bereikt"].cells[1].text == "46,2 %"
    assert figure(sections, "trajectories", "closed").cell.text == "13"


def test_a_percentage_over_fewer_than_five_trajectories_is_hidden():
    past(3, started=date(2024, 3, 1), closed=date(2025, 2, 1), reason="verhuisd", extensions=1)
    sections = monitoring(**YEAR)
    assert figure(sections, "trajectories", "closed").cell.text == "<5"
    assert figure(sections, "trajectories", "extension_percent").cell.text == "<5"
    assert figure(sections, "trajectories", "duration_median_days").cell.text == "<5"


@pytest.mark.parametrize("values", [[5], [1, 2], [3, 1, 2], [10, 40, 20, 30], list(range(1, 12))])
def test_quartiles_in_sql_match_the_inclusive_definition(values):
    for i, days in enumerate(values):
        TrajectoryRecord.objects.create(
            source="import",
            external_id=str(i),
            started_on=date(2025, 1, 1),
            closed_on=date(2025, 1, 1),
            duration_days=days,
        )
    n, result = quantiles(TrajectoryRecord.objects.all(), "duration_days", (0.25, 0.5, 0.75))
    assert n == len(values)
    expected = (
        [float(values[0])] * 3
        if len(values) == 1
        else statistics.quantiles(values, n=4, method="inclusive")
    )
    assert result == pytest.approx(expected)


def test_quartiles_of_nothing_are_none():
    assert quantiles(TrajectoryRecord.objects.all(), "duration_days", (0.5,)) == (0, [None])


def test_programme_filter_counts_only_that_programme():
    vig, other = ProgrammeFactory(name="VIG"), ProgrammeFactory(name="Anders")
    past(5, started=date(2025, 2, 1), programme=vig, trajectory_type="basis_op_orde")
    past(7, started=date(2025, 2, 1), programme=other, trajectory_type="nazorg")
    sections = monitoring(**YEAR, programme=vig)
    assert figure(sections, "trajectories", "started").cell.text == "5"
    by_type = {r.code: r for r in table(sections, "trajectories", "started_by_type").rows}
    assert by_type["basis_op_orde"].cells[0].value == 5
    assert by_type["nazorg"].cells[0].value == 0
    assert figure(monitoring(**YEAR), "trajectories", "started").cell.text == "12"
