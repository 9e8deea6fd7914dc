"""The pages: who reads and who writes (404 otherwise), the decision in one HTMX action,
Dutch refusals on the forms, the rhythm, the audit of every read and write, and flat
query counts."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from spil.core.access import family_access
from spil.core.audit_labels import known as known_labels
from spil.core.models import AuditEvent
from spil.core.testing import days_ago
from spil.meetings import services
from spil.meetings.audit_labels import LABELS
from spil.meetings.models import Decision, Meeting, MeetingRhythm
from spil.plans.models import Step

pytestmark = pytest.mark.django_db


def _url(world, name, meeting=None):
    kwargs = {"uuid": world.family.uuid}
    if meeting is not None:
        kwargs["meeting_uuid"] = meeting.uuid
    return reverse(f"meetings:{name}", kwargs=kwargs)


def _decision_post(world, goal, owner="", **extra):
    return {
        "goal": str(goal.uuid),
        "what": "Moeder belt de schuldhulp",
        "owner": owner,
        "due_on": days_ago(-10).isoformat(),
        **extra,
    }


# --- Access ---------------------------------------------------------------------------------


def test_a_professional_without_consent_and_the_policy_officer_get_404(client, world, goal):
    meeting = world.meeting()
    world.share_with(world.school, ["contacten"])  # consent, but not for the plan
    pages = [_url(world, "list"), _url(world, "meeting", meeting), _url(world, "new")]
    for user in (world.ggz_worker, world.teacher, world.policy, world.admin, world.other_coach):
        client.force_login(user)
        for url in pages:
            assert client.get(url).status_code == 404, (user, url)


@pytest.mark.parametrize("part", ["contacten", "metingen", "veiligheid"])
def test_a_professional_with_another_part_than_the_plan_gets_404_everywhere(
    client, world, plan, goal, part
):
    """Issue 22 point 6: meetings are checked against their part, the plan."""
    meeting = world.meeting()
    world.share_with(world.ggz, [part])
    client.force_login(world.ggz_worker)
    assert family_access(world.ggz_worker, world.family).parts  # the file opens, not the plan
    for name in ("list", "new", "rhythm"):
        assert client.get(_url(world, name)).status_code == 404, name
    for name in ("meeting", "edit", "minutes", "decision"):
        assert client.get(_url(world, name, meeting)).status_code == 404, name
    for name in ("agenda_refresh", "cancel"):
        assert client.post(_url(world, name, meeting), {}).status_code == 404, name
    assert not AuditEvent.objects.filter(
        actor=world.ggz_worker, action__startswith="meeting."
    ).exists()


def test_a_meeting_page_asks_the_policy_once(client, world, plan, goal, monkeypatch):
    from spil.core import access

    meeting = world.meeting()
    calls = []
    real = access.family_access

    def counted(user, family):
        calls.append(family.pk)
        return real(user, family)

    monkeypatch.setattr(access, "family_access", counted)
    client.force_login(world.coach)
    for url in (
        _url(world, "list"),
        _url(world, "meeting", meeting),
        _url(world, "minutes", meeting),
    ):
        calls.clear()
        assert client.get(url).status_code == 200, url
        assert calls == [world.family.pk], url


def test_consent_for_the_plan_gives_read_only_access(client, world, plan, goal):
    meeting = world.meeting()
    world.share_with(world.ggz, ["plan"])
    client.force_login(world.ggz_worker)
    body = client.get(_url(world, "list")).content.decode()
    assert "Afstemgesprek" in body and "Overleg plannen" not in body
    page = client.get(_url(world, "meeting", meeting)).content.decode()
    assert "Wij hebben rust in huis" in page and "Besluit vastleggen" not in page
    for name in ("new", "rhythm"):
        assert client.get(_url(world, name)).status_code == 404
        assert client.post(_url(world, name), {}).status_code == 404
    for name in ("edit", "minutes", "decision", "agenda_refresh", "cancel"):
        assert client.post(_url(world, name, meeting), {}).status_code == 404
    post = _decision_post(world, goal, owner=f"lid:{world.parent.uuid}")
    assert client.post(_url(world, "decision", meeting), post).status_code == 404
    assert not Decision.objects.exists()
    meeting.refresh_from_db()
    assert meeting.is_planned


def test_a_meeting_of_another_family_is_404(client, world):
    from spil.families.tests.factories import make_family

    other = make_family(world.coach, name="Ander")
    meeting = world.meeting()
    client.force_login(world.coach)
    url = reverse("meetings:meeting", kwargs={"uuid": other.uuid, "meeting_uuid": meeting.uuid})
    assert client.get(url).status_code == 404


def test_network_names_are_shown_only_to_those_who_see_the_network(client, world, plan, goal):
    meeting = world.meeting(network=[world.aunt])
    client.force_login(world.coach)
    assert "tante Ria" in client.get(_url(world, "meeting", meeting)).content.decode()
    world.share_with(world.ggz, ["plan"])
    client.force_login(world.ggz_worker)
    body = client.get(_url(world, "meeting", meeting)).content.decode()
    assert "tante Ria" not in body and "iemand uit het netwerk" in body


# --- Planning -------------------------------------------------------------------------------


def test_the_coach_plans_a_meeting_from_the_form(client, world, plan, goal):
    client.force_login(world.coach)
    form = client.get(_url(world, "new") + "?soort=systeembijeenkomst").content.decode()
    assert 'value="systeembijeenkomst" selected' in form
    assert f'value="coach:{world.coach.uuid}" selected' in form
    when = (timezone.localtime() + dt.timedelta(days=7)).strftime("%Y-%m-%dT10:00")
    response = client.post(
        _url(world, "new"),
        {
            "kind": "systeembijeenkomst",
            "starts_at": when,
            "chair": f"coach:{world.coach.uuid}",
            "members": [str(world.parent.uuid)],
            "coaches": [str(world.coach.uuid)],
            "involvements": [str(world.ggz_involvement.uuid), str(world.school_involvement.uuid)],
            "guests": "wijkagent De Vries\nbuurvrouw Ans",
            "family_present": "on",
            "tie_breaker_role": "het afdelingshoofd",
            "agenda_from_plan": "on",
            "own_agenda": "Wat-als-afspraken",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == _url(world, "meeting", meeting)
    assert meeting.participants.count() == 6
    assert meeting.agenda.count() == 5 + 1 + 1
    page = client.get(response["Location"]).content.decode()
    assert "het afdelingshoofd" in page and "Wat heeft er eerder goed gewerkt" in page


def test_the_form_refuses_an_absent_family_without_reason_in_dutch(client, world):
    client.force_login(world.coach)
    when = (timezone.localtime() + dt.timedelta(days=7)).strftime("%Y-%m-%dT10:00")
    response = client.post(
        _url(world, "new"),
        {"kind": "afstemgesprek", "starts_at": when, "chair": f"coach:{world.coach.uuid}"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Schrijf op waarom het gezin er niet bij is" in body
    assert not Meeting.objects.exists()


def test_edit_cancel_and_minutes_from_the_pages(client, world, plan, goal):
    meeting = world.meeting()
    client.force_login(world.coach)
    initial = client.get(_url(world, "edit", meeting)).content.decode()
    assert f'value="{world.parent.uuid}"' in initial
    when = timezone.localtime(meeting.starts_at).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        _url(world, "edit", meeting),
        {
            "kind": "afstemgesprek",
            "starts_at": when,
            "place": "Op school",
            "chair": f"hulp:{world.school_involvement.uuid}",
            "members": [str(world.parent.uuid)],
            "family_present": "on",
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.place == "Op school"
    assert meeting.participants.get(is_chair=True).involvement == world.school_involvement
    response = client.post(
        _url(world, "minutes", meeting),
        {"minutes": "Het gaat beter met de kinderen.", "shared_on": timezone.localdate()},
    )
    body = response.content.decode()
    assert "Waarom was het gezin er niet bij?" in body and "Schrijf op waarom" in body
    client.post(
        _url(world, "minutes", meeting),
        {
            "minutes": "Het gaat beter met de kinderen.",
            "family_present": "on",
            "shared_on": timezone.localdate().isoformat(),
        },
    )
    meeting.refresh_from_db()
    assert meeting.is_held and meeting.minutes_shared_on == timezone.localdate()
    # Held: no more changes to who and when, no cancel.
    assert client.get(_url(world, "edit", meeting)).status_code == 302
    client.post(_url(world, "cancel", meeting))
    meeting.refresh_from_db()
    assert meeting.is_held
    later = world.meeting(when=timezone.now() + dt.timedelta(days=3))
    client.post(_url(world, "cancel", later))
    later.refresh_from_db()
    assert later.is_cancelled


# --- Decisions in one action ----------------------------------------------------------------


def test_a_decision_becomes_a_plan_step_in_one_htmx_action(client, world, plan, goal):
    meeting = world.meeting()
    client.force_login(world.coach)
    page = client.get(_url(world, "meeting", meeting)).content.decode()
    assert "Besluit vastleggen" in page and 'name="owner"' in page
    response = client.post(
        _url(world, "decision", meeting),
        _decision_post(world, goal, owner=f"hulp:{world.ggz_involvement.uuid}"),
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    step = Step.objects.get(what="Moeder belt de schuldhulp")
    assert step.owner_involvement == world.ggz_involvement and step.due_on == days_ago(-10)
    assert Decision.objects.get().step == step
    plan_link = reverse("plans:plan", kwargs={"uuid": world.family.uuid}) + f"#stap-{step.key}"
    assert plan_link in body and "Het besluit staat nu als stap in het plan." in body
    # The plan page shows the step.
    assert f'id="stap-{step.key}"' in client.get(plan_link.split("#")[0]).content.decode()


def test_a_decision_without_owner_is_refused_on_the_form_and_nothing_is_saved(
    client, world, plan, goal
):
    meeting = world.meeting()
    client.force_login(world.coach)
    for headers in ({"HX-Request": "true"}, {}):
        response = client.post(
            _url(world, "decision", meeting), _decision_post(world, goal), headers=headers
        )
        body = response.content.decode()
        assert response.status_code == 200
        assert "Een besluit zonder eigenaar kan niet" in body
    assert not Decision.objects.exists() and not Step.objects.exists()


def test_without_a_plan_the_page_says_so_and_offers_no_decision_form(client, world):
    meeting = world.meeting(kind="startgesprek")
    client.force_login(world.coach)
    page = client.get(_url(world, "meeting", meeting)).content.decode()
    assert "Dit gezin heeft geen actief plan." in page
    assert 'name="owner"' not in page
    response = client.post(_url(world, "decision", meeting), {"what": "Iets", "owner": ""})
    assert response.status_code == 302 and not Decision.objects.exists()


def test_no_decision_form_before_the_meeting(client, world, plan, goal):
    later = world.meeting(when=timezone.now() + dt.timedelta(days=3))
    client.force_login(world.coach)
    page = client.get(_url(world, "meeting", later)).content.decode()
    assert "nog niet geweest" in page and 'name="owner"' not in page


# --- The rhythm -----------------------------------------------------------------------------


def test_the_coach_sets_the_rhythm_and_sees_when_the_next_afstemgesprek_is_due(client, world):
    client.force_login(world.coach)
    body = client.get(_url(world, "list")).content.decode()
    assert "Geen vast ritme" in body
    form = client.get(_url(world, "rhythm"), headers={"HX-Request": "true"})
    assert 'name="every_weeks"' in form.content.decode()
    response = client.post(
        _url(world, "rhythm"), {"every_weeks": "4"}, headers={"HX-Request": "true"}
    )
    partial = response.content.decode()
    assert "<html" not in partial and "Elke 4 weken" in partial
    due = days_ago(60) + dt.timedelta(weeks=4)
    assert f'data-due="{due.isoformat()}"' in partial and "dagen te laat" in partial
    assert MeetingRhythm.objects.get().every_weeks == 4
    refused = client.post(_url(world, "rhythm"), {"every_weeks": "60"})
    assert refused.status_code == 200 and MeetingRhythm.objects.get().every_weeks == 4
    client.post(_url(world, "rhythm"), {"every_weeks": ""})
    assert not MeetingRhythm.objects.exists()


# --- Audit ----------------------------------------------------------------------------------


def test_every_read_and_write_is_audited_with_a_label_for_the_family(client, world, plan, goal):
    client.force_login(world.coach)
    client.get(_url(world, "list"))
    meeting = world.meeting(when=timezone.now() - dt.timedelta(days=1))
    client.get(_url(world, "meeting", meeting))
    client.post(_url(world, "agenda_refresh", meeting))
    client.post(
        _url(world, "decision", meeting),
        _decision_post(world, goal, owner=f"lid:{world.parent.uuid}"),
    )
    client.post(
        _url(world, "minutes", meeting),
        {
            "minutes": "Geheim verslag",
            "family_present": "on",
            "next_on": days_ago(-30).isoformat(),
            "plan_next": "on",
        },
    )
    follow_up = Meeting.objects.get(previous=meeting)
    client.post(_url(world, "cancel", follow_up))
    client.post(_url(world, "rhythm"), {"every_weeks": "6"})
    client.post(_url(world, "rhythm"), {"every_weeks": ""})
    services.meeting_update(
        actor=world.coach,
        meeting=world.meeting(when=timezone.now() + dt.timedelta(days=2)),
        kind="crisisoverleg",
        starts_at=timezone.now() + dt.timedelta(days=2),
        chair=world.coach,
        members=[world.parent],
    )
    recorded = set(
        AuditEvent.objects.filter(action__startswith="meeting.").values_list("action", flat=True)
    )
    assert recorded == set(LABELS)
    assert set(LABELS) <= known_labels()
    for event in AuditEvent.objects.filter(action__startswith="meeting."):
        assert event.family_uuid == world.family.uuid
        assert "Geheim" not in str(event.detail) and "Moeder" not in str(event.detail)
    who_looked = client.get(reverse("families:who_looked", kwargs={"uuid": world.family.uuid}))
    assert "legde een besluit van een overleg vast als stap in het plan" in (
        who_looked.content.decode()
    )


# --- Query counts ---------------------------------------------------------------------------


def _grow(world, goal, count):
    for n in range(count):
        meeting = world.meeting(
            when=timezone.now() - dt.timedelta(days=n + 1),
            network=[world.aunt],
            involvements=[world.ggz_involvement, world.school_involvement],
        )
        services.decision_record(
            actor=world.coach,
            meeting=meeting,
            goal=goal,
            what=f"Stap {n}",
            owner=world.ggz_involvement,
            due_on=days_ago(-7),
        )
        if n % 2:
            world.hold(meeting, shared_on=timezone.localdate())
    world.meeting(when=timezone.now() + dt.timedelta(days=count + 1))


def test_the_list_queries_do_not_grow(client, world, plan, goal, django_assert_max_num_queries):
    services.rhythm_set(
        actor=world.coach, trajectory=world.family.trajectories.get(), every_weeks=6
    )
    _grow(world, goal, 2)
    client.force_login(world.coach)
    with django_assert_max_num_queries(40) as few:
        client.get(_url(world, "list"))
    _grow(world, goal, 15)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(_url(world, "list")).content.decode()
    assert body.count("data-meeting=") == 2 + 1 + 15 + 1


def test_the_meeting_page_queries_do_not_grow(
    client, world, plan, goal, django_assert_max_num_queries
):
    meeting = world.meeting(network=[world.aunt])
    client.force_login(world.coach)
    with django_assert_max_num_queries(60) as few:
        client.get(_url(world, "meeting", meeting))
    for n in range(12):
        services.decision_record(
            actor=world.coach,
            meeting=meeting,
            goal=goal,
            what=f"Stap {n}",
            owner=world.school_involvement,
            due_on=days_ago(-7),
        )
        world.goal(goal.version.plan, title=f"Doel {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(_url(world, "meeting", meeting)).content.decode()
    assert body.count("data-decision=") == 12


def test_a_decision_whose_step_left_the_plan_says_so(client, world, plan, goal):
    from spil.plans import services as plan_services

    meeting = world.meeting()
    decision = services.decision_record(
        actor=world.coach,
        meeting=meeting,
        goal=goal,
        what="Rooster maken",
        owner=world.parent,
        due_on=days_ago(-7),
    )
    client.force_login(world.coach)
    page = client.get(_url(world, "meeting", meeting)).content.decode()
    assert "stap in het plan, open" in page
    plan_services.step_done(actor=world.coach, step=decision.step, done_on=days_ago(0))
    page = client.get(_url(world, "meeting", meeting)).content.decode()
    assert "gedaan op" in page
    plan_services.step_remove(actor=world.coach, step=decision.step)
    decision.refresh_from_db()
    assert decision.step is None and decision.owner_name  # the record stays
    page = client.get(_url(world, "meeting", meeting)).content.decode()
    assert "niet meer in het plan" in page and "Rooster maken" in page
