"""The survey's section of the monitoring dashboard, figure by figure."""

import datetime as dt

import pytest
from django.utils import timezone

from spil.core.figures import HIDDEN_SMALL
from spil.core.roles import Role
from spil.surveys import reporting, services
from spil.surveys.models import Survey

from .conftest import answer_all, make_survey, send, user_with

pytestmark = pytest.mark.django_db

FROM, TO = dt.date(2026, 1, 1), dt.date(2026, 12, 31)


def _sent_on(survey: Survey, day: dt.date) -> None:
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))
    Survey.objects.filter(pk=survey.pk).update(sent_at=moment)


def _world(policy):
    people = [user_with(Role.PROFESSIONAL) for _ in range(6)]
    big = make_survey(policy, title="Groot")
    tokens = send(big, policy, people)
    answer_all(
        tokens[:5],
        [[4, 4, 3], [4, 3, 3], [3, 3, 0], [4, 4, 4], [1, 2, 4]],
        [7, 8, 6, 7, 5],
    )
    services.invitation_decline(token=tokens[5])
    _sent_on(big, dt.date(2026, 3, 1))

    small = make_survey(policy, title="Klein", statements=["Alleen deze"])
    tokens = send(
        small, policy, emails=["a@voorbeeld.test", "b@voorbeeld.test", "c@voorbeeld.test"]
    )
    answer_all(tokens[:2], [[4], [1]], [10, 10])
    _sent_on(small, dt.date(2026, 12, 31))  # the last day counts (Amsterdam date)

    old = make_survey(policy, title="Vorig jaar")
    tokens = send(old, policy, emails=["d@voorbeeld.test"])
    answer_all(tokens, [[1, 1, 1]], [1])
    _sent_on(old, dt.date(2025, 12, 31))

    make_survey(policy, title="Concept")  # never sent: not in any period
    return big, small


def test_section_counts_the_surveys_sent_in_the_period(policy):
    big, small = _world(policy)
    section = reporting.section(date_from=FROM, date_to=TO)
    assert section.key == "coordination_survey"
    figures = {f.key: f.cell for f in section.figures}
    assert figures["surveys_sent"].value == 2
    assert figures["invitations_sent"].value == 9
    assert figures["answered"].value == 7
    assert figures["declined"].value == 1
    assert figures["response_percent"].value == 77.8  # 7 / 9
    assert figures["response_percent"].text == "77,8 %"
    # (7+8+6+7+5+10+10) / 7 = 53 / 7 = 7,571…
    assert figures["grade_mean"].text == "7,6"

    surveys, statements = section.tables
    assert surveys.key == "surveys" and statements.key == "statements"
    rows = {row.label: row for row in surveys.rows}
    assert list(rows) == ["Groot", "Klein"]
    assert [c.value for c in rows["Groot"].cells[:4]] == [6, 5, 1, 83.3]
    assert rows["Groot"].cells[4].text == "6,6"
    assert [c.value for c in rows["Klein"].cells[:4]] == [3, 2, 0, 66.7]
    assert rows["Klein"].cells[4].hidden == HIDDEN_SMALL  # 2 answers: the grade is hidden
    assert rows["Klein"].cells[4].text == "<5"

    assert statements.column_keys == (
        "strongly_disagree",
        "strongly_disagree_percent",
        "disagree",
        "disagree_percent",
        "agree",
        "agree_percent",
        "strongly_agree",
        "strongly_agree_percent",
        "dont_know",
    )
    by_code = {row.code: row for row in statements.rows}
    assert list(by_code) == [f"{big.uuid}:1", f"{big.uuid}:2", f"{big.uuid}:3", f"{small.uuid}:1"]
    first = by_code[f"{big.uuid}:1"]
    assert [c.value for c in first.cells] == [1, 20.0, 0, 0.0, 1, 20.0, 3, 60.0, 0]
    assert [c.text for c in first.cells] == [
        "1",
        "20,0 %",
        "0",
        "0,0 %",
        "1",
        "20,0 %",
        "3",
        "60,0 %",
        "0",
    ]
    third = by_code[f"{big.uuid}:3"]
    assert [c.value for c in third.cells] == [0, 0.0, 0, 0.0, 2, 50.0, 2, 50.0, 1]
    hidden = by_code[f"{small.uuid}:1"]
    assert all(c.hidden == HIDDEN_SMALL for c in hidden.cells)
    assert {c.text for c in hidden.cells} == {"<5"}


def test_period_edges_and_no_data(policy):
    _world(policy)
    section = reporting.section(date_from=dt.date(2025, 12, 31), date_to=dt.date(2025, 12, 31))
    figures = {f.key: f.cell for f in section.figures}
    assert figures["surveys_sent"].value == 1
    assert figures["answered"].value == 1
    assert figures["grade_mean"].hidden == HIDDEN_SMALL  # one answer in the period
    empty = reporting.section(date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 12, 31))
    assert empty.figures == () and empty.tables == ()
    assert empty.notes


def test_section_query_count_is_fixed(policy, django_assert_num_queries):
    _world(policy)
    with django_assert_num_queries(3):
        reporting.section(date_from=FROM, date_to=TO)
