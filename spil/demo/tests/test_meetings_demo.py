"""The demo meetings: a startgesprek, afstemgesprekken in a rhythm, one
systeembijeenkomst, decisions that became plan steps, minutes shared; deterministic and
idempotent, and the plan stages of the demo unchanged."""

import pytest
from django.urls import reverse
from django.utils import timezone

from spil.accounts.models import User
from spil.core.models import AuditEvent
from spil.demo import meetings as demo_meetings
from spil.demo import portal, region
from spil.meetings import selectors
from spil.meetings.models import AgendaItem, Decision, Meeting, MeetingRhythm, Participant
from spil.plans.models import Plan, PlanVersion, Step
from spil.trajectories.models import Trajectory

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    models = (Meeting, Participant, AgendaItem, Decision, MeetingRhythm, Step, PlanVersion)
    return {m.__name__: m.objects.count() for m in models} | {"audit": AuditEvent.objects.count()}


def test_demo_meetings_with_decisions_that_became_plan_steps(demo_seeded, client):
    today = timezone.localdate()
    now = timezone.now()
    with_plan = Plan.objects.filter(status="actief").values("family")
    running = Trajectory.objects.filter(closed_on__isnull=True, family__in=with_plan)
    assert running.exists()
    for trajectory in running:
        family_meetings = Meeting.objects.filter(family=trajectory.family)
        kinds = set(family_meetings.values_list("kind", flat=True))
        assert {"startgesprek", "afstemgesprek"} <= kinds, trajectory.family
        assert MeetingRhythm.objects.filter(trajectory=trajectory).exists()
        assert selectors.next_afstemgesprek_due(trajectory) is not None
    # Startgesprekken have their own agenda; afstemgesprekken draw theirs from the plan.
    start = Meeting.objects.filter(kind="startgesprek").first()
    assert set(start.agenda.values_list("kind", flat=True)) == {"eigen"}
    assert AgendaItem.objects.filter(meeting__kind="afstemgesprek", kind="doel").exists()
    # Exactly one systeembijeenkomst, with the five steps and who decides.
    system = Meeting.objects.get(kind="systeembijeenkomst")
    assert system.agenda.filter(kind="systeemstap").count() == 5
    assert system.tie_breaker_role and system.decisions.exists()
    # Decisions are steps in the working version of the plan, with owner and date.
    decisions = Decision.objects.select_related("meeting__family")
    assert decisions.count() >= 5
    for decision in decisions:
        step = Step.objects.get(
            key=decision.step_key,
            goal__version__is_current=True,
            goal__version__plan__family=decision.meeting.family,
        )
        assert step.owner_name == decision.owner_name and step.due_on == decision.due_on
    assert {d.owner_kind for d in decisions} >= {"betrokkene", "gezinslid"}
    # Minutes held in the past, most shared with the family; one without the family.
    held = Meeting.objects.filter(status="gehouden")
    assert held.exists() and not held.filter(starts_at__gt=now).exists()
    assert held.filter(minutes_shared_on__isnull=False).count() > held.count() // 2
    assert not Meeting.objects.filter(minutes_shared_on__gt=today).exists()
    assert held.filter(family_present=False).exclude(family_absent_reason="").count() == 1
    # Next afstemgesprekken planned in one go for some families, overdue for others.
    assert Meeting.objects.filter(status="gepland", previous__isnull=False).exists()
    statuses = [selectors.rhythm_status(trajectory=t, today=today) for t in running]
    assert any(s.planned for s in statuses)
    # The plan stages of the demo are unchanged: one draft on top of an agreement (besides
    # the portal family's, added after the meetings: spil/demo/portal.py).
    on_top = PlanVersion.objects.filter(status="concept", based_on__isnull=False)
    assert on_top.exclude(plan__family=portal.portal_family()).count() == 1
    # The coach reads every family's meetings and meeting pages.
    coach = User.objects.get(email=f"coach1@{region.DEMO_DOMAIN}")
    client.force_login(coach)
    for trajectory in running.filter(coach=coach):
        family = trajectory.family
        list_url = reverse("meetings:list", kwargs={"uuid": family.uuid})
        assert client.get(list_url).status_code == 200
        for meeting in Meeting.objects.filter(family=family):
            url = reverse(
                "meetings:meeting", kwargs={"uuid": family.uuid, "meeting_uuid": meeting.uuid}
            )
            assert client.get(url).status_code == 200


def test_building_the_demo_meetings_twice_changes_nothing(demo_seeded):
    before = _counts()
    assert before["Meeting"] > 0
    demo_meetings.build_meetings({})
    assert _counts() == before
