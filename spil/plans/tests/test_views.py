"""The pages: who sees and edits the plan (404 otherwise), the forms and their Dutch
refusals, HTMX, the overview and the caseload, audit of every read, flat query counts."""

import pytest
from django.urls import reverse

from spil.core.access import family_access
from spil.core.audit_labels import known as known_labels
from spil.core.models import AuditEvent
from spil.core.testing import days_ago
from spil.families.tests.factories import make_family
from spil.plans import services
from spil.plans.models import Evaluation, Goal, PlanVersion, ScalingAnswer, Step
from spil.trajectories.models import Trajectory

from .factories import domain

pytestmark = pytest.mark.django_db


def _url(world, name, **kwargs):
    return reverse(f"plans:{name}", kwargs={"uuid": world.family.uuid, **kwargs})


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


@pytest.fixture
def full_plan(world, plan):
    """A plan with a goal, two steps (one overdue), a contribution and an evaluation."""
    goal = world.goal(plan, title="Wij hebben rust in huis")
    world.step(goal, what="Weekrooster maken", due=days_ago(3))
    world.step(goal, what="Gesprek bij de GGZ", owner=world.ggz_involvement, due=days_ago(-7))
    services.contribution_save(
        actor=world.coach, goal=goal, involvement=world.ggz_involvement, part="Gesprekken moeder"
    )
    services.evaluation_record(
        actor=world.coach,
        plan=plan,
        held_on=days_ago(2),
        moment="tussentijds",
        goals=[
            services.GoalProgressData(
                goal=goal,
                progress="Minder ruzie",
                answers=[
                    services.AnswerData(value=4, member=world.parent),
                    services.AnswerData(value=6, involvement=world.ggz_involvement),
                ],
            )
        ],
    )
    return plan


# --- Access -----------------------------------------------------------------------------


READ_PAGES = ["plan", "print", "pdf"]
EDIT_PAGES = ["goal_new", "evaluation_new", "agreement", "close", "start"]


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("coach", 200),
        ("backup", 200),
        ("team_lead", 200),
        ("other_coach", 404),
        ("other_team_lead", 404),
        ("coordinator", 404),
        ("ggz_worker", 404),  # no consent at all
        ("policy", 404),
        ("admin", 404),
    ],
)
@pytest.mark.parametrize("page", READ_PAGES + EDIT_PAGES)
def test_who_may_open_the_pages(client, world, full_plan, who, expected, page):
    assert _get(client, getattr(world, who), _url(world, page)).status_code == expected


def test_a_professional_reads_the_plan_only_with_a_consent_naming_it(client, world, full_plan):
    world.share_with(world.school, ["plan"])
    world.share_with(world.ggz, ["contacten"])
    for page in READ_PAGES:
        assert _get(client, world.teacher, _url(world, page)).status_code == 200, page
        assert _get(client, world.ggz_worker, _url(world, page)).status_code == 404, page
    body = _get(client, world.teacher, _url(world, "plan")).content.decode()
    assert "Wij hebben rust in huis" in body and "Gesprekken moeder" in body
    assert "Doel toevoegen" not in body and "Gedaan<span" not in body


def test_a_professional_with_the_plan_never_edits(client, world, full_plan):
    world.share_with(world.school, ["plan"])
    goal = Goal.objects.get()
    step = Step.objects.first()
    client.force_login(world.teacher)
    for url in [
        *(_url(world, page) for page in EDIT_PAGES),
        _url(world, "goal_edit", goal_uuid=goal.uuid),
        _url(world, "goal_status", goal_uuid=goal.uuid),
        _url(world, "step_new", goal_uuid=goal.uuid),
        _url(world, "contribution", goal_uuid=goal.uuid),
        _url(world, "step_edit", step_uuid=step.uuid),
    ]:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url
    assert client.post(_url(world, "step_done", step_uuid=step.uuid)).status_code == 404
    assert client.get(_url(world, "goal_hint"), {"title": "geen"}).status_code == 404
    assert not Step.objects.filter(done_on__isnull=False).exists()


def test_a_withdrawn_consent_closes_the_plan_at_once(client, world, full_plan):
    from spil.families import services as family_services

    consent = world.share_with(world.school, ["plan"])
    assert _get(client, world.teacher, _url(world, "plan")).status_code == 200
    family_services.consent_withdraw(actor=world.coach, consent=consent, on=days_ago(0))
    assert _get(client, world.teacher, _url(world, "plan")).status_code == 404


def test_an_unknown_version_or_a_goal_of_another_family_is_not_found(client, world, full_plan):
    client.force_login(world.coach)
    assert client.get(_url(world, "version", number=9)).status_code == 404
    other = make_family(world.coach, name="Anders")
    Trajectory.objects.create(
        family=other, kind="gezinscoach", coach=world.coach, started_on=days_ago(20)
    )
    other_plan = services.plan_start(access=family_access(world.coach, other))
    goal = services.goal_add(actor=world.coach, plan=other_plan, title="x", domain=domain())
    assert client.get(_url(world, "goal_edit", goal_uuid=goal.uuid)).status_code == 404


@pytest.mark.parametrize("who", ["coach", "backup", "team_lead"])
def test_coach_backup_and_team_lead_edit_the_plan(client, world, plan, who):
    client.force_login(getattr(world, who))
    response = client.post(
        _url(world, "goal_new"),
        {"title": "Rust", "domain": str(domain().uuid), "origin": "gezin", "whole_family": "on"},
    )
    assert response.status_code == 302
    goal = Goal.objects.get()
    step = client.post(
        _url(world, "step_new", goal_uuid=goal.uuid),
        {"what": "Bellen", "owner": f"lid:{world.parent.uuid}"},
    )
    assert step.status_code == 302 and Step.objects.count() == 1
    event = AuditEvent.objects.filter(action="plan.goal_added").get()
    assert event.actor == getattr(world, who)


# --- Reads are audited ------------------------------------------------------------------


def test_every_read_is_an_audit_event_with_a_dutch_label(client, world, full_plan):
    client.force_login(world.coach)
    before = AuditEvent.objects.count()
    client.get(_url(world, "plan"))
    client.get(_url(world, "version", number=1))
    client.get(_url(world, "print"))
    client.get(_url(world, "pdf"))
    client.get(reverse("plans:overdue"))
    events = list(AuditEvent.objects.order_by("id")[before:])
    assert [e.action for e in events] == [
        "plan.viewed",
        "plan.viewed",
        "plan.printed",
        "plan.printed",
        "plan.overdue_viewed",
    ]
    assert [e.detail.get("format") for e in events[2:4]] == ["html", "pdf"]
    for event in events:
        assert event.family_uuid == world.family.uuid and event.action in known_labels()
    who_looked = client.get(reverse("families:who_looked", kwargs={"uuid": world.family.uuid}))
    assert "bekeek het gezinsplan" in who_looked.content.decode()


# --- The plan page ------------------------------------------------------------------------


def test_without_a_plan_the_coach_starts_one(client, world):
    client.force_login(world.coach)
    body = client.get(_url(world, "plan")).content.decode()
    assert "Dit gezin heeft nog geen plan." in body and "plan te laat" in body
    response = client.post(_url(world, "start"), {"started_on": days_ago(0).isoformat()})
    assert response.status_code == 302 and response["Location"] == _url(world, "plan")
    again = client.post(_url(world, "start"), {"started_on": days_ago(0).isoformat()})
    assert again.status_code == 200 and "Eén gezin, één plan" in again.content.decode()
    assert PlanVersion.objects.count() == 1


def test_the_plan_page_shows_goals_steps_contributions_and_the_chart(client, world, full_plan):
    body = _get(client, world.coach, _url(world, "plan")).content.decode()
    for expected in (
        "Wij hebben rust in huis",
        "Weekrooster maken",
        "Gesprek bij de GGZ",
        "Gesprekken moeder",
        "Gezinssituatie/opvoeding",
        "concept: nog niet afgesproken met het gezin",
        "plan te laat",
        "Minder ruzie",
    ):
        assert expected in body, expected
    assert body.count('role="img"') == 1
    assert body.count('class="point"') == 2  # one family answer, one worker answer
    assert ">Gezin</th>" in body and ">Hulpverleners</th>" in body
    assert "1 te laat" in body  # the overdue step


def test_two_organisations_on_the_same_goal_or_domain_side_by_side(client, world, full_plan):
    goal = Goal.objects.get()
    services.contribution_save(
        actor=world.coach, goal=goal, involvement=world.school_involvement, part="Mentor belt"
    )
    second = world.goal(full_plan, title="Karin slaapt goed", code="gezinssituatie_opvoeding")
    services.contribution_save(
        actor=world.coach, goal=second, involvement=world.school_involvement, part="Rustig lokaal"
    )
    body = _get(client, world.coach, _url(world, "plan")).content.decode()
    assert "Organisaties naast elkaar" in body
    assert "Doel: Wij hebben rust in huis" in body
    assert "Leefgebied: Gezinssituatie/opvoeding" in body
    assert '<th scope="col">GGZ</th><th scope="col">School</th>' in body


# --- Forms ------------------------------------------------------------------------------


def test_a_goal_through_the_form_with_the_wording_hint(client, world, plan):
    client.force_login(world.coach)
    form = client.get(_url(world, "goal_new")).content.decode()
    assert f'hx-get="{_url(world, "goal_hint")}"' in form
    assert "Financiën/schulden" in form and "Zelfredzaamheid" not in form
    hint = client.get(
        _url(world, "goal_hint"), {"title": "Geen ruzie meer"}, HTTP_HX_REQUEST="true"
    )
    assert "“geen”" in hint.content.decode() and "positief" in hint.content.decode()
    assert client.get(_url(world, "goal_hint"), {"title": "Rust"}).content.decode().strip() == ""
    response = client.post(
        _url(world, "goal_new"),
        {
            "title": "Wij stoppen met schreeuwen",
            "domain": str(domain("gezinssituatie_opvoeding").uuid),
            "origin": "gezin",
            "whole_family": "on",
            "measurable": "Een week zonder schreeuwen",
        },
        follow=True,
    )
    body = response.content.decode()
    assert "Opgeslagen." in body and "“stoppen met”" in body  # stored, with the hint
    goal = Goal.objects.get()
    assert goal.title == "Wij stoppen met schreeuwen" and goal.measurable


def test_the_goal_limit_warning_after_the_fourth_goal(client, world, plan):
    for n in range(3):
        world.goal(plan, title=f"Doel {n}")
    client.force_login(world.coach)
    response = client.post(
        _url(world, "goal_new"),
        {
            "title": "Vierde doel",
            "domain": str(domain().uuid),
            "origin": "gezin",
            "whole_family": "on",
        },
        follow=True,
    )
    body = response.content.decode()
    assert "4 doelen" in body and "hoogstens 3" in body
    assert Goal.objects.count() == 4


def test_a_step_without_owner_through_the_form_is_refused(client, world, plan):
    goal = world.goal(plan)
    client.force_login(world.coach)
    url = _url(world, "step_new", goal_uuid=goal.uuid)
    form = client.get(url).content.decode()
    for option in ("Karin Vos", world.coach.full_name, "GGZ", "tante Ria"):
        assert option in form, option
    refused = client.post(url, {"what": "Bellen", "owner": "", "due_on": ""})
    assert refused.status_code == 200
    assert "Een stap zonder eigenaar kan niet" in refused.content.decode()
    assert not Step.objects.exists()
    ok = client.post(url, {"what": "Bellen", "owner": f"hulp:{world.ggz_involvement.uuid}"})
    assert ok.status_code == 302
    assert Step.objects.get().owner_involvement == world.ggz_involvement


def test_a_step_is_changed_and_removed_through_its_page(client, world, full_plan):
    step = Step.objects.get(what="Weekrooster maken")
    client.force_login(world.coach)
    url = _url(world, "step_edit", step_uuid=step.uuid)
    page = client.get(url).content.decode()
    assert "Stap uit het plan halen" in page and 'value="Weekrooster maken"' in page
    changed = client.post(url, {"what": "Weekrooster maken", "owner": f"netwerk:{world.aunt.uuid}"})
    assert changed.status_code == 302
    assert Step.objects.get(what="Weekrooster maken").owner_network == world.aunt
    removed = client.post(_url(world, "step_remove", step_uuid=step.uuid))
    assert removed.status_code == 302 and not Step.objects.filter(what="Weekrooster maken").exists()


def test_marking_a_step_done_with_htmx_swaps_the_row(client, world, full_plan):
    step = Step.objects.get(what="Weekrooster maken")
    client.force_login(world.coach)
    url = _url(world, "step_done", step_uuid=step.uuid)
    response = client.post(url, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and body.startswith("<tr")
    assert "Weer open" in body and "te laat" not in body
    step.refresh_from_db()
    assert step.done_on == days_ago(0)
    plain = client.post(url, {"undo": "1"})
    assert plain.status_code == 302
    step.refresh_from_db()
    assert step.done_on is None


def test_an_evaluation_through_the_form_and_a_scaling_answer_of_11(client, world, full_plan):
    goal = Goal.objects.get()
    client.force_login(world.coach)
    url = _url(world, "evaluation_new")
    form = client.get(url).content.decode()
    assert "Cijfers van het gezin (0–10)" in form and "Cijfers van hulpverleners (0–10)" in form
    parent = f"schaal_1_lid_{world.parent.uuid}"
    worker = f"schaal_1_hulp_{world.ggz_involvement.uuid}"
    data = {
        "held_on": days_ago(0).isoformat(),
        "moment": "tussentijds",
        "voortgang_1": "Rustiger",
        parent: "7",
        worker: "11",
    }
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "hoogstens 10" in refused.content.decode()
    assert Evaluation.objects.count() == 1 and ScalingAnswer.objects.count() == 2
    response = client.post(url, data | {worker: "8"})
    assert response.status_code == 302
    evaluation = Evaluation.objects.latest("created_at")
    assert sorted(
        ScalingAnswer.objects.filter(goal_evaluation__evaluation=evaluation).values_list(
            "value", flat=True
        )
    ) == [7, 8]
    assert evaluation.goal_evaluations.get().goal == goal


def test_agreement_through_the_form_and_without_goals(client, world, plan):
    client.force_login(world.coach)
    url = _url(world, "agreement")
    data = {
        "agreed_on": days_ago(0).isoformat(),
        "agreed_how": "op_papier",
        "agreed_by": [str(world.parent.uuid)],
    }
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "Een plan zonder doelen" in refused.content.decode()
    assert PlanVersion.objects.get().status == "concept"
    world.goal(plan)
    assert client.post(url, data).status_code == 302
    body = client.get(_url(world, "plan")).content.decode()
    assert "afgesproken met het gezin op" in body and "(op papier)" in body
    assert "Afspraak met het gezin vastleggen" not in body


def test_a_version_page_is_read_only(client, world, full_plan):
    world.agree(full_plan)
    world.goal(full_plan, title="Tweede doel")
    client.force_login(world.coach)
    old = client.get(_url(world, "version", number=1)).content.decode()
    assert "U bekijkt versie 1" in old and "Tweede doel" not in old
    assert "Doel toevoegen" not in old and "Gedaan<span" not in old
    new = client.get(_url(world, "plan")).content.decode()
    assert "Tweede doel" in new and "Laatst afgesproken" in new


# --- The family overview and the caseload -------------------------------------------------


def test_the_overview_has_a_plan_section_for_those_with_the_part(client, world, full_plan):
    overview = reverse("families:overview", kwargs={"uuid": world.family.uuid})
    body = _get(client, world.coach, overview).content.decode()
    assert "Gezinsplan" in body and _url(world, "plan") in body
    assert "1 doel, 2 open stappen" in body and "1 stap te laat" in body
    world.share_with(world.ggz, ["contacten"])
    ggz = _get(client, world.ggz_worker, overview).content.decode()
    assert _url(world, "plan") not in ggz and "Gezinsplan" not in ggz


def test_the_caseload_uses_the_real_plan_rule_and_shows_open_actions(client, world, full_plan):
    caseload = reverse("trajectories:caseload")
    client.force_login(world.coach)
    body = client.get(caseload).content.decode()
    assert "Open acties" in body and 'data-open-steps="2"' in body
    assert "plan te laat" in body  # started 60 days ago, due after 6 weeks, not agreed
    assert "1 stap uit de plannen te laat" in body and reverse("plans:overdue") in body
    # Agreed — even late — the plan is there: no warning, whatever the phase.
    world.agree(full_plan, on=days_ago(1))
    assert "plan te laat" not in client.get(caseload).content.decode()
    # A plan agreed before this trajectory started does not count for it.
    version = PlanVersion.objects.get()
    PlanVersion.objects.filter(pk=version.pk).update(agreed_on=days_ago(90))
    assert "plan te laat" in client.get(caseload).content.decode()


def test_before_the_due_date_there_is_no_plan_warning(client, world):
    Trajectory.objects.filter(pk=world.trajectory.pk).update(started_on=days_ago(10))
    body = _get(client, world.coach, reverse("trajectories:caseload")).content.decode()
    assert "plan te laat" not in body


def test_regie_op_regie_lists_every_overdue_step_of_every_organisation(client, world, full_plan):
    goal = Goal.objects.get()
    world.step(goal, what="Mentor belt moeder", owner=world.school_involvement, due=days_ago(10))
    world.step(goal, what="Tante past op", owner=world.aunt, due=days_ago(1))
    world.step(goal, what="Coach belt de woningcorporatie", owner=world.coach, due=days_ago(5))
    done = world.step(goal, what="Al gedaan", due=days_ago(9))
    services.step_done(actor=world.coach, step=done, done_on=days_ago(8))
    other = make_family(world.other_coach, name="Elders")
    Trajectory.objects.create(
        family=other, kind="gezinscoach", coach=world.other_coach, started_on=days_ago(30)
    )
    other_plan = services.plan_start(access=family_access(world.other_coach, other))
    other_goal = services.goal_add(
        actor=world.other_coach, plan=other_plan, title="Elders", domain=domain()
    )
    services.step_add(
        actor=world.other_coach,
        goal=other_goal,
        what="Niet van mij",
        owner=other.members.first(),
        due_on=days_ago(4),
    )
    for user in (world.coach, world.backup, world.team_lead):
        body = _get(client, user, reverse("plans:overdue")).content.decode()
        for what in (
            "Weekrooster maken",
            "Mentor belt moeder",
            "Tante past op",
            "Coach belt de woningcorporatie",
        ):
            assert what in body, (user, what)
        assert "Gesprek bij de GGZ" not in body  # not due yet
        assert "Al gedaan" not in body and "Niet van mij" not in body
        for organisation in ("School", "Netwerk", "Gezinscoach", "Gezin"):
            assert f"<td>{organisation}</td>" in body
        assert body.index("Mentor belt moeder") < body.index("Tante past op")  # oldest first
    caseload = _get(client, world.coach, reverse("trajectories:caseload")).content.decode()
    assert "4 stappen uit de plannen te laat" in caseload
    for user in (world.policy, world.ggz_worker, world.admin):
        assert _get(client, user, reverse("plans:overdue")).status_code == 404


# --- The goal report page -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [("policy", 200), ("team_lead", 200), ("coordinator", 200), ("coach", 404), ("admin", 404)],
)
def test_the_goal_report_page_is_for_those_who_see_aggregates(client, world, who, expected):
    response = _get(client, getattr(world, who), reverse("plans:goal_report"))
    assert response.status_code == expected


def test_the_goal_report_page_counts_per_programme(client, world, full_plan):
    goal = Goal.objects.get()
    services.goal_set_status(actor=world.coach, goal=goal, status="bereikt", on=days_ago(1))
    client.force_login(world.policy)
    body = client.get(
        reverse("plans:goal_report"),
        {"date_from": days_ago(30).isoformat(), "date_to": days_ago(0).isoformat()},
    ).content.decode()
    assert '<tr data-programme="VIG"><th scope="row">VIG</th><td class="numeric">1</td>' in body
    assert "1 (100%)" in body
    assert "Wij hebben rust in huis" not in body and "Vos" not in body
    bad = client.get(
        reverse("plans:goal_report"),
        {"date_from": days_ago(0).isoformat(), "date_to": days_ago(30).isoformat()},
    )
    assert "voor het begin van de periode" in bad.content.decode()


# --- Query counts -------------------------------------------------------------------------


def _grow(world, plan, goals, steps_per_goal):
    for n in range(goals):
        goal = world.goal(plan, title=f"Doel {n}")
        for m in range(steps_per_goal):
            owner = [world.parent, world.ggz_involvement, world.aunt, world.coach][m % 4]
            world.step(goal, what=f"Stap {n}.{m}", owner=owner, due=days_ago(m - 2))
        services.contribution_save(
            actor=world.coach, goal=goal, involvement=world.school_involvement, part="Mentor"
        )
        services.evaluation_record(
            actor=world.coach,
            plan=plan,
            held_on=days_ago(n + 1),
            moment="tussentijds",
            goals=[
                services.GoalProgressData(
                    goal=goal,
                    progress="x",
                    answers=[
                        services.AnswerData(value=n % 11, member=world.parent),
                        services.AnswerData(value=5, involvement=world.ggz_involvement),
                    ],
                )
            ],
        )


def test_the_plan_page_queries_do_not_grow(client, world, plan, django_assert_max_num_queries):
    _grow(world, plan, 1, 2)
    client.force_login(world.coach)
    url = _url(world, "plan")
    with django_assert_max_num_queries(60) as few:
        client.get(url)
    _grow(world, plan, 12, 6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(url).content.decode()
    assert body.count('<tr id="stap-') == 2 + 12 * 6


def test_the_caseload_queries_do_not_grow_with_plans(
    client, world, plan, django_assert_max_num_queries
):
    client.force_login(world.coach)
    caseload = reverse("trajectories:caseload")
    with django_assert_max_num_queries(40) as few:
        client.get(caseload)
    for n in range(12):
        family = make_family(world.coach, name=f"Gezin{n}")
        Trajectory.objects.create(
            family=family, kind="gezinscoach", coach=world.coach, started_on=days_ago(30)
        )
        family_plan = services.plan_start(access=family_access(world.coach, family))
        goal = services.goal_add(actor=world.coach, plan=family_plan, title="Rust", domain=domain())
        for m in range(3):
            services.step_add(
                actor=world.coach,
                goal=goal,
                what=f"Stap {m}",
                owner=family.members.first(),
                due_on=days_ago(m - 1),
            )
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(caseload).content.decode()
    assert body.count('data-open-steps="3"') == 12
    assert "12 stappen uit de plannen te laat" in body  # one per family is due yesterday


def test_a_plan_page_asks_the_policy_once(client, world, plan, monkeypatch):
    from spil.core import access

    calls = []
    real = access.family_access

    def counted(user, family):
        calls.append(family.pk)
        return real(user, family)

    monkeypatch.setattr(access, "family_access", counted)
    client.force_login(world.coach)
    for url in (_url(world, "plan"), _url(world, "evaluation_new")):
        calls.clear()
        assert client.get(url).status_code == 200, url
        assert calls == [world.family.pk], url


def test_the_coordinator_holding_a_network_members_file_sees_its_overdue_steps(client, world):
    # Issue 20, ADR 0024: the coordinator holds the file of a coach without an account and
    # reaches "regie op regie" from their caseload, as a staff coach does.
    from spil.accounts import services as account_services
    from spil.accounts.models import Organisation
    from spil.accounts.tests.factories import OrganisationFactory, UserFactory
    from spil.core.roles import Role

    meldpunt = OrganisationFactory(kind=Organisation.Kind.MELDPUNT)
    coordinator = UserFactory()
    account_services.membership_add(user=coordinator, organisation=meldpunt, role=Role.COORDINATOR)
    assert _get(client, coordinator, reverse("plans:overdue")).status_code == 404
    Trajectory.objects.filter(pk=world.trajectory.pk).update(
        coach=coordinator,
        coach_kind="netwerklid",
        lay_coach_name="Tante Ria",
        lay_coach_reach="06 12345678",
        backup_coach=None,
    )
    assert _get(client, coordinator, reverse("plans:overdue")).status_code == 200
    caseload = _get(client, coordinator, reverse("trajectories:caseload")).content.decode()
    assert reverse("plans:overdue") in caseload
