"""The coach's worklist of requests for correction (AVG art. 16) on the start page and
the caseload: the open requests of their own families and those they back up, earliest
deadline first, overdue ones flagged — in a fixed number of queries."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from spil.core.access import family_access
from spil.core.testing import days_ago
from spil.families.models import Family
from spil.families.tests.factories import make_family
from spil.portal import services
from spil.portal.models import CORRECTION_DAYS, CorrectionRequest
from spil.trajectories.models import Trajectory
from spil.trajectories.tests.factories import open_trajectories

pytestmark = pytest.mark.django_db

WORKLIST = "Verzoeken om correctie"


def shown(day):
    return date_format(day, "SHORT_DATE_FORMAT")


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def request_for(family, about, *, asked_days_ago=0):
    asked = days_ago(asked_days_ago)
    return CorrectionRequest.objects.create(
        family=family,
        member=family.members.order_by("birth_date").first(),
        about=about,
        request="Dit klopt niet.",
        requested_on=asked,
        due_on=asked + dt.timedelta(days=CORRECTION_DAYS),
    )


def worklist_of(body):
    return body[body.index('id="correctie-kop"') :].split("</section>")[0]


@pytest.mark.parametrize("page", ["accounts:start", "trajectories:caseload"])
def test_open_requests_of_my_families_with_their_deadline(world, trajectory, page):
    late = request_for(world.family, "Het adres klopt niet", asked_days_ago=40)
    soon = request_for(world.family, "Doel 2 klopt niet", asked_days_ago=2)
    answered = request_for(world.family, "Al beantwoord")
    services.correction_answer(
        access=family_access(world.coach, world.family),
        correction=answered,
        status="niet_aangepast",
        answer="Het klopt wel: zo staat het in de verwijzing.",
    )
    stranger = make_family(world.other_coach, name="Jansen")
    Trajectory.objects.create(
        family=stranger, kind="gezinscoach", coach=world.other_coach, started_on=days_ago(5)
    )
    request_for(stranger, "Niet van mij")

    worklist = worklist_of(client_for(world.coach).get(reverse(page)).content.decode())
    assert WORKLIST in worklist
    assert worklist.index("Het adres klopt niet") < worklist.index("Doel 2 klopt niet")
    assert "Al beantwoord" not in worklist and "Niet van mij" not in worklist
    assert "10 dagen te laat" in worklist  # asked 40 days ago, 30 days to answer
    assert "nog 28 dagen" in worklist
    assert shown(late.due_on) in worklist
    assert shown(soon.due_on) in worklist
    link = reverse("portal_staff:corrections", args=[world.family.uuid])
    assert f'href="{link}"' in worklist


def test_the_backup_sees_the_request_too_another_team_does_not(world, trajectory):
    request_for(world.family, "Het adres klopt niet")
    assert "Het adres klopt niet" in client_for(world.backup).get("/").content.decode()
    assert "Het adres klopt niet" not in client_for(world.other_coach).get("/").content.decode()


def test_no_block_without_open_requests(world, trajectory):
    body = client_for(world.coach).get(reverse("accounts:start")).content.decode()
    assert WORKLIST not in body


def test_a_request_made_in_the_portal_lands_on_the_worklist(world, trajectory):
    from spil.core.access import member_access
    from spil.portal.tests.factories import family_account

    account = family_account(world.parent)
    services.correction_request(
        access=member_access(account.user, world.parent),
        about="Mijn geboortedatum",
        request="Ik ben op 2 maart geboren, niet op 3 maart.",
    )
    body = client_for(world.coach).get(reverse("accounts:start")).content.decode()
    assert "Mijn geboortedatum" in worklist_of(body)
    today = timezone.localdate()
    assert shown(today + dt.timedelta(days=CORRECTION_DAYS)) in worklist_of(body)


@pytest.mark.parametrize("page", ["accounts:start", "trajectories:caseload"])
def test_the_worklist_costs_the_same_queries_for_3_and_30_families(
    world, programme, page, django_assert_max_num_queries
):
    client = client_for(world.coach)

    def give_requests():
        for family in Family.objects.filter(correction_requests__isnull=True):
            request_for(family, f"Vraag {family.pk}", asked_days_ago=35)

    open_trajectories(world, programme, 3)
    give_requests()
    with django_assert_max_num_queries(60) as few:
        client.get(reverse(page))
    open_trajectories(world, programme, 27)
    give_requests()
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(reverse(page)).content.decode()
    rows = worklist_of(body).split("<tbody>")[1]
    assert rows.count("<tr") == 31  # 30 families and the world's own family
    assert rows.count("dagen te laat") == 31
