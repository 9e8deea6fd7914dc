"""The monitoring page and its exports with real data (families, trajectories and their
closures made through the services): the page shows the figures `monitoring()` computes,
with "<5" where a count is small, in the page and in every export; it never names a family;
each view and export is audited; its query count does not grow with the data."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from spil.accounts import services as account_services
from spil.accounts.models import Organisation
from spil.accounts.tests.factories import OrganisationFactory, TeamFactory, UserFactory
from spil.core.models import AuditEvent
from spil.core.roles import Role
from spil.core.testing import committed, days_ago
from spil.families.tests.factories import make_family
from spil.reports.monitoring import monitoring
from spil.trajectories import services as trajectory_services
from spil.trajectories.tests.factories import ProgrammeFactory

from .xlsx_reader import read_xlsx

pytestmark = pytest.mark.django_db

FAMILY = "Zwartveld"  # every family's name starts with this; it must appear nowhere
URL = reverse("reports:dashboard")


def _user(role, organisation, team=None):
    user = UserFactory()
    account_services.membership_add(user=user, organisation=organisation, role=role, team=team)
    return user


class Region:
    def __init__(self):
        self.coaching = OrganisationFactory(name="Coaching", kind=Organisation.Kind.YOUTH_CARE)
        self.team = TeamFactory(organisation=self.coaching, name="Oost")
        self.other_team = TeamFactory(organisation=self.coaching, name="West")
        gemeente = OrganisationFactory(name="Gemeente", kind=Organisation.Kind.MUNICIPALITY)
        self.coach = _user(Role.COACH, self.coaching, self.team)
        self.other_coach = _user(Role.COACH, self.coaching, self.other_team)
        self.team_lead = _user(Role.TEAM_LEAD, self.coaching, self.team)
        self.policy = _user(Role.POLICY, gemeente)
        self.programme = ProgrammeFactory(provider=self.coaching, name="VIG")
        self.made = 0

    def trajectories(self, n, *, coach=None, closed=0, reason="doelen_bereikt"):
        """n families with a running trajectory this period; `closed` of them closed."""
        coach = coach or self.coach
        with committed():  # the monitoring's fact table is refreshed after the commit
            for i in range(n):
                self.made += 1
                family = make_family(coach, name=f"{FAMILY}{self.made}")
                trajectory = trajectory_services.trajectory_open(
                    actor=coach,
                    family=family,
                    kind="gezinscoach",
                    coach=coach,
                    started_on=days_ago(40 + i),
                    programme=self.programme,
                )
                if i < closed:
                    trajectory_services.trajectory_close(
                        actor=coach,
                        trajectory=trajectory,
                        closed_on=days_ago(2),
                        reason=reason,
                        reached="Rust in huis.",
                    )


@pytest.fixture
def region():
    region = Region()
    region.trajectories(6, closed=2)
    return region


def _period():
    today = timezone.localdate()
    return {"date_from": (today - timedelta(days=365)).isoformat(), "date_to": today.isoformat()}


def _figure(sections, section_key, key):
    section = next(s for s in sections if s.key == section_key)
    return next(f for f in section.figures if f.key == key)


def _sections(**extra):
    today = timezone.localdate()
    return monitoring(date_from=today - timedelta(days=365), date_to=today, **extra)


def _page(client, user, **query):
    client.force_login(user)
    response = client.get(URL, {**_period(), **query})
    assert response.status_code == 200
    return response.content.decode()


def _figure_html(page: str, key: str) -> str:
    start = page.index(f'data-figure="{key}"')
    return page[start : page.index("</div>", start)]


def test_the_page_shows_the_real_figures_with_small_counts_hidden(client, region):
    sections = _sections()
    started, closed = (
        _figure(sections, "trajectories", "started"),
        _figure(sections, "trajectories", "closed"),
    )
    assert started.cell.text == "6" and closed.cell.text == "<5"  # what the data says
    page = _page(client, region.policy)
    assert [s.key for s in sections] == [
        "referrals",
        "trajectories",
        "goals",
        "life_domains",
        "trust",
        "caseload",
        "signals",
        "work_budget",
        "coordination_survey",
    ]
    for section in sections:
        assert f'data-section="{section.key}"' in page
        for table in section.tables:
            assert f'data-table="{table.key}"' in page  # the table (and its chart)
    assert '<span class="number">6</span>' in _figure_html(page, "started")
    assert '<span class="number" data-hidden="small">&lt;5</span>' in _figure_html(page, "closed")
    # every figure's definition is behind its "?"
    assert "<details" in _figure_html(page, "started")
    assert started.definition.split("'")[0][:40] in page


def test_a_table_with_a_chart_column_has_its_svg_chart_beside_it(client, region):
    page = _page(client, region.policy)
    charted = [t for s in _sections() for t in s.tables if t.chart_column is not None and t.rows]
    assert charted
    assert 'role="img"' in page and "<svg" in page


def test_the_programme_and_team_filters_reach_the_figures(client, region):
    region.trajectories(5, coach=region.other_coach)
    assert _figure(_sections(), "trajectories", "started").cell.text == "11"
    page = _page(client, region.team_lead, team=str(region.team.uuid))
    assert '<span class="number">6</span>' in _figure_html(page, "started")
    page = _page(client, region.policy, team=str(region.other_team.uuid))
    assert '<span class="number">5</span>' in _figure_html(page, "started")
    page = _page(client, region.policy, programme=str(region.programme.uuid))
    assert '<span class="number">11</span>' in _figure_html(page, "started")
    other = ProgrammeFactory(provider=region.coaching, name="Ander programma")
    page = _page(client, region.policy, programme=str(other.uuid))
    assert '<span class="number">0</span>' in _figure_html(page, "started")


def test_the_policy_officer_never_sees_a_family(client, region):
    page = _page(client, region.policy)
    assert FAMILY not in page
    assert "/gezinnen/" not in page
    for family_member in ("Karin", "Daan", "Noor"):
        assert family_member not in page


def test_viewing_is_audited_with_keys_only(client, region):
    _page(client, region.policy, programme=str(region.programme.uuid))
    event = AuditEvent.objects.get(action="monitoring.viewed")
    assert event.actor == region.policy
    assert event.family_uuid is None
    assert event.detail == {**_period(), "programme": str(region.programme.uuid)}


# --- Exports ---------------------------------------------------------------------------------


def _export(client, user, fmt, **query):
    client.force_login(user)
    response = client.get(reverse(f"reports:export_{fmt}"), {**_period(), **query})
    assert response.status_code == 200
    today = timezone.localdate()
    name = f"monitoring-{(today - timedelta(days=365)).isoformat()}-{today.isoformat()}.{fmt}"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    event = AuditEvent.objects.filter(action="monitoring.exported").latest("id")
    assert event.detail["format"] == fmt and event.actor == user
    return response


def test_csv_holds_the_same_figures_hidden_cells_and_definitions(client, region):
    response = _export(client, region.policy, "csv")
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    sections = _sections()
    started, closed = (_figure(sections, "trajectories", k) for k in ("started", "closed"))
    assert [started.label, "6", started.definition] in rows
    assert [closed.label, "<5", closed.definition] in rows
    for section in sections:
        for table in section.tables:
            assert ["Definitie", table.definition] in rows
    assert FAMILY not in text


def test_xlsx_numbers_are_numbers_and_hidden_cells_are_text(client, region):
    response = _export(client, region.policy, "xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = read_xlsx(response.content)
    sections = _sections()
    assert list(book) == [s.title for s in sections]
    rows = book[next(s.title for s in sections if s.key == "trajectories")]
    started, closed = (_figure(sections, "trajectories", k) for k in ("started", "closed"))
    assert [started.label, 6, started.definition] in rows
    assert [closed.label, "<5", closed.definition] in rows
    assert FAMILY not in repr(book)


def test_pdf_holds_the_figures_hidden_cells_and_definitions(client, region):
    response = _export(client, region.policy, "pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    sections = _sections()
    closed = _figure(sections, "trajectories", "closed")
    assert f"{closed.label} <5" in text
    assert " ".join(closed.definition.split())[:60] in text
    for section in sections:
        assert section.title in text
    assert FAMILY not in text


# --- Speed -----------------------------------------------------------------------------------


def test_the_page_query_count_does_not_grow_with_the_data(
    client, region, django_assert_max_num_queries
):
    client.force_login(region.policy)
    client.get(URL, _period())  # warm up: session, content types
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL, _period()).status_code == 200
    region.trajectories(12, closed=7)
    region.trajectories(8, coach=region.other_coach, closed=3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL, _period())
    assert '<span class="number">26</span>' in _figure_html(response.content.decode(), "started")


def test_secondary_suppression_shows_as_a_cross_on_the_page_and_in_the_exports(client, region):
    """Two trajectories closed for one reason, six for another: the two are "<5", and the
    six are hidden as well ("×"), or the total would give the two away — on the page, in
    the CSV and in the XLSX alike."""
    region.trajectories(6, closed=4)  # with the fixture's two: six "doelen_bereikt"
    region.trajectories(2, closed=2, reason="verhuisd")
    table = next(t for s in _sections() for t in s.tables if t.key == "closed_by_reason")
    lines = [*table.rows, *([table.total] if table.total else [])]
    crossed = [row for row in lines if any(c.hidden == "secondary" for c in row.cells)]
    small = [row for row in lines if any(c.hidden == "small" for c in row.cells)]
    assert crossed and small, "the data should produce both kinds of hidden cell"
    page = _page(client, region.policy)
    start = page.index(f'data-table="{table.key}"')
    html = page[start : page.index("</table>", start)]
    for row in crossed:
        row_html = html[html.index(f'data-code="{row.code}"') :]
        assert row_html.split("</tr>")[0].count('data-hidden="secondary">×') >= 1
    csv_rows = list(
        csv.reader(
            io.StringIO(_export(client, region.policy, "csv").content.decode("utf-8-sig")),
            delimiter=";",
        )
    )
    book = read_xlsx(_export(client, region.policy, "xlsx").content)
    xlsx_rows = [row for sheet in book.values() for row in sheet]
    for row in crossed + small:
        expected = [row.label, *(c.text for c in row.cells)]
        assert expected in csv_rows
        assert [row.label, *(c.text if c.hidden else c.value for c in row.cells)] in xlsx_rows
