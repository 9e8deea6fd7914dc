"""The family's shared file through the API: the pages' policy for the client's account
(consent by organisation and part), the audit in "wie keek", and a partner marking its
own step done with If-Match (412 on a stale ETag, 428 without)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from spil.contacts import services as contact_services
from spil.core.access import family_access, member_access
from spil.core.models import AuditEvent
from spil.core.testing import days_ago
from spil.families.selectors import who_looked as staff_who_looked
from spil.plans.models import Step
from spil.plans.tests.factories import PlanWorld
from spil.portal import selectors as portal_selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    w = PlanWorld()
    plan = w.start_plan()
    goal = w.goal(plan)
    w.ggz_step = w.step(goal, what="Intake bij de GGZ plannen", owner=w.ggz_involvement)
    w.school_step = w.step(goal, what="Gesprek met de mentor", owner=w.school_involvement)
    w.agree(plan)
    w.share_with(w.ggz, ["plan", "contacten"])
    return w


def _url(name, family, **kw):
    return reverse(f"api:{name}", kwargs={"uuid": family.uuid, **kw})


def test_a_partner_with_consent_reads_the_family_and_its_agreed_plan(world, api_for):
    api = api_for(world.ggz, "families:read plans:write")
    families = api.get("/api/v1/families/")
    assert families.status_code == 200
    assert [row["uuid"] for row in families.json()["results"]] == [str(world.family.uuid)]

    detail = api.get(_url("family", world.family))
    assert detail.status_code == 200
    assert detail["ETag"] == f'"{world.family.uuid}-{world.family.revision}"'
    assert set(detail.json()["parts"]) == {"basis", "plan", "contacten"}

    plan = api.get(_url("plan", world.family))
    assert plan.status_code == 200
    steps = [s for g in plan.json()["goals"] for s in g["steps"]]
    mine = next(s for s in steps if s["uuid"] == str(world.ggz_step.uuid))
    assert mine["organisation"] == str(world.ggz.uuid)
    assert mine["status"] == "open"

    members = api.get(_url("members", world.family)).json()["results"]
    assert {m["first_name"] for m in members} >= {"Karin", "Daan"}
    assert all("bsn" not in m for m in members)
    assert api.get(_url("team", world.family)).status_code == 200
    assert api.get(_url("appointments", world.family)).status_code == 200
    assert api.get(_url("contacts", world.family)).status_code == 200
    # The consents are the family story's, as on the pages: never for a partner.
    assert api.get(_url("consents", world.family)).status_code == 404


def test_without_consent_the_family_does_not_exist(world, api_for):
    school = api_for(world.school, "families:read plans:write")
    assert school.get("/api/v1/families/").json()["results"] == []
    for name in ("family", "members", "team", "plan", "appointments", "contacts", "consents"):
        response = school.get(_url(name, world.family))
        assert response.status_code == 404, name
        assert response["Content-Type"] == "application/problem+json"
    step = school.get(_url("step", world.family, step_uuid=world.school_step.uuid))
    assert step.status_code == 404
    refused = AuditEvent.objects.filter(action="security.family_refused")
    assert refused.exists()


def test_a_part_the_consent_does_not_name_is_404(world, api_for):
    world.share_with(world.school, ["plan"])
    school = api_for(world.school, "families:read")
    assert school.get(_url("plan", world.family)).status_code == 200
    assert school.get(_url("contacts", world.family)).status_code == 404
    assert school.get(_url("appointments", world.family)).status_code == 404


def test_contacts_never_carry_the_working_note(world, api_for):
    contact_services.contact_log(
        access=family_access(world.coach, world.family),
        occurred_at=timezone.now() - timedelta(days=2),
        summary="Gesproken over de week.",
        working_note="Alleen voor ons: zorg om de oudste.",
    )
    api = api_for(world.ggz, "families:read")
    response = api.get(_url("contacts", world.family))
    assert response.json()["results"][0]["summary"] == "Gesproken over de week."
    body = response.content.decode()
    assert "working_note" not in body
    assert "Alleen voor ons" not in body


def test_the_partner_marks_its_own_step_done_with_if_match(world, api_for):
    api = api_for(world.ggz, "families:read plans:write")
    url = _url("step", world.family, step_uuid=world.ggz_step.uuid)
    got = api.get(url)
    assert got.status_code == 200
    etag = got["ETag"]

    without = api.patch(url, {"status": "gedaan"}, format="json")
    assert without.status_code == 428
    assert without["Content-Type"] == "application/problem+json"

    done = api.patch(url, {"status": "gedaan"}, format="json", HTTP_IF_MATCH=etag)
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "gedaan"
    assert done["ETag"] != etag
    world.ggz_step.refresh_from_db()
    assert world.ggz_step.done_on is not None
    # The plans service's own audit, and the API's with the client.
    assert AuditEvent.objects.filter(action="plan.step_done", actor=api.api_client.user).exists()
    event = AuditEvent.objects.get(action="api.step_updated")
    assert event.organisation == world.ggz
    assert event.detail["client"] == api.api_client.client_id

    # A second client (or a second request) with the old ETag: 412, nothing changed.
    other = api_for(world.ggz, "families:read plans:write")
    stale = other.patch(url, {"status": "open"}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    world.ggz_step.refresh_from_db()
    assert world.ggz_step.done_on is not None


def test_two_patches_from_the_same_etag_one_wins(world, api_for):
    first = api_for(world.ggz, "families:read plans:write")
    second = api_for(world.ggz, "families:read plans:write")
    url = _url("step", world.family, step_uuid=world.ggz_step.uuid)
    etag = first.get(url)["ETag"]
    assert second.get(url)["ETag"] == etag
    a = first.patch(url, {"status": "gedaan"}, format="json", HTTP_IF_MATCH=etag)
    b = second.patch(
        url, {"status": "gedaan", "done_on": str(days_ago(3))}, format="json", HTTP_IF_MATCH=etag
    )
    assert sorted([a.status_code, b.status_code]) == [200, 412]
    world.ggz_step.refresh_from_db()
    assert world.ggz_step.done_on == days_ago(0)


def test_another_organisations_step_is_403_and_bad_input_400(world, api_for):
    api = api_for(world.ggz, "families:read plans:write")
    url = _url("step", world.family, step_uuid=world.school_step.uuid)
    etag = api.get(url)["ETag"]
    refused = api.patch(url, {"status": "gedaan"}, format="json", HTTP_IF_MATCH=etag)
    assert refused.status_code == 403
    mine = _url("step", world.family, step_uuid=world.ggz_step.uuid)
    etag = api.get(mine)["ETag"]
    future = api.patch(
        mine, {"status": "gedaan", "done_on": "2999-01-01"}, format="json", HTTP_IF_MATCH=etag
    )
    assert future.status_code == 400
    assert future.json()["errors"][0]["field"] == "done_on"
    assert api.patch(mine, {"status": "half"}, format="json", HTTP_IF_MATCH=etag).status_code == 400
    assert not Step.objects.filter(done_on__isnull=False).exists()
    # families:read alone may read the step, never change it.
    reader = api_for(world.ggz, "families:read")
    assert (
        reader.patch(mine, {"status": "gedaan"}, format="json", HTTP_IF_MATCH=etag).status_code
        == 403
    )


def test_api_reads_show_in_who_looked_with_client_and_organisation(world, api_for):
    api = api_for(world.ggz, "families:read")
    api.get(_url("plan", world.family))
    api.get(_url("members", world.family))
    event = AuditEvent.objects.get(action="api.plan_viewed")
    assert event.organisation == world.ggz
    assert event.actor == api.api_client.user
    assert event.detail == {"client": api.api_client.client_id}
    assert event.family_uuid == world.family.uuid
    # The coach's page: the client's account by name, the organisation.
    looks = staff_who_looked(family=world.family)
    shown = [
        (look.event.actor.full_name, look.event.organisation.name, look.label)
        for look in looks
        if look.event.action.startswith("api.")
    ]
    assert ("API-koppeling Leerlingsysteem", "GGZ", "bekeek het plan via de API") in shown
    # The family's own "wie keek": organisation and, for a client, that it was a koppeling.
    access = member_access(world.coach, world.parent, preview=True)
    looks = portal_selectors.who_looked(access)
    api_looks = [look for look in looks if "API" in look.what]
    assert {look.organisation for look in api_looks} == {"GGZ"}
    assert {look.role for look in api_looks} == {"Koppeling (API)"}
    assert "bekeek het plan via de API" in {look.what for look in api_looks}


def test_the_family_list_is_paged_by_cursor_and_filtered(world, api_for):
    api = api_for(world.ggz, "families:read")
    page = api.get("/api/v1/families/", {"page_size": 1})
    assert page.status_code == 200
    assert set(page.json()) >= {"next", "previous", "results"}
    assert api.get("/api/v1/families/", {"updated_since": "2999-01-01"}).json()["results"] == []
    bad = api.get("/api/v1/families/", {"updated_since": "gisteren"})
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "updated_since"
    assert api.get("/api/v1/families/", {"cursor": "onzin"}).status_code == 404


def test_list_queries_do_not_grow_with_the_rows(world, api_for, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api = api_for(world.ggz, "families:read")
    access = family_access(world.coach, world.family)

    def log(n):
        for i in range(n):
            contact_services.contact_log(
                access=access, occurred_at=timezone.now() - timedelta(hours=i + 1), summary="x"
            )

    log(1)
    with CaptureQueriesContext(connection) as one:
        assert api.get(_url("contacts", world.family)).status_code == 200
    log(4)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = api.get(_url("contacts", world.family))
    assert len(response.json()["results"]) == 5
