"""The family overview and its inline editing, through the views."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from spil.core.access import family_access
from spil.core.testing import days_ago
from spil.families import services
from spil.families.models import Consent, Involvement, Member

pytestmark = pytest.mark.django_db


def _overview(world):
    return reverse("families:overview", kwargs={"uuid": world.family.uuid})


def test_overview_shows_family_network_team_consent_and_coach(client, world):
    services.network_contact_save(
        access=family_access(world.coach, world.family),
        name="Els",
        relation="buurvrouw",
        sector="vrienden_buren",
        tie="sterk",
    )
    services.involvement_add(
        access=family_access(world.coach, world.family),
        role="school",
        organisation=world.school,
        worker=world.teacher,
        is_coordinator=True,
    )
    services.consent_record(
        access=family_access(world.coach, world.family),
        kind="hulp",
        given_by=world.parent,
        given_on=days_ago(30),
    )
    client.force_login(world.coach)
    body = client.get(_overview(world)).content.decode()
    assert body.count("<h1") == 1
    for expected in (
        "Karin",
        "Els",
        "regiehouder",
        world.teacher.full_name,
        "zei op",
        world.coach.full_name,
        "<svg",
    ):
        assert expected in body, expected


def test_the_genogram_on_the_page_parses_and_holds_every_member(client, world):
    daan = world.family.members.get(first_name="Daan")
    services.relation_add(
        access=family_access(world.coach, world.family),
        from_member=world.parent,
        to_member=daan,
        kind="ouder_van",
        parentage="biologisch",
    )
    client.force_login(world.coach)
    body = client.get(_overview(world)).content.decode()
    start = body.index("<svg")
    svg = body[start : body.index("</svg>", start) + len("</svg>")]
    root = ET.fromstring(svg)
    people = [
        g
        for g in root.iter("{http://www.w3.org/2000/svg}g")
        if "person" in (g.get("class") or "").split()
    ]
    assert len(people) == world.family.members.count()
    assert any(
        "parent" in (g.get("class") or "").split()
        for g in root.iter("{http://www.w3.org/2000/svg}g")
    )


def test_overview_query_count_is_flat_from_2_to_30_members_and_workers(
    client, world, django_assert_max_num_queries
):
    client.force_login(world.coach)
    url = _overview(world)
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    baseline = len(few.captured_queries)
    for n in range(28):
        services.member_save(
            access=family_access(world.coach, world.family),
            role="anders",
            first_name=f"Lid{n}",
            surname="Vos",
            birth_date=dt.date(1990, 1, 1),
        )
        services.involvement_add(
            access=family_access(world.coach, world.family),
            role="anders",
            organisation_name=f"Organisatie {n}",
            worker_name=f"W{n}",
        )
        services.network_contact_save(
            access=family_access(world.coach, world.family),
            name=f"C{n}",
            relation="buur",
            sector="vrienden_buren",
        )
    with django_assert_max_num_queries(baseline):
        client.get(url)


def test_htmx_adds_a_member_inline_and_returns_the_section(client, world):
    client.force_login(world.coach)
    url = reverse("families:member_add", kwargs={"uuid": world.family.uuid})
    form = client.get(url, headers={"HX-Request": "true"})
    assert "<form" in form.content.decode() and "<html" not in form.content.decode()
    response = client.post(
        url,
        {
            "role": "grootouder",
            "first_name": "Riet",
            "surname": "Vos",
            "gender": "vrouw",
            "lives_in_household": "",
        },
        headers={"HX-Request": "true"},
    )
    assert response["HX-Retarget"] == "#leden"
    assert 'id="leden"' in response.content.decode()
    assert "Riet" in response.content.decode()
    assert Member.objects.filter(first_name="Riet", lives_in_household=False).exists()


def test_without_javascript_the_form_is_a_page_and_redirects_back(client, world):
    client.force_login(world.coach)
    url = reverse("families:member_add", kwargs={"uuid": world.family.uuid})
    assert "<h1>Gezinslid toevoegen</h1>" in client.get(url).content.decode()
    response = client.post(
        url, {"role": "kind", "first_name": "Sem", "surname": "Vos", "gender": "man"}
    )
    assert response["Location"].endswith("#leden")


def test_an_invalid_bsn_in_the_form_is_refused_in_dutch(client, world):
    client.force_login(world.coach)
    url = reverse("families:member_add", kwargs={"uuid": world.family.uuid})
    response = client.post(
        url,
        {
            "role": "kind",
            "first_name": "Sem",
            "surname": "Vos",
            "gender": "man",
            "bsn": "123456789",
        },
    )
    assert "Dit is geen geldig BSN" in response.content.decode()
    assert not Member.objects.filter(first_name="Sem").exists()


def test_own_parent_and_second_coordinator_are_refused_in_the_forms(client, world):
    client.force_login(world.coach)
    response = client.post(
        reverse("families:relation_add", kwargs={"uuid": world.family.uuid}),
        {
            "from_member": world.parent.uuid,
            "to_member": world.parent.uuid,
            "kind": "ouder_van",
            "parentage": "biologisch",
            "quality": "normaal",
        },
    )
    assert (
        "niet met zichzelf" in response.content.decode() or "zichzelf" in response.content.decode()
    )
    services.involvement_add(
        access=family_access(world.coach, world.family),
        role="gezinscoach",
        worker=world.coach,
        is_coordinator=True,
    )
    response = client.post(
        reverse("families:involvement_add", kwargs={"uuid": world.family.uuid}),
        {"role": "ggz", "organisation_name": "GGZ", "worker_name": "R", "is_coordinator": "on"},
    )
    assert "Er is al een regiehouder" in response.content.decode()
    assert Involvement.objects.filter(is_coordinator=True).count() == 1


def test_sharing_consent_without_organisation_or_purpose_is_refused(client, world):
    client.force_login(world.coach)
    response = client.post(
        reverse("families:consent_add", kwargs={"uuid": world.family.uuid}),
        {
            "kind": "delen",
            "given_by": world.parent.uuid,
            "given_how": "overleg",
            "given_on": days_ago(1).isoformat(),
        },
    )
    body = response.content.decode()
    assert "Noem de organisatie waarmee gedeeld mag worden." in body
    assert "Noem het doel" in body
    assert not Consent.objects.exists()


def test_withdrawing_consent_from_the_overview(client, world):
    consent = world.share_with(world.ggz, ["plan"])
    client.force_login(world.coach)
    url = reverse(
        "families:consent_withdraw",
        kwargs={"uuid": world.family.uuid, "consent_uuid": consent.uuid},
    )
    client.post(url, {"withdrawn_on": days_ago(0).isoformat()})
    consent.refresh_from_db()
    assert consent.withdrawn_on == days_ago(0)
    client.force_login(world.ggz_worker)
    assert client.get(_overview(world)).status_code == 404


def test_team_warning_above_the_threshold(client, world, settings):
    settings.SPIL_TEAM_WARNING_THRESHOLD = 2
    for n in range(3):
        services.involvement_add(
            access=family_access(world.coach, world.family),
            role="anders",
            organisation_name=f"Org {n}",
        )
    client.force_login(world.coach)
    assert "Dat is veel" in client.get(_overview(world)).content.decode()
