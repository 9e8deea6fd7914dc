"""The working note never leaves the author's organisation: not on the contact's page,
not on the pages of this issue, and asking for it outright answers 404."""

import pytest
from django.utils import timezone

from spil.contacts import services
from spil.contacts.models import Appointment
from spil.contacts.tests.factories import hours, url
from spil.core.access import family_access
from spil.core.audit_labels import known as known_labels
from spil.core.models import AuditEvent

pytestmark = pytest.mark.django_db

NOTE = "Vermoeden van drugsgebruik."


@pytest.fixture
def contact(world):
    return services.contact_log(
        access=family_access(world.coach, world.family),
        occurred_at=timezone.now(),
        summary="Gesprek over school.",
        working_note=NOTE,
    )


def _note_url(world, contact):
    return url("contacts:working_note", world.family, contact_uuid=contact.uuid)


def test_a_professional_of_another_organisation_asking_for_the_working_note_gets_404(
    client, world, contact
):
    world.share_with(world.ggz, ["contacten"])
    client.force_login(world.ggz_worker)
    response = client.get(_note_url(world, contact))
    assert response.status_code == 404 and NOTE not in response.content.decode()
    detail = client.get(url("contacts:detail", world.family, contact_uuid=contact.uuid))
    assert detail.status_code == 200
    body = detail.content.decode()
    assert "Gesprek over school." in body and NOTE not in body
    assert not AuditEvent.objects.filter(action="contact.working_note_viewed").exists()


def test_the_authors_organisation_reads_the_working_note(client, world, contact):
    client.force_login(world.backup)  # same organisation as the coach
    response = client.get(_note_url(world, contact), headers={"HX-Request": "true"})
    assert response.status_code == 200 and NOTE in response.content.decode()
    assert (
        NOTE
        in client.get(
            url("contacts:detail", world.family, contact_uuid=contact.uuid)
        ).content.decode()
    )
    ours = {a for a in AuditEvent.objects.values_list("action", flat=True) if "contact." in a}
    assert ours == {"contact.logged", "contact.viewed", "contact.working_note_viewed"}
    assert ours <= known_labels()


def test_without_the_contacts_part_even_the_contact_is_404(client, world, contact):
    world.share_with(world.ggz, ["plan", "veiligheid"])
    for user in (world.ggz_worker, world.policy, world.other_coach):
        client.force_login(user)
        assert (
            client.get(url("contacts:detail", world.family, contact_uuid=contact.uuid)).status_code
            == 404
        )
        assert client.get(_note_url(world, contact)).status_code == 404


def test_a_kept_appointment_shows_its_contact_without_the_working_note(client, world):
    start = hours(-3)
    appointment = services.appointment_plan(
        access=family_access(world.coach, world.family), starts_at=start
    )
    services.appointment_set_status(
        access=family_access(world.coach, appointment.family),
        appointment=appointment,
        status=Appointment.Status.KEPT,
        log_contact=True,
        summary="Samen gekookt.",
        working_note=NOTE,
    )
    world.share_with(world.ggz, ["contacten", "veiligheid"])
    for user in (world.ggz_worker, world.coach):
        client.force_login(user)
        for name in ("contacts:appointments", "contacts:crises", "contacts:promises"):
            body = client.get(url(name, world.family)).content.decode()
            assert NOTE not in body, (user, name)
    client.force_login(world.ggz_worker)
    assert NOTE not in client.get(url("contacts:list", world.family)).content.decode()


def test_a_coach_who_is_also_a_professional_elsewhere_keeps_notes_in_the_coaching_team(world):
    """The note belongs to the organisation in which the author holds the whole file, not
    to whichever membership is oldest: otherwise the other organisation would read it."""
    from spil.accounts import services as account_services
    from spil.accounts.tests.factories import UserFactory
    from spil.contacts.selectors import contacts_for_family
    from spil.core.roles import Role
    from spil.trajectories.models import Trajectory

    dual = UserFactory()
    account_services.membership_add(user=dual, organisation=world.ggz, role=Role.PROFESSIONAL)
    account_services.membership_add(
        user=dual, organisation=world.coaching, role=Role.COACH, team=world.team_a
    )
    Trajectory.objects.filter(family=world.family).update(backup_coach=dual)
    world.share_with(world.ggz, ["contacten"])
    contact = services.contact_log(
        access=family_access(dual, world.family), occurred_at=timezone.now(), working_note=NOTE
    )
    assert contact.author_organisation == world.coaching
    notes = {
        user: [
            c.working_note for c in contacts_for_family(access=family_access(user, world.family))
        ]
        for user in (world.ggz_worker, world.coach)
    }
    assert notes == {world.ggz_worker: [""], world.coach: [NOTE]}
