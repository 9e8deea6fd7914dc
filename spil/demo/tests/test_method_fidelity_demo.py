"""Issue 20 in the demo (points 2, 6, 7 and the consent half of 8): an escalation to the
coordinator about an organisation not delivering, an Eigen Kracht-conferentie with the
family's own plan, a family with an interpreter flag and a worker-safety note, consents
with who and how."""

import pytest
from django.urls import reverse

from spil.assessments.models import Escalation
from spil.families.models import Consent, Family, Member
from spil.meetings.models import Meeting
from spil.plans.models import PlanVersion
from spil.trajectories.models import Trajectory

pytestmark = pytest.mark.django_db


def test_an_escalation_to_the_coordinator_about_an_organisation_not_delivering(demo_seeded):
    escalation = Escalation.objects.get(target="coordinator", reason="organisatie_levert_niet")
    assert escalation.organisation is not None and escalation.status == "open"


def test_an_eigen_kracht_conferentie_made_the_familys_own_plan(demo_seeded, client):
    meeting = Meeting.objects.get(kind="eigen_kracht")
    assert meeting.status == "gehouden" and meeting.decisions.count() == 3
    assert meeting.agenda.filter(kind="systeemstap", title="Besloten familietijd").exists()
    version = meeting.decisions.first().step.goal.version
    assert version.authored_by_family and version.is_agreed
    assert PlanVersion.objects.filter(authored_by_family=True).count() == 1
    coach = Trajectory.objects.running().get(family=meeting.family).coach
    client.force_login(coach)
    page = client.get(reverse("plans:plan", kwargs={"uuid": meeting.family.uuid}))
    assert "Plan van de familie zelf" in page.content.decode()


def test_a_family_with_an_interpreter_flag_and_a_safety_note(demo_seeded, client):
    family = Family.objects.get(name="Doğan")
    osman = family.members.get(first_name="Osman")
    assert osman.interpreter_needed and osman.languages == "Turks"
    assert Member.objects.filter(literacy_support=True).exists()
    assert "hond" in family.safety_note and family.safety_note_by is not None
    coach = Trajectory.objects.running().get(family=family).coach
    client.force_login(coach)
    body = client.get(reverse("families:overview", kwargs={"uuid": family.uuid})).content
    assert "Let op bij een bezoek" in body.decode() and "tolk nodig" in body.decode()


def test_consents_say_who_gave_them_and_how(demo_seeded):
    assert not Consent.objects.filter(given_how="onbekend", kind="hulp").exists()
    signed = Consent.objects.filter(given_how="formulier")
    assert signed.exists() and not signed.filter(form_reference="").exists()
    assert Consent.objects.filter(given_how="overleg").exists()
    guardian = Consent.objects.get(given_by__isnull=True)
    assert "gezinsvoogd" in guardian.representative
