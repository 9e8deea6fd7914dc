"""The samenwerkingsmonitor in the demo (issue 15): policy1's survey is sent, six answered
so the results show, with the seed's mean grade 6,7; a second build changes nothing."""

import pytest
from django.urls import reverse

from spil.demo import region, surveys
from spil.surveys.models import Answer, Invitation, Response, Statement, Survey

pytestmark = pytest.mark.django_db


def _log_in(client, handle: str):
    response = client.post(
        reverse("accounts:login"),
        {"username": f"{handle}@{region.DEMO_DOMAIN}", "password": region.DEMO_PASSWORD},
    )
    assert response.status_code == 302


def test_the_demo_survey_is_sent_and_answered(demo_seeded):
    survey = Survey.objects.get(title=surveys.TITLE)
    assert survey.status == Survey.Status.SENT
    assert survey.created_by.email == f"policy1@{region.DEMO_DOMAIN}"
    assert list(survey.statements.order_by("position").values_list("text", flat=True)) == (
        surveys.STATEMENTS
    )
    invitations = survey.invitations
    assert invitations.count() == 8
    assert set(invitations.values_list("email", flat=True)) >= {
        f"{handle}@{region.DEMO_DOMAIN}" for handle in surveys.PROFESSIONALS
    } | set(surveys.EXTRA_ADDRESSES)
    assert invitations.filter(status=Invitation.Status.ANSWERED).count() == 6
    assert invitations.filter(status=Invitation.Status.DECLINED).count() == 1
    assert Response.objects.filter(survey=survey).count() == 6
    assert Answer.objects.filter(response__survey=survey).count() == 6 * 5
    assert "Samenwerkingsmonitor: 8 links verstuurd, 6 ingevuld, 1 doet niet mee." in demo_seeded


def test_policy1_sees_the_results(client, demo_seeded):
    survey = Survey.objects.get(title=surveys.TITLE)
    _log_in(client, "policy1")
    menu = client.get(reverse("accounts:start")).content.decode()
    assert reverse("surveys:list") in menu
    content = client.get(reverse("surveys:detail", args=[survey.uuid])).content.decode()
    assert 'data-figure="response">75,0 %<' in content
    assert 'data-figure="grade">6,7<' in content
    assert content.count("data-statement=") == 5


def test_a_second_build_changes_nothing(demo_seeded):
    users = region.build_region()
    counts = (Survey.objects.count(), Statement.objects.count(), Invitation.objects.count())
    answers = Answer.objects.count()
    surveys.build_surveys(users)
    assert (Survey.objects.count(), Statement.objects.count(), Invitation.objects.count()) == counts
    assert Answer.objects.count() == answers
