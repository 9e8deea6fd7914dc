"""A member asks to correct a fact in the file (AVG art. 16): recorded with a deadline a
month on, answered by the coach (corrected, or not with the reason), read by the family."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from spil.core import events
from spil.core.access import family_access, member_access
from spil.core.models import AuditEvent
from spil.core.testing import committed
from spil.families.tests.factories import make_family
from spil.portal import services
from spil.portal.models import CORRECTION_DAYS, CorrectionRequest

from .factories import family_account

pytestmark = pytest.mark.django_db

FACT = "Er staat dat ik geen werk heb, maar ik werk drie dagen"


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def noor(world):
    return world.family.members.get(first_name="Noor")


@pytest.fixture
def heard():
    told = []
    events.subscribe(events.CorrectionRequested, told.append)
    yield told
    events._subscribers[events.CorrectionRequested].remove(told.append)


def staff_url(world, family=None):
    return reverse("portal_staff:corrections", args=[(family or world.family).uuid])


def ask(world, account, about="Ons plan, doel 2", request=FACT):
    access = member_access(account.user, account.member)
    return services.correction_request(access=access, about=about, request=request)


def answer_data(correction, **extra):
    return {
        "verzoek": str(correction.uuid),
        "revision": str(correction.revision),
        "status": "aangepast",
        "answer": "Aangepast: u werkt drie dagen.",
        **extra,
    }


def test_a_parent_asks_with_a_deadline_a_month_on(world, parent_client, parent_account, heard):
    with committed():
        response = parent_client.post(
            reverse("portal:corrections"), {"about": "Ons plan, doel 2", "request": FACT}
        )
    assert response.status_code == 302
    correction = CorrectionRequest.objects.get()
    today = timezone.localdate()
    assert correction.member == world.parent and correction.family == world.family
    assert correction.requested_on == today
    assert correction.due_on == today + dt.timedelta(days=CORRECTION_DAYS)
    assert correction.status == CorrectionRequest.Status.OPEN
    event = AuditEvent.objects.get(action="portal.correction_requested")
    assert event.actor == parent_account.user and event.object_uuid == correction.uuid
    assert FACT not in str(event.detail) and "doel 2" not in str(event.detail)
    assert heard == [
        events.CorrectionRequested(
            family_id=world.family.pk,
            actor_id=parent_account.user.pk,
            member_id=world.parent.pk,
            request_id=correction.pk,
        )
    ]
    page = parent_client.get(reverse("portal:corrections")).content.decode()
    assert "Ons plan, doel 2" in page and "Nog geen antwoord" in page
    assert f"Antwoord uiterlijk op {correction.due_on:%-d}" in page


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ({"about": "", "request": FACT}, "Schrijf waarover het gaat."),
        ({"about": "Plan", "request": "   "}, "Schrijf wat er niet klopt."),
        ({"about": "Plan", "request": "x" * 10_000}, "Dit is te lang"),
        ({"about": "x" * 10_000, "request": FACT}, "Dit is te lang"),
    ],
)
def test_bad_input_is_refused_in_dutch(world, parent_client, data, says):
    response = parent_client.post(reverse("portal:corrections"), data)
    assert response.status_code == 200
    assert says in response.content.decode()
    assert not CorrectionRequest.objects.exists()


def test_the_service_refuses_empty_text_too(world, parent_account):
    with pytest.raises(ValidationError) as refused:
        ask(world, parent_account, about=" ", request="")
    assert set(refused.value.message_dict) == {"about", "request"}
    assert not CorrectionRequest.objects.exists()


def test_a_young_person_sees_their_own_requests_a_parent_all(
    world, noor, parent_account, parent_client
):
    noor_account = family_account(noor)
    ask(world, parent_account, about="Over Karin")
    ask(world, noor_account, about="Over Noor")
    noor_page = client_for(noor_account.user).get(reverse("portal:corrections")).content.decode()
    assert "Over Noor" in noor_page and "Over Karin" not in noor_page
    assert "Mijn vragen" in noor_page
    parent_page = parent_client.get(reverse("portal:corrections")).content.decode()
    assert "Over Noor" in parent_page and "Over Karin" in parent_page


def test_the_coach_answers_and_the_family_reads_it(world, parent_account, parent_client):
    correction = ask(world, parent_account)
    coach = client_for(world.coach)
    page = coach.get(staff_url(world)).content.decode()
    assert FACT in page and "Karin" in page
    response = coach.post(staff_url(world), answer_data(correction))
    assert response.status_code == 302
    correction.refresh_from_db()
    assert correction.status == CorrectionRequest.Status.CORRECTED
    assert correction.handled_by == world.coach
    assert correction.handled_on == timezone.localdate()
    event = AuditEvent.objects.get(action="portal.correction_answered")
    assert event.detail == {"status": "aangepast"} and event.actor == world.coach
    family_page = parent_client.get(reverse("portal:corrections")).content.decode()
    assert "Aangepast: u werkt drie dagen." in family_page and "Verbeterd" in family_page


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"answer": ""}, "Schrijf wat u aanpaste, of waarom u niets aanpaste."),
        ({"answer": "x" * 10_000}, "Dit is te lang"),
        ({"status": "open"}, "Kies: aangepast of niet aangepast."),
        ({"status": ""}, "Kies: aangepast of niet aangepast."),
        ({"revision": "99999999999999999999"}, "Controleer het formulier"),
    ],
)
def test_a_bad_answer_is_refused_in_dutch(world, parent_account, change, says):
    correction = ask(world, parent_account)
    response = client_for(world.coach).post(staff_url(world), answer_data(correction, **change))
    assert response.status_code == 200
    assert says in response.content.decode()
    correction.refresh_from_db()
    assert correction.status == CorrectionRequest.Status.OPEN and correction.answer == ""
    assert not AuditEvent.objects.filter(action="portal.correction_answered").exists()


@pytest.mark.parametrize("verzoek", ["geen-sleutel", "6f1c2b7e-3d4a-4e5f-8a9b-0c1d2e3f4a5b"])
def test_an_unknown_request_is_refused_in_dutch(world, verzoek):
    response = client_for(world.coach).post(
        staff_url(world),
        {"verzoek": verzoek, "revision": "1", "status": "aangepast", "answer": "Klaar."},
    )
    assert response.status_code == 200
    assert "Controleer het formulier" in response.content.decode()


def test_another_familys_request_cannot_be_answered_here(world):
    """The coach keeps both files; answering the other family's request through this
    family's page is refused and changes nothing."""
    other = make_family(world.coach, name="Jansen")
    from spil.trajectories.models import Trajectory

    Trajectory.objects.create(
        family=other, kind="gezinscoach", coach=world.coach, started_on=timezone.localdate()
    )
    theirs = ask(world, family_account(other.members.get(first_name="Karin"), "k@jansen.test"))
    response = client_for(world.coach).post(staff_url(world), answer_data(theirs))
    assert response.status_code == 200
    assert "Dit verzoek hoort niet bij dit gezin." in response.content.decode()
    theirs.refresh_from_db()
    assert theirs.status == CorrectionRequest.Status.OPEN
    with pytest.raises(ValidationError):
        services.correction_answer(
            access=family_access(world.coach, world.family),
            correction=theirs,
            status="aangepast",
            answer="Klaar.",
        )


def test_a_stale_answer_is_refused_and_says_what_stands(world, parent_account):
    """The coach and the back-up open the page; the back-up answers first; the coach's
    answer from the older page is refused, and the back-up's answer stays."""
    correction = ask(world, parent_account)
    stale = answer_data(correction, status="niet_aangepast", answer="Niet aangepast: klopt.")
    backup = client_for(world.backup)
    assert backup.post(staff_url(world), answer_data(correction)).status_code == 302
    response = client_for(world.coach).post(staff_url(world), stale)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Iemand anders heeft dit intussen gewijzigd" in body
    assert "Aangepast: u werkt drie dagen." in body  # what stands now
    correction.refresh_from_db()
    assert correction.status == CorrectionRequest.Status.CORRECTED
    assert correction.handled_by == world.backup
    assert AuditEvent.objects.filter(action="portal.correction_answered").count() == 1


def test_a_stale_revision_is_refused_by_the_service_while_still_open(world, parent_account):
    correction = ask(world, parent_account)
    CorrectionRequest.objects.filter(pk=correction.pk).update(revision=5)
    with pytest.raises(ValidationError, match="Iemand anders"):
        services.correction_answer(
            access=family_access(world.coach, world.family),
            correction=correction,
            status="aangepast",
            answer="Klaar.",
            revision=1,
        )
    correction.refresh_from_db()
    assert correction.status == CorrectionRequest.Status.OPEN


def test_an_answered_request_is_not_answered_twice(world, parent_account):
    correction = ask(world, parent_account)
    access = family_access(world.coach, world.family)
    services.correction_answer(
        access=access, correction=correction, status="aangepast", answer="Klaar."
    )
    correction.refresh_from_db()
    with pytest.raises(ValidationError, match="al beantwoord"):
        services.correction_answer(
            access=access,
            correction=correction,
            status="niet_aangepast",
            answer="Toch niet.",
            revision=correction.revision,
        )
    correction.refresh_from_db()
    assert correction.answer == "Klaar."


def test_who_may_answer(world, parent_account):
    """Coach, back-up and teamleider; a consented professional, another team: 404."""
    correction = ask(world, parent_account)
    world.share_with(world.ggz, ["plan", "contacten"])
    for user in (world.coach, world.backup, world.team_lead):
        assert client_for(user).get(staff_url(world)).status_code == 200
    for user in (world.ggz_worker, world.other_coach, world.other_team_lead):
        client = client_for(user)
        assert client.get(staff_url(world)).status_code == 404
        assert client.post(staff_url(world), answer_data(correction)).status_code == 404
    correction.refresh_from_db()
    assert correction.status == CorrectionRequest.Status.OPEN


def test_the_family_pages_and_the_staff_pages_stay_apart(world, parent_client):
    assert parent_client.get(staff_url(world)).status_code == 404
    assert client_for(world.coach).get(reverse("portal:corrections")).status_code == 404


def test_a_refused_answer_stays_in_its_form_with_the_coachs_text(world, parent_account):
    correction = ask(world, parent_account)
    data = answer_data(correction, status="", answer="Mijn half geschreven antwoord")
    body = client_for(world.coach).post(staff_url(world), data).content.decode()
    assert f'id="id_{correction.uuid.hex[:12]}_status_errors"' in body
    assert "Mijn half geschreven antwoord</textarea>" in body
