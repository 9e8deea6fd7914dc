"""The meldpunt in the browser's terms: pages, forms, access and query counts."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from spil.accounts.tests.factories import MembershipFactory
from spil.core.models import AuditEvent
from spil.core.testing import days_ago
from spil.families.models import Family
from spil.intake import services
from spil.intake.models import CoachProposal, Referral
from spil.trajectories.models import Trajectory

from .factories import gezinsvoogd_helper, register, to_decision, weigh

pytestmark = pytest.mark.django_db


def _post(client, name, referral, data, **kwargs):
    return client.post(reverse(name, kwargs={"uuid": referral.uuid, **kwargs}), data)


def _member_rows(rows):
    data = {"lid-TOTAL_FORMS": str(len(rows)), "lid-INITIAL_FORMS": "0"}
    for i, row in enumerate(rows):
        data.update({f"lid-{i}-{key}": value for key, value in row.items()})
    return data


EMPTY_HELPERS = {"hulp-TOTAL_FORMS": "0", "hulp-INITIAL_FORMS": "0"}


def test_coordinator_takes_a_referral_from_entry_to_a_coach(client, coordinator, meldpunt, coach):
    client.force_login(coordinator)
    response = client.post(
        reverse("intake:new"),
        {
            "meldpunt": meldpunt.uuid,
            "received_on": days_ago(30).isoformat(),
            "urgency": "normaal",
            "concerns": "De kinderen komen vaak te laat op school.",
            "referrer_name": "Ans de Wit",
            "referrer_organisation_name": "Wijkteam Oost",
            "referrer_organisation_kind": "welzijn",
            "referrer_phone": "0612345678",
            **_member_rows(
                [
                    {
                        "role": "ouder",
                        "first_name": "Karin",
                        "surname": "Vos",
                        "birth_date": "1988-03-02",
                        "lives_in_household": "on",
                    },
                    {
                        "role": "kind",
                        "first_name": "Daan",
                        "surname": "Vos",
                        "birth_date": "2015-06-09",
                        "lives_in_household": "on",
                    },
                ]
            ),
            **EMPTY_HELPERS,
        },
    )
    referral = Referral.objects.get()
    assert response["Location"] == reverse("intake:detail", kwargs={"uuid": referral.uuid})
    assert referral.family_name == "Vos"

    _post(client, "intake:family", referral, {"action": "create"})
    _post(
        client,
        "intake:weigh",
        referral,
        {
            "criterion_hulp_onvoldoende_effectief": "ja",
            "criterion_bredere_problematiek": "ja",
            "criterion_geen_eigen_regie": "ja",
            "decision": "accepteren",
            "weighed_on": days_ago(28).isoformat(),
        },
    )
    parent = Family.objects.get().members.get(first_name="Karin")
    _post(
        client,
        "intake:consent",
        referral,
        {
            "given_by": parent.uuid,
            "parties": "School",
            "given_on": days_ago(27).isoformat(),
        },
    )
    _post(
        client,
        "intake:assess",
        referral,
        {
            "kind": "gezinsgesprek",
            "held_on": days_ago(25).isoformat(),
            "family_participants": [parent.uuid],
            "tie_breaker": "De coördinator",
            "findings": "Eén coach.",
        },
    )
    _post(
        client,
        "intake:decide",
        referral,
        {
            "outcome": "family_coach",
            "reason": "Veel hulp langs elkaar heen.",
            "decided_on": days_ago(20).isoformat(),
        },
    )
    _post(
        client,
        "intake:match",
        referral,
        {
            "coach_kind": "medewerker",
            "coach": coach.uuid,
            "category": "onbekende_professional",
            "proposed_on": days_ago(18).isoformat(),
        },
    )
    proposal = CoachProposal.objects.get()
    response = _post(
        client,
        "intake:respond",
        referral,
        {
            "response": "akkoord",
            "responded_on": days_ago(15).isoformat(),
            "introduced_by": "Ans de Wit",
            "introduced_on": days_ago(14).isoformat(),
            "introduced_in_person": "on",
        },
        proposal_uuid=proposal.uuid,
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Referral.Status.MATCHED
    trajectory = Trajectory.objects.get()
    assert (trajectory.family, trajectory.coach) == (referral.family, coach)
    page = client.get(reverse("intake:detail", kwargs={"uuid": referral.uuid})).content.decode()
    assert f"Traject geopend bij {escape(coach.full_name)}" in page  # "van 't Erve"


def test_referral_form_errors_are_dutch_and_store_nothing(client, coordinator, meldpunt):
    client.force_login(coordinator)
    response = client.post(
        reverse("intake:new"),
        {
            "meldpunt": meldpunt.uuid,
            "received_on": "31-02-2026",
            "urgency": "normaal",
            **_member_rows(
                [{"role": "kind", "first_name": "", "surname": "Vos", "bsn": "123456789"}]
            ),
            **EMPTY_HELPERS,
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Voer een geldige datum in." in page
    assert "Dit is geen geldig BSN" in page
    assert "123456789" not in page.split("Dit is geen geldig BSN")[1][:200]
    assert Referral.objects.count() == 0


def test_a_return_without_advice_shows_the_field_error(client, coordinator, meldpunt):
    referral = register(coordinator, meldpunt)
    client.force_login(coordinator)
    response = _post(
        client,
        "intake:weigh",
        referral,
        {
            "criterion_hulp_onvoldoende_effectief": "nee",
            "criterion_bredere_problematiek": "nee",
            "criterion_geen_eigen_regie": "nee",
            "decision": "terugleggen",
            "return_reason": "hulp_effectief",
            "advice": "",
            "weighed_on": days_ago(30).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "Geef de melder een advies" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == Referral.Status.RECEIVED


def test_a_gezinsvoogd_as_coach_is_refused_with_an_explanation(
    client, coordinator, meldpunt, coach
):
    referral = register(coordinator, meldpunt, helpers=[gezinsvoogd_helper(coach)])
    to_decision(coordinator, referral)
    client.force_login(coordinator)
    response = _post(
        client,
        "intake:match",
        referral,
        {
            "coach": coach.uuid,
            "category": "al_betrokken",
            "proposed_on": days_ago(18).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "gezinsvoogd van dit gezin" in response.content.decode()
    assert not CoachProposal.objects.exists()


def test_the_referrer_sees_outcome_and_advice_but_not_the_working_steps(
    client, coordinator, meldpunt, referrer
):
    referral = register(referrer, meldpunt)
    weigh(coordinator, referral, decision="terugleggen", advice="Schakel het wijkteam in.")
    client.force_login(referrer)
    page = client.get(reverse("intake:detail", kwargs={"uuid": referral.uuid})).content.decode()
    assert "Teruggelegd met advies" in page
    assert "Schakel het wijkteam in." in page
    assert "Volgende stap" not in page
    assert "gewogen door" not in page.lower()


def test_a_referrer_opening_someone_elses_referral_gets_404(
    client, coordinator, meldpunt, referrer
):
    referral = register(coordinator, meldpunt)
    client.force_login(referrer)
    assert client.get(reverse("intake:detail", kwargs={"uuid": referral.uuid})).status_code == 404
    assert _post(client, "intake:weigh", referral, {}).status_code == 404


@pytest.mark.parametrize("role", ["beleidsmedewerker", "beheerder", "gezinscoach"])
def test_other_roles_do_not_see_referrals(client, coordinator, meldpunt, role):
    referral = register(coordinator, meldpunt)
    client.force_login(MembershipFactory(role=role).user)
    assert client.get(reverse("intake:detail", kwargs={"uuid": referral.uuid})).status_code == 404
    if role != "gezinscoach":  # a coach may refer a family, so has a (empty) list
        assert client.get(reverse("intake:worklist")).status_code == 404


def test_the_referrer_list_holds_only_their_own_referrals(client, coordinator, meldpunt, referrer):
    own = register(referrer, meldpunt, family_name="Zwanenburg")
    register(coordinator, meldpunt, family_name="Bakkerman")
    client.force_login(referrer)
    page = client.get(reverse("intake:worklist")).content.decode()
    assert "Zwanenburg" in page and "Bakkerman" not in page
    assert str(own.uuid) in page


def test_worklist_filters_by_status(client, coordinator, meldpunt):
    register(coordinator, meldpunt, family_name="Open")
    returned = register(coordinator, meldpunt, family_name="Terug")
    weigh(coordinator, returned, decision="terugleggen", advice="Advies")
    client.force_login(coordinator)
    page = client.get(reverse("intake:worklist"), {"status": "teruggelegd"}).content.decode()
    assert "Terug" in page and ">Open<" not in page


def test_reading_a_referral_is_in_the_audit_trail(client, coordinator, meldpunt):
    referral = register(coordinator, meldpunt)
    client.force_login(coordinator)
    client.get(reverse("intake:detail", kwargs={"uuid": referral.uuid}))
    assert AuditEvent.objects.filter(
        action="referral.viewed", actor=coordinator, object_uuid=referral.uuid
    ).exists()


def test_worklist_query_count_stays_flat(
    client, coordinator, meldpunt, django_assert_max_num_queries
):
    for _ in range(3):
        register(coordinator, meldpunt)
    client.force_login(coordinator)
    # The ceiling has room for the header's unread count and PostgreSQL's audit lock;
    # what matters is the second measure: 30 more referrals, not one more query.
    with django_assert_max_num_queries(24) as small:
        client.get(reverse("intake:worklist"))
    for _ in range(30):
        register(coordinator, meldpunt)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("intake:worklist"))


def test_match_page_lists_coaches_with_their_caseload(client, coordinator, meldpunt, coach):
    referral = register(coordinator, meldpunt)
    to_decision(coordinator, referral)
    client.force_login(coordinator)
    page = client.get(reverse("intake:match", kwargs={"uuid": referral.uuid})).content.decode()
    assert coach.full_name in page
    assert "Lopende trajecten" in page


@pytest.mark.parametrize("role", ["beleidsmedewerker", "meldpunt_coordinator"])
def test_report_page_shows_outcome_shares(client, coordinator, meldpunt, role):
    returned = register(coordinator, meldpunt, received_on=days_ago(40))
    weigh(coordinator, returned, decision="terugleggen", advice="Advies", weighed_on=days_ago(30))
    register(coordinator, meldpunt, received_on=days_ago(20))
    viewer = coordinator if role == "meldpunt_coordinator" else MembershipFactory(role=role).user
    client.force_login(viewer)
    response = client.get(
        reverse("intake:report"),
        {"date_from": days_ago(60).isoformat(), "date_to": days_ago(0).isoformat()},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert '<dd data-figure="total">2</dd>' in page
    assert (
        '<tr data-code="returned_with_advice"><th scope="row">Teruggelegd met advies (weging)'
        "</th><td>1</td><td>50%</td></tr>"
    ) in page
    assert "Vos" not in page  # aggregates only: no family names


def test_report_page_refuses_roles_without_aggregates(client, professional):
    client.force_login(professional)
    assert client.get(reverse("intake:report")).status_code == 404


def test_report_page_with_a_reversed_period_shows_a_dutch_error(client, coordinator, meldpunt):
    client.force_login(coordinator)
    response = client.get(
        reverse("intake:report"), {"date_from": "2026-05-01", "date_to": "2026-01-01"}
    )
    assert "Deze datum ligt voor het begin van de periode." in response.content.decode()


def test_linking_to_the_known_family_adds_the_new_child_and_says_so(client, coordinator, meldpunt):
    from .test_services import BRINKMAN, SEM

    first = register(coordinator, meldpunt, members=BRINKMAN, received_on=days_ago(400))
    family = services.referral_create_family(actor=coordinator, referral=first)
    second = register(coordinator, meldpunt, members=[*BRINKMAN, SEM], received_on=days_ago(5))
    client.force_login(coordinator)
    response = client.post(
        reverse("intake:family", kwargs={"uuid": second.uuid}),
        {"action": "link", "family": str(family.uuid)},
        follow=True,
    )
    page = response.content.decode()
    assert "De melding is gekoppeld aan het bestaande gezin." in page
    assert "Nieuw in het gezin, toegevoegd uit de melding: Sem Brinkman." in page
    consent_page = client.get(reverse("intake:consent", kwargs={"uuid": second.uuid}))
    options = consent_page.context["form"].fields["given_by"].queryset
    assert sorted(m.first_name for m in options) == ["Henk", "Ria", "Sem", "Sven"]


def _vetoed(coordinator, referral, coach):
    proposal = services.coach_propose(
        actor=coordinator,
        referral=referral,
        coach=coach,
        category="onbekende_professional",
        proposed_on=days_ago(18),
    )
    services.proposal_respond(
        actor=coordinator,
        proposal=proposal,
        response="veto",
        responded_on=days_ago(17),
        veto_reason="Klikt niet.",
    )


def test_a_vetoed_coach_is_not_offered_again_for_that_referral(
    client, coordinator, meldpunt, coach
):
    other = MembershipFactory(role="gezinscoach").user
    referral = register(coordinator, meldpunt)
    to_decision(coordinator, referral)
    _vetoed(coordinator, referral, coach)
    client.force_login(coordinator)
    response = client.get(reverse("intake:match", kwargs={"uuid": referral.uuid}))
    offered = list(response.context["form"].fields["coach"].queryset)
    assert other in offered
    assert coach not in offered
    assert coach not in [load.coach for load in response.context["loads"]]
    assert "staat niet meer in de lijst" in response.content.decode()
    # Posting the vetoed coach anyway is a form error, not a second proposal.
    response = _post(
        client,
        "intake:match",
        referral,
        {
            "coach_kind": "medewerker",
            "coach": coach.uuid,
            "category": "onbekende_professional",
            "proposed_on": days_ago(16).isoformat(),
        },
    )
    assert response.status_code == 200
    assert CoachProposal.objects.count() == 1
    # For another family, the same coach is offered as always.
    fresh = register(coordinator, meldpunt, family_name="Jansen")
    to_decision(coordinator, fresh)
    response = client.get(reverse("intake:match", kwargs={"uuid": fresh.uuid}))
    assert coach in list(response.context["form"].fields["coach"].queryset)


MONTHS = "januari februari maart april mei juni juli augustus september oktober november december"


def test_the_introduction_shows_its_date_in_dutch(client, coordinator, meldpunt, coach):
    referral = register(coordinator, meldpunt)
    to_decision(coordinator, referral)
    proposal = services.coach_propose(
        actor=coordinator,
        referral=referral,
        coach=coach,
        category="onbekende_professional",
        proposed_on=days_ago(18),
    )
    client.force_login(coordinator)
    # The form fills in who introduced the coach; the day they met is often left empty.
    answered = days_ago(15)
    response = _post(
        client,
        "intake:respond",
        referral,
        {"response": "akkoord", "responded_on": answered.isoformat(), "introduced_by": "J. de Wit"},
        proposal_uuid=proposal.uuid,
    )
    assert response.status_code == 302
    page = client.get(reverse("intake:detail", kwargs={"uuid": referral.uuid})).content.decode()
    month = MONTHS.split()[answered.month - 1]
    assert f"Voorgesteld door J. de Wit op {answered.day} {month} {answered.year}" in page
