"""The demo comes with the glossary (its migration seeds the terms): coach1 opens a family's
plan and a meeting and reads "gezinsplan" and "afstemgesprek" explained on the spot; the
family reads the plain-Dutch short definition in the portal."""

import pytest
from django.urls import reverse

from spil.accounts.models import User
from spil.directory.models import GlossaryTerm
from spil.meetings.models import Meeting
from spil.plans.models import Plan

pytestmark = pytest.mark.django_db


def test_coach1_reads_the_terms_on_the_plan_and_meeting_pages(demo_seeded, client):
    coach = User.objects.get(email="coach1@demo.spil.test")
    client.force_login(coach)
    plan = Plan.objects.filter(family__trajectories__coach=coach, status="actief").first()
    assert plan is not None
    page = client.get(reverse("plans:plan", args=[plan.family.uuid])).content.decode()
    gezinsplan = GlossaryTerm.objects.get(term="gezinsplan")
    assert '<h1><span class="term">Gezinsplan</span> van' in page
    assert "<summary>Wat betekent ‘Gezinsplan’?</summary>" in page
    assert gezinsplan.short_definition in page

    meeting = Meeting.objects.filter(family=plan.family, kind="afstemgesprek").first()
    assert meeting is not None
    page = client.get(
        reverse("meetings:meeting", args=[plan.family.uuid, meeting.uuid])
    ).content.decode()
    assert '<h1><span class="term">Afstemgesprek</span> van' in page
    assert "Wat betekent ‘Afstemgesprek’?" in page
    assert f'href="{reverse("glossary:list")}#afstemgesprek"' in page
