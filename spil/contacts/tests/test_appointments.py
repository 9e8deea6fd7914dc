"""Appointments: planned, then kept or missed; the family's list, the coach's agenda and
the kept-appointment figures."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from spil.contacts import selectors, services
from spil.contacts.models import Appointment, Contact
from spil.contacts.tests.factories import hours, local_input, url
from spil.core.access import family_access
from spil.core.audit_labels import known as known_labels
from spil.core.models import AuditEvent
from spil.core.testing import days_ago
from spil.families.tests.factories import make_family
from spil.trajectories.models import Trajectory

pytestmark = pytest.mark.django_db
S = Appointment.Status
OUR_PREFIXES = {"appointment", "contact", "contacts", "promise", "crisis", "what_if"}


def plan(world, starts_in_hours, *, worker=None, family=None, length=1, **extra):
    start = hours(starts_in_hours)
    return services.appointment_plan(
        access=family_access(world.coach, family or world.family),
        starts_at=start,
        ends_at=start + dt.timedelta(hours=length),
        worker=worker,
        **extra,
    )


def settle(world, appointment, status, **extra):
    return services.appointment_set_status(
        access=family_access(world.coach, appointment.family),
        appointment=appointment,
        status=status,
        **extra,
    )


# --- Planning -------------------------------------------------------------------------


def test_a_coach_plans_an_appointment_with_this_familys_members(client, world):
    client.force_login(world.coach)
    start = hours(24)
    response = client.post(
        url("contacts:appointment_new", world.family),
        {
            "starts_at": local_input(start),
            "ends_at": local_input(start + dt.timedelta(hours=1)),
            "place": "Thuis",
            "purpose": "Samen de post doornemen",
            "members": [str(world.parent.uuid)],
            "worker": str(world.coach.uuid),
        },
    )
    assert response.status_code == 302
    appointment = Appointment.objects.get()
    assert appointment.worker == world.coach
    assert appointment.worker_organisation == world.coaching
    assert list(appointment.members.all()) == [world.parent]
    assert appointment.status == S.PLANNED
    event = AuditEvent.objects.get(action="appointment.planned")
    assert event.family_uuid == world.family.uuid and event.detail == {}


def test_the_form_proposes_the_coach_as_worker(client, world):
    client.force_login(world.backup)
    body = client.get(url("contacts:appointment_new", world.family)).content.decode()
    assert f'value="{world.backup.uuid}" selected' in body
    assert str(world.coach.uuid) in body  # the family's coach may be chosen too


def test_an_appointment_that_ends_before_it_starts_is_refused_in_dutch(client, world):
    client.force_login(world.coach)
    start = hours(24)
    response = client.post(
        url("contacts:appointment_new", world.family),
        {
            "starts_at": local_input(start),
            "ends_at": local_input(start - dt.timedelta(hours=1)),
            "worker": str(world.coach.uuid),
        },
    )
    assert response.status_code == 200
    assert "De afspraak eindigt voordat hij begint." in response.content.decode()
    assert not Appointment.objects.exists()
    assert not AuditEvent.objects.filter(action="appointment.planned").exists()


def test_an_appointment_of_more_than_a_day_is_refused(world):
    with pytest.raises(ValidationError) as error:
        plan(world, 2, length=25)
    assert "Een afspraak duurt hooguit een dag." in str(error.value)
    assert not Appointment.objects.exists()


def test_members_of_another_family_are_refused(world):
    other = make_family(world.coach, name="Ander").members.first()
    with pytest.raises(ValidationError) as error:
        plan(world, 2, members=[other])
    assert "Kies alleen leden van dit gezin." in str(error.value)
    assert not Appointment.objects.exists()


def test_the_worker_must_have_the_whole_file(world):
    with pytest.raises(ValidationError) as error:
        plan(world, 2, worker=world.other_coach)
    assert "hele dossier" in str(error.value)
    assert plan(world, 2, worker=world.backup).worker == world.backup


# --- Status afterwards ----------------------------------------------------------------


def test_kept_or_no_show_before_the_start_is_refused(world):
    appointment = plan(world, 3)
    for status in (S.KEPT, S.NO_SHOW):
        with pytest.raises(ValidationError) as error:
            settle(world, appointment, status)
        assert "nog niet begonnen" in str(error.value)
    appointment.refresh_from_db()
    assert appointment.status == S.PLANNED
    # A cancellation may be known beforehand.
    settle(world, appointment, S.CANCELLED_BY_FAMILY, note="Ziek")
    appointment.refresh_from_db()
    assert appointment.status == S.CANCELLED_BY_FAMILY and appointment.status_note == "Ziek"


def test_kept_in_the_future_is_refused_on_the_form_in_dutch(client, world):
    appointment = plan(world, 3)
    client.force_login(world.coach)
    response = client.post(
        url("contacts:appointment_status", world.family, appointment_uuid=appointment.uuid),
        {"status": S.KEPT},
    )
    assert "Deze afspraak is nog niet begonnen." in response.content.decode()
    appointment.refresh_from_db()
    assert appointment.status == S.PLANNED


def test_a_kept_appointment_logs_its_contact_in_the_same_action(client, world):
    appointment = plan(world, -3, length=2, members=[world.parent], place="Thuis")
    client.force_login(world.coach)
    response = client.post(
        url("contacts:appointment_status", world.family, appointment_uuid=appointment.uuid),
        {
            "status": S.KEPT,
            "log_contact": "on",
            "contact_kind": "huisbezoek",
            "summary": "Budgetplan besproken.",
            "working_note": "Twijfel over de partner.",
        },
    )
    assert response.status_code == 302
    appointment.refresh_from_db()
    contact = Contact.objects.get()
    assert appointment.status == S.KEPT and appointment.contact == contact
    assert contact.occurred_at == appointment.starts_at
    assert contact.duration_minutes == 120
    assert list(contact.members.all()) == [world.parent]
    assert contact.summary == "Budgetplan besproken."
    event = AuditEvent.objects.get(action="appointment.status_set")
    assert event.detail == {"status": S.KEPT, "contact": True}
    assert "Budgetplan" not in str(AuditEvent.objects.values_list("detail", flat=True))


def test_a_contact_is_logged_only_once_and_only_when_kept(world):
    appointment = plan(world, -3)
    with pytest.raises(ValidationError):
        settle(world, appointment, S.NO_SHOW, log_contact=True)
    assert not Contact.objects.exists()
    settle(world, appointment, S.KEPT, log_contact=True)
    with pytest.raises(ValidationError):
        settle(world, appointment, S.KEPT, log_contact=True)
    with pytest.raises(ValidationError):
        settle(world, appointment, S.NO_SHOW)
    assert Contact.objects.count() == 1


def test_the_status_buttons_swap_the_row_in_place(client, world):
    appointment = plan(world, -2, purpose="Gesprek school")
    client.force_login(world.coach)
    response = client.post(
        url("contacts:appointment_status", world.family, appointment_uuid=appointment.uuid),
        {"status": S.NO_SHOW},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert "<html" not in body and body.lstrip().startswith("<tr")
    assert f'id="afspraak-{appointment.uuid}"' in body and "Niet verschenen" in body
    appointment.refresh_from_db()
    assert appointment.status == S.NO_SHOW


def test_a_refused_status_button_shows_the_message_in_the_row(client, world):
    appointment = plan(world, 5)
    client.force_login(world.coach)
    body = client.post(
        url("contacts:appointment_status", world.family, appointment_uuid=appointment.uuid),
        {"status": S.KEPT},
        headers={"HX-Request": "true"},
    ).content.decode()
    assert "nog niet begonnen" in body and 'role="alert"' in body
    appointment.refresh_from_db()
    assert appointment.status == S.PLANNED


# --- The family's page and its figures ------------------------------------------------


def _known_mix(world):
    """3 kept, 1 cancelled by the family, 1 by the coach, 1 no-show, 1 past but not
    updated, 2 upcoming (one of them already cancelled by the family)."""
    for n, status in enumerate(
        [S.KEPT, S.KEPT, S.KEPT, S.CANCELLED_BY_FAMILY, S.CANCELLED_BY_WORKER, S.NO_SHOW]
    ):
        settle(world, plan(world, -24 * (n + 1)), status)
    plan(world, -30)
    plan(world, 48)
    settle(world, plan(world, 72), S.CANCELLED_BY_FAMILY)


def test_the_kept_rate_counts_only_past_appointments_with_an_outcome(world):
    _known_mix(world)
    figures = selectors.family_appointments(access=family_access(world.coach, world.family)).figures
    assert (figures.kept, figures.cancelled_by_family, figures.cancelled_by_worker) == (3, 1, 1)
    assert (figures.no_show, figures.to_update, figures.upcoming) == (1, 1, 2)
    assert figures.counted == 6 and figures.rate == 50


def test_the_family_page_shows_upcoming_and_past_with_the_numbers(client, world):
    _known_mix(world)
    client.force_login(world.coach)
    response = client.get(url("contacts:appointments", world.family))
    body = response.content.decode()
    assert "50% nagekomen: 3 van 6 afspraken" in body
    upcoming, past = body.split("Geweest</h2>")
    assert upcoming.count('data-status="') == 2 and past.count('data-status="') == 7
    assert AuditEvent.objects.filter(action="appointment.list_viewed").count() == 1


def test_each_row_says_who_is_expected_members_first_then_helpers(client, world):
    """The "Met" cell: the members' first names, then the helpers, or a dash for nobody;
    the same property (`with_whom`) fills the contacts list and a contact's page."""
    helper = world.family.involvements.create(
        role="ggz", organisation=world.ggz, worker=world.ggz_worker
    )
    both = plan(world, 2, members=[world.parent], involvements=[helper])
    nobody = plan(world, 3)
    assert both.with_whom == f"Karin; {helper}" and nobody.with_whom == ""
    client.force_login(world.coach)
    body = client.get(url("contacts:appointments", world.family)).content.decode()

    def cells(appointment):
        start = body.index(f'id="afspraak-{appointment.uuid}"')
        return body[start : body.index("</tr>", start)].split("<td>")[1:]

    assert cells(both)[1] == f"Karin; {escape(str(helper))}</td>\n  "
    assert cells(nobody)[1] == "—</td>\n  "


def test_without_appointments_there_is_no_rate(client, world):
    client.force_login(world.coach)
    body = client.get(url("contacts:appointments", world.family)).content.decode()
    assert "Nog geen afspraken die geweest zijn" in body and "0%" not in body


def test_family_appointments_queries_stay_flat(client, world, django_assert_max_num_queries):
    involvement = world.family.involvements.create(role="ggz", organisation=world.ggz)
    client.force_login(world.coach)

    def add(n):
        for i in range(n):
            plan(world, -i - 1, members=[world.parent], involvements=[involvement])
            settle(world, plan(world, -i - 100), S.KEPT, log_contact=True)
            plan(world, i + 1)

    add(2)
    with django_assert_max_num_queries(40) as few:
        client.get(url("contacts:appointments", world.family))
    add(15)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("contacts:appointments", world.family))


# --- Access ---------------------------------------------------------------------------


def test_a_professional_with_consent_reads_but_never_writes(client, world):
    appointment = plan(world, -2, purpose="Gesprek school")
    world.share_with(world.ggz, ["contacten"])
    client.force_login(world.ggz_worker)
    response = client.get(url("contacts:appointments", world.family))
    body = response.content.decode()
    assert response.status_code == 200 and "Gesprek school" in body
    assert "Afspraak maken" not in body and "hx-post" not in body
    assert client.get(url("contacts:appointment_new", world.family)).status_code == 404
    status_url = url("contacts:appointment_status", world.family, appointment_uuid=appointment.uuid)
    assert client.post(status_url, {"status": S.NO_SHOW}).status_code == 404
    appointment.refresh_from_db()
    assert appointment.status == S.PLANNED


def test_without_the_contacts_part_there_is_nothing(client, world):
    appointment = plan(world, -2)
    world.share_with(world.ggz, ["plan"])
    for user in (world.ggz_worker, world.teacher, world.policy, world.admin, world.other_coach):
        client.force_login(user)
        assert client.get(url("contacts:appointments", world.family)).status_code == 404
        assert selectors.appointments_for_family(access=family_access(user, world.family)) == []
        status_url = url(
            "contacts:appointment_status", world.family, appointment_uuid=appointment.uuid
        )
        assert client.post(status_url, {"status": S.NO_SHOW}).status_code == 404
    assert selectors.appointments_for_family(access=family_access(world.coach, world.family)) == [
        appointment
    ]


def test_an_appointment_of_another_family_is_not_found(client, world):
    other = make_family(world.coach, name="Ander")
    Trajectory.objects.create(
        family=other, kind="gezinscoach", coach=world.coach, started_on=days_ago(10)
    )
    theirs = plan(world, -2, family=other)
    client.force_login(world.coach)
    response = client.post(
        url("contacts:appointment_status", world.family, appointment_uuid=theirs.uuid),
        {"status": S.NO_SHOW},
    )
    assert response.status_code == 404


# --- The coach's agenda ---------------------------------------------------------------


def test_the_agenda_shows_my_appointments_across_families_upcoming_first(client, world):
    other = make_family(world.coach, name="Bakker")
    Trajectory.objects.create(
        family=other, kind="gezinscoach", coach=world.coach, started_on=days_ago(10)
    )
    later = plan(world, 50, purpose="Later bij Vos")
    soon = plan(world, 2, family=other, purpose="Straks bij Bakker")
    past = plan(world, -5, purpose="Bijwerken")
    done = plan(world, -30, purpose="Gedaan")
    settle(world, done, S.KEPT)
    plan(world, 3, worker=world.backup, purpose="Van de back-up")
    client.force_login(world.coach)
    response = client.get(reverse("contacts:agenda"))
    body = response.content.decode()
    assert (
        body.index("Straks bij Bakker")
        < body.index("Later bij Vos")
        < body.index("Bijwerken")
        < body.index("Gedaan")
    )
    assert "Van de back-up" not in body
    found = selectors.agenda_for_user(user=world.coach)
    assert found.upcoming == [soon, later] and found.to_update == [past]
    assert found.recent == [done]
    assert AuditEvent.objects.filter(action="appointment.agenda_viewed").count() == 2


def test_the_agenda_leaves_out_families_i_no_longer_coach(client, world):
    plan(world, 5, purpose="Na de overdracht")
    Trajectory.objects.filter(family=world.family).update(coach=world.other_coach)
    client.force_login(world.coach)
    assert "Na de overdracht" not in client.get(reverse("contacts:agenda")).content.decode()


def test_the_agenda_status_buttons_keep_the_family_column(client, world):
    appointment = plan(world, -2)
    client.force_login(world.coach)
    body = client.post(
        url("contacts:appointment_status", world.family, appointment_uuid=appointment.uuid),
        {"status": S.KEPT, "from": "agenda"},
        headers={"HX-Request": "true"},
    ).content.decode()
    assert str(world.family) in body and "Nagekomen" in body


def test_the_agenda_is_for_coaches_only(client, world):
    for user in (world.policy, world.ggz_worker, world.admin, world.coordinator):
        client.force_login(user)
        assert client.get(reverse("contacts:agenda")).status_code == 404


def test_agenda_queries_stay_flat(client, world, django_assert_max_num_queries):
    families = [world.family]
    for name in ("Bakker", "Claes", "De Wit"):
        family = make_family(world.coach, name=name)
        Trajectory.objects.create(
            family=family, kind="gezinscoach", coach=world.coach, started_on=days_ago(10)
        )
        families.append(family)
    client.force_login(world.coach)
    plan(world, 2, members=[world.parent])
    plan(world, -2)
    with django_assert_max_num_queries(60) as few:
        client.get(reverse("contacts:agenda"))
    for family in families:
        for n in range(5):
            plan(world, n + 3, family=family, members=list(family.members.all()[:1]))
            settle(world, plan(world, -n - 3, family=family), S.KEPT)
    with django_assert_max_num_queries(len(few.captured_queries)):
        # one audit event per family shown, stored at once: nothing per family or appointment
        client.get(reverse("contacts:agenda"))
    shown = AuditEvent.objects.filter(action="appointment.agenda_viewed")
    assert {e.family_uuid for e in shown.order_by("-id")[: len(families)]} == {
        f.uuid for f in families
    }
    call_command("audit_verify", stdout=io.StringIO())


# --- Figures per coach ----------------------------------------------------------------


def test_a_coach_sees_their_own_figures_and_a_teamleider_those_of_the_team(client, world):
    settle(world, plan(world, -5), S.KEPT)
    settle(world, plan(world, -6), S.NO_SHOW)
    settle(world, plan(world, -7, worker=world.backup), S.KEPT)
    figures_url = reverse("contacts:figures")

    client.force_login(world.coach)
    body = client.get(figures_url).content.decode()
    assert escape(world.coach.full_name) in body and escape(world.backup.full_name) not in body
    row = selectors.coach_figures(
        user=world.coach, date_from=dt.date(2000, 1, 1), date_to=dt.date(2100, 1, 1)
    )
    assert [(r.coach, r.appointments.kept, r.appointments.no_show) for r in row] == [
        (world.coach, 1, 1)
    ]
    assert row[0].appointments.rate == 50

    client.force_login(world.team_lead)
    body = client.get(figures_url).content.decode()
    assert escape(world.coach.full_name) in body and escape(world.backup.full_name) in body
    assert escape(world.other_coach.full_name) not in body

    client.force_login(world.other_team_lead)
    body = client.get(figures_url).content.decode()
    assert escape(world.coach.full_name) not in body and escape(world.other_coach.full_name) in body

    for user in (world.policy, world.ggz_worker, world.admin):
        client.force_login(user)
        assert client.get(figures_url).status_code == 404


def test_coach_figures_count_the_period(world):
    settle(world, plan(world, -24 * 10), S.KEPT)
    settle(world, plan(world, -24 * 40), S.CANCELLED_BY_WORKER)
    today = timezone.localdate()
    (row,) = selectors.coach_figures(
        user=world.coach, date_from=today - dt.timedelta(days=20), date_to=today
    )
    assert (row.appointments.kept, row.appointments.cancelled_by_worker) == (1, 0)
    assert row.appointments.rate == 100


def test_an_invalid_period_shows_a_dutch_message(client, world):
    client.force_login(world.coach)
    body = client.get(
        reverse("contacts:figures"), {"date_from": "2026-05-01", "date_to": "2026-04-01"}
    ).content.decode()
    assert "Deze datum ligt voor het begin van de periode." in body


def test_every_appointment_action_has_a_label(client, world):
    appointment = plan(world, -2)
    settle(world, appointment, S.KEPT, log_contact=True)
    client.force_login(world.coach)
    client.get(url("contacts:appointments", world.family))
    client.get(url("contacts:appointment_status", world.family, appointment_uuid=appointment.uuid))
    client.get(reverse("contacts:agenda"))
    client.get(reverse("contacts:figures"))
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "appointment.planned",
        "appointment.status_set",
        "appointment.list_viewed",
        "appointment.viewed",
        "appointment.agenda_viewed",
        "contacts.figures_viewed",
    } <= actions
    ours = {a for a in actions if a.split(".")[0] in OUR_PREFIXES}
    assert ours >= {"contact.logged"} and ours <= known_labels()


def test_the_lists_read_with_whom_as_values_and_say_what_one_row_read_says(
    world, django_assert_num_queries
):
    """The lists (contacts, a family's appointments, the agenda) read each row's "met
    wie" as plain values in two queries; it must say what the prefetched objects say, in
    their order: members by birth date, helpers the coordinator first then by role, a
    helper by the worker's name, else the name written down, else the organisation."""
    access = family_access(world.coach, world.family)
    coordinator = world.family.involvements.create(
        role="wijkagent", organisation=world.gemeente, worker=world.teacher, is_coordinator=True
    )
    helpers = [
        world.family.involvements.create(role="school", organisation=world.school),
        world.family.involvements.create(role="huisarts", worker_name="Dr. Aydin"),
        world.family.involvements.create(
            role="ggz", organisation=world.ggz, worker=world.ggz_worker
        ),
        coordinator,
    ]
    members = list(world.family.members.order_by("first_name"))  # Daan, Karin, Noor
    contact = services.contact_log(
        access=access, occurred_at=hours(-2), members=members, involvements=helpers
    )
    appointment = plan(world, 2, members=members, involvements=helpers)
    past = plan(world, -3, members=[world.parent])

    expected = "Karin, Noor, Daan; " + ", ".join(
        str(h) for h in sorted(helpers, key=lambda h: (not h.is_coordinator, h.role, h.pk))
    )
    one_contact = selectors.contact_in_family(access=access, uuid=contact.uuid)
    one_appointment = selectors.appointment_in_family(access=access, uuid=appointment.uuid)
    assert one_contact.with_whom == one_appointment.with_whom == expected
    assert "Dr. Aydin" in expected and world.ggz_worker.full_name in expected

    listed_contact = selectors.contacts_for_family(access=access).items[0]
    found = selectors.family_appointments(access=access)
    agenda = selectors.agenda_for_user(user=world.coach)
    with django_assert_num_queries(0):  # read with the list, not row by row afterwards
        assert listed_contact.with_whom == expected
        assert [a.with_whom for a in found.upcoming] == [expected]
        assert [a.with_whom for a in found.past] == ["Karin"]
        assert {a.pk: a.with_whom for a in agenda.upcoming + agenda.to_update} == {
            appointment.pk: expected,
            past.pk: "Karin",
        }
        assert found.upcoming.items[0].family.uuid == world.family.uuid
