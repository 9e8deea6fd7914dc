"""The survey's links leave the request (issue 19, docs/adr/0031): sending enqueues the
invitations' uuids only; the worker makes each link's token and mails it; a stopped mail
server neither slows nor breaks the send, and the task fails visibly and is retried with
the links that did not go out."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from spil.core.testing import (
    committed,
    fails_then_is_retried,
    queued_tasks,
    run_queued_tasks,
    stop_mail_server,
    task_arguments,
    use_task_queue,
)
from spil.surveys.models import Invitation, Response, Survey

from .conftest import LINK, make_survey

pytestmark = pytest.mark.django_db

TASK = "spil.surveys.tasks.send_survey_invitations"
EXTERNAL = "jeugdarts@ggd.test"


def _send(client, policy, professionals):
    survey = make_survey(policy)
    client.force_login(policy)
    with committed():
        response = client.post(
            reverse("surveys:send", args=[survey.uuid]),
            {
                "recipients": [str(p.uuid) for p in professionals[:2]],
                "emails": EXTERNAL,
                "revision": survey.revision,
            },
        )
    return survey, response


def _answer(token):
    data = {f"stelling_{i}": "3" for i in (1, 2, 3)}
    data["grade"] = "8"
    return Client().post(reverse("surveys:answer", args=[token]), data)


def test_sending_queues_the_invitation_uuids_only(client, settings, policy, professionals):
    use_task_queue(settings)
    survey, response = _send(client, policy, professionals)
    assert response.status_code == 302
    assert mail.outbox == []  # nothing sent inside the request
    assert Survey.objects.get().status == Survey.Status.SENT
    (queued,) = queued_tasks(TASK)
    assert queued.status == "READY"
    keys = sorted(str(i.uuid) for i in Invitation.objects.filter(survey=survey))
    assert sorted(queued.args_kwargs["kwargs"]["invitations"]) == keys
    assert set(queued.args_kwargs["kwargs"]) == {"invitations"}
    stored = task_arguments(queued)
    assert "@" not in stored
    for person in professionals[:2]:
        assert person.email not in stored and person.full_name not in stored

    assert run_queued_tasks() == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [professionals[0].email, professionals[1].email, EXTERNAL]
    )
    tokens = [LINK.search(m.body).group(1) for m in mail.outbox]
    assert not any(token in stored for token in tokens)
    # Each link works: the answer is stored and the link is used.
    assert 'data-done="answered"' in _answer(tokens[0]).content.decode()
    assert Response.objects.filter(survey=survey).count() == 1
    assert Invitation.objects.filter(status=Invitation.Status.ANSWERED).count() == 1


def test_the_links_of_a_survey_closed_before_the_worker_ran_are_not_mailed(
    client, settings, policy, professionals
):
    use_task_queue(settings)
    survey, _ = _send(client, policy, professionals)
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.CLOSED)
    assert run_queued_tasks() == 1
    assert mail.outbox == []
    assert queued_tasks(TASK)[0].return_value == 0


def test_with_the_mail_server_down_the_send_succeeds_and_the_task_is_retried(
    client, settings, policy, professionals
):
    use_task_queue(settings)
    stop_mail_server(settings)
    survey, response = _send(client, policy, professionals)
    assert response.status_code == 302
    assert Invitation.objects.filter(survey=survey).count() == 3

    retry = fails_then_is_retried(settings, TASK, "invitations")
    assert retry.return_value == 3
    assert len(mail.outbox) == 3
    answered = _answer(LINK.search(mail.outbox[0].body).group(1))
    assert 'data-done="answered"' in answered.content.decode()
