"""Bad input never reaches a 500: every field of every survey form, the public one too,
gets nasty values (huge numbers, exotic and endless text, markup, wrong types); the answer
is a page, and a refused post writes nothing."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spil.core.roles import Role
from spil.surveys.models import Invitation, Response, Survey

from .conftest import make_survey, send, user_with

pytestmark = pytest.mark.django_db

NASTY = [
    "",
    " ",
    "0",
    "-1",
    "99999999999999999999",
    "1e400",
    "NaN",
    "<script>alert(1)</script>",
    "\x00",
    "ﬃ" * 5001,
    "x" * 20000,
    "a@" + "b" * 300 + ".test",
    "6f1c2b7e-3d4a-4e5f-8a9b-0c1d2e3f4a5b",
    "%(name)s {0}",
]


def _forms(survey, token):
    return {
        reverse("surveys:new"): ["title", "intro", "statements"],
        reverse("surveys:edit", args=[survey.uuid]): ["title", "intro", "statements", "revision"],
        reverse("surveys:send", args=[survey.uuid]): ["recipients", "emails", "revision"],
        reverse("surveys:close", args=[survey.uuid]): ["revision"],
        reverse("surveys:answer", args=[token]): [
            "stelling_1",
            "stelling_2",
            "stelling_3",
            "grade",
        ],
    }


def test_nasty_values_in_every_field(client, policy):
    survey = make_survey(policy)
    [token] = send(survey, policy, [user_with(Role.PROFESSIONAL)])
    survey.refresh_from_db()
    client.force_login(policy)
    good = {
        "title": "T",
        "intro": "",
        "statements": "Een",
        "revision": str(survey.revision),
        "emails": "a@voorbeeld.test",
        "stelling_1": "3",
        "stelling_2": "3",
        "stelling_3": "3",
        "grade": "7",
    }
    for url, fields in _forms(survey, token).items():
        for name in fields:
            for value in NASTY:
                data = {k: good[k] for k in fields if k in good}
                data[name] = value
                if url.endswith("/sluiten/") and value == good["revision"]:
                    continue
                response = client.post(url, data)
                assert response.status_code < 500, (url, name, value[:20])
    # Nothing was answered with a nasty value, nothing sent to a nasty address.
    assert not Response.objects.exclude(grade=7).exists()
    assert not Invitation.objects.filter(email__contains="<").exists()
    assert not Invitation.objects.exclude(email__endswith=".test").exists()


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    choice=st.one_of(st.text(max_size=30), st.integers().map(str)),
    grade=st.one_of(st.text(max_size=30), st.integers().map(str)),
)
def test_public_form_takes_any_input(client, policy, choice, grade):
    survey = Survey.objects.filter(title="Fuzz").first() or make_survey(policy, title="Fuzz")
    [token] = send(survey, policy, emails=[f"p{Invitation.objects.count()}@voorbeeld.test"])
    data = {"stelling_1": choice, "stelling_2": "1", "stelling_3": "0", "grade": grade}
    before = Response.objects.count()
    response = client.post(reverse("surveys:answer", args=[token]), data)
    assert response.status_code == 200
    stored = Response.objects.count() - before
    invitation = Invitation.objects.get(email=f"p{Invitation.objects.count() - 1}@voorbeeld.test")
    if stored:
        assert stored == 1 and invitation.status == Invitation.Status.ANSWERED
    else:
        assert invitation.status == Invitation.Status.OPEN
        assert "Controleer het formulier" in response.content.decode()
