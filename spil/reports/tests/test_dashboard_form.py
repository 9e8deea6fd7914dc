"""The monitoring page's choice (period, programme, team): bad input is a Dutch message
beside the field, never a 500 and never figures of a period nobody asked for."""

import uuid
from datetime import date

import pytest
from django.urls import reverse

from spil.accounts import services as account_services
from spil.accounts.models import Organisation
from spil.accounts.tests.factories import OrganisationFactory, UserFactory
from spil.core.models import AuditEvent
from spil.core.roles import Role
from spil.reports.forms import MonitoringForm

pytestmark = pytest.mark.django_db

URL = reverse("reports:dashboard")


@pytest.fixture
def policy():
    gemeente = OrganisationFactory(name="Gemeente", kind=Organisation.Kind.MUNICIPALITY)
    user = UserFactory()
    account_services.membership_add(user=user, organisation=gemeente, role=Role.POLICY)
    return user


def _errors(response, field: str) -> str:
    """The error list beside `field` (its id is the field's id + "_errors")."""
    html = response.content.decode()
    marker = f'id="id_{field}_errors"'
    assert marker in html, f"no message beside {field}"
    start = html.index(marker)
    return html[start : html.index("</ul>", start)]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"date_from": "morgen"}, "date_from", "Voer een geldige datum in."),
        ({"date_to": "2026-02-30"}, "date_to", "Voer een geldige datum in."),
        (
            {"date_from": "2026-06-01", "date_to": "2026-05-31"},
            "date_to",
            "voor het begin van de periode",
        ),
        ({"date_from": "1066-10-14"}, "date_from", "1900"),
        ({"programme": str(uuid.uuid4())}, "programme", "Kies een geldige optie."),
        ({"programme": "1"}, "programme", "Kies een geldige optie."),
        ({"team": "'; drop table x; --"}, "team", "Kies een geldige optie."),
    ],
)
@pytest.mark.parametrize("export", ["", "export_csv", "export_xlsx", "export_pdf"])
def test_bad_input_is_a_message_beside_the_field(client, policy, query, field, message, export):
    client.force_login(policy)
    url = reverse(f"reports:{export}") if export else URL
    response = client.get(url, query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")  # no file for a bad choice
    assert message in _errors(response, field)
    assert 'data-section="' not in response.content.decode()  # no figures
    assert not AuditEvent.objects.filter(action__startswith="monitoring.").exists()


def test_the_default_period_is_this_calendar_year():
    form = MonitoringForm.from_query({}, today=date(2026, 12, 31))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["date_from"] == date(2026, 1, 1)
    assert form.cleaned_data["date_to"] == date(2026, 12, 31)
    assert form.cleaned_data["programme"] is None and form.cleaned_data["team"] is None
    # one date chosen: the other stays this year's
    form = MonitoringForm.from_query({"date_from": "2026-07-01"}, today=date(2026, 3, 3))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["date_to"] == date(2026, 12, 31)


def test_this_year_is_amsterdams_year(monkeypatch):
    """At 23:30 UTC on 31 December it is already New Year in Amsterdam."""
    from datetime import UTC, datetime

    from django.test import RequestFactory
    from django.utils import timezone

    from spil.reports import views

    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 12, 31, 23, 30, tzinfo=UTC))
    form = views._choice(RequestFactory().get(URL))
    assert form.is_valid()
    assert form.cleaned_data["date_from"] == date(2027, 1, 1)


def test_the_menu_shows_monitoring_to_the_aggregate_roles_only(client, policy):
    client.force_login(policy)
    page = client.get(reverse("accounts:start")).content.decode()
    assert f'href="{URL}"' in page
    coach = UserFactory()
    coaching = OrganisationFactory(name="Coaching", kind=Organisation.Kind.YOUTH_CARE)
    account_services.membership_add(user=coach, organisation=coaching, role=Role.COACH)
    client.force_login(coach)
    assert f'href="{URL}"' not in client.get(reverse("accounts:start")).content.decode()


def test_the_audit_codes_have_dutch_words():
    from spil.core import audit_labels

    assert audit_labels.label("monitoring.viewed") == "bekeek de monitoring"
    assert audit_labels.label("monitoring.exported") == "downloadde de monitoring"
