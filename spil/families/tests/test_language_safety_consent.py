"""Issue 20 points 7 and 8 (consent): a member's languages and needs, the family's
worker-safety note (shown on the family page and with its appointments), and who gave a
consent and how. Old records keep opening."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from spil.contacts import services as contact_services
from spil.core.access import family_access
from spil.core.models import AuditEvent
from spil.core.testing import days_ago
from spil.families import services
from spil.families.models import Consent

pytestmark = pytest.mark.django_db


def _overview(world):
    return reverse("families:overview", kwargs={"uuid": world.family.uuid})


def _note_url(world):
    return reverse("families:safety_note_edit", kwargs={"uuid": world.family.uuid})


# --- Language and literacy per member ------------------------------------------------------


def test_a_members_languages_and_needs_are_saved_and_shown(client, world):
    client.force_login(world.coach)
    url = reverse(
        "families:member_edit", kwargs={"uuid": world.family.uuid, "member_uuid": world.parent.uuid}
    )
    page = client.get(url).content.decode()
    assert "Tolk nodig" in page and "Taal in het portaal" in page
    response = client.post(
        url,
        {
            "revision": world.parent.revision,
            "role": "ouder",
            "first_name": "Karin",
            "surname": "Vos",
            "birth_date": "1988-03-02",
            "gender": "vrouw",
            "lives_in_household": "on",
            "has_parental_authority": "on",
            "languages": "Tigrinya, Engels",
            "interpreter_needed": "on",
            "literacy_support": "on",
            "portal_language": "en",
        },
    )
    assert response.status_code == 302
    world.parent.refresh_from_db()
    assert world.parent.languages == "Tigrinya, Engels"
    assert world.parent.interpreter_needed and world.parent.literacy_support
    assert world.parent.portal_language == "en"
    body = client.get(_overview(world)).content.decode()
    assert "Tigrinya, Engels" in body and "tolk nodig" in body and "hulp bij lezen" in body


def test_a_member_recorded_before_keeps_dutch_and_no_needs(world):
    noor = world.family.members.get(first_name="Noor")
    assert (noor.languages, noor.interpreter_needed, noor.literacy_support) == ("", False, False)
    assert noor.portal_language == "nl"


# --- The worker-safety note ----------------------------------------------------------------


def test_the_safety_note_is_dated_signed_audited_and_shown_to_everyone_with_access(client, world):
    client.force_login(world.coach)
    assert "Veiligheidsnotitie schrijven" in client.get(_overview(world)).content.decode()
    form = client.get(_note_url(world)).content.decode()
    assert 'name="revision"' in form
    note = "Kom met z'n tweeën; vader kan agressief reageren op onverwacht bezoek."
    response = client.post(
        _note_url(world), {"revision": world.family.revision, "safety_note": note}
    )
    assert response.status_code == 302
    world.family.refresh_from_db()
    assert world.family.safety_note == note
    assert world.family.safety_note_on == timezone.localdate()
    assert world.family.safety_note_by == world.coach
    event = AuditEvent.objects.get(action="family.safety_note_changed")
    assert not event.detail  # never the text
    # A professional who sees the family through a sharing consent reads it too.
    world.share_with(world.ggz, ["plan"])
    client.force_login(world.ggz_worker)
    body = client.get(_overview(world)).content.decode()
    assert "Let op bij een bezoek" in body and "agressief" in body
    assert world.coach.full_name in body
    assert "Veiligheidsnotitie wijzigen" not in body  # reading, not writing
    assert client.get(_note_url(world)).status_code == 404


def test_a_stale_safety_note_is_refused_and_keeps_the_input(client, world):
    client.force_login(world.coach)
    revision = world.family.revision
    services.safety_note_save(
        access=family_access(world.backup, world.family), safety_note="Hond los in de tuin."
    )
    response = client.post(_note_url(world), {"revision": revision, "safety_note": "Trap smal."})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Iemand anders heeft dit intussen gewijzigd" in body and "Trap smal." in body
    world.family.refresh_from_db()
    assert world.family.safety_note == "Hond los in de tuin."


def test_clearing_the_note_clears_its_date_and_author(world):
    access = family_access(world.coach, world.family)
    services.safety_note_save(access=access, safety_note="Hond los in de tuin.")
    services.safety_note_save(access=access, safety_note="  ")
    world.family.refresh_from_db()
    assert (world.family.safety_note, world.family.safety_note_on) == ("", None)
    assert world.family.safety_note_by is None
    assert AuditEvent.objects.filter(action="family.safety_note_cleared").exists()


def test_the_note_shows_with_the_appointment(client, world):
    access = family_access(world.coach, world.family)
    services.safety_note_save(access=access, safety_note="Hond los in de tuin.")
    appointment = contact_services.appointment_plan(
        access=access, starts_at=timezone.now() + dt.timedelta(days=1), purpose="Huisbezoek"
    )
    client.force_login(world.coach)
    kwargs = {"uuid": world.family.uuid}
    detail = reverse(
        "contacts:appointment_status", kwargs={**kwargs, "appointment_uuid": appointment.uuid}
    )
    for url in (
        detail,
        reverse("contacts:appointments", kwargs=kwargs),
        reverse("contacts:agenda"),
    ):
        body = client.get(url).content.decode()
        assert "Hond los in de tuin." in body, url


# --- Consent: who and how ------------------------------------------------------------------


def _consent_url(world):
    return reverse("families:consent_add", kwargs={"uuid": world.family.uuid})


def test_a_consent_records_how_it_was_given_and_a_signed_form_names_its_reference(client, world):
    client.force_login(world.coach)
    data = {
        "kind": "hulp",
        "given_by": str(world.parent.uuid),
        "given_how": "formulier",
        "given_on": days_ago(1).isoformat(),
    }
    refused = client.post(_consent_url(world), data)
    assert "Noem het kenmerk" in refused.content.decode()
    assert not Consent.objects.exists()
    assert (
        client.post(_consent_url(world), {**data, "form_reference": "Archief 2026-114"}).status_code
        == 302
    )
    consent = Consent.objects.get()
    assert (consent.given_how, consent.form_reference) == ("formulier", "Archief 2026-114")
    event = AuditEvent.objects.get(action="consent.recorded")
    assert event.detail["how"] == "formulier" and event.detail["representative"] is False
    body = client.get(_overview(world)).content.decode()
    assert "Op een getekend formulier (Archief 2026-114)." in body


def test_a_legal_representative_gives_consent_instead_of_a_member(client, world):
    client.force_login(world.coach)
    data = {"kind": "hulp", "given_how": "overleg", "given_on": days_ago(1).isoformat()}
    refused = client.post(_consent_url(world), data)
    assert "Wie gaf toestemming?" in refused.content.decode()
    both = client.post(
        _consent_url(world),
        {**data, "given_by": str(world.parent.uuid), "representative": "Voogd, Jeugdbescherming"},
    )
    assert "óf" in both.content.decode()
    assert not Consent.objects.exists()
    client.post(_consent_url(world), {**data, "representative": "Voogd, Jeugdbescherming"})
    consent = Consent.objects.get()
    assert consent.given_by is None and consent.representative == "Voogd, Jeugdbescherming"
    assert consent.giver == "Voogd, Jeugdbescherming (wettelijk vertegenwoordiger)"
    body = client.get(_overview(world)).content.decode()
    assert "Gegeven door de wettelijk vertegenwoordiger." in body


def test_staff_cannot_record_a_portal_consent_nor_an_unknown_how(world):
    access = family_access(world.coach, world.family)
    for how in ("portaal", "per_post"):
        with pytest.raises(ValidationError):
            services.consent_record(
                access=access,
                kind="hulp",
                given_by=world.parent,
                given_on=days_ago(1),
                given_how=how,
            )
    assert not Consent.objects.exists()


def test_the_database_asks_who_gave_a_consent(world):
    consent = world.share_with(world.ggz, ["plan"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Consent.objects.filter(pk=consent.pk).update(given_by=None)


def test_an_old_consent_without_how_stays_valid_and_says_so(client, world):
    old = world.share_with(world.ggz, ["plan"])  # recorded as before: no how
    assert old.given_how == Consent.How.UNKNOWN and old.is_valid_on(days_ago(0))
    client.force_login(world.ggz_worker)
    assert client.get(_overview(world)).status_code == 200  # the consent still opens it
    client.force_login(world.coach)
    assert "Hoe: niet vastgelegd." in client.get(_overview(world)).content.decode()
