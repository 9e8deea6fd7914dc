"""The sociale kaart (offers:read) and the monitoring's figures (monitoring:read)."""

import pytest
from rest_framework.test import APIClient

from spil.accounts import services as account_services
from spil.accounts.models import Organisation
from spil.accounts.tests.factories import OrganisationFactory, UserFactory
from spil.core.models import AuditEvent
from spil.core.roles import Role
from spil.directory.models import Intervention
from spil.directory.tests.factories import make_offer

pytestmark = pytest.mark.django_db


def test_offers_are_paged_and_filtered(api_for, school):
    make_offer("Opvoedsteun thuis", kind="opvoedondersteuning", age_from=0, age_to=12)
    make_offer("Jongerenwerk", kind="opvoedondersteuning", age_from=12, age_to=23)
    make_offer("Schuldhulp", kind="schuldhulp")
    api = api_for(school, "offers:read")
    everything = api.get("/api/v1/offers/")
    assert everything.status_code == 200
    assert len(everything.json()["results"]) == 3
    young = api.get("/api/v1/offers/", {"category": "opvoedondersteuning", "age": 16})
    assert [o["name"] for o in young.json()["results"]] == ["Jongerenwerk"]
    first = api.get("/api/v1/offers/", {"page_size": 2}).json()
    assert len(first["results"]) == 2 and first["next"]
    rest = api.get(first["next"]).json()
    names = {o["name"] for o in first["results"] + rest["results"]}
    assert names == {"Opvoedsteun thuis", "Jongerenwerk", "Schuldhulp"}
    assert "cursor=" in first["next"] and "id=" not in first["next"]
    bad = api.get("/api/v1/offers/", {"age": "oud"})
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "age"
    unknown = api.get("/api/v1/offers/", {"category": "bestaat-niet"})
    assert unknown.status_code == 400
    assert "bestaat-niet" not in unknown.content.decode()


def test_interventions_need_the_scope(api_for, school):
    Intervention.objects.create(name="Triple P", description="Opvoedprogramma")
    assert api_for(school, "offers:read").get("/api/v1/interventions/").json()["results"]
    assert api_for(school, "families:read").get("/api/v1/interventions/").status_code == 403


def test_monitoring_as_a_beleidsmedewerker_with_small_cells_hidden(api_for):
    gemeente = OrganisationFactory(name="Gemeente Test", kind=Organisation.Kind.MUNICIPALITY)
    api = api_for(gemeente, "monitoring:read")
    response = api.get("/api/v1/monitoring/", {"date_from": "2026-01-01", "date_to": "2026-12-31"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["date_from"] == "2026-01-01"
    assert [s["key"] for s in body["sections"]][:2] == ["referrals", "trajectories"]
    for section in body["sections"]:
        cells = [f["cell"] for f in section["figures"]]
        for table in section["tables"]:
            for row in [*table["rows"], *([table["total"]] if table["total"] else [])]:
                cells += row["cells"]
        for cell in cells:
            if cell["kind"] == "count" and cell["value"] is not None:
                assert cell["value"] == 0 or cell["value"] >= 5
    event = AuditEvent.objects.get(action="api.monitoring_viewed")
    assert event.organisation == gemeente
    assert event.detail["date_from"] == "2026-01-01"
    reversed_period = api.get(
        "/api/v1/monitoring/", {"date_from": "2026-12-31", "date_to": "2026-01-01"}
    )
    assert reversed_period.status_code == 400
    assert api.get("/api/v1/monitoring/", {"date_from": "0001-01-01"}).status_code == 400


def test_monitoring_follows_the_pages_rule(api_for, school):
    assert api_for(school, "offers:read").get("/api/v1/monitoring/").status_code == 403
    coach = UserFactory()
    account_services.membership_add(user=coach, organisation=school, role=Role.COACH)
    session = APIClient()
    session.force_login(coach)
    assert session.get("/api/v1/monitoring/").status_code == 404
