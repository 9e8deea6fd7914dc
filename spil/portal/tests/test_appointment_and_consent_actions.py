"""In the portal a member confirms or cancels an appointment and gives or withdraws a
consent (issue 14). Bad input gets a plain-Dutch message and changes nothing, never a
500; another family's records are 404; a young person of 15 decides nothing about the
family's consents; a coach's preview shows no action at all."""

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from spil.contacts.models import Appointment
from spil.core.access import family_access, member_access
from spil.core.testing import committed, days_ago
from spil.families import services as family_services
from spil.families.models import Consent
from spil.families.tests.factories import make_family
from spil.notifications.models import Notification
from spil.portal import views

APPOINTMENTS = reverse("portal:appointments")
CONSENTS = reverse("portal:consents")
GIVE = reverse("portal:consent_give")
REASON = "We zijn die dag bij oma"


def appointment(world, *, family=None, members=(), hours=48):
    a = Appointment.objects.create(
        family=family or world.family,
        starts_at=timezone.now() + dt.timedelta(hours=hours),
        worker=world.coach,
        purpose="Samen de week doorlopen",
        created_by=world.coach,
    )
    a.members.set(members)
    return Appointment.objects.get(pk=a.pk)


def confirm_url(a):
    return reverse("portal:appointment_confirm", args=[a.uuid])


def cancel_url(a):
    return reverse("portal:appointment_cancel", args=[a.uuid])


def withdraw_url(c):
    return reverse("portal:consent_withdraw", args=[c.uuid])


def cancel_data(a, reason=REASON, revision=None):
    prefix = f"afzeg-{a.uuid}"
    return {
        f"{prefix}-revision": str(a.revision if revision is None else revision),
        f"{prefix}-reason": reason,
    }


def confirm_data(a, revision=None):
    return {f"bevestig-{a.uuid}-revision": str(a.revision if revision is None else revision)}


def fresh(a):
    return type(a).objects.get(pk=a.pk)


@pytest.fixture
def noor(world):
    return world.family.members.get(first_name="Noor")


@pytest.fixture
def young_client(client, young_account):
    client.force_login(young_account.user)
    return client


@pytest.fixture
def ggz_involved(world):
    return family_services.involvement_add(
        access=family_access(world.coach, world.family),
        role="ggz",
        organisation=world.ggz,
        worker=world.ggz_worker,
        since=days_ago(30),
    )


# --- Appointments ------------------------------------------------------------------------


def test_the_parent_sees_the_buttons_and_confirms(parent_client, world):
    a = appointment(world)
    page = parent_client.get(APPOINTMENTS).content.decode()
    assert confirm_url(a) in page and cancel_url(a) in page
    assert "Ja, ik kom" in page and "Kunt u niet?" in page
    response = parent_client.post(confirm_url(a), confirm_data(a), follow=True)
    assert response.redirect_chain == [(APPOINTMENTS, 302)]
    assert "De coach weet nu dat u komt." in response.content.decode()
    assert fresh(a).confirmed_at is not None
    page = parent_client.get(APPOINTMENTS).content.decode()
    assert "Bevestigd" in page and confirm_url(a) not in page


def test_the_parent_cancels_with_a_reason_and_the_coach_is_told(parent_client, world):
    a = appointment(world)
    with committed():
        response = parent_client.post(cancel_url(a), cancel_data(a))
    assert response.status_code == 302
    a = fresh(a)
    assert a.status == Appointment.Status.CANCELLED_BY_FAMILY
    assert a.status_note == REASON
    assert Notification.objects.filter(
        recipient=world.coach, event="afspraak_afgezegd_door_gezin"
    ).exists()
    page = parent_client.get(APPOINTMENTS).content.decode()
    assert "Afgezegd" in page and cancel_url(a) not in page


@pytest.mark.parametrize(
    "reason, message",
    [
        ("", "Schrijf kort waarom u niet kunt."),
        ("   ", "Schrijf kort waarom u niet kunt."),
        ("x" * 5000, "Dit is te lang: hoogstens 300 tekens (nu 5000)."),
    ],
)
def test_a_cancellation_without_a_fit_reason_changes_nothing(parent_client, world, reason, message):
    a = appointment(world)
    response = parent_client.post(cancel_url(a), cancel_data(a, reason=reason))
    assert response.status_code == 200
    assert message in response.content.decode()
    a = fresh(a)
    assert a.status == Appointment.Status.PLANNED and a.status_note == ""
    assert a.revision == 1


@pytest.mark.parametrize("revision", ["", "abc", "0", "-3", "9" * 30, "١٢"])
def test_a_garbage_revision_asks_to_reload(parent_client, world, revision):
    a = appointment(world)
    response = parent_client.post(cancel_url(a), cancel_data(a, revision=revision))
    assert response.status_code == 200
    assert "Laad de pagina opnieuw" in response.content.decode()
    assert fresh(a).status == Appointment.Status.PLANNED


def test_an_unknown_appointment_is_404(parent_client, world):
    response = parent_client.post(
        reverse("portal:appointment_cancel", args=["0b7d3a1e-0000-4000-8000-000000000000"]),
        {"reason": REASON},
    )
    assert response.status_code == 404


def test_another_familys_appointment_is_404_and_unchanged(parent_client, world):
    other = make_family(world.other_coach, name="Bakker")
    a = appointment(world, family=other)
    assert parent_client.post(cancel_url(a), cancel_data(a)).status_code == 404
    assert parent_client.post(confirm_url(a), confirm_data(a)).status_code == 404
    a = fresh(a)
    assert a.status == Appointment.Status.PLANNED and a.confirmed_at is None


def test_a_past_appointment_is_refused_with_a_message(parent_client, world):
    a = appointment(world, hours=-3)
    response = parent_client.post(cancel_url(a), cancel_data(a))
    assert response.status_code == 200
    assert "al begonnen of voorbij" in response.content.decode()
    assert fresh(a).status == Appointment.Status.PLANNED


def test_a_stale_cancellation_keeps_the_reason_and_shows_the_change(parent_client, world):
    a = appointment(world)
    seen = a.revision
    moved = fresh(a)
    moved.starts_at += dt.timedelta(days=2)
    moved.save()
    response = parent_client.post(cancel_url(a), cancel_data(a, revision=seen))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Deze afspraak is intussen veranderd." in page
    assert REASON in page  # the member's words stay in the form
    assert f'value="{moved.revision}"' in page  # a second try, after reading, goes through
    assert fresh(a).status == Appointment.Status.PLANNED
    assert parent_client.post(cancel_url(a), cancel_data(fresh(a))).status_code == 302
    assert fresh(a).status == Appointment.Status.CANCELLED_BY_FAMILY


def test_an_appointment_the_coach_cancelled_meanwhile_says_so(parent_client, world):
    a = appointment(world)
    seen = a.revision
    Appointment.objects.filter(pk=a.pk).update(status="afgezegd_werker", revision=seen + 1)
    response = parent_client.post(cancel_url(a), cancel_data(a, revision=seen))
    assert response.status_code == 200
    assert "intussen veranderd" in response.content.decode()
    assert fresh(a).status == "afgezegd_werker"


def test_the_answer_pages_take_post_only(parent_client, world):
    a = appointment(world)
    assert parent_client.get(cancel_url(a)).status_code == 405
    assert parent_client.get(confirm_url(a)).status_code == 405


def test_staff_cannot_post_an_answer(client, world):
    a = appointment(world)
    client.force_login(world.coach)
    assert client.post(cancel_url(a), cancel_data(a)).status_code == 404
    assert fresh(a).status == Appointment.Status.PLANNED


def test_a_young_person_cancels_only_her_own_appointment(young_client, world, noor):
    family_wide = appointment(world)
    hers = appointment(world, members=[noor], hours=72)
    page = young_client.get(APPOINTMENTS).content.decode()
    assert "Kun je niet?" in page
    assert cancel_url(family_wide) not in page and confirm_url(family_wide) in page
    assert cancel_url(hers) in page
    response = young_client.post(cancel_url(family_wide), cancel_data(family_wide))
    assert response.status_code == 200
    assert "Een ouder kan hem afzeggen." in response.content.decode()
    assert fresh(family_wide).status == Appointment.Status.PLANNED
    assert young_client.post(cancel_url(hers), cancel_data(hers)).status_code == 302
    assert fresh(hers).status == Appointment.Status.CANCELLED_BY_FAMILY


def test_a_young_person_cannot_touch_a_siblings_appointment(young_client, world):
    daan = world.family.members.get(first_name="Daan")
    a = appointment(world, members=[daan])
    assert young_client.post(confirm_url(a), confirm_data(a)).status_code == 404
    assert fresh(a).confirmed_at is None


def test_the_appointments_page_does_not_query_per_appointment(
    parent_client, world, django_assert_max_num_queries
):
    for hour in range(20):
        appointment(world, members=[world.parent], hours=24 + hour)
    with django_assert_max_num_queries(25):
        response = parent_client.get(APPOINTMENTS)
    assert response.content.decode().count("Ja, ik kom") == 20


# --- Consents ----------------------------------------------------------------------------


def test_withdrawing_in_the_portal_closes_the_professionals_page(client, world, parent_account):
    consent = world.share_with(world.ggz, ["plan", "contacten"])
    overview = reverse("families:overview", args=[world.family.uuid])
    client.force_login(world.ggz_worker)
    assert client.get(overview).status_code == 200

    client.force_login(parent_account.user)
    page = client.get(CONSENTS).content.decode()
    assert withdraw_url(consent) in page
    assert "Wat betekent intrekken?" in page
    with committed():
        response = client.post(withdraw_url(consent), follow=True)
    assert response.redirect_chain == [(CONSENTS, 302)]
    assert "De toestemming is ingetrokken." in response.content.decode()
    consent.refresh_from_db()
    assert consent.withdrawn_on == days_ago(0)
    assert Notification.objects.filter(
        recipient=world.coach, event="toestemming_gewijzigd_door_gezin"
    ).exists()

    client.force_login(world.ggz_worker)
    assert client.get(overview).status_code == 404


def test_a_young_person_of_15_cannot_withdraw_a_family_consent(young_client, world, noor):
    consent = world.share_with(world.ggz, ["plan"])
    page = young_client.get(CONSENTS).content.decode()
    assert withdraw_url(consent) not in page
    assert "Over toestemming beslist je ouder." in page
    assert GIVE not in page
    response = young_client.post(withdraw_url(consent))
    assert response.status_code in (200, 404)
    assert "Over deze toestemming beslist iemand anders in het gezin." in response.content.decode()
    consent.refresh_from_db()
    assert consent.withdrawn_on is None
    assert young_client.post(GIVE, {"parts": ["plan"]}).status_code == 404


def test_another_familys_consent_is_404(parent_client, world):
    other = make_family(world.other_coach, name="Bakker")
    consent = Consent.objects.create(
        family=other,
        kind="delen",
        given_by=other.members.get(first_name="Karin"),
        organisation=world.ggz,
        purpose="Afstemming",
        parts=["plan"],
        given_on=days_ago(3),
        recorded_by=world.other_coach,
    )
    assert parent_client.post(withdraw_url(consent)).status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


def test_withdrawing_twice_says_it_no_longer_holds(parent_client, world):
    consent = world.share_with(world.ggz, ["plan"])
    assert parent_client.post(withdraw_url(consent)).status_code == 302
    response = parent_client.post(withdraw_url(consent))
    assert response.status_code == 200
    assert "Deze toestemming geldt al niet meer." in response.content.decode()


def give_data(world, **extra):
    data = {"organisation": str(world.ggz.uuid), "concerns": "gezin", "parts": ["plan"]}
    data.update(extra)
    return data


def test_the_parent_gives_consent(parent_client, world, ggz_involved):
    page = parent_client.get(CONSENTS).content.decode()
    assert GIVE in page
    assert "Ons plan: onze doelen en wie wat doet" in page
    assert "Ons hele gezin" in page
    with committed():
        response = parent_client.post(
            GIVE,
            give_data(
                world,
                parts=["plan", "contacten"],
                valid_until=(timezone.localdate() + dt.timedelta(days=90)).isoformat(),
            ),
        )
    assert response.status_code == 302
    consent = Consent.objects.get(organisation=world.ggz)
    assert consent.parts == ["contacten", "plan"]
    assert consent.concerns_member is None
    assert consent.given_by == world.parent
    assert consent.valid_until == timezone.localdate() + dt.timedelta(days=90)
    assert Notification.objects.filter(
        recipient=world.coach, event="toestemming_gewijzigd_door_gezin"
    ).exists()


@pytest.mark.parametrize(
    "extra, message",
    [
        ({"parts": ["onzin"]}, "Kies alleen uit de onderdelen hieronder."),
        ({"parts": ["familieverhaal"]}, "Kies alleen uit de onderdelen hieronder."),
        ({"parts": []}, "Kies wat zij mogen zien."),
        ({"organisation": "abc"}, "Kies een geldige optie."),
        ({"organisation": "0b7d3a1e-0000-4000-8000-000000000000"}, "Kies een geldige optie."),
        ({"concerns": "iemand"}, "Kies iemand uit de lijst."),
        ({"valid_until": "2026-13-45"}, "Voer een geldige datum in."),
        ({"valid_until": "1999-01-01"}, "Kies vandaag of een dag later."),
        ({"valid_until": "9999-12-31"}, "Vul een datum in tussen 1900 en 2100."),
    ],
)
def test_bad_consent_input_changes_nothing(parent_client, world, ggz_involved, extra, message):
    response = parent_client.post(GIVE, give_data(world, **extra))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Consent.objects.exists()


def test_an_organisation_outside_the_team_is_refused(parent_client, world, ggz_involved):
    response = parent_client.post(GIVE, give_data(world, organisation=str(world.school.uuid)))
    assert response.status_code == 200
    assert "Kies een geldige optie." in response.content.decode()
    assert not Consent.objects.exists()


def test_a_second_consent_to_the_same_organisation_says_why(parent_client, world, ggz_involved):
    world.share_with(world.ggz, ["plan"])
    response = parent_client.post(GIVE, give_data(world, parts=["metingen"]))
    assert response.status_code == 200
    assert "Deze organisatie heeft al toestemming." in response.content.decode()
    assert Consent.objects.count() == 1


# --- A coach's preview acts on nothing ----------------------------------------------------


def test_a_preview_shows_no_action(world, ggz_involved, rf: RequestFactory):
    appointment(world)
    world.share_with(world.ggz, ["plan"])
    preview = member_access(world.coach, world.parent, preview=True)
    context = views.appointments_context(preview)
    assert context["rows"] and all(
        row.confirm_form is None and row.cancel_form is None for row in context["rows"]
    )
    consents = views.consents_context(preview)
    assert consents["withdrawable"] == set() and consents["give_form"] is None
    request = rf.get(APPOINTMENTS)
    request.user = world.coach
    common = {"access": preview, "member": world.parent, "preview": True, "young": False}
    html = render_to_string("portal/appointments.html", {**common, **context}, request)
    assert "bevestigen/" not in html and "afzeggen/" not in html
    html = render_to_string("portal/consents.html", {**common, **consents}, request)
    assert "intrekken/" not in html and GIVE not in html
    assert "U kunt hier niets doen." in html
