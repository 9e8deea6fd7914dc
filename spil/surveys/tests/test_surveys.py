"""The coordination survey: making, sending, the single-use link, anonymity, results."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.urls import reverse

from spil.core.models import AuditEvent
from spil.core.roles import Role
from spil.core.testing import committed
from spil.surveys import services
from spil.surveys.models import Answer, Invitation, Response, Statement, Survey, token_hash

from .conftest import STATEMENTS, answer_all, make_survey, send, user_with

pytestmark = pytest.mark.django_db


def _post_answer(client, token, choices, grade):
    data = {f"stelling_{i + 1}": str(c) for i, c in enumerate(choices)}
    data["grade"] = str(grade)
    return client.post(reverse("surveys:answer", args=[token]), data)


# --- Making and editing -------------------------------------------------------------------------


def test_policy_officer_makes_a_survey_with_ordered_statements(client, policy):
    client.force_login(policy)
    response = client.post(
        reverse("surveys:new"),
        {"title": "Samenwerking", "intro": "Kort.", "statements": "Eerste\n\n  Tweede  \nDerde"},
    )
    survey = Survey.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("surveys:detail", args=[survey.uuid])
    assert survey.status == Survey.Status.DRAFT
    assert survey.created_by == policy
    assert list(survey.statements.order_by("position").values_list("position", "text")) == [
        (1, "Eerste"),
        (2, "Tweede"),
        (3, "Derde"),
    ]
    assert AuditEvent.objects.filter(action="survey.created", object_uuid=survey.uuid).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "T", "statements": "  \n \n"}, "Zet er minstens één stelling in."),
        ({"title": "T", "statements": ""}, "Zet er minstens één stelling in."),
        ({"title": "", "statements": "Een"}, "verplicht"),
        ({"title": "T", "statements": "x" * 301}, "Stelling 1 is te lang"),
        ({"title": "T", "statements": "\n".join(f"S{i}" for i in range(31))}, "Hoogstens 30"),
        ({"title": "T" * 201, "statements": "Een"}, "te lang"),
    ],
)
def test_bad_survey_input_is_refused_in_dutch(client, policy, data, message):
    client.force_login(policy)
    response = client.post(reverse("surveys:new"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Survey.objects.exists()


def test_edit_of_a_draft_changes_statements(client, policy):
    survey = make_survey(policy)
    client.force_login(policy)
    response = client.post(
        reverse("surveys:edit", args=[survey.uuid]),
        {"title": "Nieuw", "intro": "", "statements": "Alleen deze", "revision": survey.revision},
    )
    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.title == "Nieuw"
    assert list(survey.statements.values_list("text", flat=True)) == ["Alleen deze"]


def test_stale_edit_is_refused_and_keeps_the_input(client, policy):
    survey = make_survey(policy)
    old = survey.revision
    services.survey_update(
        survey=survey,
        actor=policy,
        title="Door een ander",
        intro="",
        statements=STATEMENTS,
        revision=old,
    )
    client.force_login(policy)
    response = client.post(
        reverse("surveys:edit", args=[survey.uuid]),
        {"title": "Mijn titel", "intro": "", "statements": "Anders", "revision": old},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Iemand anders heeft dit intussen gewijzigd" in content
    assert "Mijn titel" in content
    survey.refresh_from_db()
    assert survey.title == "Door een ander"
    assert list(survey.statements.values_list("text", flat=True)) == STATEMENTS


def test_a_sent_surveys_statements_cannot_change(client, policy, professionals):
    survey = make_survey(policy)
    send(survey, policy, professionals[:1])
    survey.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.survey_update(
            survey=survey,
            actor=policy,
            title=survey.title,
            intro="",
            statements=["Iets anders"],
            revision=survey.revision,
        )
    assert "kunnen niet meer veranderen" in str(refused.value)
    # The page offers no statements field; a posted one is ignored, the title may change.
    client.force_login(policy)
    response = client.post(
        reverse("surveys:edit", args=[survey.uuid]),
        {"title": "Nieuwe titel", "statements": "Sneaky", "revision": survey.revision},
    )
    assert response.status_code == 302
    assert (
        list(
            Statement.objects.filter(survey=survey)
            .order_by("position")
            .values_list("text", flat=True)
        )
        == STATEMENTS
    )
    assert Survey.objects.get(pk=survey.pk).title == "Nieuwe titel"


def test_only_the_policy_role_manages_in_the_services(policy):
    teamlead = user_with(Role.TEAM_LEAD)
    with pytest.raises(Http404):
        services.survey_create(actor=teamlead, title="T", intro="", statements=["A"])
    assert not Survey.objects.exists()


# --- Sending ------------------------------------------------------------------------------------


def test_send_mails_a_single_use_link_to_each_recipient(client, policy, professionals):
    survey = make_survey(policy)
    client.force_login(policy)
    mail.outbox.clear()
    with committed():  # the links leave with a task after the commit
        response = client.post(
            reverse("surveys:send", args=[survey.uuid]),
            {
                "recipients": [str(p.uuid) for p in professionals[:2]],
                "emails": "Extern@Voorbeeld.test\nextern@voorbeeld.test, tweede@voorbeeld.test",
                "revision": survey.revision,
            },
        )
    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.status == Survey.Status.SENT
    assert survey.sent_at is not None
    assert len(mail.outbox) == 4
    to = sorted(m.to[0] for m in mail.outbox)
    assert to == sorted(
        [
            professionals[0].email,
            professionals[1].email,
            "extern@voorbeeld.test",
            "tweede@voorbeeld.test",
        ]
    )
    for message in mail.outbox:
        assert "Open deze link" in message.body
        assert survey.title in message.subject
        assert message.to[0] not in message.body  # the address is never in the link
        token = message.body.split("/samenwerkingsmonitor/antwoord/")[1].split("/")[0]
        assert len(token) >= 40
        invitation = Invitation.objects.get(email=message.to[0])
        assert invitation.token_hash == token_hash(token)
        assert token not in invitation.token_hash
    assert Invitation.objects.filter(survey=survey).count() == 4
    assert Invitation.objects.get(email=professionals[0].email).recipient == professionals[0]


def test_a_second_send_skips_who_was_invited(policy, professionals):
    survey = make_survey(policy)
    send(survey, policy, professionals[:2])
    tokens = send(survey, policy, professionals[:3])
    assert len(tokens) == 1
    assert survey.invitations.count() == 3
    with pytest.raises(ValidationError, match="al een link"):
        send(survey, policy, professionals[:3])


@pytest.mark.parametrize(
    ("emails", "message"),
    [
        ("geen-adres", "geen geldig e-mailadres"),
        ("a@b.test\nkapot@", "geen geldig e-mailadres"),
        ("", "Kies minstens één professional"),
        ("\n".join(f"p{i}@voorbeeld.test" for i in range(101)), "Hoogstens 100"),
    ],
)
def test_bad_recipients_are_refused(client, policy, emails, message):
    survey = make_survey(policy)
    client.force_login(policy)
    mail.outbox.clear()
    response = client.post(
        reverse("surveys:send", args=[survey.uuid]),
        {"emails": emails, "revision": survey.revision},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not mail.outbox
    assert not Invitation.objects.exists()
    assert Survey.objects.get().status == Survey.Status.DRAFT


def test_a_non_professional_cannot_be_chosen(client, policy):
    coach = user_with(Role.COACH)
    survey = make_survey(policy)
    client.force_login(policy)
    response = client.post(
        reverse("surveys:send", args=[survey.uuid]),
        {"recipients": [str(coach.uuid)], "revision": survey.revision},
    )
    assert response.status_code == 200
    assert "Kies een geldige optie" in response.content.decode() or "geldige" in (
        response.content.decode()
    )
    assert not Invitation.objects.exists()


def test_send_from_a_stale_page_is_refused(client, policy, professionals):
    survey = make_survey(policy)
    old = survey.revision
    services.survey_update(
        survey=survey, actor=policy, title="Gewijzigd", intro="", statements=["X"], revision=old
    )
    client.force_login(policy)
    response = client.post(
        reverse("surveys:send", args=[survey.uuid]),
        {"recipients": [str(professionals[0].uuid)], "revision": old},
    )
    assert response.status_code == 200
    assert "Iemand anders heeft dit intussen gewijzigd" in response.content.decode()
    assert not Invitation.objects.exists()


# --- The public link ----------------------------------------------------------------------------


def test_the_link_opens_without_login_and_works_once(client, policy, professionals):
    survey = make_survey(policy)
    [token] = send(survey, policy, professionals[:1])
    url = reverse("surveys:answer", args=[token])
    page = client.get(url)
    assert page.status_code == 200
    content = page.content.decode()
    assert (
        STATEMENTS[0] in content and "Helemaal oneens" in content and "Ik doe niet mee" in content
    )
    response = _post_answer(client, token, [4, 3, 0], 7)
    assert response.status_code == 200
    assert 'data-done="answered"' in response.content.decode()
    invitation = Invitation.objects.get()
    assert invitation.status == Invitation.Status.ANSWERED
    assert invitation.responded_at is not None
    stored = Response.objects.get()
    assert stored.grade == 7
    assert sorted(stored.answers.values_list("statement__position", "choice")) == [
        (1, 4),
        (2, 3),
        (3, 0),
    ]
    # Replayed POST and a second visit: refused plainly, nothing more stored.
    again = _post_answer(client, token, [1, 1, 1], 1)
    assert again.status_code == 410
    assert 'data-reason="used"' in again.content.decode()
    assert client.get(url).status_code == 410
    assert client.post(url, {"decline": "1"}).status_code == 410
    assert Response.objects.count() == 1 and Answer.objects.count() == 3
    assert Invitation.objects.get().status == Invitation.Status.ANSWERED


def test_the_answer_page_explains_a_term_without_a_link_behind_the_login(
    client, policy, professionals
):
    """A partner without an account reads the explanation of a term on the spot; the page
    has no link to the list of terms, which would only show the login page."""
    survey = make_survey(policy, statements=["Ik weet wie de regie heeft bij het gezin."])
    [token] = send(survey, policy, professionals[:1])
    content = client.get(reverse("surveys:answer", args=[token])).content.decode()
    assert '<span class="term">regie</span>' in content
    assert "Wat betekent ‘regie’?" in content
    assert reverse("glossary:list") not in content


def test_decline_uses_the_link_and_stores_no_answer(client, policy, professionals):
    survey = make_survey(policy)
    [token] = send(survey, policy, professionals[:1])
    response = client.post(reverse("surveys:answer", args=[token]), {"decline": "1"})
    assert response.status_code == 200
    assert 'data-done="declined"' in response.content.decode()
    assert Invitation.objects.get().status == Invitation.Status.DECLINED
    assert not Response.objects.exists()
    assert _post_answer(client, token, [1, 2, 3], 5).status_code == 410
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    ("choices", "grade", "message"),
    [
        ([4, None, 3], 7, "Kies een antwoord bij deze stelling."),
        ([4, 9, 3], 7, "Kies een antwoord bij deze stelling."),
        ([4, "x", 3], 7, "Kies een antwoord bij deze stelling."),
        ([4, 3, 3], 11, "Geef een cijfer van 1 tot en met 10."),
        ([4, 3, 3], 0, "Geef een cijfer van 1 tot en met 10."),
        ([4, 3, 3], "", "Geef een cijfer van 1 tot en met 10."),
        ([4, 3, 3], "zeven", "Geef een cijfer van 1 tot en met 10."),
        ([4, 3, 3], "99999999999999999999", "Geef een cijfer van 1 tot en met 10."),
    ],
)
def test_bad_answers_are_refused_and_the_link_stays_open(
    client, policy, professionals, choices, grade, message
):
    survey = make_survey(policy)
    [token] = send(survey, policy, professionals[:1])
    data = {f"stelling_{i + 1}": str(c) for i, c in enumerate(choices) if c is not None}
    data["grade"] = str(grade)
    response = client.post(reverse("surveys:answer", args=[token]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Response.objects.exists()
    assert Invitation.objects.get().status == Invitation.Status.OPEN


@pytest.mark.parametrize("token", ["onbekend", "x" * 101, "a" * 43])
def test_an_unknown_link_gets_a_plain_page(client, token):
    response = client.get(reverse("surveys:answer", args=[token]))
    assert response.status_code == 404
    assert "Deze link kennen we niet" in response.content.decode()
    response = client.post(reverse("surveys:answer", args=[token]), {"decline": "1"})
    assert response.status_code == 404


def test_a_closed_survey_takes_no_answers(client, policy, professionals):
    survey = make_survey(policy)
    [token] = send(survey, policy, professionals[:1])
    survey.refresh_from_db()
    client.force_login(policy)
    assert (
        client.post(
            reverse("surveys:close", args=[survey.uuid]), {"revision": survey.revision}
        ).status_code
        == 302
    )
    client.logout()
    response = _post_answer(client, token, [1, 2, 3], 6)
    assert response.status_code == 410
    assert 'data-reason="closed"' in response.content.decode()
    assert not Response.objects.exists()
    assert Invitation.objects.get().status == Invitation.Status.OPEN


def test_a_draft_link_cannot_exist_and_closing_twice_is_refused(policy):
    survey = make_survey(policy)
    survey.refresh_from_db()
    services.survey_close(survey=survey, actor=policy, revision=survey.revision)
    survey.refresh_from_db()
    with pytest.raises(ValidationError, match="al gesloten"):
        services.survey_close(survey=survey, actor=policy, revision=survey.revision)
    with pytest.raises(ValidationError, match="gesloten"):
        send(survey, policy, emails=["a@voorbeeld.test"])


def test_close_from_a_stale_page_is_refused(client, policy):
    survey = make_survey(policy)
    old = survey.revision
    services.survey_update(
        survey=survey, actor=policy, title="Anders", intro="", statements=["A"], revision=old
    )
    client.force_login(policy)
    response = client.post(reverse("surveys:close", args=[survey.uuid]), {"revision": old})
    assert response.status_code == 200
    assert "Iemand anders heeft dit intussen gewijzigd" in response.content.decode()
    assert Survey.objects.get().status == Survey.Status.DRAFT


def test_two_answers_on_one_link_only_one_counts(policy, professionals):
    survey = make_survey(policy)
    send(survey, policy, professionals[:1])
    invitation = Invitation.objects.get()
    # The second post read the invitation while it was still open: the conditional
    # update refuses it.
    Invitation.objects.filter(pk=invitation.pk).update(status=Invitation.Status.ANSWERED)
    with pytest.raises(ValidationError):
        services._use(invitation, Invitation.Status.ANSWERED)


# --- Anonymity ----------------------------------------------------------------------------------


def test_the_answer_has_no_link_to_the_invitation(policy, professionals):
    fields = {f.name for f in Response._meta.get_fields()} | {
        f.name for f in Answer._meta.get_fields()
    }
    assert not fields & {"invitation", "recipient", "email", "created_at", "updated_at", "token"}
    assert all(
        f.related_model not in (Invitation,) and not f.get_internal_type().startswith("Date")
        for f in [*Response._meta.concrete_fields, *Answer._meta.concrete_fields]
    )
    survey = make_survey(policy)
    tokens = send(survey, policy, professionals[:2])
    answer_all(tokens, [[1, 2, 3], [4, 4, 4]], [5, 9])
    # The audit trail names the invitations, never a response.
    events = AuditEvent.objects.filter(action="survey.answered")
    assert events.count() == 2
    response_ids = {str(r) for r in Response.objects.values_list("id", flat=True)}
    for event in events:
        assert str(event.object_uuid) not in response_ids
        assert event.actor is None
        assert not event.detail
    # And no column of the response tables holds a time.
    with connection.cursor() as cursor:
        for table in (Response._meta.db_table, Answer._meta.db_table):
            columns = connection.introspection.get_table_description(cursor, table)
            assert {c.name for c in columns} <= {
                "id",
                "survey_id",
                "grade",
                "response_id",
                "statement_id",
                "choice",
            }


# --- Results ------------------------------------------------------------------------------------


def _seed_like(policy, professionals, n_answers: int):
    survey = make_survey(policy)
    tokens = send(survey, policy, professionals)
    rows = [[4, 4, 3], [4, 3, 3], [3, 3, 0], [4, 4, 4], [1, 2, 4], [4, 3, 0]][:n_answers]
    grades = [7, 8, 6, 7, 5, 7][:n_answers]
    answer_all(tokens[:n_answers], rows, grades)
    return survey, tokens


def test_results_show_from_five_answers(client, policy, professionals):
    survey, tokens = _seed_like(policy, professionals, 5)
    services.invitation_decline(token=tokens[5])
    client.force_login(policy)
    response = client.get(reverse("surveys:detail", args=[survey.uuid]))
    content = response.content.decode()
    assert 'data-figure="invited">6<' in content
    assert 'data-figure="answered">5<' in content
    assert 'data-figure="declined">1<' in content
    assert 'data-figure="response">83,3 %<' in content
    # grades 7, 8, 6, 7, 5 → 6,6
    assert 'data-figure="grade">6,6<' in content
    results = response.context["results"]
    first = results.statements[0]
    assert [(p.count, p.percent) for p in first.points] == [
        (1, 20.0),
        (0, 0.0),
        (1, 20.0),
        (3, 60.0),
    ]
    third = results.statements[2]
    assert third.dont_know == 1 and third.counted == 4
    assert [(p.count, p.percent) for p in third.points] == [
        (0, 0.0),
        (0, 0.0),
        (2, 50.0),
        (2, 50.0),
    ]
    assert "60,0 %" in content


def test_results_stay_hidden_under_five_answers(client, policy, professionals):
    survey, _tokens = _seed_like(policy, professionals, 4)
    client.force_login(policy)
    response = client.get(reverse("surveys:detail", args=[survey.uuid]))
    content = response.content.decode()
    assert "data-hidden-results" in content
    assert 'data-figure="answered">4<' in content
    assert 'data-figure="grade"' not in content
    assert "data-statement=" not in content
    assert response.context["results"].statements == ()
    assert response.context["results"].mean_grade is None


def test_mean_grade_in_dutch_notation(client, policy, professionals):
    """Seed 004's figure: the grades average 6,7."""
    survey = make_survey(policy)
    tokens = send(survey, policy, professionals)
    answer_all(tokens, [[3, 3, 3]] * 6, [7, 7, 7, 7, 6, 6])  # 40 / 6 = 6,666…
    client.force_login(policy)
    content = client.get(reverse("surveys:detail", args=[survey.uuid])).content.decode()
    assert 'data-figure="grade">6,7<' in content


def test_team_lead_reads_results_but_cannot_manage(client, policy, professionals):
    survey, _ = _seed_like(policy, professionals, 5)
    teamlead = user_with(Role.TEAM_LEAD)
    client.force_login(teamlead)
    page = client.get(reverse("surveys:detail", args=[survey.uuid]))
    assert page.status_code == 200
    assert reverse("surveys:send", args=[survey.uuid]) not in page.content.decode()
    assert client.get(reverse("surveys:edit", args=[survey.uuid])).status_code == 404


def test_list_query_count_does_not_grow(
    client, policy, professionals, django_assert_max_num_queries
):
    for i in range(3):
        survey = make_survey(policy, title=f"S{i}")
        send(survey, policy, professionals[:2])
    client.force_login(policy)
    with django_assert_max_num_queries(12) as captured:
        client.get(reverse("surveys:list"))
    few = len(captured)
    for i in range(10):
        survey = make_survey(policy, title=f"T{i}")
        send(survey, policy, professionals)
    with django_assert_max_num_queries(few):
        response = client.get(reverse("surveys:list"))
    assert response.content.decode().count("data-survey=") == 13


def test_results_query_count_does_not_grow(
    client, policy, professionals, django_assert_max_num_queries
):
    survey, _ = _seed_like(policy, professionals, 5)
    client.force_login(policy)
    with django_assert_max_num_queries(15) as captured:
        client.get(reverse("surveys:detail", args=[survey.uuid]))
    few = len(captured)
    more = [user_with(Role.PROFESSIONAL) for _ in range(10)]
    tokens = send(survey, policy, more)
    answer_all(tokens, [[1, 2, 3]] * 10, [5] * 10)
    with django_assert_max_num_queries(few):
        client.get(reverse("surveys:detail", args=[survey.uuid]))
