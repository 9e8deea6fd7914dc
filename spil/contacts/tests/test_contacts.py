import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from spil.contacts import services
from spil.contacts.models import Contact
from spil.core.access import family_access
from spil.core.models import AuditEvent
from spil.families.tests.factories import World, make_family

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return World()


def _url(name, family):
    return reverse(name, kwargs={"uuid": family.uuid})


def test_a_home_visit_is_logged_in_one_short_htmx_form(client, world):
    client.force_login(world.coach)
    before = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    form = client.get(_url("contacts:new", world.family), headers={"HX-Request": "true"})
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    body = form.content.decode()
    assert "<html" not in body
    # Now and the kind are filled in: the coach only has to press the button.
    assert f'value="{before}"' in body or f'value="{now}"' in body
    assert 'value="huisbezoek" selected' in body
    response = client.post(
        _url("contacts:new", world.family),
        {"occurred_at": now, "kind": "huisbezoek", "summary": "Samen de post doorgenomen."},
        headers={"HX-Request": "true"},
    )
    assert "is vastgelegd" in response.content.decode()
    contact = Contact.objects.get()
    assert contact.author == world.coach
    assert contact.author_organisation == world.coaching


def test_a_contact_in_the_future_is_refused_in_dutch(client, world):
    client.force_login(world.coach)
    later = (timezone.localtime() + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        _url("contacts:new", world.family), {"occurred_at": later, "kind": "telefoon"}
    )
    assert "Dit moment ligt in de toekomst." in response.content.decode()
    assert not Contact.objects.exists()


def test_a_member_of_another_family_is_refused(world):
    other = make_family(world.coach, name="Ander").members.first()
    with pytest.raises(ValidationError):
        services.contact_log(
            access=family_access(world.coach, world.family),
            occurred_at=timezone.now(),
            members=[other],
        )
    assert not Contact.objects.exists()


def test_the_working_note_never_leaves_the_coachs_organisation(client, world):
    services.contact_log(
        access=family_access(world.coach, world.family),
        occurred_at=timezone.now(),
        summary="Gesprek over school.",
        working_note="Vermoeden van drugsgebruik.",
    )
    world.share_with(world.ggz, ["contacten"])
    client.force_login(world.ggz_worker)
    body = client.get(_url("contacts:list", world.family)).content.decode()
    assert "Gesprek over school." in body
    assert "drugsgebruik" not in body
    client.force_login(world.backup)  # same organisation as the coach
    assert "drugsgebruik" in client.get(_url("contacts:list", world.family)).content.decode()


def test_contacts_need_the_contacts_part(client, world):
    world.share_with(world.ggz, ["plan"])
    client.force_login(world.ggz_worker)
    assert client.get(_url("contacts:list", world.family)).status_code == 404
    assert client.get(_url("contacts:new", world.family)).status_code == 404
    client.force_login(world.policy)
    assert client.get(_url("contacts:list", world.family)).status_code == 404


def test_the_audit_trail_holds_codes_not_text(world):
    services.contact_log(
        access=family_access(world.coach, world.family),
        occurred_at=timezone.now(),
        summary="Geheime inhoud",
        is_crisis=True,
    )
    event = AuditEvent.objects.get(action="contact.logged")
    assert event.detail == {"kind": "huisbezoek", "crisis": True}
    assert "Geheime" not in str(event.detail)


def test_contact_list_queries_stay_flat(client, world, django_assert_max_num_queries):
    client.force_login(world.coach)
    for _ in range(2):
        services.contact_log(
            access=family_access(world.coach, world.family),
            occurred_at=timezone.now(),
            members=[world.parent],
        )
    with django_assert_max_num_queries(30) as few:
        client.get(_url("contacts:list", world.family))
    for _ in range(30):
        services.contact_log(
            access=family_access(world.coach, world.family),
            occurred_at=timezone.now(),
            members=[world.parent],
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(_url("contacts:list", world.family))


def test_an_empty_quick_log_answers_with_what_is_missing(client, world):
    """The quick log on the caseload posts with HTMX and swaps the answer in: an empty
    submit gets the form back with the summary (focused by spil.js) and the field errors."""
    client.force_login(world.coach)
    response = client.post(_url("contacts:new", world.family), {}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200  # HTMX swaps only a 2xx answer
    assert "<html" not in body
    assert "data-error-summary" in body
    assert "Wanneer: Dit veld is verplicht." in body
    assert "Soort contact: Dit veld is verplicht." in body
    assert 'aria-invalid="true"' in body
    assert not Contact.objects.exists()


def test_last_contacts_gives_each_familys_latest_and_leaves_out_a_family_without_one(world):
    from spil.contacts import selectors

    access = family_access(world.coach, world.family)
    now = timezone.now()
    for days in (30, 2, 9):
        services.contact_log(access=access, occurred_at=now - dt.timedelta(days=days))
    silent = make_family(world.coach, name="Stil")
    found = selectors.last_contacts(family_ids=[world.family.pk, silent.pk])
    assert found == {world.family.pk: now - dt.timedelta(days=2)}
