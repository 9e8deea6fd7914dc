"""Issue 20 point 6: the Eigen Kracht-conferentie, the familienetwerkberaad and the
integraal casusoverleg, each with its usual agenda; the plan an Eigen Kracht-conferentie
makes is the family's own."""

import pytest
from django.urls import reverse

from spil.core.models import AuditEvent
from spil.core.testing import days_ago
from spil.meetings import services
from spil.meetings.models import AGENDA_TEMPLATES, Meeting
from spil.plans.models import PlanVersion

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "first", "last"),
    [
        ("eigen_kracht", "Informatie", "Het plan van de familie"),
        ("familienetwerkberaad", "De zorg op tafel", "Afspraken"),
        ("casusoverleg", "De vraag", "Terug naar het gezin"),
    ],
)
def test_each_new_kind_starts_with_its_usual_agenda(world, plan, goal, kind, first, last):
    meeting = world.meeting(kind=kind, own_agenda=["Vervoer"])
    items = list(meeting.agenda.order_by("order"))
    steps = [i for i in items if i.kind == "systeemstap"]
    assert [i.title for i in steps] == [str(t) for t, _note in AGENDA_TEMPLATES[kind]]
    assert steps[0].title == first and steps[-1].title == last
    assert items[: len(steps)] == steps  # first, then the plan, then the own points
    assert items[len(steps)].kind == "doel" and items[-1].title == "Vervoer"


def test_the_eigen_kracht_conferentie_has_its_closed_family_time(world, plan, goal):
    meeting = world.meeting(kind="eigen_kracht")
    assert meeting.agenda.filter(title="Besloten familietijd").exists()
    assert "zonder hulpverleners" in meeting.agenda.get(title="Besloten familietijd").note


def test_changing_the_kind_redraws_the_usual_agenda(world, plan, goal):
    meeting = world.meeting(kind="familienetwerkberaad")
    services.meeting_update(
        actor=world.coach,
        meeting=meeting,
        kind="casusoverleg",
        starts_at=meeting.starts_at,
        chair=world.coach,
        members=[world.parent],
        involvements=[world.ggz_involvement],
    )
    titles = list(
        meeting.agenda.filter(kind="systeemstap").order_by("order").values_list("title", flat=True)
    )
    assert titles == [str(t) for t, _note in AGENDA_TEMPLATES["casusoverleg"]]


def test_decisions_of_an_eigen_kracht_conferentie_make_the_familys_own_plan(
    client, world, plan, goal
):
    world.agree(plan)
    ordinary = world.meeting()
    services.decision_record(
        actor=world.coach,
        meeting=ordinary,
        goal=goal,
        what="De GGZ belt moeder",
        owner=world.ggz_involvement,
        due_on=days_ago(-7),
    )
    draft = PlanVersion.objects.get(plan=plan, status="concept")
    assert not draft.authored_by_family
    conference = world.meeting(kind="eigen_kracht")
    decision = services.decision_record(
        actor=world.coach,
        meeting=conference,
        goal=goal,
        what="Oma haalt de kinderen op dinsdag van school",
        owner=world.parent,
        due_on=days_ago(-7),
    )
    draft.refresh_from_db()
    assert draft.authored_by_family and decision.step.goal.version == draft
    assert AuditEvent.objects.filter(action="plan.family_authored").count() == 1
    # The agreed version it was based on stays as it was agreed.
    assert not PlanVersion.objects.get(plan=plan, number=1).authored_by_family
    client.force_login(world.coach)
    page = client.get(reverse("plans:plan", kwargs={"uuid": world.family.uuid}))
    assert "Plan van de familie zelf (Eigen Kracht-conferentie)" in page.content.decode()


def test_an_old_meeting_and_plan_still_open(client, world, plan, goal):
    meeting = world.meeting(kind="systeembijeenkomst")
    assert meeting.agenda.filter(kind="systeemstap").count() == 5
    assert not PlanVersion.objects.get(plan=plan).authored_by_family
    client.force_login(world.coach)
    url = reverse(
        "meetings:meeting", kwargs={"uuid": world.family.uuid, "meeting_uuid": meeting.uuid}
    )
    body = client.get(url).content.decode()
    assert "Systeembijeenkomst" in body and "Ieders eigen perspectief" in body
    assert Meeting.Kind("eigen_kracht").label == "Eigen Kracht-conferentie"
